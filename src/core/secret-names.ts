import { detached } from './detached.js';

/**
 * Which keys name a signing secret. A key is normalised first (`jwt.secret`, `jwt-secret`,
 * `jwtSecret`, `JWT_SECRET` all become `JWT_SECRET`), then matched against the built-in names and
 * suffixes below, plus names from config. The list is documented in the README ("What it checks").
 */

/** Exact names (normalised). */
export const BUILTIN_SECRET_NAMES: readonly string[] = [
  'JWT_SECRET',
  'JWT_SECRET_KEY',
  'JWT_KEY',
  'JWT_SIGNING_KEY',
  'JWT_ACCESS_SECRET',
  'JWT_REFRESH_SECRET',
  'JWT_TOKEN_SECRET',
  'SECRET_KEY',
  'SECRET_KEY_BASE',
  'SIGNING_KEY',
  'TOKEN_SECRET',
  'ACCESS_TOKEN_SECRET',
  'REFRESH_TOKEN_SECRET',
  'SESSION_SECRET',
  'SESSION_KEY',
  'SESSION_SECRET_KEY',
  'COOKIE_SECRET',
  'APP_KEY',
  'APP_SECRET',
  'APP_SECRET_KEY',
  'AUTH_SECRET',
  'NEXTAUTH_SECRET',
  'SECRET',
];

/** A normalised key ending in one of these (after `_`) is secret-named too: `DJANGO_SECRET_KEY`, `API_JWT_SECRET`. */
const SECRET_SUFFIXES: readonly string[] = [
  'SECRET_KEY',
  'SECRET_KEY_BASE',
  'JWT_SECRET',
  'JWT_SECRET_KEY',
  'JWT_KEY',
  'SIGNING_KEY',
  'SIGNING_SECRET',
  'TOKEN_SECRET',
  'SESSION_SECRET',
  'COOKIE_SECRET',
  'AUTH_SECRET',
];

/** Normalises a key as written to `UPPER_SNAKE`: separators `. - space` become `_`, camelCase splits. */
export function normalizeKey(key: string): string {
  const known = normalized.get(key);
  if (known !== undefined) return known;
  const k = normalize(key);
  remember(normalized, key, k);
  return k;
}

// Code parsers ask about every identifier they see, and a repository repeats the same few thousand:
// remembering the answers took the code parser's cost per file down by about half (bench: 10k files).
const MEMO_LIMIT = 50_000;
const normalized = new Map<string, string>();

/**
 * Bounded memo: cleared when full, so a hostile file of unique names cannot grow it without end.
 * Its keys and answers are copies (detached): a name cut from a document (a normalised name can be
 * the same string) must not keep the document alive.
 */
export function remember<V>(memo: Map<string, V>, key: string, value: V): void {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(detached(key), (typeof value === 'string' ? detached(value) : value) as V);
}

function normalize(key: string): string {
  let k = key.trim();
  // Strip quotes and a subscript wrapper: SIMPLE_JWT['SIGNING_KEY'] → SIGNING_KEY.
  const sub = /\[\s*['"]([^'"]+)['"]\s*\]\s*$/.exec(k);
  if (sub?.[1] !== undefined) k = sub[1];
  k = k.replace(/^['"]|['"]$/g, '');
  k = k.replace(/([a-z0-9])([A-Z])/g, '$1_$2');
  // Acronyms: JWTSecret → JWT_Secret, HMACKey → HMAC_Key.
  k = splitAcronyms(k);
  k = k.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return k.toUpperCase();
}

/**
 * `_` before the last capital of a run of capitals that a lower-case letter follows: what
 * `replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')` does, in one pass. That regex backtracks over every
 * run of capitals from every start in it: a 160 KB key of capitals took 18.5 s, and every parser's
 * keys reach it. `steps`, when given, counts the characters examined (tests check it is linear).
 */
export function splitAcronyms(k: string, steps?: { n: number }): string {
  const isUpper = (c: number) => c >= 65 && c <= 90;
  const isLower = (c: number) => c >= 97 && c <= 122;
  let out = '';
  let from = 0;
  for (let i = 1; i < k.length - 1; i++) {
    if (steps) steps.n++;
    if (isUpper(k.charCodeAt(i)) && isUpper(k.charCodeAt(i - 1)) && isLower(k.charCodeAt(i + 1))) {
      out += k.slice(from, i) + '_';
      from = i;
    }
  }
  return from === 0 ? k : out + k.slice(from);
}

export interface SecretNameMatcher {
  /** True when the normalised key names a signing secret. */
  isSecretKey(keyId: string): boolean;
}

export function createSecretNameMatcher(extraNames: readonly string[] = []): SecretNameMatcher {
  const exact = new Set<string>([...BUILTIN_SECRET_NAMES, ...extraNames.map(normalizeKey)]);
  const isSecret = (id: string): boolean => {
    if (exact.has(id)) return true;
    // A rotated-out or staged key is as secret as the key itself: JWT_SECRET_KEY_PREVIOUS.
    const keyId = id.replace(/_(PREVIOUS|PREV|OLD|NEXT|NEW)$/, '');
    if (exact.has(keyId)) return true;
    // Dotted config paths (`app.jwt.secret`, Spring `jwt.secret-key`) normalise to `APP_JWT_SECRET`.
    for (const suffix of SECRET_SUFFIXES) {
      if (keyId.endsWith('_' + suffix)) return true;
    }
    const words = keyId.split('_').flatMap(unglue);
    const joined = words.join('_');
    if (joined !== keyId && (exact.has(joined) || SECRET_SUFFIXES.some((suffix) => joined.endsWith('_' + suffix)))) return true;
    return namesSecretByWords(words);
  };
  const answers = new Map<string, boolean>();
  return {
    isSecretKey(id: string): boolean {
      let yes = answers.get(id);
      if (yes === undefined) {
        yes = isSecret(id);
        remember(answers, id, yes);
      }
      return yes;
    },
  };
}

/**
 * Names are recognised by what they contain, not only by a fixed suffix: real repositories write
 * `JWT_SECRET_KEY_V2`, `SECRET_KEY_FLASK`, `STRIPE_WEBHOOK_SECRET`, `AppSettings:Secret`,
 * `JWT_SALT`, `INTERNAL_API_TOKEN`. A name holds a secret when it has an anchor (the word
 * `SECRET`, or a key word after `JWT`, `SIGNING`, `HMAC`, ...) and what follows the anchor is key
 * words, version or rotation qualifiers and at most one other word, none of which says the value
 * is about the secret rather than the secret itself (`_FILE`, `_EXPIRES_IN`, `_ALGORITHM`).
 */
function namesSecretByWords(all: readonly string[]): boolean {
  const words = [...all];
  while (words.length > 1 && QUALIFIER.test(words[words.length - 1] ?? '')) words.pop();
  for (let i = words.length - 1; i >= 0; i--) {
    const anchor = anchorAt(words, i);
    if (anchor === null) continue;
    return tailIsSecret(words.slice(i + 1)) && !words.slice(anchor, i).some((w) => NOT_THE_SECRET.has(w)) && !words.slice(0, anchor).some((w) => PROSE.has(w));
  }
  return false;
}

/** Where the anchor ending at word `i` starts, or null when word `i` ends none. */
function anchorAt(words: readonly string[], i: number): number | null {
  const w = words[i] ?? '';
  const before = words[i - 1];
  if (w === 'SECRET') {
    // OAuth client secrets and database passwords are other tools' business.
    return before !== undefined && OTHER_SECRETS.has(before) ? null : i;
  }
  if (w === 'TOKEN') {
    // Only internal service tokens: `GITHUB_TOKEN`, `JWT_TOKEN`, `AWS_SESSION_TOKEN` are not signing keys.
    for (let j = i - 1; j >= 0 && j >= i - 3; j--) if (words[j] === 'INTERNAL') return j;
    return null;
  }
  if (!KEYISH.has(w)) return null;
  if (before !== undefined && ADJACENT_PREFIX.has(before)) return i - 1;
  // `JWT_REFRESH_KEY`, `JWT_ACCESS_TOKEN_KEY`, `INTERNAL_API_TOKEN`: the prefix may stand further off.
  for (let j = i - 1; j >= 0 && j >= i - 3; j--) {
    const p = words[j] ?? '';
    if (p === 'JWT' || p === 'INTERNAL') return j;
  }
  return null;
}

function tailIsSecret(tail: readonly string[]): boolean {
  let free = 0;
  for (const w of tail) {
    if (NOT_THE_SECRET.has(w)) return false;
    if (KEY_WORDS.has(w) || QUALIFIER.test(w)) continue;
    if (++free > 1) return false;
  }
  return true;
}

/** Words written glued together (`JWTSECRET`, `secretkey`, `APPKEY`) are split into these pieces. */
const PIECES = ['JWT', 'SECRET', 'KEY', 'APP', 'HMAC', 'SIGNING', 'SESSION', 'COOKIE', 'TOKEN', 'BASE', 'SALT', 'AUTH'];

function unglue(word: string): string[] {
  if (word.length < 6 || word.length > 40) return [word];
  const out: string[] = [];
  let rest = word;
  while (rest.length > 0) {
    const piece = PIECES.find((p) => rest.startsWith(p));
    if (piece === undefined) return [word];
    out.push(piece);
    rest = rest.slice(piece.length);
  }
  return out.length > 1 ? out : [word];
}

/** Trailing words that mark a version or rotation of the same secret. */
const QUALIFIER = /^(V?\d{1,3}|PREVIOUS|PREV|OLD|NEXT|NEW|CURRENT|PRIMARY|SECONDARY|LEGACY|ROTATED)$/;

/** Words that, after the anchor, complete a secret's name. */
const KEY_WORDS = new Set(['KEY', 'KEYS', 'SECRET', 'TOKEN', 'BASE', 'SALT', 'PASSPHRASE', 'PHRASE', 'STRING', 'VALUE', 'OR', 'PRIVATE', 'SIGNING']);

/** The last word of an anchor (`JWT_SALT`, `SIGNING_KEY`, `HMAC_SECRET`, `INTERNAL_API_TOKEN`). */
const KEYISH = new Set(['KEY', 'SALT']);

/** Prefixes that make the next key word a signing or application secret. */
const ADJACENT_PREFIX = new Set(['JWT', 'SIGNING', 'SIGN', 'HMAC', 'SESSION', 'COOKIE', 'APP', 'ENCRYPTION']);

/** `X_SECRET` where X says it is a third party's credential or a database password. */
const OTHER_SECRETS = new Set(['CLIENT', 'CONSUMER', 'OAUTH', 'DB', 'DATABASE', 'PG', 'POSTGRES', 'MYSQL', 'MONGO', 'REDIS']);

/** Words that say the value is about the secret (where, how long, which), not the secret itself. */
const NOT_THE_SECRET = new Set([
  'FILE', 'FILES', 'PATH', 'DIR', 'NAME', 'NAMES', 'ID', 'IDS', 'KID', 'REF', 'ARN', 'URL', 'URI', 'ENV', 'VAR',
  'LENGTH', 'LEN', 'SIZE', 'BITS', 'ALGORITHM', 'ALGORITHMS', 'ALGO', 'ALG', 'EXPIRES', 'EXPIRE', 'EXPIRY',
  'EXPIRATION', 'EXP', 'TTL', 'LIFETIME', 'TIMEOUT', 'DURATION', 'ENABLED', 'ENABLE', 'DISABLED', 'REQUIRED', 'SET',
  'HEADER', 'PARAM', 'PREFIX', 'LOCATION', 'VERSION', 'MANAGER', 'STORE', 'PROVIDER', 'TYPE', 'FORMAT', 'ENCODING',
  'ROTATION', 'COUNT', 'MIN', 'MAX', 'ISSUER', 'AUDIENCE', 'PUBLIC', 'MOUNT', 'VOLUME', 'SOURCE', 'BACKEND', 'ENGINE',
  'FIELD', 'LABEL', 'TEXT', 'MESSAGE', 'TITLE', 'PLACEHOLDER', 'HINT', 'DESCRIPTION', 'KIND', 'DUMMY', 'ACCESS',
  'QUESTION', 'ANSWER', 'REGION', 'PROJECT', 'ACCOUNT', 'SCOPE', 'MODE', 'CLAIM', 'CLAIMS', 'EXISTS', 'GENERATED',
  'LOADED', 'CHECK', 'VALID', 'INVALID', 'MISSING', 'ERROR', 'CACHE', 'CONFIG', 'SETTINGS',
  'OPTIONS', 'HELP', 'INPUT', 'KEYSTORE', 'KEYRING', 'CERT', 'CERTIFICATE', 'CRT', 'PEM', 'PUB',
  // Where a key is kept or served, or a key of a map: `JWT_STORAGE_KEY = 'jwt'` (localStorage),
  // NestJS `SCOPED_JWT_METADATA_KEY`, `signingKeyHost`, `publisherInternalKeyDomain`.
  'METADATA', 'META', 'STORAGE', 'DOMAIN', 'HOST', 'HOSTNAME', 'ENDPOINT', 'EMAIL',
  // Heroku app.json: `"APP_SECRET": {"generator": "secret"}` asks Heroku to generate the value.
  'GENERATOR',
  // When a key was made or rotated: `SECRET_KEY_1_ROTATED_AT = "2024-05-01"`.
  'AT', 'DATE', 'TIMESTAMP', 'CREATED', 'UPDATED', 'SINCE', 'UNTIL',
]);

/**
 * Words before the anchor that make the name about a secret, not the secret: a message
 * (`MSG_INVALID_SECRET`, `ERROR_MISSING_JWT_KEY`), or Helm's `existingSecret` (the name of a
 * Kubernetes Secret) and `existingSecretPasswordKey` (the name of a key in it).
 */
const PROSE = new Set(['MSG', 'MESSAGE', 'MESSAGES', 'ERR', 'ERROR', 'ERRORS', 'WARNING', 'WARN', 'INVALID', 'MISSING', 'LABEL', 'PLACEHOLDER', 'HINT', 'EXISTING']);

/**
 * The purpose a key serves, for reuse checks: a JWT key and an application (session/CSRF) key must
 * differ, because whoever learns one can then forge the other (NIST SP 800-57: keys are
 * single-purpose).
 */
export type SecretRole = 'jwt' | 'app' | 'session' | 'other';

export function roleOf(keyId: string): SecretRole {
  if (/(^|_)JWT(_|$)/.test(keyId) || /(^|_)(SIGNING_KEY|SIGNING_SECRET|TOKEN_SECRET)$/.test(keyId)) return 'jwt';
  if (/(^|_)(SESSION|COOKIE)(_|$)/.test(keyId)) return 'session';
  if (/(^|_)(SECRET_KEY|SECRET_KEY_BASE|APP_KEY|APP_SECRET|APP_SECRET_KEY|SECRET)$/.test(keyId)) return 'app';
  return 'other';
}

/** The last words of an application's or a session's own key: `SECRET_KEY_BASE`, `APP_KEY`, `SESSION_SECRET`. */
const APP_KEY_SUFFIX = /(^|_)(SECRET_KEY_BASE|SECRET_KEY|APP_SECRET_KEY|APP_SECRET|APP_KEY|SESSION_SECRET_KEY|SESSION_SECRET|SESSION_KEY|COOKIE_SECRET|SECRET)$/;

/** Words before that suffix that still name the application itself or its framework (`DJANGO_SECRET_KEY`). */
const APP_WORDS: ReadonlySet<string> = new Set([
  'APP', 'APPLICATION', 'DJANGO', 'FLASK', 'RAILS', 'PHOENIX', 'LARAVEL', 'SYMFONY', 'PLAY', 'EXPRESS', 'WEB', 'SITE',
  'SERVER', 'API', 'SESSION', 'COOKIE',
]);

/**
 * An environment variable that holds the application's (or its sessions') own key, so another
 * secret read from it shares that key: `SECRET_KEY`, `DJANGO_SECRET_KEY`, `SECRET_KEY_BASE`,
 * `SESSION_SECRET`. A variable whose name puts another component before the suffix is that
 * component's own key (`GUARDIAN_SECRET_KEY` for Guardian's `secret_key:`, `KNOCK_SECRET_KEY`),
 * as is one that puts it after (`SECRET_KEY_GUARDIAN`, which has no application role at all).
 */
export function isSharedAppVariable(envId: string): boolean {
  const role = roleOf(envId);
  if ((role !== 'app' && role !== 'session') || envId === 'SECRET') return false;
  const suffix = APP_KEY_SUFFIX.exec(envId);
  if (!suffix) return true;
  return envId
    .slice(0, suffix.index)
    .split('_')
    .every((w) => w === '' || APP_WORDS.has(w));
}
