import { normalizeKey, remember } from '../../core/secret-names.js';
import type { Span } from '../../core/types.js';
import { memoize, type CodeContext, type TokenRange } from './language.js';
import type { StringLiteral } from './string-literal.js';
import type { Token } from './tokens.js';

/**
 * Small, bounded walks over a token array: member chains (`app.config['SECRET_KEY']`), callees,
 * call arguments and the extent of an expression. Every walk has a step limit, so hostile input
 * (100 000 nested brackets, a 50 000-segment chain) stays linear overall.
 */

const MAX_CHAIN = 32;
const MAX_EXPRESSION_TOKENS = 256;
/** Identifiers longer than this are not keys (and keep the key normaliser's regexes on short input). */
const MAX_KEY_LENGTH = 256;

export interface Segment {
  /** The identifier, or the decoded string of a `['key']` subscript. */
  name: string;
  tok: number;
  kind: 'id' | 'key';
}

export interface Chain {
  start: number;
  /** Index just after the chain's last token. */
  end: number;
  segments: Segment[];
}

export interface Callee {
  /** First token of the callee. */
  start: number;
  /** Identifier names along the callee, calls skipped: `Optional.ofNullable(x).orElse` → Optional, ofNullable, orElse. */
  segments: string[];
  /** The callee as written. */
  text: string;
}

export interface Argument extends TokenRange {
  /** Keyword/named argument name (`default=` in Python, `secret:` in C#). */
  name?: string;
  /** Where the value starts (after `name=`). */
  valueStart: number;
}

/** Normalises a key as written in code: `JWTSecret` → `JWT_SECRET` (acronyms split first), `$jwtSecret` → `JWT_SECRET`. */
export function keyIdOf(name: string): string {
  if (name.length > MAX_KEY_LENGTH) return '';
  let id = keyIds.get(name);
  if (id === undefined) {
    id = normalizeKey(name.replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2'));
    remember(keyIds, name, id);
  }
  return id;
}
const keyIds = new Map<string, string>();

export function isSecretName(ctx: CodeContext, keyId: string): boolean {
  return keyId !== '' && ctx.names.isSecretKey(keyId);
}

export function isOp(t: Token | undefined, text: string): boolean {
  return t !== undefined && t.kind === 'op' && t.text === text;
}

export function isId(t: Token | undefined, text?: string): boolean {
  return t !== undefined && t.kind === 'id' && (text === undefined || t.text === text);
}

function literalOf(t: Token | undefined): StringLiteral | undefined {
  return t?.kind === 'str' ? t.lit : undefined;
}

/** A plain string literal: no embedded expressions. */
export function plainLiteral(t: Token | undefined): StringLiteral | undefined {
  const lit = literalOf(t);
  return lit && lit.interpolations.length === 0 ? lit : undefined;
}

export function contentSpan(lit: StringLiteral): Span {
  return { start: lit.contentStart, end: lit.contentEnd };
}

export function rangeSpan(ts: Token[], start: number, end: number): Span {
  const first = ts[start];
  const last = ts[end - 1];
  if (!first || !last) return { start: 0, end: 0 };
  return { start: first.start, end: last.end };
}

/** True when `ts[i]` is not the member after a `.`/`->`/`::` (so a chain starts there). */
export function isChainStart(ctx: CodeContext, ts: Token[], i: number): boolean {
  const prev = ts[i - 1];
  return !(prev && prev.kind === 'op' && ctx.spec.memberSeps.has(prev.text));
}

/** `a.b['c'].d` from `ts[i]` (an identifier): identifiers joined by member separators and string subscripts. */
export function readChain(ctx: CodeContext, ts: Token[], i: number, limit = ts.length): Chain | null {
  const first = ts[i];
  if (!first || first.kind !== 'id') return null;
  const segments: Segment[] = [{ name: first.text, tok: i, kind: 'id' }];
  let k = i + 1;
  while (segments.length < MAX_CHAIN && k < limit) {
    const t = ts[k];
    const next = ts[k + 1];
    if (t?.kind === 'op' && ctx.spec.memberSeps.has(t.text) && next?.kind === 'id' && k + 1 < limit) {
      segments.push({ name: next.text, tok: k + 1, kind: 'id' });
      k += 2;
      continue;
    }
    const lit = plainLiteral(next);
    if (isOp(t, '[') && lit && isOp(ts[k + 2], ']') && k + 2 < limit) {
      segments.push({ name: lit.value, tok: k + 1, kind: 'key' });
      k += 3;
      continue;
    }
    break;
  }
  return { start: i, end: k, segments };
}

/** The first token of the chain that ends at `ts[last]` (an identifier or a `['key']` subscript), or -1. */
export function chainStartBefore(ctx: CodeContext, ts: Token[], last: number): number {
  let k = last;
  for (let steps = 0; steps < MAX_CHAIN; steps++) {
    const t = ts[k];
    if (!t) return -1;
    if (t.kind === 'id') {
      const sep = ts[k - 1];
      const before = ts[k - 2];
      if (sep?.kind === 'op' && ctx.spec.memberSeps.has(sep.text) && before && (before.kind === 'id' || isOp(before, ']'))) {
        k -= 2;
        continue;
      }
      return k;
    }
    if (isOp(t, ']') && plainLiteral(ts[k - 1]) && isOp(ts[k - 2], '[')) {
      const before = ts[k - 3];
      if (before && (before.kind === 'id' || isOp(before, ']'))) {
        k -= 3;
        continue;
      }
    }
    return -1;
  }
  return -1;
}

/** The callee before the open parenthesis `ts[open]`: `os.getenv`, `jwt.sign`, Go `[]byte`. */
export function calleeOf(ctx: CodeContext, ts: Token[], open: number): Callee | null {
  let k = open - 1;
  const last = ts[k];
  if (!last || last.kind !== 'id') return null;
  if (isOp(ts[k - 1], ']') && isOp(ts[k - 2], '[')) {
    return { start: k - 2, segments: ['[]' + last.text], text: '[]' + last.text };
  }
  const segments = [last.text];
  for (let steps = 0; steps < 16; steps++) {
    const sep = ts[k - 1];
    if (!(sep?.kind === 'op' && ctx.spec.memberSeps.has(sep.text))) break;
    const before = ts[k - 2];
    if (before?.kind === 'id') {
      segments.unshift(before.text);
      k -= 2;
      continue;
    }
    if (before && (isOp(before, ')') || isOp(before, ']')) && before.match >= 0 && ts[before.match - 1]?.kind === 'id') {
      k = before.match - 1;
      segments.unshift(ts[k]?.text ?? '');
      continue;
    }
    break;
  }
  const first = ts[k];
  if (!first) return null;
  return { start: k, segments, text: ctx.text.slice(first.start, last.end) };
}

/** The arguments of the call whose `(` is `ts[open]`, split at top-level commas. Null when unclosed. */
export function callArgs(ts: Token[], open: number, keywordOp = '='): Argument[] | null {
  const close = ts[open]?.match ?? -1;
  if (close < 0) return null;
  const out: Argument[] = [];
  let s = open + 1;
  let k = open + 1;
  const finish = (end: number) => {
    let a = s;
    let b = end;
    while (a < b && ts[a]?.kind === 'nl') a++;
    while (b > a && ts[b - 1]?.kind === 'nl') b--;
    if (a === b) return;
    const arg: Argument = { start: a, end: b, valueStart: a };
    const name = ts[a];
    if (name?.kind === 'id' && isOp(ts[a + 1], keywordOp) && a + 2 < b) {
      arg.name = name.text;
      arg.valueStart = a + 2;
    }
    out.push(arg);
  };
  while (k < close) {
    const t = ts[k];
    if (!t) break;
    if (t.kind === 'op' && (t.text === '(' || t.text === '[' || t.text === '{') && t.match > k) {
      k = t.match + 1;
      continue;
    }
    if (isOp(t, ',')) {
      finish(k);
      s = k + 1;
    }
    k++;
  }
  finish(close);
  return out;
}

/** The value range of an argument: positional `n`, or the keyword argument `name`. */
export function argValue(args: readonly Argument[], position: number, name?: string): TokenRange | undefined {
  if (name !== undefined) {
    const named = args.find((a) => a.name === name);
    if (named) return { start: named.valueStart, end: named.end };
  }
  const positional = args.filter((a) => a.name === undefined);
  const arg = positional[position];
  return arg && args.indexOf(arg) === position ? { start: arg.start, end: arg.end } : undefined;
}

/** Operators that cannot end a line: the expression continues on the next one. */
const CONTINUES_AFTER = new Set(['=', '||', '&&', '??', '?:', '+', '-', '*', '/', '.', '?.', '=>', '?', ':', '(', '[', '{', 'or', 'and', '->', '::']);
/** Operators that may start a continuation line (`.method()` chains, leading `||`). */
const CONTINUES_BEFORE = new Set(['.', '?.', '&.', '||', '&&', '??', '?:', '?', ':', '+']);

/**
 * Where the expression starting at `ts[s]` ends (exclusive): at a top-level `,` `;`, a closing
 * bracket, a statement-ending line break, or a stop word. -1 when it runs longer than the limit.
 */
export function expressionEnd(ctx: CodeContext, ts: Token[], s: number): number {
  const base = ts[s]?.parent ?? -1;
  const baseBracket = base >= 0 ? ts[base]?.text : undefined;
  const python = ctx.language === 'python';
  let k = s;
  for (let steps = 0; steps < MAX_EXPRESSION_TOKENS; steps++) {
    const t = ts[k];
    if (!t) return k;
    if (t.kind === 'op') {
      if (t.text === '(' || t.text === '[' || t.text === '{') {
        if (t.match < 0) return k;
        k = t.match + 1;
        continue;
      }
      if (t.text === ')' || t.text === ']' || t.text === '}' || t.text === ',' || t.text === ';') return k;
      if (python && t.text === ':') return k;
    } else if (t.kind === 'nl') {
      const mode = ctx.spec.newlinesInBrackets;
      const insideBrackets = baseBracket !== undefined && mode !== 'end' && (baseBracket !== '{' || mode === 'continue');
      if (insideBrackets) {
        k++;
        continue;
      }
      if (!python) {
        const prev = ts[k - 1];
        const next = ts[k + 1];
        if (prev && k > s && (prev.kind === 'op' || prev.kind === 'id') && CONTINUES_AFTER.has(prev.text)) {
          k++;
          continue;
        }
        if (next?.kind === 'op' && CONTINUES_BEFORE.has(next.text)) {
          k++;
          continue;
        }
      }
      return k;
    } else if (t.kind === 'id' && ctx.spec.stopWords.has(t.text)) {
      return k;
    }
    k++;
  }
  return -1;
}

/** `(` `)` wrapping the whole range are dropped: `X = ("lit")`. Line breaks at the edges too. */
export function trimRange(ts: Token[], start: number, end: number): TokenRange {
  let a = start;
  let b = end;
  for (let steps = 0; steps < 8; steps++) {
    while (a < b && ts[a]?.kind === 'nl') a++;
    while (b > a && ts[b - 1]?.kind === 'nl') b--;
    if (b - a >= 2 && isOp(ts[a], '(') && ts[a]?.match === b - 1) {
      a++;
      b--;
      continue;
    }
    break;
  }
  return { start: a, end: b };
}

/** Methods that leave a literal's value as it is: `"x".encode()`, `"x".getBytes(UTF_8)`, `"x".freeze`. */
const VALUE_KEEPING_METHODS = new Set([
  'encode', 'getBytes', 'toByteArray', 'toCharArray', 'freeze', 'to_s', 'b', 'bytes', 'asBytes', 'String', 'toString',
  // Rust: `"x".to_string()`, `"x".as_bytes()`, `"x".into()`.
  'to_string', 'to_owned', 'into', 'as_bytes', 'as_ref', 'as_str', 'into_bytes', 'to_vec',
]);

/** Calls that wrap a literal without changing it: `[]byte("x")`, `bytes("x", "utf-8")`, `Buffer.from("x")`. */
const VALUE_KEEPING_WRAPPERS = /^(\[\]byte|bytes|str|String|String\.from|Vec\.from|Buffer\.from|Encoding\.[A-Za-z0-9]{1,12}\.GetBytes|utf8\.encode|TextEncoder\.encode|SecretKeySpec)$/;

/** Strips value-keeping method calls from the end of the range: `X.encode()` → `X`. */
function stripKeepingMethods(ts: Token[], start: number, end: number): TokenRange {
  let b = end;
  for (let steps = 0; steps < 4; steps++) {
    const last = ts[b - 1];
    if (isOp(last, ')') && last && last.match > start) {
      const name = ts[last.match - 1];
      const receiver = ts[last.match - 3];
      // `new TextEncoder().encode("x")`: the literal is the argument, not the receiver.
      const onEmptyCall = isOp(receiver, ')') && receiver !== undefined && receiver.match === last.match - 4 && last.match + 1 < b - 1;
      if (name?.kind === 'id' && VALUE_KEEPING_METHODS.has(name.text) && (isOp(ts[last.match - 2], '.') || isOp(ts[last.match - 2], '?.')) && !onEmptyCall) {
        b = last.match - 2;
        continue;
      }
    }
    if (last?.kind === 'id' && VALUE_KEEPING_METHODS.has(last.text) && isOp(ts[b - 2], '.') && b - 2 > start) {
      b -= 2;
      continue;
    }
    break;
  }
  return { start, end: b };
}

/** The string literal a value range consists of, once value-keeping wrappers and methods are peeled off. */
export function unwrapLiteral(ctx: CodeContext, ts: Token[], start: number, end: number): StringLiteral | undefined {
  const r = unwrapRange(ctx, ts, start, end);
  return r.end - r.start === 1 ? literalOf(ts[r.start]) : undefined;
}

/** The value range once value-keeping wrappers and methods are peeled off: `[]byte(key)` → `key`. */
export function unwrapRange(ctx: CodeContext, ts: Token[], start: number, end: number): TokenRange {
  const trimmed = trimRange(ts, start, end);
  // Rust borrows: `&key`, `&*key`, `&mut key` hand the same bytes on.
  if (ctx.language === 'rust') {
    while (trimmed.end - trimmed.start > 1 && (isOp(ts[trimmed.start], '&') || (isOp(ts[trimmed.start - 1], '&') && (isOp(ts[trimmed.start], '*') || isId(ts[trimmed.start], 'mut'))))) trimmed.start++;
  }
  let r = stripKeepingMethods(ts, trimmed.start, trimmed.end);
  for (let steps = 0; steps < 3; steps++) {
    const close = ts[r.end - 1];
    if (!close || !isOp(close, ')') || close.match <= r.start) break;
    const callee = calleeOf(ctx, ts, close.match);
    if (!callee) break;
    const startsHere = callee.start === r.start || (isId(ts[r.start], 'new') && callee.start === r.start + 1);
    if (!startsHere || !VALUE_KEEPING_WRAPPERS.test(callee.segments.join('.'))) break;
    const first = callArgs(ts, close.match)?.[0];
    if (!first) break;
    const inner = trimRange(ts, first.start, first.end);
    r = stripKeepingMethods(ts, inner.start, inner.end);
  }
  return r;
}

/** True when the range is exactly one member chain (no calls, no operators). */
export function chainCovering(ctx: CodeContext, ts: Token[], start: number, end: number): Chain | null {
  const { start: a, end: b } = trimRange(ts, start, end);
  const stripped = stripKeepingMethods(ts, a, b);
  const chain = readChain(ctx, ts, a, stripped.end);
  return chain && chain.end === stripped.end && isChainStart(ctx, ts, a) ? chain : null;
}

/** Token text as one `.`-joined path of the chain's identifier segments (`Rails.application.secret_key_base`). */
export function chainPath(chain: Chain): string {
  return chain.segments.map((s) => (s.kind === 'id' ? s.name : `[${s.name}]`)).join('.');
}

/** The first token that is not a line break, from `k` on, if the tokens before it are only line breaks inside brackets. */
export function skipLineBreaks(ts: Token[], k: number): number {
  let j = k;
  while (ts[j]?.kind === 'nl') j++;
  return j;
}

/** The quote most string literals of the file use, for edits written in the file's own style. */
export function dominantQuote(ctx: CodeContext, fallback: string): string {
  const counts = memoize(ctx, 'quotes', () => {
    let single = 0;
    let double = 0;
    for (const t of ctx.tokens) {
      if (t.lit?.quote === "'") single++;
      else if (t.lit?.quote === '"') double++;
    }
    return { single, double };
  });
  if (counts.single === counts.double) return fallback === "'" || fallback === '"' ? fallback : '"';
  return counts.single > counts.double ? "'" : '"';
}

/** `'` or `"` as the literal was written (triple quotes and backticks fall back to `"`). */
export function simpleQuote(lit: StringLiteral | undefined): string {
  return lit?.quote === "'" ? "'" : '"';
}
