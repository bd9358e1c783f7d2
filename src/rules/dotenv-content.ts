import type { ScannedDocument } from '../core/rule.js';
import type { DotenvEntry } from '../parsers/dotenv.js';
import { shapeOfValue } from '../parsers/value-shape.js';
import { assessSecret, isNotASecret, isPlaceholder } from './secret-strength.js';

/**
 * Whether a dotenv file holds anything secret. Vite, Next.js, Create React App and Expo document
 * committing `.env` files whose keys are public by construction (they are bundled into the
 * browser build): `VITE_*`, `NEXT_PUBLIC_*`, `REACT_APP_*`, `EXPO_PUBLIC_*`, `NUXT_PUBLIC_*`,
 * `GATSBY_*`, `PUBLIC_*`. A file of those, URLs without a password, ports, numbers and flags holds
 * no secret, so calling it a leak (or saying to rotate its secrets) would be false.
 */
const PUBLIC_PREFIX = /^(VITE_|NEXT_PUBLIC_|REACT_APP_|EXPO_PUBLIC_|NUXT_PUBLIC_|GATSBY_|PUBLIC_|STORYBOOK_)/i;

/** Key words that say a value is a credential whatever its signing role (`DB_PASSWORD`, `API_TOKEN`, `STRIPE_KEY`). */
const SENSITIVE_WORD = /(^|_)(PASSWORD|PASSWD|PASS|PWD|SECRET|SECRETS|TOKEN|KEY|APIKEY|PRIVATE|CREDENTIALS?|AUTH|DSN|SALT|PEPPER)(_|$)/;

/** Key words that end a sensitive-looking name harmlessly: `TOKEN_URL`, `SECRET_NAME`, `KEY_ID` (public ids), `PASSWORD_MIN_LENGTH`. */
const HARMLESS_TAIL = /_(URL|URI|ENDPOINT|HOST|PORT|PATH|FILE|DIR|NAME|ID|LENGTH|LEN|TTL|EXPIRY|EXPIRES|EXPIRES_IN|EXPIRATION|LIFETIME|TIMEOUT|ALGORITHM|ALG|ISSUER|AUDIENCE|HEADER|TYPE|REGION|VERSION|ENABLED|REQUIRED)$/;

/**
 * dotenv-vault's `.env.vault` holds one ciphertext per environment (`DOTENV_VAULT_PRODUCTION`,
 * and its `_VERSION`), meant to be committed: only `DOTENV_KEY`, kept elsewhere, decrypts it.
 */
function isVaultCiphertext(key: string): boolean {
  return /^DOTENV_VAULT(_[A-Z0-9_]+)?$/.test(key);
}

export function isPublicDotenvKey(key: string): boolean {
  return PUBLIC_PREFIX.test(key);
}

/** True when the entry's value is a secret or may well be one. */
export function entryHoldsSecret(entry: DotenvEntry): boolean {
  const value = entry.value.trim();
  if (value === '') return false;
  if (hasUrlPassword(value)) return true;
  const key = entry.key.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  // A public key (dotenvx `DOTENV_PUBLIC_KEY`, `JWT_PUBLIC_KEY`) is random-looking and public by design.
  if (isPublicDotenvKey(key) || isVaultCiphertext(key) || /_(PUBLIC_KEY|PUBKEY)$/.test(key)) return false;
  if (shapeOfValue(value) !== 'literal') return false;
  if (isNotASecret(value) || isPlaceholder(value) || isReference(value)) return false;
  if (SENSITIVE_WORD.test(key) && !HARMLESS_TAIL.test(key)) return true;
  return looksLikeCredential(value);
}

/**
 * True when a dotenv document holds a secret: a secret-named key with a literal or default value
 * the parser found, or any entry that {@link entryHoldsSecret} judges secret.
 */
export function dotenvHoldsSecret(doc: ScannedDocument, entries: readonly DotenvEntry[]): boolean {
  const secretNamed = doc.parsed.assignments.some(
    (a) => (a.origin === 'literal' || a.origin === 'default') && a.value !== undefined && a.value.trim() !== '' && !isNotASecret(a.value),
  );
  return secretNamed || entries.some(entryHoldsSecret);
}

/**
 * True when the file is meant to hold secrets, even if its values are still placeholders: a
 * secret under any key, or a key whose name says secret (`JWTSECRET`, `DB_PASSWORD`) with a value
 * that is not empty, `null` or a reference. Such a file must not be committed by accident.
 */
export function dotenvWouldHoldSecrets(doc: ScannedDocument, entries: readonly DotenvEntry[]): boolean {
  if (dotenvHoldsSecret(doc, entries)) return true;
  return entries.some((e) => {
    const key = e.key.toUpperCase();
    const value = e.value.trim();
    if (value === '' || isPublicDotenvKey(key) || isNotASecret(value) || isReference(value)) return false;
    return /(SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE|CREDENTIAL|APIKEY|API_KEY)/.test(key) && !HARMLESS_TAIL.test(key);
  });
}

/** `${OTHER}`, `$OTHER`: the value is read from another variable, not written here. */
function isReference(value: string): boolean {
  return /^\$\{[A-Za-z_][A-Za-z0-9_]*(:?[-?=+][^}]*)?\}$|^\$[A-Za-z_][A-Za-z0-9_]*$/.test(value);
}

/** A long random-looking value (a token, an API key) under any key name. */
export function looksLikeCredential(value: string): boolean {
  const v = value.trim();
  if (v.length < 20 || isNotASecret(v) || /\s/.test(v)) return false;
  return assessSecret(v, { minBytes: 20 }) === null && /[0-9]/.test(v) && /[A-Za-z]/.test(v);
}

/** `postgres://user:pass@host/db`: a URL carrying a password (an empty one or `${VAR}` does not count). */
function hasUrlPassword(value: string): boolean {
  const m = /^[a-z][a-z0-9+.-]{1,20}:\/\/[^\s/:@]*:([^\s/@]+)@/i.exec(value);
  const password = m?.[1];
  return password !== undefined && !password.startsWith('$');
}
