import type { DocumentRule } from '../core/rule.js';
import { algName, lineLookup } from './jwt-code.js';

/**
 * A committed token with `alg: none` (RFC 7518 §3.6): unsigned, so anyone can write one. It is
 * proof that some client or test expects unsigned tokens; a verifier that accepts them does no
 * authentication. Test files often hold such tokens on purpose (to check they are rejected): core
 * makes findings in tests and docs notes.
 */
export const jwtUnsigned: DocumentRule = {
  meta: {
    id: 'jwt-unsigned',
    description: 'A committed JWT is unsigned (alg "none").',
    defaultSeverity: 'warning',
    scope: 'document',
    fixable: false,
    help: 'Require signed tokens: pin the verifier to the algorithm you sign with (`algorithms: ["HS256"]`),\nand remove unsigned tokens that are not there to test that they are rejected.',
    messages: {
      unsigned:
        'The token at {{token}} is unsigned (alg "{{alg}}"): anyone can write one, and a service that accepts it does no authentication. Require signed tokens: pin the verifier to the algorithm you sign with, and remove the token unless it tests that unsigned tokens are rejected.',
    },
  },
  check({ doc, report }) {
    const jwts = doc.parsed.jwts;
    if (!jwts || jwts.length === 0) return;
    const seen = new Set<string>();
    const lineOf = lineLookup();
    for (const jwt of jwts) {
      const alg = algName(jwt.header.alg);
      if (alg.toLowerCase() !== 'none' || seen.has(jwt.token)) continue;
      seen.add(jwt.token);
      report({
        messageId: 'unsigned',
        data: { token: `${doc.document.path}:${lineOf(doc.document, jwt.span.start)}`, alg },
        document: doc.document,
        span: jwt.span,
        secret: jwt.token,
      });
    }
  },
};
