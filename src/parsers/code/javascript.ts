import { emit, markConsumed } from './engine.js';
import { memoize, OBJECT_LITERAL_SYNTAX, type CodeContext, type EnvRead, type LanguageSpec, type ReadExtension, type SigningSink } from './language.js';
import { callRead, replaceWhole } from './reads.js';
import { tokenize, type Token } from './tokens.js';
import { callArgs, calleeOf, contentSpan, dominantQuote, expressionEnd, isId, isOp, isSecretName, keyIdOf, plainLiteral, readChain, skipLineBreaks, type Chain } from './walk.js';

/**
 * JavaScript and TypeScript: `process.env.K || "x"`, `?? "x"`, `process.env["K"]`,
 * `const { K = "x" } = process.env`, `jwt.sign(payload, "literal")`, passport's `secretOrKey`,
 * `session({ secret })`, `expressjwt({ secret })`, object literals and constants.
 */

/** The object `K` is read from: `process.env.K`, `import.meta.env.K` (Vite), `Bun.env.K`. */
function envObjectLength(chain: Chain): number {
  const names = chain.segments.map((s) => s.name);
  if (names[0] === 'process' && names[1] === 'env' && chain.segments[1]?.kind === 'id') return 2;
  if (names[0] === 'import' && names[1] === 'meta' && names[2] === 'env') return 3;
  if (names[0] === 'Bun' && names[1] === 'env') return 2;
  return 0;
}

/** NestJS `ConfigService`, node-config and convict: `configService.get<string>('JWT_SECRET', 'x')`, `config.get('jwt.secret')`. */
const CONFIG_RECEIVER = /^(_?config(Service)?|this\.config(Service)?|this\._?config(Service)?|conf|nconf|convict)$/i;

function configGetRead(ctx: CodeContext, ts: Token[], i: number, chain: Chain): EnvRead | null {
  const names = chain.segments.map((s) => s.name);
  const method = names[names.length - 1];
  if (chain.segments.some((s) => s.kind !== 'id') || (method !== 'get' && method !== 'getOrThrow')) return null;
  const receiver = names.slice(0, -1).join('.');
  if (!CONFIG_RECEIVER.test(receiver) && !CONFIG_RECEIVER.test(names[names.length - 2] ?? '')) return null;
  let open = chain.end;
  // `get<string>(...)`: a type argument before the call.
  if (isOp(ts[open], '<')) {
    let k = open + 1;
    while (k < open + 8 && ts[k] && !isOp(ts[k], '>')) k++;
    if (!isOp(ts[k], '>')) return null;
    open = k + 1;
  }
  if (!isOp(ts[open], '(')) return null;
  return callRead(ts, i, open, method === 'get' ? 1 : undefined)?.read ?? null;
}

function matchEnvRead(ctx: CodeContext, ts: Token[], i: number): EnvRead | null {
  const chain = readChain(ctx, ts, i);
  if (!chain) return null;
  const configRead = configGetRead(ctx, ts, i, chain);
  if (configRead) return configRead;
  const n = envObjectLength(chain);
  const seg = chain.segments[n];
  if (n === 0 || !seg) return null;
  const end = seg.kind === 'key' ? seg.tok + 2 : seg.tok + 1;
  const read: EnvRead = { start: i, end, name: seg.name, nameTok: seg.tok };
  const first = ts[i];
  const last = ts[end - 1];
  if (first && last) {
    const readText = ctx.text.slice(first.start, last.end);
    read.strictRead = (whole) => {
      const q = dominantQuote(ctx, '"');
      const text = `(${readText} ?? (() => { throw new Error(${q}${seg.name} must be set${q}) })())`;
      return replaceWhole(
        ctx,
        whole,
        text,
        `Read ${seg.name} strictly (throw when it is unset), so a missing variable stops the application at start-up instead of falling back to a value committed in the code.`,
      );
    };
  }
  return read;
}

/**
 * `` `${process.env.K}` ?? "x" ``: a template that is one interpolation of a read is that read (made
 * a string: an unset variable becomes "undefined", so the default never even applies).
 */
function matchWrappedRead(ctx: CodeContext, ts: Token[], i: number): EnvRead | null {
  const lit = ts[i]?.lit;
  const span = lit?.interpolations.length === 1 ? lit.interpolations[0] : undefined;
  if (!lit || !span || ctx.text.slice(lit.contentStart, lit.contentEnd).trim() !== `\${${ctx.text.slice(span.start, span.end)}}`) return null;
  const sub = tokenize(ctx.text.slice(span.start, span.end), ctx.language, span.start, true);
  const first = sub.findIndex((t) => t.kind !== 'nl');
  const inner = first >= 0 && sub[first]?.kind === 'id' ? matchEnvRead({ ...ctx, tokens: sub }, sub, first) : null;
  if (!inner || sub.slice(inner.end).some((t) => t.kind !== 'nl')) return null;
  return { start: i, end: i + 1, name: inner.name, nameTok: i };
}

/** TypeScript `process.env.K as string || "x"` and `process.env.K! || "x"`: the cast sits between the read and its default. */
function extendRead(ctx: CodeContext, ts: Token[], read: EnvRead): ReadExtension | null {
  const ternary = ternaryFallback(ctx, ts, read);
  if (ternary) return ternary;
  let k = read.end;
  if (isOp(ts[k], '!')) k++;
  if (isId(ts[k], 'as') && ts[k + 1]?.kind === 'id') k += 2;
  const op = ts[k];
  if (k === read.end || !op || op.kind !== 'op' || !javascript.orOps.has(op.text)) return null;
  const e = expressionEnd(ctx, ts, k + 1);
  return e > k + 1 ? { start: read.start, end: e, fallback: { start: k + 1, end: e } } : null;
}

/** `process.env.K ? process.env.K : "x"`: the same read tested, then used, else the literal. */
function ternaryFallback(ctx: CodeContext, ts: Token[], read: EnvRead): ReadExtension | null {
  let q = read.end;
  if (ts[q]?.kind === 'nl') q = skipLineBreaks(ts, q);
  if (!isOp(ts[q], '?')) return null;
  const width = read.end - read.start;
  const s = skipLineBreaks(ts, q + 1);
  for (let k = 0; k < width; k++) if (ts[s + k]?.text !== ts[read.start + k]?.text) return null;
  const colon = skipLineBreaks(ts, s + width);
  if (!isOp(ts[colon], ':')) return null;
  const f = skipLineBreaks(ts, colon + 1);
  const e = expressionEnd(ctx, ts, f);
  return e > f ? { start: read.start, end: e, fallback: { start: f, end: e } } : null;
}

/** `const { JWT_SECRET = "x", SESSION_SECRET: sessionSecret } = process.env`. */
function destructuringHook(ctx: CodeContext): void {
  const ts = ctx.tokens;
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i];
    if (!t || t.kind !== 'id' || t.text !== 'process' || !isOp(ts[i - 1], '=') || !isOp(ts[i - 2], '}')) continue;
    const chain = readChain(ctx, ts, i);
    if (!chain || envObjectLength(chain) !== 2 || chain.segments.length !== 2) continue;
    const close = ts[i - 2];
    const open = close?.match ?? -1;
    if (open < 0) continue;
    let k = open + 1;
    while (k < i - 2) {
      const name = ts[k];
      let next = k + 1;
      while (next < i - 2 && !(isOp(ts[next], ',') && ts[next]?.parent === open)) next++;
      if (name?.kind === 'id' && name.parent === open) readDestructured(ctx, ts, k, next);
      k = next + 1;
    }
    markConsumed(ctx, open, i + 3);
  }
}

function readDestructured(ctx: CodeContext, ts: Token[], k: number, end: number): void {
  const name = ts[k];
  if (!name) return;
  const keyId = keyIdOf(name.text);
  if (!isSecretName(ctx, keyId)) return;
  const base = { key: name.text, keyId, envName: keyId, keySpan: { start: name.start, end: name.end } };
  let eq = k + 1;
  if (isOp(ts[eq], ':')) eq += 2; // `K: alias = "x"`
  const lit = isOp(ts[eq], '=') && eq + 2 === end ? plainLiteral(ts[eq + 1]) : undefined;
  if (lit && lit.value !== '') {
    emit(ctx, { ...base, origin: 'default', value: lit.value, span: contentSpan(lit) });
  } else {
    emit(ctx, { ...base, origin: 'env', span: { start: name.start, end: ts[end - 1]?.end ?? name.end } });
  }
}

/** passport-jwt's `secretOrKey`, and `secret` inside `session({...})`, `expressjwt({...})`, `JwtModule.register({...})`. */
function keyIdOverride(ctx: CodeContext, ts: Token[], keyTok: number, keyId: string): string | undefined {
  const t = ts[keyTok];
  const name = t?.kind === 'str' ? t.lit?.value : t?.text;
  if (name === 'secretOrKey') return 'JWT_SECRET';
  if (keyId !== 'SECRET') return undefined;
  const brace = t?.parent ?? -1;
  if (!isOp(ts[brace], '{')) return undefined;
  const paren = ts[brace]?.parent ?? -1;
  if (!isOp(ts[paren], '(')) return undefined;
  const callee = calleeOf(ctx, ts, paren);
  if (!callee) return undefined;
  const firstArg = callArgs(ts, paren)?.[0];
  const firstText = firstArg && firstArg.start !== brace ? ctx.text.slice(ts[firstArg.start]?.start ?? 0, Math.min((ts[firstArg.start]?.start ?? 0) + 120, ts[firstArg.end - 1]?.end ?? 0)) : '';
  const context = `${callee.segments.join('.')} ${firstText}`;
  if (/jwt/i.test(context)) return 'JWT_SECRET';
  if (/session/i.test(context)) return 'SESSION_SECRET';
  if (/cookie/i.test(context)) return 'COOKIE_SECRET';
  return undefined;
}

const CONSOLE_METHODS = new Set(['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table']);
const LOGGER_METHODS = new Set(['log', 'info', 'warn', 'warning', 'error', 'debug', 'trace', 'fatal', 'verbose', 'silly', 'http']);

function isLogCall(segments: readonly string[]): boolean {
  const last = segments[segments.length - 1] ?? '';
  const receiver = segments[segments.length - 2];
  if (receiver === undefined) return false;
  if (receiver === 'console') return CONSOLE_METHODS.has(last);
  if ((receiver === 'stdout' || receiver === 'stderr') && last === 'write') return true;
  return LOGGER_METHODS.has(last) && /log/i.test(receiver);
}

/** Node's JWT libraries, by module name: what the imported binding's calls take as key. */
const JWT_MODULES = /^(jsonwebtoken|jwt-simple|jws|njwt|@fastify\/jwt|koa-jwt|express-jwt)$/;

/**
 * The names a file gives the JWT libraries it imports: `import jwtLib from 'jsonwebtoken'`,
 * `import * as token from 'jsonwebtoken'`, `const JWT = require('jsonwebtoken')`,
 * `import { sign as signToken } from 'jsonwebtoken'`: their `sign`/`verify`/`encode`/`decode`
 * calls take the key as second argument, whatever the binding is called.
 */
function importedSinks(ctx: CodeContext): SigningSink[] {
  return memoize(ctx, 'javascript.importedSinks', () => findImportedSinks(ctx));
}

function findImportedSinks(ctx: CodeContext): SigningSink[] {
  const ts = ctx.tokens;
  const objects = new Set<string>();
  const functions = new Set<string>();
  for (let i = 0; i < ts.length; i++) {
    const lit = plainLiteral(ts[i]);
    if (!lit || !JWT_MODULES.test(lit.value)) continue;
    if (isId(ts[i - 1], 'from')) {
      // import X from 'm' | import * as X from 'm' | import X, { a as b } from 'm' | import { a, b as c } from 'm'
      let k = i - 2;
      for (let steps = 0; k >= 0 && steps < 64 && !isId(ts[k], 'import'); steps++, k--);
      if (!isId(ts[k], 'import')) continue;
      for (let j = k + 1; j < i - 1; j++) {
        const t = ts[j];
        if (t?.kind !== 'id' || t.text === 'type' || t.text === 'as') continue;
        const inBraces = isOp(ts[t.parent], '{');
        if (isId(ts[j + 1], 'as')) continue;
        const aliased = isId(ts[j - 1], 'as');
        const imported = aliased ? (ts[j - 2]?.text ?? '') : t.text;
        if (inBraces) {
          if (/^(sign|verify|encode|decode)$/.test(imported)) functions.add(t.text);
        } else {
          objects.add(t.text);
        }
      }
    } else if (isOp(ts[i - 1], '(') && isId(ts[i - 2], 'require')) {
      // const X = require('m') | const { sign, verify: v } = require('m')
      const eq = i - 3;
      if (!isOp(ts[eq], '=')) continue;
      const before = ts[eq - 1];
      if (before?.kind === 'id') objects.add(before.text);
      else if (isOp(before, '}') && before && before.match >= 0) {
        for (let j = before.match + 1; j < eq - 1; j++) {
          const t = ts[j];
          if (t?.kind === 'id' && !isOp(ts[j + 1], ':') && /^(sign|verify|encode|decode)$/.test(isOp(ts[j - 1], ':') ? (ts[j - 2]?.text ?? '') : t.text)) functions.add(t.text);
        }
      }
    }
  }
  const sinks: SigningSink[] = [];
  const escape = (n: string) => n.replace(/[$]/g, '\\$');
  if (objects.size > 0) sinks.push({ callee: new RegExp(`^(${[...objects].map(escape).join('|')})\\.(sign|verify|encode|decode)$`), args: [1], keyId: 'JWT_SECRET' });
  if (functions.size > 0) sinks.push({ callee: new RegExp(`^(${[...functions].map(escape).join('|')})$`), args: [1], keyId: 'JWT_SECRET' });
  return sinks;
}

export const javascript: LanguageSpec = {
  memberSeps: new Set(['.', '?.']),
  assignOps: new Set(['=', '||=', '??=']),
  orOps: new Set(['||', '??']),
  nullish: new Set(['undefined', 'null', 'false']),
  ...OBJECT_LITERAL_SYNTAX,
  matchEnvRead,
  matchWrappedRead,
  extendRead,
  sinks: [
    { callee: /^(jwt|jsonwebtoken|JWT|jsonWebToken|jwtSimple|jwt_simple)\.(sign|verify)$/, args: [1], keyId: 'JWT_SECRET' },
    { callee: /^(jwtSimple|jwt_simple|jwts)\.(encode|decode)$/, args: [1], keyId: 'JWT_SECRET' },
    { callee: /^(cookieParser|cookie_parser)$/, args: [0], keyId: 'COOKIE_SECRET' },
    // jose: `new SignJWT(p)....sign(secret)`, `jwtVerify(t, secret)`, `JWK.asKey('...')` (v1), node's `createSecretKey`.
    { callee: /^SignJWT(\.[A-Za-z]+)*\.sign$/, args: [0], keyId: 'JWT_SECRET' },
    { callee: /^(jose\.)?jwtVerify$/, args: [1], keyId: 'JWT_SECRET' },
    { callee: /^(jose\.)?JWK\.asKey$/, args: [0], keyId: 'JWT_SECRET' },
    { callee: /^(crypto\.)?createSecretKey$/, args: [0], keyId: 'JWT_SECRET' },
    { callee: /^(crypto\.)?createHmac$/, args: [1], keyId: 'HMAC_SECRET' },
    { callee: /^(Jwt|JWT)(Util|Utils|Helper|Signer|Encoder|TokenUtil|TokenHelper)$/, args: [0], keyId: 'JWT_SECRET' },
  ],
  extraSinks: importedSinks,
  isLogCall,
  keyIdOverride,
  hooks: [destructuringHook],
};
