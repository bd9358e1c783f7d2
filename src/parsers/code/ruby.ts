import { isSharedAppVariable, roleOf } from '../../core/secret-names.js';
import { assignValue, emit, markConsumed } from './engine.js';
import type { CodeContext, EnvRead, LanguageSpec, ReadExtension } from './language.js';
import { functionBodies } from './locals.js';
import { callRead, rawName, replaceWhole, strictDescription } from './reads.js';
import type { StringLiteral } from './string-literal.js';
import type { Token } from './tokens.js';
import { chainCovering, chainStartBefore, expressionEnd, isId, isOp, isSecretName, keyIdOf, rangeSpan, readChain, simpleQuote, skipLineBreaks } from './walk.js';

/**
 * Ruby: `ENV.fetch("K", "x")`, `ENV.fetch("K") { "x" }`, `ENV["K"] || "x"`, constants,
 * `config.secret_key_base = "..."`, hash entries, and JWT keyed by Rails' own
 * `secret_key_base` (`JWT.encode(payload, Rails.application.secret_key_base)`).
 */

function matchEnvRead(ctx: CodeContext, ts: Token[], i: number): EnvRead | null {
  const chain = readChain(ctx, ts, i);
  const first = chain?.segments[0];
  const second = chain?.segments[1];
  if (!chain || first?.name !== 'ENV' || !second) return null;
  if (second.kind === 'key') {
    const lit = ts[second.tok]?.lit;
    const read: EnvRead = { start: i, end: second.tok + 2, name: second.name, nameTok: second.tok };
    if (lit) read.strictRead = (whole) => fetchFix(ctx, whole, lit);
    return read;
  }
  if (second.name !== 'fetch' || chain.segments.length !== 2 || !isOp(ts[chain.end], '(')) return null;
  const found = callRead(ts, i, chain.end, 1);
  if (!found) return null;
  const { read, lit } = found;
  // ENV.fetch("K") { "x" }: the block's value is the default.
  const block = ts[read.end];
  if (!read.defaultRange && isOp(block, '{') && block && block.match > read.end) {
    let s = read.end + 1;
    if (isOp(ts[s], '|')) {
      let k = s + 1;
      while (k < block.match && !isOp(ts[k], '|')) k++;
      s = k + 1;
    }
    read.defaultRange = { start: s, end: block.match };
    read.end = block.match + 1;
  }
  read.strictRead = (whole) => fetchFix(ctx, whole, lit);
  return read;
}

function fetchFix(ctx: CodeContext, whole: { start: number; end: number }, lit: StringLiteral) {
  const q = simpleQuote(lit);
  return replaceWhole(ctx, whole, `ENV.fetch(${q}${rawName(ctx, lit)}${q})`, strictDescription(lit.value, 'ENV.fetch and no default'));
}

/**
 * `ENV["K"].presence || "x"`: ActiveSupport's `presence` turns an empty value into nil before the `||`.
 * `ENV.fetch("K") rescue "x"` and `begin ENV.fetch("K") rescue KeyError "x" end`: `fetch` raises
 * KeyError when the variable is unset, so the rescue's value is its default.
 */
function extendRead(ctx: CodeContext, ts: Token[], read: EnvRead): ReadExtension | null {
  return rescuedRead(ctx, ts, read) ?? presenceOr(ctx, ts, read);
}

function presenceOr(ctx: CodeContext, ts: Token[], read: EnvRead): ReadExtension | null {
  let k = read.end;
  if (!(isOp(ts[k], '.') || isOp(ts[k], '&.')) || !isId(ts[k + 1], 'presence')) return null;
  k += 2;
  if (ts[k]?.kind === 'nl') k = skipLineBreaks(ts, k);
  if (!isOp(ts[k], '||')) return null;
  const s = skipLineBreaks(ts, k + 1);
  const e = expressionEnd(ctx, ts, s);
  return e > s ? { start: read.start, end: e, fallback: { start: s, end: e } } : null;
}

/** A read that raises when the variable is unset: `ENV.fetch("K")` with no default or block. */
function raisesWhenUnset(ts: Token[], read: EnvRead): boolean {
  return isId(ts[read.start], 'ENV') && isId(ts[read.start + 2], 'fetch') && read.defaultRange === undefined;
}

function rescuedRead(ctx: CodeContext, ts: Token[], read: EnvRead): ReadExtension | null {
  if (!raisesWhenUnset(ts, read)) return null;
  const after = ts[read.end];
  // Modifier form, on the same line: `ENV.fetch("K") rescue "x"`.
  if (isId(after, 'rescue')) {
    const s = read.end + 1;
    const e = expressionEnd(ctx, ts, s);
    return e > s ? { start: read.start, end: e, fallback: { start: s, end: e } } : null;
  }
  // Block form: the read is the whole body of `begin`, and the rescue clause's one expression the default.
  let b = read.start - 1;
  while (b >= 0 && ts[b]?.kind === 'nl') b--;
  if (!isId(ts[b], 'begin')) return null;
  const r = skipLineBreaks(ts, read.end);
  if (!isId(ts[r], 'rescue')) return null;
  // `rescue KeyError => e` (or a bare `rescue`): the clause's header runs to the end of its line.
  let k = r + 1;
  while (k < ts.length && ts[k]?.kind !== 'nl' && !isOp(ts[k], ';') && k < r + 16) k++;
  const s = skipLineBreaks(ts, k + 1);
  const e = expressionEnd(ctx, ts, s);
  const end = skipLineBreaks(ts, e);
  if (e <= s || !isId(ts[end], 'end')) return null;
  return { start: b, end: end + 1, fallback: { start: s, end: e } };
}

/** Keywords that open a block `end` closes, where they start a statement (a trailing `if`/`unless` opens none). */
const BLOCK_OPENERS = new Set(['begin', 'if', 'unless', 'while', 'until', 'case', 'def', 'class', 'module', 'for']);
/** How far a `begin … end` block is followed; a longer one is left alone. */
const MAX_BLOCK_TOKENS = 4_000;
/** How many `X = begin` blocks of one file are followed: a file of thousands unclosed ones stays linear. */
const MAX_BEGIN_BLOCKS = 256;

/** The index of the `end` that closes the block opened at `open`, or -1. */
function blockEnd(ts: Token[], open: number): number {
  let depth = 1;
  for (let k = open + 1; k < ts.length && k < open + MAX_BLOCK_TOKENS; k++) {
    const t = ts[k];
    if (t?.kind !== 'id') continue;
    if (t.text === 'end') {
      if (--depth === 0) return k;
    } else if (t.text === 'do' || (BLOCK_OPENERS.has(t.text) && startsStatement(ts, k))) {
      depth++;
    }
  }
  return -1;
}

function startsStatement(ts: Token[], k: number): boolean {
  const prev = ts[k - 1];
  return !prev || prev.kind === 'nl' || isOp(prev, ';') || isOp(prev, '=') || isOp(prev, '||=');
}

/**
 * A secret set from the application's own key: `AuthenticationMiddleware.secret = ENV.fetch("SECRET_KEY_BASE")`,
 * or through a `begin` block whose value (its last expression) is a local holding that read
 * (`… = begin; envar = ENV.fetch("SECRET_KEY_BASE").presence; …; envar; end`). Rails derives its
 * cookies, sessions and message verifiers from `secret_key_base`; a second component keyed by it
 * shares the key (reused-secret reports the reference). `config.secret_key_base = ENV[...]` is
 * the key itself.
 */
function appKeyReadByAnotherSecret(ctx: CodeContext): void {
  const ts = ctx.tokens;
  let blocks = 0;
  for (let i = 2; i < ts.length; i++) {
    if (!(isOp(ts[i - 1], '=') || isOp(ts[i - 1], '||='))) continue;
    const keyStart = chainStartBefore(ctx, ts, i - 2);
    const chain = keyStart >= 0 ? readChain(ctx, ts, keyStart) : null;
    const first = ts[keyStart];
    const lastKeyTok = ts[i - 2];
    if (!chain || chain.end !== i - 1 || !first || !lastKeyTok || !startsStatement(ts, keyStart)) continue;
    const key = ctx.text.slice(first.start, lastKeyTok.end);
    const keyId = keyIdOf(key);
    // A bare `SECRET` says nothing about the purpose it serves: an alias, not a second key.
    if (!isSecretName(ctx, keyId) || keyId === 'SECRET') continue;
    const isBlock = isId(ts[i], 'begin');
    if (isBlock && ++blocks > MAX_BEGIN_BLOCKS) continue;
    const read = isBlock ? readThroughBeginBlock(ctx, ts, i) : statementRead(ctx, ts, i);
    if (!read) continue;
    const envId = keyIdOf(read.name);
    if (roleOf(envId) !== 'app' || !isSharedAppVariable(envId) || keyId === envId || keyId.endsWith('_' + envId)) continue;
    emit(ctx, { key, keyId, keySpan: { start: first.start, end: lastKeyTok.end }, origin: 'reference', referenceTo: envId, envName: envId, span: rangeSpan(ts, read.start, read.end) });
  }
}

/** An environment read that is the whole statement from `k` (a trailing `.presence`, `.to_s` allowed). */
function statementRead(ctx: CodeContext, ts: Token[], k: number): EnvRead | null {
  if (!isId(ts[k], 'ENV')) return null;
  const read = ctx.spec.matchEnvRead(ctx, ts, k);
  if (!read) return null;
  let e = read.end;
  while (isOp(ts[e], '.') && (isId(ts[e + 1], 'presence') || isId(ts[e + 1], 'to_s'))) e += 2;
  const after = ts[e];
  return !after || after.kind === 'nl' || isOp(after, ';') ? read : null;
}

/** The read a `begin` block's last expression stands for: the read itself, or a local the block binds to it. */
function readThroughBeginBlock(ctx: CodeContext, ts: Token[], open: number): EnvRead | null {
  const close = blockEnd(ts, open);
  if (close < 0) return null;
  let last = close - 1;
  while (last > open && ts[last]?.kind === 'nl') last--;
  let s = last;
  while (s > open && ts[s - 1]?.kind !== 'nl') s--;
  const direct = statementRead(ctx, ts, s);
  if (direct) return direct;
  const result = ts[last];
  if (s !== last || result?.kind !== 'id') return null;
  for (let k = open + 1; k < last; k++) {
    if (isId(ts[k], result.text) && isOp(ts[k + 1], '=') && startsStatement(ts, k)) return statementRead(ctx, ts, k + 2);
  }
  return null;
}

/**
 * `def secret_key; "x"; end` and `def jwt_secret = "x"`: a secret-named method whose whole body
 * is a literal binds the literal as much as a constant does.
 */
function literalMethodHook(ctx: CodeContext): void {
  const ts = ctx.tokens;
  for (let i = 0; i < ts.length; i++) {
    if (!isId(ts[i], 'def')) continue;
    const name = ts[i + 1];
    if (name?.kind !== 'id') continue;
    const keyId = keyIdOf(name.text.replace(/^self\./, ''));
    const secretNamed = isSecretName(ctx, keyId);
    let s = i + 2;
    if (isOp(ts[s], '(') && (ts[s]?.match ?? -1) > s) s = (ts[s]?.match ?? s) + 1;
    const endless = isOp(ts[s], '=');
    if (endless) s++;
    else if (ts[s]?.kind !== 'nl' && !isOp(ts[s], ';')) continue;
    s = skipLineBreaks(ts, isOp(ts[s], ';') ? s + 1 : s);
    const e = expressionEnd(ctx, ts, s);
    if (e <= s) continue;
    const after = skipLineBreaks(ts, isOp(ts[e], ';') ? e + 1 : e);
    if (!endless && !isId(ts[after], 'end')) continue;
    // Whatever it is called, a one-expression method stands for its body where it is called with no arguments.
    if (!functionBodies(ctx).has(name.text)) functionBodies(ctx).set(name.text, { start: s, end: e });
    // A method that returns another key (`def secret_key; Rails.application.credentials.jwt_secret; end`) is an accessor, not a second key.
    if (!secretNamed || chainCovering(ctx, ts, s, e)) continue;
    assignValue(ctx, ts, { key: name.text, keyId, keySpan: { start: name.start, end: name.end }, startTok: i + 1 }, s, e);
    markConsumed(ctx, i, e);
  }
}

/** Rails' application key, whatever store it is read from. */
function isFrameworkKey(path: string): boolean {
  return /^Rails\.application\.((credentials|secrets|config)\.)?(secret_key_base!?|dig\(:secret_key_base\)|\[:secret_key_base\])$/.test(path);
}

const LOGGER_METHODS = new Set(['debug', 'info', 'warn', 'error', 'fatal', 'unknown']);
const OUTPUT = new Set(['puts', 'p', 'pp', 'print', 'warn']);

function isLogCall(segments: readonly string[]): boolean {
  const last = segments[segments.length - 1] ?? '';
  const receiver = segments[segments.length - 2];
  if (receiver === undefined) return OUTPUT.has(last);
  if (/^(\$std(out|err)|STD(OUT|ERR))$/.test(receiver)) return last === 'puts' || last === 'print' || last === 'write';
  return LOGGER_METHODS.has(last) && /log/i.test(receiver);
}

export const ruby: LanguageSpec = {
  memberSeps: new Set(['.', '&.', '::']),
  assignOps: new Set(['=', '||=']),
  orOps: new Set(['||']),
  nullish: new Set(['nil', 'false']),
  colonKeys: 'adjacent',
  arrowKeys: true,
  newlinesInBrackets: 'round',
  stopWords: new Set(['if', 'unless', 'while', 'until', 'rescue', 'and', 'or', 'do', 'then']),
  matchEnvRead,
  extendRead,
  sinks: [
    { callee: /^JWT\.(encode|decode)$/, args: [1], keyId: 'JWT_SECRET' },
    { callee: /^OpenSSL\.HMAC\.(hexdigest|digest|base64digest)$/, args: [1], keyId: 'HMAC_SECRET' },
  ],
  hooks: [literalMethodHook, appKeyReadByAnotherSecret],
  isLogCall,
  isStatementLog: isLogCall,
  isFrameworkKey,
};
