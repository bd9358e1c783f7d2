import { assignValue, markConsumed } from './engine.js';
import type { CodeContext, EnvRead, LanguageSpec, Target } from './language.js';
import { callRead, removeArgument, strictDescription } from './reads.js';
import type { Token } from './tokens.js';
import { argValue, callArgs, contentSpan, isChainStart, isId, isOp, isSecretName, keyIdOf, plainLiteral, readChain, trimRange } from './walk.js';

/**
 * PHP: Laravel's `env('K', 'x')`, `getenv('K') ?: 'x'`, `$_ENV['K'] ?? 'x'`, config arrays
 * (`'jwt_secret' => '...'`), `define('JWT_SECRET', '...')`, variables and properties, and
 * firebase/php-jwt's `JWT::encode($payload, 'literal', 'HS256')`.
 */

function matchEnvRead(ctx: CodeContext, ts: Token[], i: number): EnvRead | null {
  const chain = readChain(ctx, ts, i);
  const first = chain?.segments[0];
  if (!chain || !first) return null;
  const second = chain.segments[1];
  if ((first.name === '$_ENV' || first.name === '$_SERVER') && second?.kind === 'key') {
    return { start: i, end: second.tok + 2, name: second.name, nameTok: second.tok };
  }
  // `function env(...)` declares a helper; it does not read anything.
  if (chain.segments.length !== 1 || !isOp(ts[chain.end], '(') || isId(ts[i - 1], 'function')) return null;
  if (first.name === 'getenv') return callRead(ts, i, chain.end)?.read ?? null;
  if (first.name !== 'env') return null;
  const found = callRead(ts, i, chain.end, 1);
  if (!found) return null;
  const dflt = found.args[1];
  if (dflt) found.read.strictRead = () => removeArgument(ctx, ts, found.args, dflt, strictDescription(found.read.name, 'env() and no default'));
  return found.read;
}

/** `define('JWT_SECRET', 'literal')`. */
function defineHook(ctx: CodeContext): void {
  const ts = ctx.tokens;
  for (let i = 0; i < ts.length; i++) {
    if (!isId(ts[i], 'define') || !isOp(ts[i + 1], '(') || !isChainStart(ctx, ts, i)) continue;
    const args = callArgs(ts, i + 1);
    const name = args?.[0];
    const value = args ? argValue(args, 1) : undefined;
    if (!name || !value) continue;
    const range = trimRange(ts, name.start, name.end);
    const lit = range.end - range.start === 1 ? plainLiteral(ts[range.start]) : undefined;
    if (!lit) continue;
    const keyId = keyIdOf(lit.value);
    if (!isSecretName(ctx, keyId)) continue;
    assignValue(ctx, ts, { key: lit.value, keyId, keySpan: contentSpan(lit), startTok: range.start }, value.start, value.end);
    markConsumed(ctx, i, (ts[i + 1]?.match ?? i) + 1);
  }
}

const LOGGER_METHODS = new Set(['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency', 'log']);
const OUTPUT = new Set(['echo', 'print', 'print_r', 'var_dump', 'var_export', 'printf', 'error_log', 'syslog', 'dump', 'dd']);

function isLogCall(segments: readonly string[]): boolean {
  const last = segments[segments.length - 1] ?? '';
  const receiver = segments[segments.length - 2];
  if (receiver === undefined) return OUTPUT.has(last);
  return LOGGER_METHODS.has(last) && /log/i.test(receiver);
}

function isStatementLog(segments: readonly string[]): boolean {
  return segments.length === 1 && (segments[0] === 'echo' || segments[0] === 'print');
}

/**
 * `$secret_key = $config['jwt_secret'];`: a plain local variable holds whatever it is given, and its
 * role is that of its source. Only settings (config array keys, constants) can share one key
 * between two roles.
 */
function referenceOrigin(_ctx: CodeContext, _ts: Token[], target: Target): null | undefined {
  return /^\$[A-Za-z_][A-Za-z0-9_]*$/.test(target.key) ? null : undefined;
}

export const php: LanguageSpec = {
  memberSeps: new Set(['->', '?->', '::']),
  assignOps: new Set(['=', '??=']),
  orOps: new Set(['?:', '??']),
  nullish: new Set(['null', 'NULL', 'false']),
  colonKeys: 'none',
  arrowKeys: true,
  newlinesInBrackets: 'round',
  stopWords: new Set(),
  matchEnvRead,
  sinks: [{ callee: /^JWT\.(encode|decode)$/, args: [1], keyId: 'JWT_SECRET' }],
  isLogCall,
  isStatementLog,
  referenceOrigin,
  hooks: [defineHook],
};
