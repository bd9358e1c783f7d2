import type { ProjectRule } from '../core/rule.js';
import { roleOf } from '../core/secret-names.js';
import { groupByValue } from './value-groups.js';

export const sharedAcrossEnvironments: ProjectRule = {
  meta: {
    id: 'shared-across-environments',
    description: 'The same secret value is used by files of different environments (dev, staging, prod).',
    defaultSeverity: 'error',
    scope: 'project',
    fixable: false,
    help: 'Generate one value per environment with `secret-hygiene generate`; a leaked dev or staging key\nmust not open production.',
    messages: {
      shared:
        '{{key}} for {{env}} has the same value as in {{otherEnv}} ({{otherFile}}): a leak of the {{weaker}} key opens {{stronger}}. Generate a separate value per environment with `secret-hygiene generate`.',
    },
  },
  check({ docs, report }) {
    const rank = { dev: 0, test: 1, staging: 2, prod: 3 } as const;
    for (const [value, group] of groupByValue(docs)) {
      for (const p of group) {
        const env = p.doc.environment;
        if (env === undefined) continue;
        const others = group.filter(
          (o) => o.doc.environment !== undefined && o.doc.environment !== env && roleOf(o.a.keyId) === roleOf(p.a.keyId),
        );
        const first = others[0];
        if (!first || first.doc.environment === undefined) continue;
        const otherEnv = first.doc.environment;
        const [weaker, stronger] = rank[env] < rank[otherEnv] ? [env, otherEnv] : [otherEnv, env];
        report({
          messageId: 'shared',
          data: { key: p.a.key, env, otherEnv, otherFile: first.doc.document.path, weaker, stronger },
          document: p.doc.document,
          span: p.a.span,
          secret: value,
          identity: `${p.a.keyId}@${env}`,
          related: others.slice(0, 5).map((o) => ({ document: o.doc.document, span: o.a.span, message: `same value for ${o.doc.environment}` })),
          suggestion: `Generate a separate ${p.a.key} for ${env} with \`secret-hygiene generate\`.`,
        });
      }
    }
  },
};
