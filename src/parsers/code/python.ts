import { roleOf } from '../../core/secret-names.js';
import { memoize, type CodeContext, type EnvRead, type LanguageSpec, type Target } from './language.js';
import { callRead, rawName, removeArgument, replaceWhole, strictDescription } from './reads.js';
import type { Token } from './tokens.js';
import { emit } from './engine.js';
import { isId, isOp, plainLiteral, readChain, simpleQuote } from './walk.js';

/**
 * Python: `os.getenv` / `os.environ.get` / `os.environ[...]`, `... or "x"`, python-decouple and
 * django-environ `config("K", default=...)`, Django/Flask settings (`SECRET_KEY = "..."`,
 * `app.config['SECRET_KEY']`, `app.secret_key`), simplejwt's `SIGNING_KEY`, pydantic settings.
 */

const GETENV = new Set(['os.getenv', 'getenv', 'os.environ.get', 'environ.get']);
/** python-decouple `config(...)`, django-environ `env(...)`, `env.str(...)`. */
const DECOUPLE = new Set(['config', 'decouple.config', 'env', 'env.str', 'env.bytes', 'env.get_value', 'environ.get_value']);
/** decouple's `config(name, default, cast)` takes the default second; django-environ's `env(name, cast, default)` does not. */
const POSITIONAL_DEFAULT = new Set(['config', 'decouple.config']);

/** The first names of every chain matchEnvRead reads: any other identifier starts none (asked of every one in a file). */
const ENV_READ_STARTS = new Set(['os', 'environ', ...[...GETENV, ...DECOUPLE].map((p) => p.split('.')[0] as string)]);

function matchEnvRead(ctx: CodeContext, ts: Token[], i: number): EnvRead | null {
  if (!ENV_READ_STARTS.has(ts[i]?.text ?? '')) return null;
  const chain = readChain(ctx, ts, i);
  if (!chain) return null;
  const idCount = chain.segments.findIndex((s) => s.kind !== 'id');
  const ids = chain.segments.slice(0, idCount === -1 ? chain.segments.length : idCount).map((s) => s.name);
  const path = ids.join('.');
  const keySeg = idCount === -1 ? undefined : chain.segments[idCount];
  if (keySeg && (path === 'os.environ' || path === 'environ')) {
    return { start: i, end: keySeg.tok + 2, name: keySeg.name, nameTok: keySeg.tok };
  }
  const open = chain.end;
  if (keySeg || !isOp(ts[open], '(')) return null;

  if (GETENV.has(path)) {
    const found = callRead(ts, i, open, 1, 'default');
    if (!found) return null;
    const base = path.startsWith('os.') ? 'os.environ' : path === 'environ.get' ? 'environ' : environBase(ctx);
    if (base) {
      const text = `${base}[${simpleQuote(found.lit)}${rawName(ctx, found.lit)}${simpleQuote(found.lit)}]`;
      found.read.strictRead = (whole) => replaceWhole(ctx, whole, text, strictDescription(found.read.name, `${base}[...]`));
    }
    return found.read;
  }
  if (DECOUPLE.has(path)) {
    const found = callRead(ts, i, open, POSITIONAL_DEFAULT.has(path) ? 1 : undefined, 'default');
    if (!found) return null;
    const keyword = found.args.find((a) => a.name === 'default');
    if (keyword) {
      found.read.strictRead = () =>
        removeArgument(ctx, ts, found.args, keyword, strictDescription(found.read.name, `${path}(...) and no default`));
    }
    return found.read;
  }
  if (path === 'os.environ.setdefault' || path === 'environ.setdefault') {
    return callRead(ts, i, open, 1)?.read ?? null;
  }
  return null;
}

/** How the file can name `os.environ`: `os.environ` after `import os`, `environ` after `from os import environ`. */
function environBase(ctx: CodeContext): string | undefined {
  return memoize(ctx, 'python.environBase', () => findEnvironBase(ctx));
}

function findEnvironBase(ctx: CodeContext): string | undefined {
  let fromImport = false;
  for (const line of ctx.text.split('\n')) {
    const t = line.trim();
    if (t.startsWith('import ') && t.slice(7).split(',').some((p) => p.trim() === 'os')) return 'os.environ';
    if (t.startsWith('from os import ') && t.slice(15).replace(/[()]/g, '').split(',').some((p) => p.trim() === 'environ')) fromImport = true;
  }
  return fromImport ? 'environ' : undefined;
}

function isLogCall(segments: readonly string[]): boolean {
  const last = segments[segments.length - 1] ?? '';
  const receiver = segments[segments.length - 2];
  if (receiver === undefined) return last === 'print' || last === 'pprint';
  if (last === 'pprint' || (last === 'echo' && (receiver === 'click' || receiver === 'typer'))) return true;
  if ((receiver === 'stdout' || receiver === 'stderr') && last === 'write') return true;
  return LOG_METHODS.has(last) && /log/i.test(receiver);
}

const LOG_METHODS = new Set(['debug', 'info', 'warning', 'warn', 'error', 'critical', 'exception', 'fatal', 'log', 'msg']);

/**
 * djangorestframework-simplejwt signs with `SIMPLE_JWT['SIGNING_KEY']`, which defaults to
 * `settings.SECRET_KEY`: pointing it at SECRET_KEY is the fallback the seeds warn about.
 */
function referenceOrigin(ctx: CodeContext, ts: Token[], target: Target, refKeyId: string): 'fallback' | null | undefined {
  if (target.keyId !== 'SIGNING_KEY' || !inSimpleJwt(ts, target)) return undefined;
  return roleOf(refKeyId) === 'jwt' ? null : 'fallback';
}

function inSimpleJwt(ts: Token[], target: Target): boolean {
  if (target.key.startsWith('SIMPLE_JWT')) return true;
  const brace = ts[target.startTok]?.parent ?? -1;
  if (!isOp(ts[brace], '{')) return false;
  // SIMPLE_JWT = { ... } or SIMPLE_JWT.update({ ... })
  if (isOp(ts[brace - 1], '=') && isId(ts[brace - 2], 'SIMPLE_JWT')) return true;
  return isOp(ts[brace - 1], '(') && isId(ts[brace - 2], 'update') && isId(ts[brace - 4], 'SIMPLE_JWT');
}

/** pydantic `BaseSettings` fields read the environment; a literal there is a default, not a constant. */
function literalIsDefault(ctx: CodeContext, ts: Token[], target: Target): boolean {
  return isOp(ts[target.startTok + 1], ':') && settingsFieldStarts(ctx).has(target.startTok);
}

/** Statement starts directly inside a class whose bases name a pydantic settings class. */
function settingsFieldStarts(ctx: CodeContext): Set<number> {
  return memoize(ctx, 'python.settingsFields', () => findSettingsFields(ctx));
}

function findSettingsFields(ctx: CodeContext): Set<number> {
  const out = new Set<number>();
  const ts = ctx.tokens;
  const blocks: { indent: number; settings: boolean }[] = [];
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i];
    if (!t || t.depth > 0 || (i > 0 && ts[i - 1]?.kind !== 'nl') || t.kind === 'nl') continue;
    const indent = columnOf(ctx.text, t.start);
    while (blocks.length > 0 && indent <= (blocks[blocks.length - 1]?.indent ?? -1)) blocks.pop();
    if (blocks[blocks.length - 1]?.settings) out.add(i);
    if (isId(t, 'class')) {
      const open = ts[i + 2];
      const bases = isOp(open, '(') && open && open.match > 0 ? ctx.text.slice(open.start, Math.min(open.start + 300, ts[open.match]?.end ?? open.start)) : '';
      blocks.push({ indent, settings: /\b(BaseSettings|Settings)\b/.test(bases) });
    } else if (isId(t, 'def') || (isId(t, 'async') && isId(ts[i + 1], 'def'))) {
      blocks.push({ indent, settings: false });
    }
  }
  return out;
}

function columnOf(text: string, offset: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return offset - lineStart;
}

/** Django's and Flask's application key: `settings.SECRET_KEY`, `app.config["SECRET_KEY"]`, `app.secret_key`. */
function isFrameworkKey(path: string): boolean {
  return /^((django\.conf\.)?settings\.SECRET_KEY|(current_)?app\.config\.\[SECRET_KEY\]|(current_)?app\.secret_key)$/.test(path);
}

/** Loads configuration from elsewhere: the JWT key may be set there. */
const LOADS_CONFIG = /\.(from_object|from_pyfile|from_envvar|from_mapping|from_prefixed_env|from_file)\s*\(|\bconfig\.update\s*\(/;
/** The file sets the application's own key: `SECRET_KEY = ...`, `app.config["SECRET_KEY"] = ...`, `app.secret_key = ...`. */
const SETS_APP_KEY = /^\s*SECRET_KEY\s*=|\.config\[\s*['"]SECRET_KEY['"]\s*\]\s*=|\.secret_key\s*=/m;

/**
 * Keys a framework falls back to on its own: flask-jwt-extended signs with `SECRET_KEY` when
 * `JWT_SECRET_KEY` is not configured, djangorestframework-simplejwt with `SECRET_KEY` when
 * `SIMPLE_JWT` has no `SIGNING_KEY`. Reported only when the file that sets up the library also
 * sets `SECRET_KEY` and loads no configuration from elsewhere, which could set the JWT key.
 */
function frameworkFallbackHook(ctx: CodeContext): void {
  const text = ctx.text;
  // Native searches first: a module names one of the libraries far less often than these regexes
  // (anchored at every line) cost on each version of each file of a history.
  const flask = text.includes('flask_jwt_extended');
  if (!flask && !text.includes('SIMPLE_JWT') && !text.includes('rest_framework_simplejwt')) return;
  if (!SETS_APP_KEY.test(text) || LOADS_CONFIG.test(text)) return;
  const ts = ctx.tokens;
  const base = { origin: 'fallback' as const, referenceTo: 'SECRET_KEY', envName: 'SECRET_KEY' };
  if (flask && !/JWT_(SECRET|PRIVATE)_KEY/.test(text)) {
    const at = ts.findIndex((t, k) => isId(t, 'JWTManager') && isOp(ts[k + 1], '('));
    const t = ts[at];
    if (t) emit(ctx, { ...base, key: 'JWT_SECRET_KEY', keyId: 'JWT_SECRET_KEY', keySpan: { start: t.start, end: t.end }, span: { start: t.start, end: t.end } });
  }
  // An RSA or EC algorithm needs SIGNING_KEY set to a private key: without one nothing signs at all.
  if (!text.includes('SIGNING_KEY') && !/['"]ALGORITHM['"]\s*:\s*['"](RS|ES|PS|Ed)/.test(text)) {
    const named = ts.findIndex((t) => isId(t, 'SIMPLE_JWT'));
    const at = named >= 0 ? named : ts.findIndex((t) => plainLiteral(t)?.value.startsWith('rest_framework_simplejwt') === true);
    const t = ts[at];
    if (t) emit(ctx, { ...base, key: "SIMPLE_JWT['SIGNING_KEY']", keyId: 'SIGNING_KEY', keySpan: { start: t.start, end: t.end }, span: { start: t.start, end: t.end } });
  }
}

export const python: LanguageSpec = {
  memberSeps: new Set(['.']),
  assignOps: new Set(['=', ':=']),
  orOps: new Set(['or']),
  nullish: new Set(['None', 'False']),
  colonKeys: 'annotation',
  arrowKeys: false,
  newlinesInBrackets: 'continue',
  stopWords: new Set(['if', 'else', 'for', 'lambda']),
  matchEnvRead,
  sinks: [{ callee: /^(jwt|pyjwt|jose\.jwt)\.(encode|decode)$/, args: [1], names: ['key'], keyId: 'JWT_SECRET' }],
  isLogCall,
  referenceOrigin,
  literalIsDefault,
  isFrameworkKey,
  hooks: [frameworkFallbackHook],
};
