import type { Span } from '../../core/types.js';
import { shapeOfValue } from '../value-shape.js';
import { emit, markConsumed } from './engine.js';
import { memoize, type CodeContext, type EnvRead, type LanguageSpec, type ReadExtension } from './language.js';
import { callRead } from './reads.js';
import type { Token } from './tokens.js';
import { callArgs, calleeOf, contentSpan, expressionEnd, isId, isOp, isSecretName, keyIdOf, plainLiteral, readChain, unwrapLiteral } from './walk.js';

/**
 * Go: `os.Getenv("K")`, the fallback helpers every project writes (`getEnv("K", "x")`,
 * `GetEnvOrDefault`, `envOr`), `cmp.Or(os.Getenv("K"), "x")`, `jwtKey := []byte("lit")`,
 * `var`/`const` declarations, struct fields, and `token.SignedString([]byte("lit"))`.
 */

const STRICT_READS = new Set(['os.Getenv', 'os.LookupEnv', 'syscall.Getenv']);
/** Helper names that read a variable, with a fallback as second argument: getEnv, GetEnvOrDefault, envOr, MustGetEnv. */
const ENV_HELPER = /env/i;
/** ...but not the ones that configure or list the environment (viper.BindEnv, os.Setenv, os.ExpandEnv). */
const NOT_A_READ = /^(bind|set|unset|expand|clear|automatic|environ$)/i;

function matchEnvRead(ctx: CodeContext, ts: Token[], i: number): EnvRead | null {
  const chain = readChain(ctx, ts, i);
  if (!chain || chain.segments.some((s) => s.kind !== 'id') || !isOp(ts[chain.end], '(')) return null;
  const names = chain.segments.map((s) => s.name);
  const path = names.join('.');
  if (STRICT_READS.has(path)) return callRead(ts, i, chain.end)?.read ?? null;
  const last = names[names.length - 1] ?? '';
  // viper.SetDefault("jwt.secret", "x"): the value used when neither config nor environment sets it.
  if (last === 'SetDefault' && names.length === 2) return callRead(ts, i, chain.end, 1)?.read ?? null;
  if (isId(ts[i - 1], 'func')) return null;
  if (names.length === 1 && envHelpers(ctx).has(last)) return callRead(ts, i, chain.end, 1)?.read ?? null;
  if (names[0] === 'os' || !ENV_HELPER.test(last) || NOT_A_READ.test(last)) return null;
  return callRead(ts, i, chain.end, 1)?.read ?? null;
}

/**
 * Functions this file declares that read the environment with their first parameter, whatever
 * they are called: `func lookup(key, fallback string) string { if v, ok := os.LookupEnv(key); ok ... }`.
 */
function envHelpers(ctx: CodeContext): Set<string> {
  return memoize(ctx, 'go.envHelpers', () => {
    const ts = ctx.tokens;
    const out = new Set<string>();
    for (let i = 0; i < ts.length; i++) {
      if (!isId(ts[i], 'func') || ts[i + 1]?.kind !== 'id' || !isOp(ts[i + 2], '(')) continue;
      const body = funcBody(ts, i);
      if (!body) continue;
      for (let k = body.open + 1; k < body.close; k++) {
        if ((isId(ts[k], 'Getenv') || isId(ts[k], 'LookupEnv')) && isOp(ts[k - 1], '.') && isId(ts[k - 2], 'os') && ts[k + 2]?.kind === 'id') {
          out.add(ts[i + 1]?.text ?? '');
          break;
        }
      }
    }
    return out;
  });
}

/** The body `{ ... }` of the function whose `func` keyword is `ts[i]` (a declaration or a literal). */
function funcBody(ts: Token[], i: number): { open: number; close: number } | null {
  for (let k = i + 1; k < i + 64 && k < ts.length; k++) {
    const t = ts[k];
    if (!t) return null;
    if (isOp(t, '(') || isOp(t, '[')) {
      if (t.match < 0) return null;
      k = t.match;
      continue;
    }
    if (isOp(t, '{')) {
      // `interface{}` / `struct{}` in a signature are types, not the body.
      if (isId(ts[k - 1], 'interface') || isId(ts[k - 1], 'struct')) {
        k = t.match < 0 ? k : t.match;
        continue;
      }
      return t.match > k ? { open: k, close: t.match } : null;
    }
    if (t.kind === 'nl') return null;
  }
  return null;
}

/**
 * Fallbacks written as a function: `var jwtSecret = func() string { if v := os.Getenv("JWT_SECRET");
 * v != "" { return v }; return "x" }()` and `func jwtSecret() string { ... return "x" }`. A body
 * that reads one variable and returns a literal returns the literal when the
 * variable is unset. jwt-go key functions (`func(t *jwt.Token) (interface{}, error) { return
 * []byte("x"), nil }`) return the verification key.
 */
function functionFallbackHook(ctx: CodeContext): void {
  const ts = ctx.tokens;
  for (let i = 0; i < ts.length; i++) {
    if (!isId(ts[i], 'func')) continue;
    const body = funcBody(ts, i);
    if (!body) continue;
    const signature = ctx.text.slice(ts[i]?.end ?? 0, ts[body.open]?.start ?? 0);
    const isKeyFunc = /\*jwt\.Token\b/.test(signature) && /interface\s*\{\s*\}|\bany\b/.test(signature);
    const reads: { name: string; tok: number }[] = [];
    for (let k = body.open + 1; k < body.close && reads.length < 3; k++) {
      const t = ts[k];
      if ((isId(t, 'Getenv') || isId(t, 'LookupEnv')) && isOp(ts[k - 1], '.') && isId(ts[k - 2], 'os') && isOp(ts[k + 1], '(')) {
        const lit = plainLiteral(ts[k + 2]);
        if (lit) reads.push({ name: lit.value, tok: k + 2 });
      }
    }
    if (!isKeyFunc && reads.length !== 1) continue;
    const key = isKeyFunc ? { key: 'jwt key function', keyId: 'JWT_SECRET', span: { start: ts[i]?.start ?? 0, end: ts[i]?.end ?? 0 } } : functionKey(ctx, ts, i, reads[0]);
    if (!key) continue;
    for (let k = body.open + 1; k < body.close; k++) {
      if (!isId(ts[k], 'return')) continue;
      const s = k + 1;
      let e = expressionEnd(ctx, ts, s);
      if (e <= s) continue;
      const lit = unwrapLiteral(ctx, ts, s, e);
      if (!lit || lit.interpolations.length > 0 || shapeOfValue(lit.value) !== 'literal') continue;
      const base = { key: key.key, keyId: key.keyId, keySpan: key.span };
      if (isKeyFunc) emit(ctx, { ...base, origin: 'literal', value: lit.value, span: contentSpan(lit) });
      else emit(ctx, { ...base, origin: 'default', envName: keyIdOf(reads[0]?.name ?? ''), value: lit.value, span: contentSpan(lit) });
      e = Math.max(e, s + 1);
      markConsumed(ctx, s, e);
    }
  }
}

/** The key a fallback function serves: the variable it reads when secret-named, else the name it is bound to or declared as. */
function functionKey(ctx: CodeContext, ts: Token[], funcTok: number, read: { name: string; tok: number } | undefined): { key: string; keyId: string; span: Span } | null {
  if (!read) return null;
  const nameTok = ts[read.tok];
  const readId = keyIdOf(read.name);
  if (isSecretName(ctx, readId) && nameTok) return { key: read.name, keyId: readId, span: { start: nameTok.start + 1, end: nameTok.end - 1 } };
  const declared = ts[funcTok + 1];
  const bound = isOp(ts[funcTok - 1], '=') || isOp(ts[funcTok - 1], ':=') ? ts[funcTok - 2] : undefined;
  const named = declared?.kind === 'id' ? declared : bound?.kind === 'id' ? bound : undefined;
  if (!named || !isSecretName(ctx, keyIdOf(named.text))) return null;
  return { key: named.text, keyId: keyIdOf(named.text), span: { start: named.start, end: named.end } };
}

/** `cmp.Or(os.Getenv("K"), "x")`: the first non-zero argument wins. */
function extendRead(ctx: CodeContext, ts: Token[], read: EnvRead): ReadExtension | null {
  const open = ts[read.start]?.parent ?? -1;
  if (!isOp(ts[open], '(') || open !== read.start - 1) return null;
  const callee = calleeOf(ctx, ts, open);
  if (!callee || callee.segments.join('.') !== 'cmp.Or') return null;
  const args = callArgs(ts, open);
  const second = args?.[1];
  if (!second || args?.[0]?.end !== read.end) return null;
  return { start: callee.start, end: (ts[open]?.match ?? open) + 1, fallback: { start: second.start, end: second.end } };
}

/** `var jwtSecret string = "..."`: the `=` after a name and its type, in a `var`/`const` declaration. */
function typedDeclarationOp(ts: Token[], nameTok: number, afterName: number): number {
  const before = ts[nameTok - 1];
  const parent = ts[nameTok]?.parent ?? -1;
  const inBlock = parent >= 0 && isOp(ts[parent], '(') && (isId(ts[parent - 1], 'var') || isId(ts[parent - 1], 'const'));
  if (!(isId(before, 'var') || isId(before, 'const') || (inBlock && (before?.kind === 'nl' || before === ts[parent])))) return -1;
  const first = ts[afterName];
  if (!first || !(first.kind === 'id' || isOp(first, '[') || isOp(first, '*'))) return -1;
  for (let k = afterName; k < afterName + 12; k++) {
    const t = ts[k];
    if (!t || t.kind === 'nl' || isOp(t, ';')) return -1;
    if (isOp(t, '=') && t.parent === ts[nameTok]?.parent) return k;
  }
  return -1;
}

const LOG_METHOD = /^(Print|Fatal|Panic|Debug|Info|Warn|Warning|Error|Trace)(f|ln|w)?$/;

function isLogCall(segments: readonly string[]): boolean {
  const last = segments[segments.length - 1] ?? '';
  const receiver = segments[segments.length - 2];
  if (receiver === undefined) return last === 'println' || last === 'print';
  if (receiver === 'fmt') return /^F?Print(f|ln)?$/.test(last);
  return LOG_METHOD.test(last) && /log|zap|sugar|logrus/i.test(receiver);
}

export const go: LanguageSpec = {
  memberSeps: new Set(['.']),
  assignOps: new Set(['=', ':=']),
  orOps: new Set(),
  nullish: new Set(['nil']),
  colonKeys: 'object',
  arrowKeys: false,
  newlinesInBrackets: 'end',
  stopWords: new Set(),
  matchEnvRead,
  extendRead,
  sinks: [
    { callee: /(^|\.)SignedString$/, args: [0], keyId: 'JWT_SECRET' },
    // gorilla/sessions and securecookie: the hash (signing) key and the block key.
    { callee: /^(sessions\.)?(NewCookieStore|NewFilesystemStore)$/, args: 'all', keyId: 'SESSION_SECRET' },
    { callee: /^securecookie\.New$/, args: [0, 1], keyId: 'SESSION_SECRET' },
    { callee: /^hmac\.New$/, args: [1], keyId: 'HMAC_SECRET' },
    // lestrrat-go/jwx and go-jose: a symmetric key made from bytes.
    { callee: /^(jwk\.(FromRaw|Import|New)|jwa\.HS256|jose\.SigningKey)$/, args: [0], keyId: 'JWT_SECRET' },
  ],
  isLogCall,
  typedDeclarationOp,
  hooks: [functionFallbackHook],
};
