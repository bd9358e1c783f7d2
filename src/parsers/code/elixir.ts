import { assignValue, markConsumed } from './engine.js';
import type { CodeContext, EnvRead, LanguageSpec } from './language.js';
import { callRead, rawName, replaceWhole, strictDescription } from './reads.js';
import type { Token } from './tokens.js';
import { expressionEnd, isId, isOp, isSecretName, keyIdOf, readChain } from './walk.js';

/**
 * Elixir: `config/*.exs` keyword lists (`secret_key_base: "..."`, Guardian's `secret_key:`),
 * `System.get_env("K") || "x"`, `System.get_env("K", "x")`, module attributes (`@secret "x"`),
 * and the JWT libraries' keys (`Joken.Signer.create("HS256", "x")`, `JOSE.JWK.from_oct("x")`).
 */

const GET_ENV = new Set(['System.get_env', 'System.fetch_env', 'System.fetch_env!']);

function matchEnvRead(ctx: CodeContext, ts: Token[], i: number): EnvRead | null {
  const chain = readChain(ctx, ts, i);
  if (!chain || chain.segments.some((s) => s.kind !== 'id')) return null;
  const path = chain.segments.map((s) => s.name).join('.');
  if (!GET_ENV.has(path) || !isOp(ts[chain.end], '(')) return null;
  const found = callRead(ts, i, chain.end, path === 'System.get_env' ? 1 : undefined);
  if (!found) return null;
  // Elixir's `'K'` is a charlist, which System.fetch_env! refuses: the repair writes a string.
  const text = `System.fetch_env!("${rawName(ctx, found.lit)}")`;
  found.read.strictRead = (whole) => replaceWhole(ctx, whole, text, strictDescription(found.read.name, 'System.fetch_env!'));
  return found.read;
}

/** Modules whose `secret_key` signs JWTs: Guardian implementations, Joken and token modules. */
const JWT_MODULE = /Guardian|Joken|Jwt|JWT|Token/;

/**
 * Guardian's option is called `secret_key`, the same word as a framework's app key; inside
 * `config :app, MyApp.Guardian, ...` or `use Guardian, ...` it is the JWT signing key.
 */
function keyIdOverride(ctx: CodeContext, ts: Token[], keyTok: number, keyId: string): string | undefined {
  if (keyId !== 'SECRET_KEY' && !JOKEN_KEYS.has(keyId)) return undefined;
  const start = statementStart(ts, keyTok);
  const head = ts[start];
  if (!isId(head, 'config') && !isId(head, 'use')) return undefined;
  // `config :joken, default_signer: "x"` and `key_octet: "x"` entries: Joken's own signing key.
  if (JOKEN_KEYS.has(keyId)) return isOp(ts[start + 1], ':') && isId(ts[start + 2], 'joken') ? 'JWT_SECRET' : undefined;
  for (let k = start + 1; k < keyTok && k < start + 24; k++) {
    const t = ts[k];
    if (t?.kind === 'id' && JWT_MODULE.test(t.text) && /^[A-Z]/.test(t.text)) return 'JWT_SECRET_KEY';
  }
  return undefined;
}

const JOKEN_KEYS = new Set(['DEFAULT_SIGNER', 'KEY_OCTET']);

/** The first token of the statement holding `k`: keyword lists run over lines, joined by trailing commas. */
function statementStart(ts: Token[], k: number): number {
  let j = k;
  for (let steps = 0; steps < 400 && j > 0; steps++) {
    const prev = ts[j - 1];
    if (!prev || isOp(prev, ';')) return j;
    if (prev.kind === 'nl' && (prev.depth ?? 0) === 0 && !isOp(ts[j - 2], ',')) return j;
    j--;
  }
  return j;
}

/** `@jwt_secret "x"`, `@secret_key System.get_env("K") || "x"`: a module attribute is a constant. */
function moduleAttributeHook(ctx: CodeContext): void {
  const ts = ctx.tokens;
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i];
    if (t?.kind !== 'id' || !t.text.startsWith('@') || (i > 0 && ts[i - 1]?.kind !== 'nl')) continue;
    const keyId = keyIdOf(t.text.slice(1));
    if (!isSecretName(ctx, keyId)) continue;
    const s = i + 1;
    const e = expressionEnd(ctx, ts, s);
    if (e <= s) continue;
    // A read inside is the environment pass's; only a plain value is bound here.
    if (ts.slice(s, e).some((x) => isId(x, 'System'))) continue;
    assignValue(ctx, ts, { key: t.text, keyId, keySpan: { start: t.start, end: t.end }, startTok: i }, s, e);
    markConsumed(ctx, i, e);
  }
}

/**
 * Plug's and Phoenix's `signing_salt:` / `encryption_salt:` (sessions, LiveView, Phoenix.Token) are
 * mixed with `secret_key_base` to derive keys; Phoenix generates them into the committed config and
 * they need not be secret (the key base is). Their entries are left out.
 */
function phoenixSaltHook(ctx: CodeContext): void {
  const ts = ctx.tokens;
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i];
    if ((isId(t, 'signing_salt') || isId(t, 'encryption_salt')) && isOp(ts[i + 1], ':')) markConsumed(ctx, i, i + 1);
  }
}

const LOGGER = new Set(['debug', 'info', 'notice', 'warn', 'warning', 'error', 'critical', 'alert', 'emergency', 'log']);

function isLogCall(segments: readonly string[]): boolean {
  const last = segments[segments.length - 1] ?? '';
  const receiver = segments[segments.length - 2];
  if (receiver === 'IO') return last === 'puts' || last === 'inspect' || last === 'write';
  return receiver === 'Logger' && LOGGER.has(last);
}

export const elixir: LanguageSpec = {
  memberSeps: new Set(['.']),
  assignOps: new Set(['=']),
  orOps: new Set(['||']),
  nullish: new Set(['nil', 'false']),
  colonKeys: 'adjacent',
  arrowKeys: true,
  newlinesInBrackets: 'continue',
  stopWords: new Set(['do', 'end', 'when', 'else', 'after', 'rescue', 'catch', 'fn']),
  matchEnvRead,
  sinks: [
    { callee: /^Joken\.Signer\.create$/, args: [1], keyId: 'JWT_SECRET' },
    { callee: /^JOSE\.JWK\.from_oct$/, args: [0], keyId: 'JWT_SECRET' },
    { callee: /^crypto\.mac$/, args: [2], keyId: 'HMAC_SECRET' },
    { callee: /^crypto\.hmac$/, args: [1], keyId: 'HMAC_SECRET' },
  ],
  keyIdOverride,
  isLogCall,
  hooks: [moduleAttributeHook, phoenixSaltHook],
};
