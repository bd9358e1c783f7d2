/**
 * Which keys name a signing secret. A key is normalised first (`jwt.secret`, `jwt-secret`,
 * `jwtSecret`, `JWT_SECRET` all become `JWT_SECRET`), then matched against the built-in names and
 * suffixes below, plus names from config. The list is documented in docs/secret-names.md.
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

/** Bounded memo: cleared when full, so a hostile file of unique names cannot grow it without end. */
export function remember<V>(memo: Map<string, V>, key: string, value: V): void {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
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
    // A rotated-out or staged key is as secret as the key itself: JWT_SECRET_KEY_PREVIOUS.
    const keyId = id.replace(/_(PREVIOUS|PREV|OLD|NEXT|NEW)$/, '');
    if (exact.has(keyId)) return true;
    // Dotted config paths (`app.jwt.secret`, Spring `jwt.secret-key`) normalise to `APP_JWT_SECRET`.
    for (const suffix of SECRET_SUFFIXES) {
      if (keyId.endsWith('_' + suffix)) return true;
    }
    return false;
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
