import type { DocumentRule } from '../core/rule.js';
import { codeSourceOf, matchLines, type CodeSource } from './jwt-code.js';

/** A leeway of at least 100000 seconds (more than a day), or the largest number the language has. */
const HUGE = String.raw`(?:Long\.MAX_VALUE|Integer\.MAX_VALUE|PHP_INT_MAX|\d{6,}L?)\b`;

const PATTERNS: readonly { language: CodeSource['language']; re: RegExp; messageId: 'expiryOff' | 'hugeLeeway'; what: string; library: string }[] = [
  { language: 'python', re: /["']verify_exp["']\s{0,5}:\s{0,5}False\b/, messageId: 'expiryOff', what: '"verify_exp": False', library: 'PyJWT / python-jose' },
  { language: 'python', re: /["']?\bJWT_VERIFY_EXPIRATION["']?\s{0,5}[:=]\s{0,5}False\b/, messageId: 'expiryOff', what: 'JWT_VERIFY_EXPIRATION = False', library: 'djangorestframework-jwt / Flask-JWT' },
  {
    language: 'javascript',
    re: /["']?\bignoreExpiration["']?\s{0,3}:\s{0,3}true\b/,
    messageId: 'expiryOff',
    // On a line of its own: the option named in a string is text, not code (see matchLines).
    what: 'ignoreExpiration: true',
    library: 'jsonwebtoken',
  },
  { language: 'go', re: /\bWithoutClaimsValidation\s{0,3}\(/, messageId: 'expiryOff', what: 'jwt.WithoutClaimsValidation()', library: 'golang-jwt v5' },
  { language: 'go', re: /\bSkipClaimsValidation\s{0,3}[:=]\s{0,3}true\b/, messageId: 'expiryOff', what: 'SkipClaimsValidation: true', library: 'golang-jwt v4' },
  { language: 'ruby', re: /["']?\bverify_expiration["']?\s{0,3}(?::|=>)\s{0,3}false\b/, messageId: 'expiryOff', what: 'verify_expiration: false', library: 'ruby-jwt' },
  { language: 'ruby', re: new RegExp(String.raw`["']?\bexp_leeway["']?\s{0,3}(?::|=>)\s{0,3}` + HUGE), messageId: 'hugeLeeway', what: 'exp_leeway: ...', library: 'ruby-jwt' },
  { language: 'java', re: new RegExp(String.raw`\.acceptExpiresAt\s{0,3}\(\s{0,3}` + HUGE), messageId: 'hugeLeeway', what: 'acceptExpiresAt(...)', library: 'auth0 java-jwt' },
  { language: 'java', re: new RegExp(String.raw`\.(?:setAllowedClockSkewSeconds|clockSkewSeconds)\s{0,3}\(\s{0,3}` + HUGE), messageId: 'hugeLeeway', what: 'setAllowedClockSkewSeconds(...)', library: 'jjwt' },
  { language: 'php', re: new RegExp(String.raw`\bJWT::\$leeway\s{0,3}=\s{0,3}` + HUGE), messageId: 'hugeLeeway', what: 'JWT::$leeway = ...', library: 'firebase/php-jwt' },
];

/**
 * Verifiers told not to check `exp` (or given a leeway of days): a leaked or old token stays valid
 * for ever. Test files are skipped.
 */
export const jwtExpiryNotChecked: DocumentRule = {
  meta: {
    id: 'jwt-expiry-not-checked',
    description: 'JWT expiry checks are switched off, or a leeway of more than a day makes expired tokens valid.',
    defaultSeverity: 'warning',
    scope: 'document',
    fixable: false,
    help: 'Remove the option that skips the `exp` check (the libraries check it by default),\nand keep any clock-skew leeway to seconds.',
    messages: {
      expiryOff:
        '`{{what}}` switches off the expiry check ({{library}}): a stolen or old token stays valid for ever. Remove the option and let the library check `exp`.',
      hugeLeeway:
        'The leeway set with `{{what}}` is more than a day ({{library}}): expired tokens stay valid that long. Remove it, or keep the leeway to a few seconds of clock skew.',
    },
  },
  check({ doc, report }) {
    const src = codeSourceOf(doc);
    if (!src) return;
    for (const p of PATTERNS) {
      if (p.language !== src.language) continue;
      for (const h of matchLines(src.text, p.re)) {
        report({
          messageId: p.messageId,
          data: { what: p.what, library: p.library },
          document: src.document,
          span: { start: h.start, end: h.end },
          identity: p.what,
        });
      }
    }
  },
};
