import type { ProjectRule } from '../core/rule.js';
import { roleOf } from '../core/secret-names.js';
import { findDefinition, groupByValue, type Placed } from './value-groups.js';

const MAX_RELATED = 5;

/** Two keys serve different purposes when their roles differ, or they are the access/refresh pair. */
function differentPurpose(a: string, b: string): boolean {
  if (a === b) return false;
  if (roleOf(a) !== roleOf(b)) return true;
  const side = (k: string) => (/(^|_)ACCESS(_|$)/.test(k) ? 'access' : /(^|_)REFRESH(_|$)/.test(k) ? 'refresh' : '');
  return side(a) !== '' && side(b) !== '' && side(a) !== side(b);
}

export const reusedSecret: ProjectRule = {
  meta: {
    id: 'reused-secret',
    description: 'One secret value is bound to two different roles (e.g. SECRET_KEY and JWT_SECRET_KEY).',
    defaultSeverity: 'error',
    scope: 'project',
    fixable: false,
    help: 'Give each purpose its own key: generate a separate value for the JWT key with `secret-hygiene generate`\n(and `check-env --distinct SECRET_KEY,JWT_SECRET_KEY` at start-up), so a leak of one cannot forge the other.',
    messages: {
      sameValue:
        '{{key}} has the same value as {{other}} ({{where}}): whoever learns one key can forge what the other protects (sessions, CSRF, JWTs). Generate a separate value for each with `secret-hygiene generate`.',
      byReference:
        '{{key}} is set to {{other}}, so both roles share one key: a leak of {{other}} also lets anyone forge tokens signed with {{key}}. Give {{key}} its own value from the environment (`secret-hygiene generate`).',
    },
  },
  check({ docs, report }) {
    for (const [value, group] of groupByValue(docs)) {
      for (const p of group) {
        const others = group.filter((o) => o !== p && differentPurpose(p.a.keyId, o.a.keyId));
        if (others.length === 0) continue;
        const first = others[0] as Placed;
        report({
          messageId: 'sameValue',
          data: { key: p.a.key, other: first.a.key, where: where(p, first) },
          document: p.doc.document,
          span: p.a.span,
          secret: value,
          identity: `${p.a.keyId}=${first.a.keyId}`,
          related: others.slice(0, MAX_RELATED).map((o) => ({ document: o.doc.document, span: o.a.span, message: `${o.a.key} holds the same value` })),
          suggestion: `Generate a separate value for ${p.a.key} with \`secret-hygiene generate\` and rotate both.`,
        });
      }
    }
    for (const doc of docs) {
      if (doc.isExample) continue;
      for (const a of doc.parsed.assignments) {
        if (a.origin !== 'reference' || a.referenceTo === undefined) continue;
        if (!differentPurpose(a.keyId, a.referenceTo)) continue;
        const def = findDefinition(docs, a.referenceTo, doc);
        report({
          messageId: 'byReference',
          data: { key: a.key, other: def?.a.key ?? a.referenceTo },
          document: doc.document,
          span: a.span,
          identity: `${a.keyId}->${a.referenceTo}`,
          related: def ? [{ document: def.doc.document, span: def.a.span, message: `${def.a.key} is set here` }] : [],
          suggestion: `Read ${a.key} from its own environment variable and generate its value with \`secret-hygiene generate\`.`,
        });
      }
    }
  },
};

function where(p: Placed, o: Placed): string {
  return o.doc === p.doc ? 'same file' : o.doc.document.path;
}
