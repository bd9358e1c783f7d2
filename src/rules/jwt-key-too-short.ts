import type { DocumentRule, ReportDescriptor } from '../core/rule.js';
import { codeSourceOf, findCalls, stringLiteralValue, type CallArgument, type CodeSource } from './jwt-code.js';
import { minBytesForAlgorithm } from './secret-strength.js';

type Hit = Omit<ReportDescriptor, 'document'>;

/** `HS256` in a quoted string or a constant name (`SigningMethodHS512`, `SignatureAlgorithm.HS384`). */
const HS_IN_TEXT = /\bHS(256|384|512)\b|SigningMethodHS(256|384|512)\b/;
/** How far back a Go `SignedString` looks for the `SigningMethodHSxxx` that made the token. */
const GO_LOOKBACK_CHARS = 600;

/** A literal key handed to a call, and how to count its bytes. */
interface KeyLiteral {
  arg: CallArgument;
  value: string;
  /** jjwt 0.9's `signWith(alg, String)` base64-decodes the string; the key is the decoded bytes. */
  base64: boolean;
}

/**
 * An HMAC key literal shorter than its algorithm needs, where the algorithm is visible at the call
 * site: RFC 7518 §3.2 asks for a key of at least the hash size (32 bytes for HS256, 48 for HS384,
 * 64 for HS512); a shorter one can be brute-forced offline from any token it signed. Test files
 * are skipped.
 */
export const jwtKeyTooShort: DocumentRule = {
  meta: {
    id: 'jwt-key-too-short',
    description: 'An HMAC key literal is shorter than its JWT algorithm requires (RFC 7518 §3.2).',
    defaultSeverity: 'error',
    scope: 'document',
    fixable: false,
    help: 'Give the key at least as many random bytes as the hash (32 for HS256, 48 for HS384, 64 for HS512),\nread it from the environment, and generate it with `secret-hygiene generate`.',
    messages: {
      tooShort:
        'The {{alg}} key passed to {{call}} is {{bytes}} bytes{{how}}; RFC 7518 §3.2 asks for at least {{min}}, so it can be brute-forced offline from any token. Give it at least {{min}} random bytes from the environment (`secret-hygiene generate`).',
    },
  },
  check({ doc, report }) {
    const src = codeSourceOf(doc);
    if (!src || !/HS(256|384|512)|HMAC(256|384|512)/.test(src.text)) return;
    for (const hit of findings(src)) report({ ...hit, document: src.document });
  },
};

function* findings(src: CodeSource): Generator<Hit> {
  const { language, text } = src;
  switch (language) {
    case 'python':
      for (const c of findCalls(text, /\bjwt\.(?:encode|decode)\s{0,3}(?=\()/)) {
        const args = c.args ?? [];
        const key = literalArg(args.find((a) => /^key\s{0,3}=/.test(a.text)) ?? positional(args, 1), /^key\s{0,3}=\s{0,3}/);
        const alg = algorithmIn(args.filter((a) => /^algorithms?\s{0,3}=/.test(a.text)));
        yield* judge(key, alg, c.match[0].trim());
      }
      break;
    case 'javascript':
      for (const c of findCalls(text, /\bjwt\.(?:sign|verify)\s{0,3}(?=\()/)) {
        const args = c.args ?? [];
        const options = args[2];
        const alg = options ? algorithmIn([options], /algorithms?["']?\s{0,3}:\s{0,3}\[?\s{0,3}["'`]HS(256|384|512)["'`]/) : undefined;
        yield* judge(literalArg(args[1]), alg, c.match[0].trim());
      }
      break;
    case 'go':
      for (const c of findCalls(text, /\.SignedString\s{0,3}(?=\()/)) {
        const before = text.slice(Math.max(0, c.start - GO_LOOKBACK_CHARS), c.end);
        const methods = [...before.matchAll(/SigningMethodHS(256|384|512)\b/g)];
        const last = methods[methods.length - 1];
        yield* judge(literalArg(c.args?.[0]), last ? `HS${last[1]}` : undefined, 'SignedString');
      }
      break;
    case 'java':
      for (const c of findCalls(text, /\bAlgorithm\.HMAC(?:256|384|512)\s{0,3}(?=\()/)) {
        const bits = /HMAC(256|384|512)/.exec(c.match[0])?.[1];
        yield* judge(literalArg(c.args?.[0]), bits ? `HS${bits}` : undefined, c.match[0].trim());
      }
      for (const c of findCalls(text, /\.signWith\s{0,3}(?=\()/)) {
        const args = c.args ?? [];
        const algArg = args.find((a) => /SignatureAlgorithm\.HS(256|384|512)$/.test(a.text));
        const keyArg = args.find((a) => a !== algArg);
        const alg = algArg ? `HS${/HS(256|384|512)$/.exec(algArg.text)?.[1]}` : undefined;
        const isString = keyArg !== undefined && !/\.getBytes\(/.test(keyArg.text);
        yield* judge(literalArg(keyArg, undefined, isString), alg, 'signWith');
      }
      break;
    case 'ruby':
      for (const c of findCalls(text, /\bJWT\.(?:encode|decode)(?=[\s(])/)) {
        const args = c.args ?? [];
        const isEncode = c.match[0].endsWith('encode');
        const alg = isEncode ? algorithmIn(args[2] ? [args[2]] : []) : algorithmIn(args.slice(3));
        yield* judge(literalArg(args[1]), alg, c.match[0]);
      }
      break;
    case 'php':
      for (const c of findCalls(text, /\bJWT::(?:encode|decode)\s{0,3}(?=\()/)) {
        const args = c.args ?? [];
        yield* judge(literalArg(args[1]), algorithmIn(args.slice(2)), c.match[0].trim());
      }
      for (const c of findCalls(text, /\bnew\s{1,3}Key\s{0,3}(?=\()/)) {
        const args = c.args ?? [];
        yield* judge(literalArg(args[0]), algorithmIn(args.slice(1, 2)), 'new Key');
      }
      break;
  }
}

function positional(args: readonly CallArgument[], index: number): CallArgument | undefined {
  const pos = args.filter((a) => !/^[A-Za-z_]\w{0,40}\s{0,3}=[^=]/.test(a.text));
  return pos[index];
}

function literalArg(arg: CallArgument | undefined, prefix?: RegExp, base64 = false): KeyLiteral | undefined {
  if (!arg) return undefined;
  let text = arg.text;
  let start = arg.start;
  if (prefix) {
    const m = prefix.exec(text);
    if (m) {
      text = text.slice(m[0].length);
      start += m[0].length;
    }
  }
  const value = stringLiteralValue(text);
  return value === null ? undefined : { arg: { text, start }, value, base64 };
}

/** The first HSxxx named in the arguments (a quoted name, or a constant like `SignatureAlgorithm.HS512`). */
function algorithmIn(args: readonly CallArgument[], pattern: RegExp = HS_IN_TEXT): string | undefined {
  for (const a of args) {
    const m = pattern.exec(a.text);
    const bits = m?.slice(1).find((g) => g !== undefined);
    if (bits) return `HS${bits}`;
  }
  return undefined;
}

function* judge(key: KeyLiteral | undefined, alg: string | undefined, call: string): Generator<Hit> {
  if (!key || !alg) return;
  const bytes = key.base64 ? Buffer.from(key.value, 'base64').length : Buffer.byteLength(key.value, 'utf8');
  const min = minBytesForAlgorithm(alg);
  if (bytes >= min) return;
  yield {
    messageId: 'tooShort',
    data: { alg, call: `\`${call}\``, bytes, min, how: key.base64 ? ' (jjwt base64-decodes a String key)' : '' },
    span: { start: key.arg.start, end: key.arg.start + key.arg.text.length },
    // The key literal is a secret: core shows a preview and a fingerprint (the whole value only when it is a listed public one).
    secret: key.value,
  };
}
