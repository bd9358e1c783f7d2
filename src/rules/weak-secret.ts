import type { DocumentRule } from '../core/rule.js';
import { literalSecrets, relocationFix } from './literal-secret.js';

export const weakSecret: DocumentRule = {
  meta: {
    id: 'weak-secret',
    description: 'A secret is short, low in entropy, a placeholder, or a publicly known value.',
    defaultSeverity: 'error',
    scope: 'document',
    fixable: true,
    help: 'Replace it with at least 32 random bytes (`secret-hygiene generate` prints 64), kept out of the repository,\nand rotate it: tokens signed with a guessable key can be forged.',
    messages: {
      weak:
        '{{key}} in {{file}} is weak: {{reason}}. Anyone who guesses it can forge tokens. Generate a new one with `secret-hygiene generate` (64 random bytes), keep it in the environment, not in the repository, and rotate this one.',
    },
  },
  check({ doc, settings, report }) {
    for (const { a, value, weakness } of literalSecrets(doc, settings)) {
      if (weakness === null) continue;
      report({
        messageId: 'weak',
        data: { key: a.key, file: doc.document.path, reason: weakness.reason },
        document: doc.document,
        span: a.span,
        secret: value,
        suggestion: 'Generate a new value with `secret-hygiene generate`, keep it outside the repository, and rotate this one.',
        ...optionalFix(relocationFix(doc.document.path, a)),
      });
    }
  },
};

function optionalFix<T>(fix: T | undefined): { fix?: T } {
  return fix === undefined ? {} : { fix };
}
