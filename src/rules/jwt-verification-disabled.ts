import type { DocumentRule, ReportDescriptor } from '../core/rule.js';
import { codeSourceOf, findCalls, matchLines, type CodeSource } from './jwt-code.js';

type Hit = Omit<ReportDescriptor, 'document'>;

/** Options that switch signature verification off, by library. Bounded, line-local patterns. */
const OPTION_PATTERNS: readonly { language: CodeSource['language']; re: RegExp; what: string; library: string }[] = [
  { language: 'python', re: /["']verify_signature["']\s{0,5}:\s{0,5}False\b/, what: '"verify_signature": False', library: 'PyJWT / python-jose' },
  { language: 'python', re: /["']JWT_VERIFY["']\s{0,5}:\s{0,5}False\b/, what: "'JWT_VERIFY': False", library: 'djangorestframework-jwt' },
];

/** A file that uses decoded claims to authenticate a request. */
const AUTH_CONTEXT: Readonly<Partial<Record<CodeSource['language'], RegExp>>> = {
  javascript: /\breq\.(user|auth)\b|\brequest\.user\b|\bctx\.state\.user\b|\bres\.locals\.user\b/,
  java: /\bSecurityContextHolder\b|\bUsernamePasswordAuthenticationToken\b|\bsetAuthentication\s{0,3}\(/,
};
/** Any verifying call in the file: then a decode elsewhere in it is a read of verified claims. */
const VERIFIES: Readonly<Partial<Record<CodeSource['language'], RegExp>>> = {
  javascript: /\.verify\s{0,3}\(|\bjwtVerify\s{0,3}\(|\bexpress[jJ]wt\b|passport-jwt/,
  java: /\.verify\s{0,3}\(|\bparseClaimsJws\s{0,3}\(|\bparseSignedClaims\s{0,3}\(/,
};
const DECODE_ONLY: Readonly<Partial<Record<CodeSource['language'], { re: RegExp; library: string; verify: string }>>> = {
  javascript: { re: /\b(?:jwt\.decode|jsonwebtoken\.decode|decodeJwt)\s{0,3}(?=\()/, library: 'jsonwebtoken / jose', verify: '`jwt.verify(token, key, { algorithms: ["HS256"] })` (or jose `jwtVerify`)' },
  java: { re: /\bJWT\.decode\s{0,3}(?=\()/, library: 'auth0 java-jwt', verify: '`JWT.require(Algorithm.HMAC256(key)).build().verify(token)`' },
};

/**
 * Code that reads JWT claims without checking the signature: verification switched off by an
 * option, or a decode-only call in a file that authenticates with the result and never verifies.
 * Test files are skipped (they decode to inspect tokens on purpose).
 */
export const jwtVerificationDisabled: DocumentRule = {
  meta: {
    id: 'jwt-verification-disabled',
    description: 'JWT signature verification is switched off, or claims are read without verifying the token.',
    defaultSeverity: 'error',
    scope: 'document',
    fixable: false,
    help: 'Remove the option that skips verification and verify every token with its key and a pinned algorithm\n(`algorithms=["HS256"]`); read unverified claims only to choose the key.',
    messages: {
      optionOff:
        '`{{what}}` switches off signature verification ({{library}}): any token, forged or not, is accepted. Remove the option and verify with the key and a pinned algorithm list (`algorithms=["HS256"]`).',
      decodeOnly:
        '{{call}} reads the token without verifying its signature, and this file authenticates with the claims but never verifies ({{library}}): anyone can forge a token. Require verification: {{verify}}.',
      verifyArgumentFalse:
        '`JWT.decode(token, key, false)` skips signature verification (ruby-jwt): any token, forged or not, is accepted. Remove the `false` and pass `true, { algorithm: "HS256" }`.',
      routingOnly:
        '{{what}} reads the token without verifying it ({{library}}), and this file then verifies it with a key and pinned algorithms: the unverified claims here appear to pick the issuer or key only. Keep it that way: Require verification before any claim is trusted, and never authorise from these unverified claims.',
      parseUnverified:
        'ParseUnverified reads a token without checking its signature (golang-jwt): trusting its claims lets anyone forge them. Require verification with `jwt.Parse`/`ParseWithClaims` and `jwt.WithValidMethods`, unless the claims only pick the key.',
    },
  },
  check({ doc, report }) {
    const src = codeSourceOf(doc);
    if (!src || !/jwt|jose/i.test(src.text)) return;
    for (const hit of findings(src)) report({ ...hit, document: src.document });
  },
};

/**
 * Multi-issuer and JWKS code decodes once without verification to read `iss` or `kid` (to choose
 * the key), then verifies: that first decode routes, it does not authenticate. Judged by the file:
 * a verifying decode exists, and the unverified one is followed by a read of a routing claim.
 */
const VERIFIED_DECODE: Readonly<Partial<Record<CodeSource['language'], RegExp>>> = {
  python: /\bjwt\.decode\s{0,3}\([^)\n]{0,300}\balgorithms\s{0,3}=/,
  go: /\bjwt\.Parse(WithClaims)?\s{0,3}\(/,
};
const ROUTING_CLAIM = /["'](iss|kid|tid|tenant|issuer|realm)["']|\.(Issuer|GetIssuer)\b|\.Header\[["']kid["']\]|\bget_unverified_header\b/;

function routesOnly(src: CodeSource, hitEnd: number): boolean {
  const verified = VERIFIED_DECODE[src.language];
  if (!verified) return false;
  let verifies = false;
  for (const h of matchLines(src.text, verified)) {
    const lineEnd = src.text.indexOf('\n', h.start);
    if (!/verify_signature|ParseUnverified/.test(src.text.slice(h.start, lineEnd === -1 ? undefined : lineEnd))) verifies = true;
  }
  if (!verifies) return false;
  return ROUTING_CLAIM.test(src.text.slice(hitEnd, hitEnd + 400));
}

function* findings(src: CodeSource): Generator<Hit> {
  const { language, text } = src;
  for (const p of OPTION_PATTERNS) {
    if (p.language !== language) continue;
    for (const h of matchLines(text, p.re)) {
      if (routesOnly(src, h.end)) {
        yield { messageId: 'routingOnly', data: { what: `\`${p.what}\``, library: p.library }, span: { start: h.start, end: h.end }, identity: `${p.what}@${h.match[0]}`, severity: 'note' };
        continue;
      }
      yield { messageId: 'optionOff', data: { what: p.what, library: p.library }, span: { start: h.start, end: h.end }, identity: `${p.what}@${h.match[0]}` };
    }
  }
  if (language === 'python') {
    // PyJWT 1.x: jwt.decode(token, key, verify=False)
    for (const c of findCalls(text, /\bjwt\.decode\s{0,3}(?=\()/)) {
      const arg = c.args?.find((a) => /^verify\s{0,3}=\s{0,3}False$/.test(a.text));
      if (arg) yield { messageId: 'optionOff', data: { what: 'verify=False', library: 'PyJWT 1.x' }, span: { start: arg.start, end: arg.start + arg.text.length }, identity: 'verify=False' };
    }
  }
  if (language === 'ruby') {
    for (const c of findCalls(text, /\bJWT\.decode(?=[\s(])/)) {
      const third = c.args?.[2];
      if (third && third.text === 'false') {
        yield { messageId: 'verifyArgumentFalse', span: { start: c.start, end: third.start + third.text.length }, identity: 'JWT.decode(false)' };
      }
    }
  }
  if (language === 'go') {
    for (const h of matchLines(text, /\.ParseUnverified\s{0,3}\(/)) {
      if (routesOnly(src, h.end)) {
        yield { messageId: 'routingOnly', data: { what: 'ParseUnverified', library: 'golang-jwt' }, span: { start: h.start + 1, end: h.end - 1 }, identity: 'ParseUnverified', severity: 'note' };
        continue;
      }
      // Reading the claims to choose a key is legitimate; trusting them is not. A warning, not an error.
      yield { messageId: 'parseUnverified', span: { start: h.start + 1, end: h.end - 1 }, identity: 'ParseUnverified', severity: 'warning' };
    }
  }
  const decode = DECODE_ONLY[language];
  const context = AUTH_CONTEXT[language];
  const verifies = VERIFIES[language];
  if (decode && context && verifies && context.test(text) && !verifies.test(text)) {
    for (const h of matchLines(text, decode.re)) {
      const call = h.match[0].trim();
      yield { messageId: 'decodeOnly', data: { call: `\`${call}()\``, library: decode.library, verify: decode.verify }, span: { start: h.start, end: h.end }, identity: call };
    }
  }
}
