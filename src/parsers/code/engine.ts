import { isSharedAppVariable, roleOf } from '../../core/secret-names.js';
import type { SecretAssignment, Span } from '../../core/types.js';
import { shapeOfValue } from '../value-shape.js';
import { conditionalFallback } from './conditional.js';
import { memoize, type CodeContext, type EnvRead, type TokenRange, type Target } from './language.js';
import type { StringLiteral } from './string-literal.js';
import { bindingsOf, boundRange, localLiteral } from './locals.js';
import type { Token } from './tokens.js';
import {
  callArgs,
  calleeOf,
  chainCovering,
  chainPath,
  chainStartBefore,
  contentSpan,
  expressionEnd,
  isChainStart,
  isId,
  isOp,
  isSecretName,
  keyIdOf,
  plainLiteral,
  rangeSpan,
  readChain,
  skipLineBreaks,
  trimRange,
  unwrapLiteral,
  type Chain,
} from './walk.js';

/**
 * The passes every language shares, over one token array:
 *  1. environment reads (`os.getenv("K", "x")`, `process.env.K || "x"`) with their fallbacks;
 *  2. the language's hooks (Spring `@Value`, JS destructuring, PHP `define`);
 *  3. assignments to secret-named keys (`X = "lit"`, `'K': v`, `k => v`, `key: v`);
 *  4. signing calls (`jwt.sign(p, "lit")`).
 * Logging is in logs.ts. Tokens an earlier pass explains are marked consumed so a later pass does
 * not report them twice.
 */
export function runAssignmentPasses(ctx: CodeContext): void {
  const ts = ctx.tokens;
  for (let i = 0; i < ts.length; i++) {
    const kind = ts[i]?.kind;
    const read = kind === 'id' && isChainStart(ctx, ts, i) ? ctx.spec.matchEnvRead(ctx, ts, i) : kind === 'str' ? (ctx.spec.matchWrappedRead?.(ctx, ts, i) ?? null) : null;
    if (read) handleEnvRead(ctx, read);
  }
  for (const hook of ctx.spec.hooks ?? []) hook(ctx);
  handleEnvLocals(ctx);
  for (let i = 0; i < ts.length; i++) {
    if (!ctx.consumed[i]) handleTarget(ctx, i);
  }
  for (let i = 0; i < ts.length; i++) {
    if (isOp(ts[i], '(')) handleSink(ctx, i);
  }
}

// ---------------------------------------------------------------------------------------------
// Emission

export function emit(ctx: CodeContext, a: Omit<SecretAssignment, 'context'>): void {
  const id = `${a.span.start}:${a.span.end}:${a.keyId}:${a.origin}`;
  if (ctx.seen.has(id)) return;
  ctx.seen.add(id);
  ctx.assignments.push({ ...a, context: ctx.context });
}

export function markConsumed(ctx: CodeContext, start: number, end: number): void {
  for (let k = Math.max(0, start); k < end && k < ctx.consumed.length; k++) ctx.consumed[k] = 1;
}

function anyConsumed(ctx: CodeContext, start: number, end: number): boolean {
  for (let k = start; k < end; k++) if (ctx.consumed[k]) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// What a fallback or a right-hand side holds

type ValueClass =
  | { origin: 'none' }
  /** `via`: the name the literal is bound to in this file, when the value is that name (`DEFAULT_SECRET`). */
  | { origin: 'literal'; lit: StringLiteral; via?: string }
  | { origin: 'template' | 'managed'; lit: StringLiteral }
  | { origin: 'reference'; referenceTo: string; path: string; span: Span }
  | { origin: 'env'; envName: string }
  | { origin: 'runtime'; span: Span };

/** Names of calls that make a fresh random value at start-up. */
const RUNTIME_CALLS = /^(token_urlsafe|token_hex|token_bytes|urandom|get_random_secret_key|randomBytes|randomUUID|uuid4|random_bytes|getRandomValues|SecureRandom|urlsafe_base64|generate_?[A-Za-z]*|random_?[A-Za-z]*|Random[A-Za-z]*)$/;

/**
 * How a name bound to a literal in this file is read: 'resolve' judges it as its literal (a read's
 * fallback, a signing call's key); 'keep-secret-names' does so only for names that are not secret
 * names themselves (`JWT_SECRET_KEY = SECRET_KEY` is a reuse to report, not a copy of a literal).
 */
type NameResolution = 'resolve' | 'keep-secret-names';

/** Classifies the value range [start, end): a literal, another variable, another env read, a generated value. */
function classifyValue(ctx: CodeContext, ts: Token[], start: number, end: number, names: NameResolution = 'keep-secret-names'): ValueClass {
  const { start: s, end: e } = trimRange(ts, start, end);
  if (e <= s) return { origin: 'none' };
  const lit = unwrapLiteral(ctx, ts, s, e);
  if (lit) return classifyLiteral(lit);
  const local = localLiteral(ctx, ts, s, e);
  if (local && (names === 'resolve' || !isSecretName(ctx, keyIdOf(local.name)))) {
    const value = classifyLiteral(local.lit);
    return value.origin === 'literal' ? { ...value, via: local.name } : value;
  }
  const first = ts[s];
  if (e - s === 1 && first?.kind === 'id' && ctx.spec.nullish.has(first.text)) return { origin: 'none' };
  if (first?.kind === 'id' && isChainStart(ctx, ts, s)) {
    const inner = ctx.spec.matchEnvRead(ctx, ts, s);
    if (inner) return { origin: 'env', envName: keyIdOf(inner.name) };
    const chain = chainCovering(ctx, ts, s, e);
    const last = chain ? lastNamedSegment(ctx, chain.segments) : undefined;
    if (chain && last !== undefined) {
      return { origin: 'reference', referenceTo: last, path: chainPath(chain), span: rangeSpan(ts, s, e) };
    }
  }
  for (let k = s; k < e; k++) {
    const t = ts[k];
    if (t?.kind === 'id' && RUNTIME_CALLS.test(t.text) && isOp(ts[k + 1], '(')) return { origin: 'runtime', span: rangeSpan(ts, s, e) };
  }
  return { origin: 'none' };
}

function classifyLiteral(lit: StringLiteral): ValueClass {
  if (lit.interpolations.length > 0) return { origin: 'none' };
  const shape = shapeOfValue(lit.value);
  if (shape === 'empty') return { origin: 'none' };
  return shape === 'literal' ? { origin: 'literal', lit } : { origin: shape, lit };
}

/** The key id a chain refers to: its last segment, or the one before a conversion (`secret_key_base.to_s`). */
function lastNamedSegment(ctx: CodeContext, segments: readonly { name: string }[]): string | undefined {
  for (let k = segments.length - 1; k >= 0 && k >= segments.length - 2; k--) {
    const id = keyIdOf(segments[k]?.name ?? '');
    if (isSecretName(ctx, id)) return id;
  }
  const last = segments[segments.length - 1];
  return last ? keyIdOf(last.name) || undefined : undefined;
}

// ---------------------------------------------------------------------------------------------
// Pass 1: environment reads

function handleEnvRead(ctx: CodeContext, found: EnvRead): void {
  const ts = ctx.tokens;
  let read = found;
  let wholeStart = read.start;
  let wholeEnd = read.end;
  let fallback: TokenRange | undefined = read.defaultRange;
  if (!fallback) {
    let ext = ctx.spec.extendRead?.(ctx, ts, read) ?? extendWithOrOperator(ctx, ts, read) ?? writeToEnvironment(ctx, ts, read);
    if (!ext) {
      ext = conditionalFallback(ctx, ts, read);
      // Replacing one branch with a strict read would leave the conditional half written: no repair.
      if (ext) read = { start: read.start, end: read.end, name: read.name, nameTok: read.nameTok };
    }
    if (ext) {
      wholeStart = ext.start;
      wholeEnd = ext.end;
      fallback = ext.fallback;
    }
  }
  const key = keyForRead(ctx, ts, read, wholeStart);
  markConsumed(ctx, wholeStart, wholeEnd);
  if (!key) return;
  sharedThroughEnvironment(ctx, ts, read, key, wholeStart, wholeEnd);
  rememberEnvLocal(ctx, ts, read, wholeStart, key);
  // `READ || OTHER_KEY || "x"`: the fallback chain ends in the literal that is used when all are unset.
  if (fallback) {
    const parts = splitAtOrOperators(ctx, ts, fallback);
    if (parts.length > 1) {
      const last = parts[parts.length - 1];
      for (const part of parts) emitFallback(ctx, ts, read, key, whole(ts, wholeStart, wholeEnd), part, part === last);
      return;
    }
  }
  emitFallback(ctx, ts, read, key, whole(ts, wholeStart, wholeEnd), fallback, true);
}

function whole(ts: Token[], start: number, end: number): Span {
  return rangeSpan(ts, start, end);
}

/**
 * `app.config["JWT_SECRET_KEY"] = os.getenv("SECRET_KEY")`: a JWT key read from the app's (or the
 * session's) variable shares that key, whatever the variable holds.
 */
function sharedThroughEnvironment(ctx: CodeContext, ts: Token[], read: EnvRead, key: Target, wholeStart: number, wholeEnd: number): void {
  if (key.startTok !== read.nameTok) return;
  const target = targetBefore(ctx, ts, wholeStart);
  if (!target || !(target.forced || isSecretName(ctx, target.keyId))) return;
  const envId = keyIdOf(read.name);
  // Only a JWT key taken from another role's variable: `SECRET_KEY = os.getenv("JWT_SECRET_KEY")` just names the variable oddly.
  // A dedicated variable (`SECRET_KEY_GUARDIAN`, `GUARDIAN_SECRET_KEY`) is no sharing: only the app's or the session's own.
  if (roleOf(target.keyId) !== 'jwt' || !isSharedAppVariable(envId)) return;
  const origin = referenceOrigin(ctx, ts, target, envId, '');
  if (origin) emit(ctx, { key: target.key, keyId: target.keyId, keySpan: target.keySpan, origin, referenceTo: envId, envName: envId, span: whole(ts, wholeStart, wholeEnd) });
}

/** Top-level `a || b || c` of a fallback range, split at the language's or-operators. */
function splitAtOrOperators(ctx: CodeContext, ts: Token[], range: TokenRange): TokenRange[] {
  const parts: TokenRange[] = [];
  const parent = ts[range.start]?.parent;
  let s = range.start;
  for (let k = range.start; k < range.end; k++) {
    const t = ts[k];
    if (t && (t.kind === 'op' || t.kind === 'id') && t.parent === parent && ctx.spec.orOps.has(t.text) && k > s) {
      parts.push({ start: s, end: k });
      s = skipLineBreaks(ts, k + 1);
    }
  }
  if (s < range.end) parts.push({ start: s, end: range.end });
  return parts;
}

/** `process.env.K = "x"`, `os.environ["K"] = "x"`: the program sets the variable itself, a default in effect. */
function writeToEnvironment(ctx: CodeContext, ts: Token[], read: EnvRead) {
  if (!isOp(ts[read.end], '=')) return null;
  const s = skipLineBreaks(ts, read.end + 1);
  const e = expressionEnd(ctx, ts, s);
  return e > s ? { start: read.start, end: e, fallback: { start: s, end: e } } : null;
}

/** What a read with its fallback binds: a literal default, another key, a generated value, or the environment alone. */
function emitFallback(ctx: CodeContext, ts: Token[], read: EnvRead, key: Target, whole: Span, fallback: TokenRange | undefined, isLast: boolean): void {
  const envName = keyIdOf(read.name);
  const base = { key: key.key, keyId: key.keyId, keySpan: key.keySpan, envName };
  const value = fallback ? classifyValue(ctx, ts, fallback.start, fallback.end, 'resolve') : ({ origin: 'none' } as const);
  switch (value.origin) {
    case 'literal': {
      // Through a name (`DEFAULT_SECRET`), the strict read would leave the constant behind: no fix then.
      const fix = value.via === undefined ? read.strictRead?.(whole) : undefined;
      emit(ctx, { ...base, origin: 'default', value: value.lit.value, span: contentSpan(value.lit), ...(fix ? { strictRead: fix } : {}) });
      // A fallback to another real key that happens to be a literal here is also that fallback.
      const via = value.via === undefined ? '' : keyIdOf(value.via);
      if (via !== '' && isSecretName(ctx, via) && !/(^|_)(DEFAULT|FALLBACK|DEV|TEST|LOCAL)(_|$)/.test(via)) {
        emit(ctx, { ...base, origin: 'fallback', referenceTo: via, span: whole });
      }
      return;
    }
    case 'template':
    case 'managed':
      emit(ctx, { ...base, origin: value.origin, span: contentSpan(value.lit) });
      return;
    case 'reference':
      emit(ctx, { ...base, origin: 'fallback', referenceTo: value.referenceTo, span: whole });
      return;
    case 'env':
      emit(ctx, { ...base, origin: 'fallback', referenceTo: value.envName, span: whole });
      return;
    case 'runtime':
      emit(ctx, { ...base, origin: 'runtime', span: whole });
      return;
    case 'none':
      if (isLast) emit(ctx, { ...base, origin: 'env', span: whole });
      return;
  }
}

// ---------------------------------------------------------------------------------------------
// Pass 2b: locals that hold a read, given a literal when it is empty

/** A plain local bound to an environment read: `key := os.Getenv("JWT_SECRET")`, `secret = os.getenv("K")`. */
interface EnvLocal {
  readTok: number;
  key: Target;
  envName: string;
}

/** How far (in tokens) after the read a literal given to the local still counts as its fallback. */
const ENV_LOCAL_REACH = 400;
/** How far before the literal's binding the `if` that tests the local may start. */
const IF_REACH = 40;

function envLocals(ctx: CodeContext): Map<string, EnvLocal> {
  return memoize(ctx, 'engine.envLocals', () => new Map<string, EnvLocal>());
}

function rememberEnvLocal(ctx: CodeContext, ts: Token[], read: EnvRead, wholeStart: number, key: Target): void {
  const local = targetBefore(ctx, ts, wholeStart);
  if (!local || !/^[$@]?[A-Za-z_][A-Za-z0-9_]*$/.test(local.key)) return;
  const locals = envLocals(ctx);
  if (!locals.has(local.key)) locals.set(local.key, { readTok: wholeStart, key, envName: keyIdOf(read.name) });
}

/**
 * `key := os.Getenv("JWT_SECRET"); if key == "" { key = "x" }`, `if not secret: secret = "x"`,
 * `envar.presence || "x"`: whatever the local is called, a literal it gets when the read came back
 * empty is the read's default.
 */
function handleEnvLocals(ctx: CodeContext): void {
  const locals = envLocals(ctx);
  if (locals.size === 0) return;
  const ts = ctx.tokens;
  const bindings = bindingsOf(ctx);
  for (const [name, info] of locals) {
    const base = { key: info.key.key, keyId: info.key.keyId, keySpan: info.key.keySpan, envName: info.envName };
    for (const b of bindings.get(name) ?? []) {
      if (!b.lit || b.tok <= info.readTok || b.tok - info.readTok > ENV_LOCAL_REACH || !testedByIf(ts, name, b.tok)) continue;
      const value = classifyLiteral(b.lit);
      if (value.origin !== 'literal') continue;
      emit(ctx, { ...base, origin: 'default', value: b.lit.value, span: contentSpan(value.lit) });
      markConsumed(ctx, b.tok, b.tok + 3);
    }
    // `local || "x"`, `local.presence || "x"`, `local ?: "x"` after the read.
    for (let k = info.readTok + 1; k < ts.length && k - info.readTok <= ENV_LOCAL_REACH; k++) {
      const t = ts[k];
      if (t?.kind !== 'id' || t.text !== name || !isChainStart(ctx, ts, k)) continue;
      let op = k + 1;
      if (isOp(ts[op], '.') && isId(ts[op + 1], 'presence')) op += 2;
      const o = ts[op];
      if (!o || !ctx.spec.orOps.has(o.text)) continue;
      const s = skipLineBreaks(ts, op + 1);
      const e = expressionEnd(ctx, ts, s);
      const lit = e > s ? unwrapLiteral(ctx, ts, s, e) : undefined;
      const value = lit ? classifyLiteral(lit) : undefined;
      if (value?.origin !== 'literal') continue;
      emit(ctx, { ...base, origin: 'default', value: value.lit.value, span: contentSpan(value.lit) });
      markConsumed(ctx, k, e);
    }
  }
}

/** True when an `if` (or `unless`) shortly before `at` tests `name`. */
function testedByIf(ts: Token[], name: string, at: number): boolean {
  let sawName = false;
  for (let k = at - 1; k >= 0 && k >= at - IF_REACH; k--) {
    const t = ts[k];
    if (t?.kind === 'id' && t.text === name) sawName = true;
    if ((isId(t, 'if') || isId(t, 'unless')) && sawName) return true;
  }
  return false;
}

/** `READ or x`, `READ || x`, `READ ?? x`, `READ ?: x`, the operator possibly on the next line. */
function extendWithOrOperator(ctx: CodeContext, ts: Token[], read: EnvRead) {
  let k = read.end;
  if (ts[k]?.kind === 'nl' && (ctx.language !== 'python' || (ts[k]?.depth ?? 0) > 0)) k = skipLineBreaks(ts, k);
  const op = ts[k];
  if (!op || (op.kind !== 'op' && op.kind !== 'id') || !ctx.spec.orOps.has(op.text)) return null;
  const s = skipLineBreaks(ts, k + 1);
  const e = expressionEnd(ctx, ts, s);
  if (e <= s) return null;
  return { start: read.start, end: e, fallback: { start: s, end: e } };
}

/** The read's own name when it is secret-named (`JWT_SECRET_KEY` in `SECRET_KEY = os.getenv("JWT_SECRET_KEY")`), else the target's. */
function keyForRead(ctx: CodeContext, ts: Token[], read: EnvRead, wholeStart: number): Target | null {
  const envId = keyIdOf(read.name);
  const nameTok = ts[read.nameTok];
  if (isSecretName(ctx, envId) && nameTok) {
    const lit = plainLiteral(nameTok);
    return { key: read.name, keyId: envId, keySpan: lit ? contentSpan(lit) : { start: nameTok.start, end: nameTok.end }, startTok: read.nameTok };
  }
  const target = targetBefore(ctx, ts, wholeStart);
  return target && (target.forced || isSecretName(ctx, target.keyId)) ? target : null;
}

/** Calls that hand a value through unchanged: `str(os.getenv(...))`, Go `[]byte(os.Getenv(...))`. */
const PASS_THROUGH_CALLS = /^(str|bytes|String|\[\]byte|Buffer\.from|strip|trim)$/;

/** The key an expression starting at `ts[s]` is assigned to (`X = <expr>`, `'K': <expr>`, `k => <expr>`). */
function targetBefore(ctx: CodeContext, ts: Token[], s: number): Target | null {
  let p = s - 1;
  for (let steps = 0; steps < 3; steps++) {
    const open = ts[p];
    if (!isOp(open, '(')) break;
    const callee = calleeOf(ctx, ts, p);
    if (!callee || !PASS_THROUGH_CALLS.test(callee.segments.join('.'))) break;
    p = callee.start - 1;
  }
  const op = ts[p];
  if (!op || op.kind !== 'op') return null;
  const isAssign = ctx.spec.assignOps.has(op.text);
  const isKeyValue = (op.text === ':' && ctx.spec.colonKeys !== 'none') || (op.text === '=>' && ctx.spec.arrowKeys);
  if (!isAssign && !isKeyValue) return null;
  const keyTok = ts[p - 1];
  if (isKeyValue) {
    const lit = plainLiteral(keyTok);
    if (lit) return withOverride(ctx, ts, { key: lit.value, keyId: keyIdOf(lit.value), keySpan: contentSpan(lit), startTok: p - 1 });
  }
  let start = chainStartBefore(ctx, ts, p - 1);
  if (start < 0) return null;
  // `X: T = value` (Python, TypeScript, Kotlin annotations): the key is before the colon.
  if (isAssign && isOp(ts[start - 1], ':') && ts[start - 2]?.kind === 'id') {
    const annotated = chainStartBefore(ctx, ts, start - 2);
    if (annotated >= 0) return targetFromChain(ctx, ts, annotated);
  }
  // Go `var name Type = value`.
  if (isAssign && ctx.language === 'go' && ts[start - 1]?.kind === 'id' && !isId(ts[start - 1], 'var') && !isId(ts[start - 1], 'const')) {
    start -= 1;
  }
  return targetFromChain(ctx, ts, start);
}

function targetFromChain(ctx: CodeContext, ts: Token[], start: number, read?: Chain): Target | null {
  const chain = read ?? readChain(ctx, ts, start);
  if (!chain) return null;
  const last = chain.segments[chain.segments.length - 1];
  const first = ts[start];
  const lastTok = ts[chain.end - 1];
  if (!last || !first || !lastTok) return null;
  return withOverride(ctx, ts, {
    key: ctx.text.slice(first.start, lastTok.end),
    keyId: keyIdOf(last.name),
    keySpan: { start: first.start, end: lastTok.end },
    startTok: last.tok,
  });
}

function withOverride(ctx: CodeContext, ts: Token[], target: Target): Target {
  const forced = ctx.spec.keyIdOverride?.(ctx, ts, target.startTok, target.keyId);
  return forced ? { ...target, keyId: forced, forced: true } : target;
}

// ---------------------------------------------------------------------------------------------
// Pass 3: assignments to secret-named keys

function handleTarget(ctx: CodeContext, i: number): void {
  const ts = ctx.tokens;
  const t = ts[i];
  if (!t) return;
  let target: Target | null;
  let opIdx: number;
  if (t.kind === 'id' && isChainStart(ctx, ts, i)) {
    const chain = readChain(ctx, ts, i);
    if (!chain) return;
    opIdx = chain.end;
    const declared = ctx.spec.typedDeclarationOp?.(ts, i, chain.end) ?? -1;
    if (declared >= 0) opIdx = declared;
    // Most chains are calls and reads (`db.session.add(`): nothing after them assigns, so no key
    // is built. The same test valueAfterKey makes first, before any name is normalised.
    const op = ts[opIdx];
    if (op?.kind !== 'op' || !(ctx.spec.assignOps.has(op.text) || op.text === ':' || (op.text === '=>' && ctx.spec.arrowKeys))) return;
    target = targetFromChain(ctx, ts, i, chain);
  } else if (t.kind === 'str' && t.lit && t.lit.interpolations.length === 0 && (ctx.spec.colonKeys !== 'none' || ctx.spec.arrowKeys)) {
    const lit = t.lit;
    target = withOverride(ctx, ts, { key: lit.value, keyId: keyIdOf(lit.value), keySpan: contentSpan(lit), startTok: i });
    opIdx = i + 1;
    if (!isOp(ts[opIdx], ':') && !isOp(ts[opIdx], '=>')) return;
  } else {
    return;
  }
  if (!target || !(target.forced || isSecretName(ctx, target.keyId))) return;
  if (isLogArgument(ctx, ts, i)) return;
  const rhs = valueAfterKey(ctx, ts, i, opIdx, t.kind === 'str');
  if (!rhs || anyConsumed(ctx, rhs.start, rhs.end)) return;
  assignValue(ctx, ts, target, rhs.start, rhs.end);
}

/** A key inside a log call's arguments (`logger.info({ jwtSecret: '[redacted]' })`) describes a message, not configuration. */
function isLogArgument(ctx: CodeContext, ts: Token[], k: number): boolean {
  let p = ts[k]?.parent ?? -1;
  for (let steps = 0; steps < 4 && p >= 0; steps++) {
    if (isOp(ts[p], '(')) {
      const callee = calleeOf(ctx, ts, p);
      if (callee && ctx.spec.isLogCall(callee.segments)) return true;
    }
    p = ts[p]?.parent ?? -1;
  }
  return false;
}

/** Emits what `target = <value in [s, e)>` binds: a literal, a reference to another secret, a generated value. */
export function assignValue(ctx: CodeContext, ts: Token[], target: Target, s: number, e: number): void {
  const base = { key: target.key, keyId: target.keyId, keySpan: target.keySpan };
  const value = classifyValue(ctx, ts, s, e);
  switch (value.origin) {
    case 'literal':
      if (ctx.spec.literalIsDefault?.(ctx, ts, target)) {
        emit(ctx, { ...base, origin: 'default', envName: target.keyId, value: value.lit.value, span: contentSpan(value.lit) });
      } else {
        emit(ctx, { ...base, origin: 'literal', value: value.lit.value, span: contentSpan(value.lit) });
      }
      return;
    case 'template':
    case 'managed':
      emit(ctx, { ...base, origin: value.origin, span: contentSpan(value.lit) });
      return;
    case 'reference': {
      const origin = referenceOrigin(ctx, ts, target, value.referenceTo, value.path);
      if (origin) emit(ctx, { ...base, origin, referenceTo: value.referenceTo, span: value.span });
      return;
    }
    case 'runtime':
      emit(ctx, { ...base, origin: 'runtime', span: value.span });
      return;
    case 'env':
    case 'none':
      return;
  }
}

/**
 * `JWT_SECRET_KEY = SECRET_KEY` is a reference worth reporting: two roles share one value. An
 * alias within one role (`app.secret_key = SECRET_KEY`, `SIGNING_KEY = JWT_SECRET_KEY`) is how
 * correct setups pass a key around, so it is not one; a framework's own key always is.
 */
function referenceOrigin(ctx: CodeContext, ts: Token[], target: Target, refKeyId: string, path: string): 'reference' | 'fallback' | null {
  const framework = ctx.spec.isFrameworkKey?.(path) ?? false;
  if (!framework && !isSecretName(ctx, refKeyId)) return null;
  const decided = ctx.spec.referenceOrigin?.(ctx, ts, target, refKeyId);
  if (decided !== undefined) return decided;
  // A bare `secret` says nothing about the role it plays: `jwtSecret = secret` is an alias, not a reuse.
  if (refKeyId === target.keyId || target.keyId === 'SECRET' || refKeyId === 'SECRET') return null;
  return framework || roleOf(refKeyId) !== roleOf(target.keyId) ? 'reference' : null;
}

/** The value range after a key: `= v`, `: T = v`, `: v`, `=> v`, or null when the key is not assigned here. */
function valueAfterKey(ctx: CodeContext, ts: Token[], keyStart: number, opIdx: number, stringKey: boolean): TokenRange | null {
  const op = ts[opIdx];
  if (!op || op.kind !== 'op') return null;
  const prev = ts[keyStart - 1];
  if (isOp(prev, '?') || isId(prev, 'case')) return null; // `c ? a : b`, `case "k":`
  let s: number;
  if (!stringKey && ctx.spec.assignOps.has(op.text)) {
    if (isParameter(ctx, ts, keyStart)) return null;
    s = opIdx + 1;
  } else if (op.text === ':') {
    const found = valueAfterColon(ctx, ts, keyStart, opIdx, stringKey);
    if (found === null) return null;
    s = found;
  } else if (op.text === '=>' && ctx.spec.arrowKeys) {
    s = opIdx + 1;
  } else {
    return null;
  }
  s = skipLineBreaks(ts, s);
  const e = expressionEnd(ctx, ts, s);
  if (e <= s) return null;
  // `name: Type = value` inside an object-like body (TypeScript class fields).
  if (op.text === ':' && ctx.spec.colonKeys === 'object') {
    for (let k = s; k < e; k++) {
      if (isOp(ts[k], '=') && ts[k]?.parent === ts[s]?.parent) return { start: k + 1, end: e };
    }
  }
  return { start: s, end: e };
}

function valueAfterColon(ctx: CodeContext, ts: Token[], keyStart: number, opIdx: number, stringKey: boolean): number | null {
  switch (ctx.spec.colonKeys) {
    case 'none':
      return null;
    case 'object':
      return isParameter(ctx, ts, keyStart) ? null : opIdx + 1;
    case 'adjacent':
      if (isParameter(ctx, ts, keyStart)) return null;
      return stringKey || ts[opIdx]?.start === ts[opIdx - 1]?.end ? opIdx + 1 : null;
    case 'annotation': {
      if (stringKey) return ctx.language === 'python' ? opIdx + 1 : null;
      if (ctx.language === 'python' && !isStatementStart(ts, keyStart)) return null;
      if (isParameter(ctx, ts, keyStart)) return null;
      // The annotation runs to `=` on the same statement.
      for (let k = opIdx + 1; k < opIdx + 32; k++) {
        const t = ts[k];
        if (!t || t.kind === 'nl' || isOp(t, ';')) return null;
        if (t.parent !== ts[opIdx]?.parent) return null;
        if (isOp(t, '=')) return k + 1;
      }
      return null;
    }
  }
}

function isStatementStart(ts: Token[], k: number): boolean {
  const prev = ts[k - 1];
  return !prev || prev.kind === 'nl' || isOp(prev, ';');
}

/** A function parameter (`def f(secret_key="x")`, `function f(secret = "x") {}`): a declaration, not a binding. */
function isParameter(ctx: CodeContext, ts: Token[], k: number): boolean {
  const open = ts[k]?.parent ?? -1;
  const bracket = ts[open];
  if (!bracket || bracket.text !== '(') return false;
  const name = ts[open - 1];
  const beforeName = ts[open - 2];
  if (isId(beforeName, 'def') || isId(beforeName, 'function') || isId(beforeName, 'fun') || isId(beforeName, 'func') || isId(beforeName, 'fn') || isId(name, 'function') || isId(name, 'fn') || isId(name, 'lambda')) {
    return true;
  }
  if (ctx.language === 'python' || ctx.language === 'ruby') return false;
  const after = ts[bracket.match + 1];
  if (bracket.match < 0 || !after) return false;
  // `(...) {` `(...) =>` `(...): Type` close a signature in the brace languages.
  return isOp(after, '{') || isOp(after, '=>') || (isOp(after, ':') && ctx.language !== 'go') || isId(after, 'throws');
}

// ---------------------------------------------------------------------------------------------
// Pass 4: signing calls

/** How much of a value's text is compared with a framework key's path (`Rails.application.credentials.dig(:secret_key_base)`). */
const FRAMEWORK_PATH_LIMIT = 120;

/**
 * The application key a name in [s, e) stands for, when the file binds it to one: a framework key
 * (`Rails.application.secret_key_base`, `settings.SECRET_KEY`) or an environment read of an
 * app-role variable (`ENV["SECRET_KEY_BASE"]`, `os.getenv("SECRET_KEY")`).
 */
function appKeyBehind(ctx: CodeContext, ts: Token[], s: number, e: number): { keyId: string; span: Span } | undefined {
  const bound = boundRange(ctx, ts, s, e);
  if (!bound) return undefined;
  const r = trimRange(ts, bound.start, bound.end);
  const first = ts[r.start];
  if (!first || first.kind !== 'id') return undefined;
  const place = { span: rangeSpan(ts, r.start, r.end) };
  const read = ctx.spec.matchEnvRead(ctx, ts, r.start);
  if (read && read.end === r.end) {
    const envId = keyIdOf(read.name);
    return roleOf(envId) === 'app' && isSharedAppVariable(envId) ? { keyId: envId, ...place } : undefined;
  }
  const last = ts[r.end - 1];
  if (!last || last.end - first.start > FRAMEWORK_PATH_LIMIT) return undefined;
  const text = ctx.text.slice(first.start, last.end).replace(/\s+/g, '');
  const chain = chainCovering(ctx, ts, r.start, r.end);
  const path = chain ? chainPath(chain) : text;
  if (!(ctx.spec.isFrameworkKey?.(path) ?? false)) return undefined;
  return { keyId: (chain ? lastNamedSegment(ctx, chain.segments) : undefined) ?? 'SECRET_KEY_BASE', ...place };
}

function handleSink(ctx: CodeContext, open: number): void {
  const ts = ctx.tokens;
  const sinks = memoize(ctx, 'engine.sinks', () => (ctx.spec.extraSinks ? [...ctx.spec.sinks, ...ctx.spec.extraSinks(ctx)] : ctx.spec.sinks));
  if (sinks.length === 0) return;
  const callee = calleeOf(ctx, ts, open);
  if (!callee) return;
  const path = callee.segments.join('.');
  for (const sink of sinks) {
    if (!sink.callee.test(path)) continue;
    const args = callArgs(ts, open);
    if (!args) return;
    const picked = args.filter((a, n) => (a.name !== undefined ? (sink.names ?? []).includes(a.name) : sink.args === 'all' || sink.args.includes(n)));
    for (const arg of picked) {
      if (anyConsumed(ctx, arg.start, arg.end)) continue;
      const value = classifyValue(ctx, ts, arg.valueStart, arg.end, 'resolve');
      const base = { key: callee.text, keyId: sink.keyId };
      if (value.origin === 'literal') {
        emit(ctx, { ...base, origin: 'literal', value: value.lit.value, span: contentSpan(value.lit) });
        markConsumed(ctx, arg.start, arg.end);
      } else if (value.origin === 'reference' && (ctx.spec.isFrameworkKey?.(value.path) ?? false)) {
        emit(ctx, { ...base, origin: 'reference', referenceTo: value.referenceTo, span: value.span });
        markConsumed(ctx, arg.start, arg.end);
      } else if (value.origin === 'reference') {
        // `hmac_secret = Rails.application.secrets.secret_key_base; JWT.encode(p, hmac_secret)`,
        // `def secret_key; ENV["SECRET_KEY_BASE"]; end`: the name stands for the app's own key.
        const appKey = appKeyBehind(ctx, ts, arg.valueStart, arg.end);
        if (appKey) {
          // Where the name is bound (a method's body, a local, a constant) is one place however many
          // calls use it (encode and decode): reported there.
          emit(ctx, { ...base, origin: 'reference', referenceTo: appKey.keyId, span: appKey.span });
          markConsumed(ctx, arg.start, arg.end);
        }
      }
    }
    return;
  }
}
