import { OBJECT_LITERAL_SYNTAX, type CodeContext, type EnvRead, type LanguageSpec, type ReadExtension } from './language.js';
import { callRead } from './reads.js';
import type { Token } from './tokens.js';
import { callArgs, isId, isOp, readChain } from './walk.js';

/**
 * Rust: `env::var("K").unwrap_or("x".to_string())`, `.unwrap_or_else(|_| "x".into())`,
 * `dotenvy::var`, `option_env!("K").unwrap_or("x")`, `const JWT_SECRET: &str = "x"`, struct
 * fields (`Config { jwt_secret: ... }`), and the JWT crates' keys (`EncodingKey::from_secret(b"x")`,
 * jwt-simple `HS256Key::from_bytes`, `Hmac::new_from_slice`, the cookie crate's `Key::from`).
 */

/** `std::env::var`, `env::var`, `var` (after `use std::env::var`), dotenv's and dotenvy's, `option_env!`. */
const READS = /^((std\.)?env\.(var|var_os)|dotenvy?\.var|option_env!|env!)$/;

function matchEnvRead(ctx: CodeContext, ts: Token[], i: number): EnvRead | null {
  const chain = readChain(ctx, ts, i);
  if (!chain || chain.segments.some((s) => s.kind !== 'id')) return null;
  const path = chain.segments.map((s) => s.name).join('.');
  if (!READS.test(path) || !isOp(ts[chain.end], '(')) return null;
  return callRead(ts, i, chain.end)?.read ?? null;
}

/** Methods between a read and its fallback that keep the value: `.ok()`, `.as_deref()`, `.map(...)`. */
const PASSING = new Set(['ok', 'as_deref', 'as_ref', 'map', 'map_err', 'or_else', 'filter']);

/**
 * `READ.unwrap_or(x)`, `READ.unwrap_or_else(|_| x)` / `(|| { x })`, possibly after `.ok()`: the
 * argument (or the closure's body) is what the program runs with when the variable is unset.
 */
function extendRead(ctx: CodeContext, ts: Token[], read: EnvRead): ReadExtension | null {
  let k = read.end;
  for (let steps = 0; steps < 4; steps++) {
    const name = ts[k + 1];
    if (!isOp(ts[k], '.') || name?.kind !== 'id' || !isOp(ts[k + 2], '(')) return null;
    const open = k + 2;
    const close = ts[open]?.match ?? -1;
    if (close < 0) return null;
    if (name.text === 'unwrap_or' || name.text === 'unwrap_or_else') {
      const arg = callArgs(ts, open)?.[0];
      if (!arg) return null;
      const body = name.text === 'unwrap_or' ? { start: arg.start, end: arg.end } : closureBody(ts, arg.start, arg.end);
      return body ? { start: read.start, end: close + 1, fallback: body } : null;
    }
    if (!PASSING.has(name.text)) return null;
    k = close + 1;
  }
  return null;
}

/** The body of `|_| x`, `|| x`, `|e| { x }`, `move || x`. */
function closureBody(ts: Token[], start: number, end: number): { start: number; end: number } | null {
  let k = start;
  if (isId(ts[k], 'move')) k++;
  if (isOp(ts[k], '||')) k++;
  else if (isOp(ts[k], '|')) {
    k++;
    while (k < end && !isOp(ts[k], '|')) k++;
    if (k >= end) return null;
    k++;
  } else {
    return null;
  }
  const open = ts[k];
  // `{ x }` with a single expression inside.
  if (isOp(open, '{') && open && open.match === end - 1) return { start: k + 1, end: end - 1 };
  return k < end ? { start: k, end } : null;
}

/** Printing and logging macros, bare or by path (`log::info!`, `tracing::warn!`). */
const LOG_MACROS = new Set(['println!', 'print!', 'eprintln!', 'eprint!', 'dbg!', 'trace!', 'debug!', 'info!', 'warn!', 'error!', 'panic!']);

function isLogCall(segments: readonly string[]): boolean {
  return LOG_MACROS.has(segments[segments.length - 1] ?? '');
}

export const rust: LanguageSpec = {
  memberSeps: new Set(['.', '::']),
  assignOps: new Set(['=']),
  orOps: new Set(),
  nullish: new Set(['None']),
  ...OBJECT_LITERAL_SYNTAX,
  matchEnvRead,
  extendRead,
  sinks: [
    { callee: /(^|\.)(EncodingKey|DecodingKey)\.(from_secret|from_base64_secret)$/, args: [0], keyId: 'JWT_SECRET' },
    { callee: /(^|\.)HS(256|384|512)Key\.from_bytes$/, args: [0], keyId: 'JWT_SECRET' },
    { callee: /(^|\.)(new_from_slice|new_varkey)$/, args: [0], keyId: 'HMAC_SECRET' },
    { callee: /(^|\.)hmac\.Key\.new$/, args: [1], keyId: 'HMAC_SECRET' },
    { callee: /(^|\.)Key\.(from|derive_from)$/, args: [0], keyId: 'COOKIE_SECRET' },
  ],
  isLogCall,
};
