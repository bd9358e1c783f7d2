import type { CodeContext, EnvRead, ReadExtension } from './language.js';
import type { Token } from './tokens.js';
import { expressionEnd, isId, isOp, skipLineBreaks } from './walk.js';

/**
 * A read in one branch of a conditional expression, a literal in the other:
 * `NODE_ENV === "production" ? process.env.JWT_SECRET : "dev-secret"`, `isDev ? "x" : READ`,
 * Python `READ if PROD else "x"` and `"x" if DEBUG else READ`. Where the condition goes the other
 * way the program runs with the other branch, so it is the read's fallback.
 */

/** Languages with a `c ? a : b` expression (Kotlin, Scala, Go, Rust and Elixir have none). */
const TERNARY_LANGUAGES = new Set(['javascript', 'typescript', 'java', 'csharp', 'php', 'ruby']);
/** How far back from a branch's `:` the `?` of its conditional may be. */
const TERNARY_REACH = 64;

export function conditionalFallback(ctx: CodeContext, ts: Token[], read: EnvRead): ReadExtension | null {
  if (ctx.language === 'python') return pythonConditional(ctx, ts, read);
  if (!TERNARY_LANGUAGES.has(ctx.language)) return null;
  const parent = ts[read.start]?.parent ?? -1;
  const before = previousToken(ts, read.start);
  const after = skipLineBreaks(ts, read.end);
  // `c ? READ : x`
  if (isOp(ts[before], '?') && ts[before]?.parent === parent && isOp(ts[after], ':') && ts[after]?.parent === parent) {
    const s = skipLineBreaks(ts, after + 1);
    const e = expressionEnd(ctx, ts, s);
    return e > s ? { start: read.start, end: e, fallback: { start: s, end: e } } : null;
  }
  // `c ? x : READ`
  if (isOp(ts[before], ':') && ts[before]?.parent === parent) {
    const q = questionBefore(ts, before, parent);
    const s = skipLineBreaks(ts, q + 1);
    if (q < 0 || s >= before) return null;
    return { start: s, end: read.end, fallback: { start: s, end: before } };
  }
  return null;
}

/** The index of the first non-line-break token before `k`, or -1. */
function previousToken(ts: Token[], k: number): number {
  let j = k - 1;
  while (j >= 0 && ts[j]?.kind === 'nl') j--;
  return j;
}

/** The `?` whose branch ends at the `:` at `colon`: back over whole brackets, not past a statement or an entry boundary. */
function questionBefore(ts: Token[], colon: number, parent: number): number {
  let k = colon - 1;
  for (let steps = 0; steps < TERNARY_REACH && k > parent; steps++) {
    const t = ts[k];
    if (!t) return -1;
    if ((t.text === ')' || t.text === ']' || t.text === '}') && t.kind === 'op') {
      if (t.match < 0) return -1;
      k = t.match - 1;
      continue;
    }
    if (t.kind === 'op' && (t.text === ',' || t.text === ';' || t.text === '=' || t.text === ':' || t.text === '=>')) return -1;
    if (isId(t, 'case') || isId(t, 'return')) return -1;
    if (isOp(t, '?')) return t.parent === parent ? k : -1;
    k--;
  }
  return -1;
}

/** Python's `READ if c else x` and `x if c else READ` (the other branch one name or literal). */
function pythonConditional(ctx: CodeContext, ts: Token[], read: EnvRead): ReadExtension | null {
  const parent = ts[read.start]?.parent ?? -1;
  if (isId(ts[read.end], 'if')) {
    const elseTok = elseAfter(ts, read.end + 1, parent);
    if (elseTok < 0) return null;
    const s = elseTok + 1;
    const e = expressionEnd(ctx, ts, s);
    return e > s ? { start: read.start, end: e, fallback: { start: s, end: e } } : null;
  }
  if (isId(ts[read.start - 1], 'else')) {
    const ifTok = ifBefore(ts, read.start - 2, parent);
    const branch = ts[ifTok - 1];
    const boundary = ts[ifTok - 2];
    if (ifTok < 1 || !branch || (branch.kind !== 'str' && branch.kind !== 'id') || branch.parent !== parent) return null;
    const starts = !boundary || boundary.kind === 'nl' || isId(boundary, 'return') || (boundary.kind === 'op' && /^(=|\(|\[|\{|,|:|:=)$/.test(boundary.text));
    return starts ? { start: ifTok - 1, end: read.end, fallback: { start: ifTok - 1, end: ifTok } } : null;
  }
  return null;
}

function elseAfter(ts: Token[], from: number, parent: number): number {
  let k = from;
  for (let steps = 0; steps < TERNARY_REACH; steps++) {
    const t = ts[k];
    if (!t || t.parent !== parent) return -1;
    if (t.kind === 'op' && (t.text === '(' || t.text === '[' || t.text === '{')) {
      if (t.match < 0) return -1;
      k = t.match + 1;
      continue;
    }
    if ((t.kind === 'nl' && parent < 0) || isOp(t, ',') || isOp(t, ';') || isOp(t, ':')) return -1;
    if (isId(t, 'else')) return k;
    k++;
  }
  return -1;
}

function ifBefore(ts: Token[], from: number, parent: number): number {
  let k = from;
  for (let steps = 0; steps < TERNARY_REACH && k > parent; steps++) {
    const t = ts[k];
    if (!t) return -1;
    if (t.kind === 'op' && (t.text === ')' || t.text === ']' || t.text === '}')) {
      if (t.match < 0) return -1;
      k = t.match - 1;
      continue;
    }
    if ((t.kind === 'nl' && parent < 0) || isOp(t, ',') || isOp(t, '=') || isId(t, 'else')) return -1;
    if (isId(t, 'if')) return t.parent === parent ? k : -1;
    k--;
  }
  return -1;
}
