import { java } from './jvm.js';
import type { CodeContext, EnvRead, LanguageSpec, ReadExtension } from './language.js';
import { callRead } from './reads.js';
import type { Token } from './tokens.js';
import { callArgs, calleeOf, isId, isOp, keyIdOf, rangeSpan, readChain } from './walk.js';
import { emit } from './engine.js';

/**
 * Scala: `sys.env.getOrElse("K", "x")`, `sys.env.get("K").getOrElse("x")`,
 * `Option(System.getenv("K")).getOrElse("x")`, `Properties.envOrElse("K", "x")`, `val`s and
 * objects' fields, jwt-scala's `Jwt.encode(claim, key, algo)`, and the Java libraries' keys.
 */

function matchEnvRead(ctx: CodeContext, ts: Token[], i: number): EnvRead | null {
  const chain = readChain(ctx, ts, i);
  if (!chain || chain.segments.some((s) => s.kind !== 'id')) return null;
  const path = chain.segments.map((s) => s.name).join('.');
  const open = chain.end;
  if (!isOp(ts[open], '(')) return null;
  switch (path) {
    case 'sys.env.getOrElse':
    case 'Properties.envOrElse':
    case 'scala.util.Properties.envOrElse':
    case 'sys.props.getOrElse':
      return callRead(ts, i, open, 1)?.read ?? null;
    case 'sys.env':
    case 'sys.env.get':
    case 'sys.env.apply':
    case 'Properties.envOrNone':
    case 'scala.util.Properties.envOrNone':
    case 'System.getenv':
      return callRead(ts, i, open)?.read ?? null;
    default:
      return java.matchEnvRead(ctx, ts, i);
  }
}

/** `READ.getOrElse(x)`, `Option(READ).getOrElse(x)`, and Java's `Optional.ofNullable(READ).orElse(x)`. */
function extendRead(ctx: CodeContext, ts: Token[], read: EnvRead): ReadExtension | null {
  let start = read.start;
  let end = read.end;
  const open = read.start - 1;
  if (isOp(ts[open], '(') && ts[open]?.match === read.end) {
    const callee = calleeOf(ctx, ts, open);
    if (callee && callee.segments.join('.') === 'Option') {
      start = callee.start;
      end = read.end + 1;
    }
  }
  if (isOp(ts[end], '.') && isId(ts[end + 1], 'getOrElse') && isOp(ts[end + 2], '(')) {
    const arg = callArgs(ts, end + 2)?.[0];
    const close = ts[end + 2]?.match ?? -1;
    if (arg && close > 0) return { start, end: close + 1, fallback: { start: arg.start, end: arg.end } };
  }
  return java.extendRead?.(ctx, ts, read) ?? null;
}

/** Play's application key under its current and its 2.5-era name (Play docs, "The application secret"). */
const PLAY_APP_KEYS = new Set(['play.http.secret.key', 'play.crypto.secret']);
/** Play `Configuration` and Typesafe `Config` getters: `config.get[String]("k")`, `getOptional[String]`, `underlying.getString`. */
const CONFIG_GETTERS = /^(get|getOptional|getString|getOption|getStringOption)$/;
/** What makes a file JWT code: its path names JWT, or it imports a JWT library (jwt-scala `pdi.jwt`, jjwt, java-jwt, nimbus-jose). */
const JWT_PATH = /jwt/i;
const JWT_LIBRARY = /jwt|jose|jsonwebtoken/i;

function importsJwtLibrary(text: string): boolean {
  for (let at = text.indexOf('import'); at >= 0; at = text.indexOf('import', at + 6)) {
    if (at > 0 && !/[\n \t]/.test(text.charAt(at - 1))) continue;
    const eol = text.indexOf('\n', at);
    // An import line's first 200 characters name its package; the test is linear in them.
    if (JWT_LIBRARY.test(text.slice(at + 6, Math.min(eol < 0 ? text.length : eol, at + 200)))) return true;
  }
  return false;
}

/**
 * `def get: String = config.get[String]("play.http.secret.key")` in JWT code: the tokens are signed
 * with Play's own application key, the one that signs its session cookie and CSRF tokens. Play
 * reads that key itself; an application that reads it in its JWT code is keying its tokens by it
 * (reused-secret reports the reference, beside the key's value in application.conf).
 */
function playKeyInJwtCode(ctx: CodeContext): void {
  const ts = ctx.tokens;
  let jwtCode: boolean | undefined;
  // The class, object or trait last opened: the owner named in the finding (one pass, no search back).
  let owner: string | undefined;
  for (let k = 1; k < ts.length; k++) {
    const t = ts[k - 1];
    if (t?.kind === 'id' && (t.text === 'class' || t.text === 'object' || t.text === 'trait') && ts[k]?.kind === 'id') owner = ts[k]?.text;
    const lit = ts[k]?.lit;
    if (ts[k]?.kind !== 'str' || !lit || !PLAY_APP_KEYS.has(lit.value)) continue;
    const open = k - 1;
    if (!isOp(ts[open], '(') || !isOp(ts[k + 1], ')')) continue;
    const before = ts[open - 1];
    const getter = isOp(before, ']') && before ? ts[before.match - 1] : before;
    if (getter?.kind !== 'id' || !CONFIG_GETTERS.test(getter.text)) continue;
    jwtCode ??= JWT_PATH.test(ctx.doc.path) || importsJwtLibrary(ctx.text);
    if (!jwtCode) return;
    const name = definitionBefore(ts, open);
    emit(ctx, {
      key: name === undefined ? lit.value : owner === undefined ? name : `${owner}.${name}`,
      keyId: 'JWT_SECRET',
      keySpan: { start: ts[k]?.start ?? 0, end: ts[k]?.end ?? 0 },
      origin: 'reference',
      referenceTo: keyIdOf(lit.value),
      envName: keyIdOf(lit.value),
      span: rangeSpan(ts, k, k + 2),
    });
  }
}

/** The name of the `def`/`val` the expression at `k` is the body of (same line, a few tokens back), or undefined. */
function definitionBefore(ts: Token[], k: number): string | undefined {
  for (let j = k - 1; j >= 0 && j > k - 24 && ts[j]?.kind !== 'nl'; j--) {
    if (isId(ts[j], 'def') || isId(ts[j], 'val') || isId(ts[j], 'var')) return ts[j + 1]?.kind === 'id' ? ts[j + 1]?.text : undefined;
  }
  return undefined;
}

export const scala: LanguageSpec = {
  ...java,
  colonKeys: 'annotation',
  hooks: [...(java.hooks ?? []), playKeyInJwtCode],
  matchEnvRead,
  extendRead,
  sinks: [
    ...java.sinks,
    // jwt-scala: Jwt / JwtJson / JwtCirce / JwtSprayJson ... `.encode(claim, key, algo)`, `.decode(token, key, algos)`.
    { callee: /^Jwt[A-Za-z0-9]{0,16}\.(encode|decode|decodeAll|decodeRaw|decodeJson|isValid|validate)$/, args: [1], keyId: 'JWT_SECRET' },
  ],
};
