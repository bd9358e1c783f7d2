import type { DocumentRule } from '../core/rule.js';
import { roleOf } from '../core/secret-names.js';

export const jwtKeyFallback: DocumentRule = {
  meta: {
    id: 'jwt-key-fallback',
    description: 'The JWT signing key falls back to another key (usually SECRET_KEY) when it is unset.',
    defaultSeverity: 'warning',
    scope: 'document',
    fixable: false,
    help: 'Require the JWT key on its own and fail at start-up when it is missing or equal to SECRET_KEY;\ngenerate it with `secret-hygiene generate` and check it with `secret-hygiene check-env --distinct SECRET_KEY,JWT_SECRET_KEY`.',
    messages: {
      fallback:
        '{{key}} falls back to {{other}} when it is unset, so a missing JWT key silently makes one secret guard both sessions and tokens. Require {{key}} on its own (raise when it is missing or equal to {{other}}) and set it with a value from `secret-hygiene generate`.',
    },
  },
  check({ doc, report }) {
    for (const a of doc.parsed.assignments) {
      if (a.origin !== 'fallback' || a.referenceTo === undefined) continue;
      if (roleOf(a.keyId) !== 'jwt' || roleOf(a.referenceTo) === 'jwt') continue;
      report({
        messageId: 'fallback',
        data: { key: a.key, other: a.referenceTo },
        document: doc.document,
        span: a.span,
        identity: `${a.keyId}->${a.referenceTo}`,
        suggestion: `Remove the fallback to ${a.referenceTo}; raise an error at start-up when ${a.key} is unset.`,
      });
    }
  },
};
