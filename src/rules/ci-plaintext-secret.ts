import type { DocumentRule } from '../core/rule.js';
import { envNameFor, literalSecrets, placementOf, relocationFix } from './literal-secret.js';

export const ciPlaintextSecret: DocumentRule = {
  meta: {
    id: 'ci-plaintext-secret',
    description: 'A literal secret in CI configuration instead of a reference to the CI system\'s secret store.',
    defaultSeverity: 'error',
    scope: 'document',
    fixable: true,
    help: 'GitHub: store it as a repository secret and write `${{ secrets.NAME }}`; GitLab: a masked CI/CD variable.\nFor test jobs, generate a throwaway value in the job instead (`secret-hygiene generate`).',
    messages: {
      github:
        '{{key}} in {{file}} is a literal secret in a workflow. Store it as a repository secret (`gh secret set {{key}}` with a value from `secret-hygiene generate`) and write `${{ secrets.{{key}} }}`; rotate this one.',
      other:
        '{{key}} in {{file}} is a literal secret in CI configuration. Move it to a masked, protected CI/CD variable (value from `secret-hygiene generate`) and rotate this one.',
    },
  },
  check({ doc, settings, report }) {
    for (const { a, value, weakness } of literalSecrets(doc, settings)) {
      if (weakness !== null || placementOf(a) !== 'ci') continue;
      const isGithub = a.context.ci?.system === 'github';
      const name = envNameFor(a);
      const fix = relocationFix(doc.document.path, a);
      report({
        messageId: isGithub ? 'github' : 'other',
        data: { key: name, file: doc.document.path },
        document: doc.document,
        span: a.span,
        secret: value,
        ...(fix ? { fix } : {}),
      });
    }
  },
};
