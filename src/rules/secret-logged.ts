import { AUTHORIZATION_KEY } from '../parsers/code/credentials.js';
import type { DocumentRule } from '../core/rule.js';

export const secretLogged: DocumentRule = {
  meta: {
    id: 'secret-logged',
    description: 'A secret-named value is passed to a print, log or console call.',
    defaultSeverity: 'warning',
    scope: 'document',
    fixable: false,
    help: 'Never log a secret, not even at debug level: log whether it is set, or its length.\nLogs are shipped, indexed and kept far longer than anyone expects.',
    messages: {
      credentialLogged:
        '{{key}} (the request\'s Authorization header, or a value made from it) is written to the log by {{sink}}: the caller\'s token or client secret leaks to everyone who can read the logs. Remove it from the call and log who was authenticated instead; if this ever ran in production, ask the callers to rotate their tokens or client secrets.',
      logged:
        '{{key}} is written to the log by {{sink}}: logs are shipped and kept, so the secret leaks to everyone who can read them. Log whether it is set (or a fingerprint) instead; rotate it if this ever ran (`secret-hygiene generate`).',
    },
  },
  check({ doc, report }) {
    for (const use of doc.parsed.uses) {
      if (use.kind !== 'log') continue;
      report({
        messageId: use.keyId === AUTHORIZATION_KEY ? 'credentialLogged' : 'logged',
        data: { key: use.key, sink: use.sink },
        document: doc.document,
        span: use.span,
        identity: `${use.keyId}@${use.sink}`,
        suggestion: `Remove ${use.key} from the ${use.sink} call.`,
      });
    }
  },
};
