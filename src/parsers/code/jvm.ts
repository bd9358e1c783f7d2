import { parseSpringPlaceholder } from '../spring-placeholder.js';
import { shapeOfValue } from '../value-shape.js';
import { emit, markConsumed } from './engine.js';
import type { CodeContext, EnvRead, LanguageSpec, ReadExtension } from './language.js';
import { callRead } from './reads.js';
import type { Token } from './tokens.js';
import { callArgs, calleeOf, isId, isOp, isSecretName, keyIdOf, plainLiteral, readChain, trimRange } from './walk.js';

/**
 * Java and Kotlin: Spring `@Value("${jwt.secret:default}")`, `System.getenv("K")` with
 * `Optional.ofNullable(...).orElse("x")`, `getOrDefault`, Kotlin `?: "x"`, Spring
 * `env.getProperty("k", "x")`, constants and fields, and the JWT libraries' key arguments
 * (`Algorithm.HMAC256("lit")`, `Keys.hmacShaKeyFor(...)`, `signWith(...)`).
 */

function matchEnvRead(ctx: CodeContext, ts: Token[], i: number): EnvRead | null {
  const chain = readChain(ctx, ts, i);
  if (!chain || chain.segments.some((s) => s.kind !== 'id')) return null;
  const names = chain.segments.map((s) => s.name);
  const path = names.join('.');
  const open = chain.end;
  if (!isOp(ts[open], '(')) return null;
  if (path === 'System.getenv') {
    const close = ts[open]?.match ?? -1;
    // System.getenv().getOrDefault("K", "x")
    if (close === open + 1 && isOp(ts[close + 1], '.') && isId(ts[close + 2], 'getOrDefault') && isOp(ts[close + 3], '(')) {
      const found = callRead(ts, close + 3, close + 3, 1);
      return found ? { ...found.read, start: i } : null;
    }
    return callRead(ts, i, open)?.read ?? null;
  }
  // Spring Environment / System properties: env.getProperty("jwt.secret", "default")
  const receiver = names[names.length - 2] ?? '';
  if (names[names.length - 1] === 'getProperty' && /env|environment|^System$/i.test(receiver)) {
    return callRead(ts, i, open, 1)?.read ?? null;
  }
  return null;
}

/** `Optional.ofNullable(READ).orElse(x)` and `Objects.requireNonNullElse(READ, x)`. */
function extendRead(ctx: CodeContext, ts: Token[], read: EnvRead): ReadExtension | null {
  const open = read.start - 1;
  if (!isOp(ts[open], '(') || ts[read.start]?.parent !== open) return null;
  const callee = calleeOf(ctx, ts, open);
  const close = ts[open]?.match ?? -1;
  if (!callee || close < 0) return null;
  const path = callee.segments.join('.');
  if (path === 'Optional.ofNullable' && close === read.end && isOp(ts[close + 1], '.') && isId(ts[close + 2], 'orElse') && isOp(ts[close + 3], '(')) {
    const arg = callArgs(ts, close + 3)?.[0];
    if (!arg) return null;
    return { start: callee.start, end: (ts[close + 3]?.match ?? close) + 1, fallback: { start: arg.start, end: arg.end } };
  }
  if (path === 'Objects.requireNonNullElse' || path === 'ObjectUtils.defaultIfNull' || path === 'StringUtils.defaultIfBlank' || path === 'StringUtils.defaultIfEmpty') {
    const args = callArgs(ts, open);
    const second = args?.[1];
    if (!second || args?.[0]?.end !== read.end) return null;
    return { start: callee.start, end: close + 1, fallback: { start: second.start, end: second.end } };
  }
  return null;
}

/**
 * Spring `@Value("${jwt.secret:default}")`: the default after the first `:` is what the
 * application runs with when the property is unset. The repair drops it: `${jwt.secret}`.
 */
function springValueHook(ctx: CodeContext): void {
  const ts = ctx.tokens;
  for (let i = 0; i < ts.length; i++) {
    if (!isOp(ts[i], '@') || !isId(ts[i + 1], 'Value') || !isOp(ts[i + 2], '(')) continue;
    const open = i + 2;
    const close = ts[open]?.match ?? -1;
    const arg = callArgs(ts, open)?.[0];
    if (close < 0 || !arg) continue;
    markConsumed(ctx, i, close + 1);
    const range = trimRange(ts, arg.valueStart, arg.end);
    const lit = range.end - range.start === 1 ? plainLiteral(ts[range.start]) : undefined;
    if (!lit) continue;
    readSpringValue(ctx, ts, lit.contentStart, lit.contentEnd, close);
  }
}

function readSpringValue(ctx: CodeContext, ts: Token[], contentStart: number, contentEnd: number, close: number): void {
  let raw = ctx.text.slice(contentStart, contentEnd);
  let offset = contentStart;
  // Kotlin escapes the dollar: "\${jwt.secret:x}".
  const escaped = ctx.language === 'kotlin' && raw.trimStart().startsWith('\\$');
  if (escaped) {
    const at = raw.indexOf('\\$');
    raw = raw.slice(0, at) + raw.slice(at + 1);
    offset += 1;
  }
  const ph = parseSpringPlaceholder(raw);
  if (!ph) return;
  let keyId = keyIdOf(ph.name);
  let key = ph.name;
  if (!isSecretName(ctx, keyId)) {
    const field = fieldNameAfter(ts, close + 1);
    if (!field || !isSecretName(ctx, keyIdOf(field.text))) return;
    keyId = keyIdOf(field.text);
    key = field.text;
  }
  const placeholder = { start: offset + ph.start - (escaped ? 1 : 0), end: offset + ph.end };
  const base = { key, keyId, envName: keyIdOf(ph.name), keySpan: { start: offset + ph.start + 2, end: offset + ph.start + 2 + ph.name.length } };
  const dflt = ph.defaultValue;
  if (dflt === null || shapeOfValue(dflt) === 'empty') {
    emit(ctx, { ...base, origin: 'env', span: placeholder });
    return;
  }
  const nested = parseSpringPlaceholder(dflt);
  if (nested) {
    emit(ctx, { ...base, origin: 'fallback', referenceTo: keyIdOf(nested.name), span: placeholder });
    return;
  }
  const span = { start: offset + ph.defaultStart, end: offset + ph.defaultStart + dflt.length };
  const shape = shapeOfValue(dflt);
  if (shape === 'template' || shape === 'managed') {
    emit(ctx, { ...base, origin: shape, span });
    return;
  }
  const text = `${escaped ? '\\$' : '$'}{${ph.name}}`;
  emit(ctx, {
    ...base,
    origin: 'default',
    value: dflt,
    span,
    strictRead: {
      description: `Drop the default from the \${${ph.name}} placeholder, so Spring refuses to start when the property is unset instead of running with a value committed in the code.`,
      edits: [{ file: ctx.doc.path, start: placeholder.start, end: placeholder.end, text }],
      removesCommittedValue: true,
    },
  });
}

/** The field or parameter an annotation sits on: `@Value(...) private String jwtSecret;`. */
function fieldNameAfter(ts: Token[], from: number): Token | undefined {
  let name: Token | undefined;
  for (let k = from; k < from + 16; k++) {
    const t = ts[k];
    if (!t) break;
    if (isOp(t, '@') && isId(ts[k + 1])) {
      k += isOp(ts[k + 2], '(') ? Math.max(1, (ts[k + 2]?.match ?? k + 2) - k) : 1;
      continue;
    }
    if (t.kind === 'id') name = t;
    else if (t.kind === 'nl' && name) break;
    else if (isOp(t, ';') || isOp(t, '=') || isOp(t, ':') || isOp(t, ')') || isOp(t, ',')) break;
  }
  return name;
}

const LOG_METHODS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'severe', 'warning', 'fine', 'finer', 'finest', 'log']);

function isLogCall(segments: readonly string[]): boolean {
  const last = segments[segments.length - 1] ?? '';
  const receiver = segments[segments.length - 2];
  if (receiver === undefined) return last === 'println' || last === 'print';
  if ((receiver === 'out' || receiver === 'err') && segments[segments.length - 3] === 'System') return /^(println|print|printf|format)$/.test(last);
  return LOG_METHODS.has(last) && /log/i.test(receiver);
}

const SINKS = [
  { callee: /(^|\.)HMAC(256|384|512)$/, args: [0], keyId: 'JWT_SECRET' },
  { callee: /(^|\.)hmacShaKeyFor$/, args: [0], keyId: 'JWT_SECRET' },
  { callee: /(^|\.)signWith$/, args: 'all' as const, keyId: 'JWT_SECRET' },
  { callee: /(^|\.)(setSigningKey|verifyWith)$/, args: [0], keyId: 'JWT_SECRET' },
  { callee: /(^|\.)SecretKeySpec$/, args: [0], keyId: 'JWT_SECRET' },
];

export const java: LanguageSpec = {
  memberSeps: new Set(['.']),
  assignOps: new Set(['=']),
  orOps: new Set(),
  nullish: new Set(['null']),
  colonKeys: 'none',
  arrowKeys: false,
  newlinesInBrackets: 'round',
  stopWords: new Set(),
  matchEnvRead,
  extendRead,
  sinks: SINKS,
  isLogCall,
  hooks: [springValueHook],
};

export const kotlin: LanguageSpec = {
  ...java,
  memberSeps: new Set(['.', '?.', '!!.']),
  orOps: new Set(['?:']),
  colonKeys: 'annotation',
};
