import type { DocumentRule, ReportDescriptor } from '../core/rule.js';
import { codeSourceOf, findCalls, matchLines, type CodeSource } from './jwt-code.js';

type Hit = Omit<ReportDescriptor, 'document'>;

/**
 * A list of quoted algorithm names that includes "none": `["HS256", "none"]`. The repeated group
 * is delimited by quotes and commas, so it cannot backtrack badly; at most 6 names before "none".
 */
const LIST_WITH_NONE = String.raw`\[\s{0,3}(?:["'\x60][A-Za-z0-9]{1,12}["'\x60]\s{0,3},\s{0,3}){0,6}["'\x60]none["'\x60]`;

const NONE_PATTERNS: readonly { language: CodeSource['language']; re: RegExp; what: string; library: string }[] = [
  { language: 'python', re: new RegExp(String.raw`\balgorithms\s{0,3}=\s{0,3}` + LIST_WITH_NONE, 'i'), what: '`algorithms=[..., "none"]`', library: 'PyJWT / python-jose' },
  { language: 'javascript', re: new RegExp(String.raw`["']?\balgorithms["']?\s{0,3}:\s{0,3}` + LIST_WITH_NONE, 'i'), what: "`algorithms: [..., 'none']`", library: 'jsonwebtoken / express-jwt' },
  { language: 'go', re: /\bUnsafeAllowNoneSignatureType\b/, what: '`jwt.UnsafeAllowNoneSignatureType`', library: 'golang-jwt' },
  { language: 'go', re: /\bWithValidMethods\s{0,3}\(\s{0,3}\[\]string\s{0,3}\{[^}\n]{0,200}"none"/i, what: '`jwt.WithValidMethods([]string{..., "none"})`', library: 'golang-jwt' },
  { language: 'java', re: /\bAlgorithm\.none\s{0,3}\(\s{0,3}\)/, what: '`Algorithm.none()`', library: 'auth0 java-jwt' },
  { language: 'java', re: /\.unsecured\s{0,3}\(\s{0,3}\)/, what: '`.unsecured()`', library: 'jjwt' },
  {
    language: 'ruby',
    re: new RegExp(String.raw`["']?\balgorithms?["']?\s{0,3}(?::|=>)\s{0,3}(?:["']none["']|` + LIST_WITH_NONE + ')', 'i'),
    what: "`algorithm: 'none'`",
    library: 'ruby-jwt',
  },
];

/** A golang-jwt key function that looks at the token's method or `alg` before returning a key. */
const METHOD_CHECK = /\.Method\s{0,3}\.\s{0,3}\(|\.Method\.Alg\s{0,3}\(|\.Method\s{0,3}[!=]=|Header\[\s{0,3}"alg"\s{0,3}\]|SigningMethodHMAC|SigningMethodRSA|SigningMethodECDSA|SigningMethodEd25519/;

/**
 * True when a key function returns a `[]byte` key. golang-jwt checks the key's type against the
 * token's method (an HMAC method needs `[]byte`, RSA an `*rsa.PublicKey`, `none` its own constant),
 * so with a byte-slice key only HS256/384/512 tokens verify: the header cannot pick `none` or a
 * public-key algorithm, and a claim of algorithm confusion would be false.
 */
function returnsHmacKey(keyFunc: string, file: string): boolean {
  if (/\breturn\s{1,3}\[\]byte\s{0,3}\(/.test(keyFunc)) return true;
  const name = /\breturn\s{1,3}([A-Za-z_][A-Za-z0-9_]{0,60})\s{0,3},\s{0,3}nil\b/.exec(keyFunc)?.[1];
  if (name === undefined) return false;
  const declared = new RegExp(String.raw`\b${name}\s{0,3}(?::=|=)\s{0,3}\[\]byte\s{0,3}\(|\bvar\s{1,3}${name}\s{1,3}\[\]byte\b|\b${name}\s{1,3}\[\]byte\b`);
  return declared.test(file);
}

/** Calls that parse unsigned tokens by design. */
const UNSECURED_CALLS: readonly { language: CodeSource['language']; re: RegExp; library: string; fix: string }[] = [
  { language: 'javascript', re: /\bUnsecuredJWT\.decode\s{0,3}\(/, library: 'jose', fix: 'verify with `jwtVerify(token, key, { algorithms: ["HS256"] })`' },
  {
    language: 'java',
    re: /\.(?:parseClaimsJwt|parsePlaintextJwt|parseUnsecuredClaims|parseUnsecuredContent)\s{0,3}\(/,
    library: 'jjwt',
    fix: 'parse with `parseClaimsJws` / `parseSignedClaims` and a verifying key',
  },
];

/**
 * Verifiers that accept `alg: none`, or that let the token's header choose the algorithm where the
 * library needs a list (python-jose's `jwt.decode` without `algorithms`; golang-jwt's `Parse`
 * without `WithValidMethods` or a `token.Method` check). Test files are skipped.
 */
export const jwtNoneAlgorithmAccepted: DocumentRule = {
  meta: {
    id: 'jwt-none-algorithm-accepted',
    description: 'A JWT verifier accepts unsigned tokens (alg "none"), or lets the token choose its algorithm.',
    defaultSeverity: 'error',
    scope: 'document',
    fixable: false,
    help: 'Require the one algorithm you sign with (`algorithms=["HS256"]`, `jwt.WithValidMethods([]string{"HS256"})`)\nand remove "none" from every allowed list.',
    messages: {
      noneAllowed:
        '{{what}} lets {{library}} accept unsigned tokens (alg "none"): anyone can forge one. Remove "none" and Require the one algorithm you sign with (e.g. `algorithms=["HS256"]`).',
      unsecuredParse:
        '{{call}} parses unsigned tokens ({{library}}): a service that trusts them does no authentication. Require signed tokens: {{fix}}.',
      noAlgorithmList:
        '`jwt.decode` without `algorithms` ({{library}}) lets the token header pick the algorithm: algorithm confusion (a public key used as an HMAC secret) lets anyone forge tokens. Require the algorithm you sign with: `jwt.decode(token, key, algorithms=["HS256"])`.',
      noMethodCheck:
        '`{{call}}` neither passes `jwt.WithValidMethods` nor checks `token.Method` in the key function (golang-jwt): the token header picks the algorithm. Require the expected method: `jwt.WithValidMethods([]string{"HS256"})`.',
    },
  },
  check({ doc, report }) {
    const src = codeSourceOf(doc);
    if (!src || !/jwt|jose/i.test(src.text)) return;
    for (const hit of findings(src)) report({ ...hit, document: src.document });
  },
};

function* findings(src: CodeSource): Generator<Hit> {
  const { language, text } = src;
  for (const p of NONE_PATTERNS) {
    if (p.language !== language) continue;
    for (const h of matchLines(text, p.re)) {
      yield { messageId: 'noneAllowed', data: { what: p.what, library: p.library }, span: { start: h.start, end: h.end }, identity: p.what };
    }
  }
  for (const u of UNSECURED_CALLS) {
    if (u.language !== language) continue;
    for (const h of matchLines(text, u.re)) {
      const call = h.match[0].replace(/^\./, '').replace(/\s*\($/, '');
      yield { messageId: 'unsecuredParse', data: { call: `\`${call}\``, library: u.library, fix: u.fix }, span: { start: h.start, end: h.end - 1 }, identity: call };
    }
  }
  // python-jose accepts any algorithm the header names when `algorithms` is not given.
  if (language === 'python' && /^\s{0,8}(?:from\s+jose\b|import\s+jose\b)/m.test(text)) {
    for (const c of findCalls(text, /\bjwt\.decode\s{0,3}(?=\()/)) {
      const args = c.args;
      if (!args || args.length < 2) continue;
      if (args.some((a) => /^(algorithms\s{0,3}=|\*\*)/.test(a.text))) continue;
      if (args.length >= 3 && !/=/.test((args[2] as { text: string }).text)) continue; // positional algorithms
      yield { messageId: 'noAlgorithmList', data: { library: 'python-jose' }, span: { start: c.start, end: c.end }, identity: 'jose.jwt.decode' };
    }
  }
  // golang-jwt: the key function must check the method, or the parser must pin it. Judged only
  // where the key function is written inline: one defined elsewhere may well check.
  if (language === 'go' && !/\bWithValidMethods\b/.test(text)) {
    for (const c of findCalls(text, /\bjwt\.(?:Parse|ParseWithClaims)\s{0,3}(?=\()/)) {
      const keyFunc = c.args?.find((a) => /^func\s{0,3}\(/.test(a.text));
      if (!keyFunc || METHOD_CHECK.test(keyFunc.text) || returnsHmacKey(keyFunc.text, text)) continue;
      const call = c.match[0].trim();
      yield { messageId: 'noMethodCheck', data: { call }, span: { start: c.start, end: c.end }, identity: call };
    }
  }
}
