import type { DocumentRule } from '../core/rule.js';
import { algName, lineLookup } from './jwt-code.js';

/**
 * A committed signed token whose payload has no `exp` claim (RFC 7519 §4.1.4): if it is a real
 * token, it stays valid until the key is rotated. A note: many documentation examples (jwt.io's
 * own) have no expiry. Unsigned tokens are jwt-unsigned's; payloads that are not JSON are skipped.
 */
/**
 * jwt.io's sample payload (`"sub": "1234567890", "name": "John Doe"`), copied into READMEs, demos
 * and library examples with every algorithm: nobody issued it, so its missing expiry means nothing.
 * (Whether it verifies with a key of the repository is jwt-forgeable's question, asked regardless.)
 */
function isDocumentationSample(payload: Record<string, unknown>): boolean {
  return payload.sub === '1234567890' && payload.name === 'John Doe';
}

export const jwtNoExpiry: DocumentRule = {
  meta: {
    id: 'jwt-no-expiry',
    description: 'A committed JWT has no expiry (no exp claim), so it is valid until the key is rotated.',
    defaultSeverity: 'note',
    scope: 'document',
    fixable: false,
    help: 'Give every token an expiry (`exp`, e.g. `expiresIn: "15m"`) and Require it when verifying;\nif this is a real token, rotate the key it was signed with.',
    messages: {
      noExpiry:
        'The {{alg}} token at {{token}} has no exp claim: if it is a real token it never expires, and anyone holding it stays authenticated until the key is rotated. Give tokens an expiry (`exp`) and Require it when verifying; rotate the key if this token was ever issued for real.',
    },
  },
  check({ doc, report }) {
    const jwts = doc.parsed.jwts;
    if (!jwts || jwts.length === 0) return;
    const seen = new Set<string>();
    const lineOf = lineLookup();
    for (const jwt of jwts) {
      const alg = algName(jwt.header.alg);
      if (alg.toLowerCase() === 'none' || jwt.payload === null || 'exp' in jwt.payload || seen.has(jwt.token)) continue;
      if (isDocumentationSample(jwt.payload)) continue;
      seen.add(jwt.token);
      report({
        messageId: 'noExpiry',
        data: { alg, token: `${doc.document.path}:${lineOf(doc.document, jwt.span.start)}` },
        document: doc.document,
        span: jwt.span,
        secret: jwt.token,
      });
    }
  },
};
