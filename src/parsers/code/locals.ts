import { memoize, type CodeContext } from './language.js';
import type { StringLiteral } from './string-literal.js';
import type { Token } from './tokens.js';
import { expressionEnd, isChainStart, isId, isOp, readChain, unwrapLiteral, unwrapRange } from './walk.js';

/**
 * Names a file binds to a string literal: `DEFAULT_SECRET = "..."`, `const SECRET = '...'`,
 * `$key = '...'`, `key := "..."`, `var key = []byte("...")`, `const KEY: &str = "..."`,
 * `public const string KEY = "..."`, `val secret = "..."`. A literal reaches a secret through such a
 * name in the same file (`os.getenv("JWT_SECRET", DEFAULT_SECRET)`, `jwt.sign(p, SECRET)`,
 * `JWT::encode($p, $key)`), so a read's fallback or a signing call's key argument that is one of
 * these names is judged as the literal it is bound to.
 */

export interface LocalBinding {
  /** Token index of the bound name. */
  tok: number;
  /** The literal it is bound to, or undefined when the value is anything else. */
  lit: StringLiteral | undefined;
  /** The bound value's token range. */
  start: number;
  end: number;
}

/** How many tokens a type annotation between a name and its `=` may take (`: Option<&'static str>`). */
const TYPE_ANNOTATION_LIMIT = 10;

/** Every binding of every plain name in the file, by name, in file order. */
export function bindingsOf(ctx: CodeContext): Map<string, LocalBinding[]> {
  return memoize(ctx, 'locals.bindings', () => findBindings(ctx));
}

function findBindings(ctx: CodeContext): Map<string, LocalBinding[]> {
  const ts = ctx.tokens;
  const out = new Map<string, LocalBinding[]>();
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i];
    if (t?.kind !== 'id' || !isChainStart(ctx, ts, i)) continue;
    const op = assignmentOpAfter(ctx, ts, i);
    if (op < 0) continue;
    const s = op + 1;
    const e = expressionEnd(ctx, ts, s);
    if (e <= s) continue;
    const lit = unwrapLiteral(ctx, ts, s, e);
    const list = out.get(t.text) ?? [];
    list.push({ tok: i, lit: lit && lit.interpolations.length === 0 ? lit : undefined, start: s, end: e });
    out.set(t.text, list);
  }
  return out;
}

/** The `=` that binds the name at `ts[i]`: right after it, or after a type (`: &str`, `string`, `: String`). */
function assignmentOpAfter(ctx: CodeContext, ts: Token[], i: number): number {
  const next = ts[i + 1];
  if (next?.kind === 'op' && ctx.spec.assignOps.has(next.text)) return i + 1;
  // `name: Type = value` (TypeScript, Kotlin, Scala, Rust, Python annotations).
  if (isOp(next, ':')) {
    for (let k = i + 2; k < i + 2 + TYPE_ANNOTATION_LIMIT; k++) {
      const t = ts[k];
      if (!t || t.kind === 'nl' || isOp(t, ';') || isOp(t, ',') || t.parent !== ts[i]?.parent) return -1;
      if (isOp(t, '=')) return k;
    }
    return -1;
  }
  // Go `var name Type = value`, C#/Java `const string NAME = value` are found from the name on.
  const declared = ctx.spec.typedDeclarationOp?.(ts, i, i + 1) ?? -1;
  return declared;
}

/**
 * Bodies of functions a language records by name (Ruby `def secret_key; ENV["SECRET_KEY_BASE"]; end`):
 * a call of such a function with no arguments is its body's value.
 */
export function functionBodies(ctx: CodeContext): Map<string, { start: number; end: number }> {
  return memoize(ctx, 'locals.functionBodies', () => new Map());
}

/** The value range the name at [s, e) stands for in this file: its nearest binding before `s`, or a recorded function body. */
export function boundRange(ctx: CodeContext, ts: Token[], s: number, e: number): { start: number; end: number; inFunction: boolean } | undefined {
  const r = unwrapRange(ctx, ts, s, e);
  if (r.end - r.start !== 1 || ts[r.start]?.kind !== 'id') return undefined;
  const name = ts[r.start]?.text ?? '';
  let chosen: LocalBinding | undefined;
  for (const b of bindingsOf(ctx).get(name) ?? []) if (b.tok < r.start && isVisibleAt(ts, b.tok, r.start)) chosen = b;
  if (chosen) return { start: chosen.start, end: chosen.end, inFunction: false };
  const body = functionBodies(ctx).get(name);
  return body ? { ...body, inFunction: true } : undefined;
}

/**
 * The literal the name at token range [s, e) is bound to in this file: the nearest binding before
 * `s`, else the only binding there is. `this.secret`, `self.KEY` and `Options.KEY` count as the
 * last name. Undefined when the name is bound to anything but a literal, or not bound here.
 */
export function localLiteral(ctx: CodeContext, ts: Token[], s: number, e: number): { name: string; lit: StringLiteral } | undefined {
  const r = unwrapRange(ctx, ts, s, e);
  const chain = readChain(ctx, ts, r.start, r.end);
  if (!chain || chain.end !== r.end || !isChainStart(ctx, ts, r.start)) return undefined;
  if (isOp(ts[r.end], '(')) return undefined;
  const segments = chain.segments;
  if (segments.some((seg) => seg.kind !== 'id') || segments.length > 2) return undefined;
  const first = segments[0];
  const last = segments[segments.length - 1];
  if (!first || !last) return undefined;
  if (segments.length === 2 && !(/^(this|self|Self|\$this|static)$/.test(first.name) || /^[A-Z]/.test(first.name))) return undefined;
  // A bare name sees only the bindings of the blocks around it; `Options.KEY` and `this.secret` reach into another body.
  const bindings = (bindingsOf(ctx).get(last.name) ?? []).filter((b) => segments.length === 2 || isVisibleAt(ts, b.tok, r.start));
  if (bindings.length === 0) return undefined;
  let chosen: LocalBinding | undefined;
  for (const b of bindings) if (b.tok < r.start) chosen = b;
  if (!chosen && bindings.length === 1) chosen = bindings[0];
  if (!chosen?.lit || chosen.tok === last.tok) return undefined;
  return { name: last.name, lit: chosen.lit };
}

/**
 * True when a binding at `bindingTok` is in scope at `useTok`: the `{` block that holds the binding
 * (brackets of other kinds are not scopes: Go `var ( ... )`, keyword arguments) encloses the use.
 * Without it, minified bundles, where every function rebinds the same one-letter names, lent one
 * function's help sentence to another function's `{ secret: E }`.
 */
export function isVisibleAt(ts: Token[], bindingTok: number, useTok: number): boolean {
  let scope = ts[bindingTok]?.parent ?? -1;
  // A parameter's default (`function f(h, R = "x") {`) belongs to the body that follows the list.
  const body = isOp(ts[scope], '(') ? bodyAfterParameters(ts, scope) : -1;
  if (body >= 0) scope = body;
  // Kotlin's `companion object { const val KEY = ... }` lends its names to the class around it.
  while (scope >= 0 && (!isOp(ts[scope], '{') || isId(ts[scope - 1], 'object') || isId(ts[scope - 2], 'object'))) scope = ts[scope]?.parent ?? -1;
  if (scope < 0) return true;
  for (let p = ts[useTok]?.parent ?? -1, steps = 0; p >= 0 && steps < 4096; p = ts[p]?.parent ?? -1, steps++) {
    if (p === scope) return true;
  }
  return false;
}

/** The `{` of the body after the parameter list opened at `open`: `) {`, `) => {`, `): Type {`; -1 when there is none. */
function bodyAfterParameters(ts: Token[], open: number): number {
  const close = ts[open]?.match ?? -1;
  if (close < 0) return -1;
  let k = close + 1;
  if (isOp(ts[k], '=>')) k++;
  else if (isOp(ts[k], ':')) {
    const depth = ts[open]?.depth ?? 0;
    for (let steps = 0; steps < 16 && ts[k] && !(isOp(ts[k], '{') && ts[k]?.depth === depth); steps++) k++;
  }
  return isOp(ts[k], '{') ? k : -1;
}
