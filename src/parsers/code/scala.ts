import { java } from './jvm.js';
import type { CodeContext, EnvRead, LanguageSpec, ReadExtension } from './language.js';
import { callRead } from './reads.js';
import type { Token } from './tokens.js';
import { callArgs, calleeOf, isId, isOp, readChain } from './walk.js';

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

export const scala: LanguageSpec = {
  ...java,
  colonKeys: 'annotation',
  matchEnvRead,
  extendRead,
  sinks: [
    ...java.sinks,
    // jwt-scala: Jwt / JwtJson / JwtCirce / JwtSprayJson ... `.encode(claim, key, algo)`, `.decode(token, key, algos)`.
    { callee: /^Jwt[A-Za-z0-9]{0,16}\.(encode|decode|decodeAll|decodeRaw|decodeJson|isValid|validate)$/, args: [1], keyId: 'JWT_SECRET' },
  ],
};
