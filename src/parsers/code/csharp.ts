import { assignValue } from './engine.js';
import { OBJECT_LITERAL_SYNTAX, type CodeContext, type EnvRead, type LanguageSpec } from './language.js';
import { callRead } from './reads.js';
import type { Token } from './tokens.js';
import { expressionEnd, isChainStart, isOp, isSecretName, keyIdOf, readChain } from './walk.js';

/**
 * C#: `Environment.GetEnvironmentVariable("K") ?? "x"`, `configuration["Jwt:Key"] ?? "x"`,
 * constants and fields, auto-property initialisers (`JwtSecret { get; set; } = "..."`), and
 * `new SymmetricSecurityKey(Encoding.UTF8.GetBytes("literal"))`.
 */

/** `configuration`, `_configuration`, `Configuration`, `config`, `builder.Configuration`. */
const CONFIGURATION = /^_?[cC]onfig(uration)?$|Configuration$/;

function matchEnvRead(ctx: CodeContext, ts: Token[], i: number): EnvRead | null {
  const chain = readChain(ctx, ts, i);
  if (!chain) return null;
  const keyAt = chain.segments.findIndex((s) => s.kind === 'key');
  if (keyAt > 0) {
    const receiver = chain.segments[keyAt - 1]?.name ?? '';
    const key = chain.segments[keyAt];
    if (!key || !CONFIGURATION.test(receiver)) return null;
    return { start: i, end: key.tok + 2, name: key.name, nameTok: key.tok };
  }
  const path = chain.segments.map((s) => s.name).join('.');
  if ((path === 'Environment.GetEnvironmentVariable' || path === 'System.Environment.GetEnvironmentVariable') && isOp(ts[chain.end], '(')) {
    return callRead(ts, i, chain.end)?.read ?? null;
  }
  return null;
}

/** `public string JwtSecret { get; set; } = "literal";` */
function propertyInitializerHook(ctx: CodeContext): void {
  const ts = ctx.tokens;
  for (let i = 0; i < ts.length; i++) {
    const name = ts[i];
    const body = ts[i + 1];
    if (name?.kind !== 'id' || !isOp(body, '{') || !body || body.match < 0 || !isChainStart(ctx, ts, i)) continue;
    if (!isOp(ts[body.match + 1], '=')) continue;
    const inside = ctx.text.slice(body.end, ts[body.match]?.start ?? body.end);
    if (inside.length > 80 || !isAccessorList(inside)) continue;
    const keyId = keyIdOf(name.text);
    if (!isSecretName(ctx, keyId)) continue;
    const s = body.match + 2;
    const e = expressionEnd(ctx, ts, s);
    if (e > s && !ctx.consumed[s]) assignValue(ctx, ts, { key: name.text, keyId, keySpan: { start: name.start, end: name.end }, startTok: i }, s, e);
  }
}

const ACCESSOR_WORDS = new Set(['public', 'private', 'protected', 'internal', 'init', 'get', 'set']);

/** `get; set;`, `get; private set;`, `get; init;`: an auto-property body. */
function isAccessorList(inside: string): boolean {
  const words = inside.split(/[\s;]+/).filter((w) => w !== '');
  return words.length > 0 && words.every((w) => ACCESSOR_WORDS.has(w));
}

const CONSOLE = new Set(['Write', 'WriteLine']);
const LOG_METHOD = /^(Log)?(Information|Debug|Warning|Error|Critical|Trace|Fatal|Verbose)$/;

function isLogCall(segments: readonly string[]): boolean {
  const last = segments[segments.length - 1] ?? '';
  const receiver = segments[segments.length - 2];
  if (receiver === undefined) return false;
  if (receiver === 'Console' || (receiver === 'Error' && segments[segments.length - 3] === 'Console') || receiver === 'Debug' || receiver === 'Trace') {
    return CONSOLE.has(last) || last === 'Print' || last.startsWith('Trace');
  }
  return (LOG_METHOD.test(last) || last === 'Log') && /log/i.test(receiver);
}

export const csharp: LanguageSpec = {
  memberSeps: new Set(['.', '?.']),
  assignOps: new Set(['=', '??=']),
  orOps: new Set(['??']),
  nullish: new Set(['null']),
  ...OBJECT_LITERAL_SYNTAX,
  matchEnvRead,
  sinks: [{ callee: /(^|\.)SymmetricSecurityKey$/, args: [0], keyId: 'JWT_SECRET' }],
  isLogCall,
  hooks: [propertyInitializerHook],
};
