import { assignValue, markConsumed } from './engine.js';
import type { CodeContext, EnvRead, LanguageSpec, ReadExtension } from './language.js';
import { functionBodies } from './locals.js';
import { callRead, rawName, replaceWhole, strictDescription } from './reads.js';
import type { StringLiteral } from './string-literal.js';
import type { Token } from './tokens.js';
import { chainCovering, expressionEnd, isId, isOp, isSecretName, keyIdOf, readChain, simpleQuote, skipLineBreaks } from './walk.js';

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

/** `ENV["K"].presence || "x"`: ActiveSupport's `presence` turns an empty value into nil before the `||`. */
function extendRead(ctx: CodeContext, ts: Token[], read: EnvRead): ReadExtension | null {
  let k = read.end;
  if (!(isOp(ts[k], '.') || isOp(ts[k], '&.')) || !isId(ts[k + 1], 'presence')) return null;
  k += 2;
  if (ts[k]?.kind === 'nl') k = skipLineBreaks(ts, k);
  if (!isOp(ts[k], '||')) return null;
  const s = skipLineBreaks(ts, k + 1);
  const e = expressionEnd(ctx, ts, s);
  return e > s ? { start: read.start, end: e, fallback: { start: s, end: e } } : null;
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
  hooks: [literalMethodHook],
  isLogCall,
  isStatementLog: isLogCall,
  isFrameworkKey,
};
