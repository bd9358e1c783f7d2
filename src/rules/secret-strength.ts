import { describeGuessable, guessableShape } from './guessable.js';

/**
 * Judges whether a secret value is fit to sign with. Used by the weak-secret rule, by `check-env`
 * and by JWT proof (the known-weak list doubles as the candidate keys for committed tokens).
 */

import { KNOWN_WEAK_VALUES, isPublicValue } from '../core/public-values.js';

export { KNOWN_WEAK_VALUES };

/** Prefixes of framework-generated keys that announce they are for development only. */
const INSECURE_PREFIXES: readonly string[] = ['django-insecure-'];

/**
 * Words that mark a value as a placeholder someone meant to replace. A value is cut into words at
 * every character that is not a letter or digit, and a word must *start* with a marker: that
 * catches `your-secret-key-change-this`, `dev_secret_xxxx`, `YOUR_GENERATED_SECRET_HERE`, while a
 * random base64url secret almost never has a word starting with one (measured: substring matching
 * flagged about 1 in 400 `token_urlsafe(64)` values).
 */
const PLACEHOLDER_MARKERS: readonly string[] = [
  'change',
  'your',
  'example',
  'xxx',
  'placeholder',
  'replace',
  'todo',
  'fixme',
  'dummy',
  'sample',
  'insert',
  'generate',
  'here',
  'redacted',
  'tbd',
];

const LONG_MARKERS = PLACEHOLDER_MARKERS.filter((m) => m.length > 3);

export type Weakness =
  | { kind: 'known'; reason: string }
  | { kind: 'placeholder'; reason: string }
  | { kind: 'guessable'; reason: string }
  | { kind: 'listed'; reason: string }
  | { kind: 'short'; reason: string; bytes: number; minBytes: number }
  | { kind: 'low-entropy'; reason: string };

export interface StrengthOptions {
  minBytes: number;
  extraWeakValues?: readonly string[];
  /** The configuration's `weak-values-file`, loaded as a compact lookup. */
  weakList?: WeakValueLookup;
}

/** A set of weak values: case-insensitive membership only (the values themselves stay in their file). */
export interface WeakValueLookup {
  has(value: string): boolean;
  readonly size: number;
}

/** The strength options a scan's settings give (the minimum size, the configured weak values and wordlist). */
export function strengthOptions(settings: { minSecretBytes: number; extraWeakValues: readonly string[]; weakList?: WeakValueLookup }): StrengthOptions {
  return { minBytes: settings.minSecretBytes, extraWeakValues: settings.extraWeakValues, ...(settings.weakList ? { weakList: settings.weakList } : {}) };
}

export function isKnownWeak(value: string, extra: readonly string[] = []): boolean {
  return knownWeakReason(value, extra) !== null;
}

/**
 * Why a value is known to be weak, or null: a listed public value, a value the configuration
 * lists, or a known development-only shape. Only the first may be shown whole (core decides that
 * from the value itself); the reasons say which, so a message never calls a per-project random
 * key "used by tutorials".
 */
export function knownWeakReason(value: string, extra: readonly string[] = []): string | null {
  const v = value.trim();
  if (isPublicValue(v)) return 'it is a publicly known value (tutorials and docs use it)';
  const lower = v.toLowerCase();
  if (extra.some((e) => e.toLowerCase() === lower)) return 'your configuration lists it as weak (weakValues)';
  const prefix = INSECURE_PREFIXES.find((p) => lower.startsWith(p));
  if (prefix !== undefined) {
    return `it starts with \`${prefix}\`, the mark Django's startproject puts on keys meant only for local development`;
  }
  return null;
}

export function isPlaceholder(value: string): boolean {
  const v = value.trim().toLowerCase();
  if (v.length === 0) return true;
  if (v.startsWith('<') && v.endsWith('>')) return true;
  if (v.startsWith('[') && v.endsWith(']')) return true;
  if (/^(.)\1+$/.test(v)) return true; // `xxxxxxxx`, `********`
  // Random base64/base64url scores above 5 bits per character; prose-like placeholders stay near 4.
  // A marker found inside such noise is chance (`-Xxx…`, `_here…`), not a placeholder.
  if (v.length >= 32 && shannonEntropy(value.trim()) >= 4.5) return false;
  // Words as a person writes them: split at separators, camelCase humps and letter/digit changes,
  // so `HeRE5q` in random base64 is `He RE 5 q`, while `YOUR_SECRET_HERE` and `changeMe` keep their words.
  const tokens = value.trim().split(/[^A-Za-z0-9]+/);
  const words = tokens
    .flatMap((w) => w.split(/(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])|(?<=[A-Z])(?=[A-Z][a-z])/))
    .map((w) => w.toLowerCase());
  if (words.some((w) => w.length > 0 && LONG_MARKERS.some((m) => w.startsWith(m)))) return true;
  // A three-letter marker (`tbd`, `xxx`) must be a whole token between separators: inside a word
  // it turns up in random keys (`…I2xxx5E0`).
  return tokens.some((t) => /^(x{3,}|tbd)$/i.test(t));
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/**
 * The first reason a value is unfit as an HMAC key, or null when it looks strong.
 * RFC 7518 §3.2: an HS256 key must be at least 256 bits (32 bytes), HS384 48, HS512 64.
 */
export function assessSecret(value: string, options: StrengthOptions): Weakness | null {
  const known = knownWeakReason(value, options.extraWeakValues);
  if (known !== null) return { kind: 'known', reason: known };
  if (isPlaceholder(value)) {
    return { kind: 'placeholder', reason: 'it is a placeholder meant to be replaced' };
  }
  if (options.weakList?.has(value) === true) {
    return { kind: 'listed', reason: 'it is in the weak-values file of the configuration (a cracking wordlist)' };
  }
  const shape = guessableShape(value);
  if (shape !== null) return { kind: 'guessable', reason: describeGuessable(shape) };
  const text = printableDecoding(value);
  if (text !== null) {
    const inner = isKnownWeak(text.text) || isPlaceholder(text.text) ? 'a known or placeholder value' : guessableShape(text.text) !== null ? 'guessable text' : null;
    if (inner !== null) return { kind: 'guessable', reason: `it is ${inner} written in ${text.encoding}, which decodes at a glance` };
  }
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes < options.minBytes) {
    return {
      kind: 'short',
      reason: `it is ${bytes} bytes long; an HMAC key needs at least ${options.minBytes} random bytes (${algorithmFor(options.minBytes)}, RFC 7518 §3.2)`,
      bytes,
      minBytes: options.minBytes,
    };
  }
  const h = shannonEntropy(value);
  // Random base64/hex of 32+ chars scores above 3.5 bits/char; words, repeats and keyboard walks below.
  if (h < 3.0 || new Set(value).size < 10) {
    return { kind: 'low-entropy', reason: `it has little randomness (${h.toFixed(1)} bits per character)` };
  }
  return null;
}

/**
 * The text a base64 or hex value spells, when every decoded byte is printable ASCII. Random key
 * bytes never are (for 24 bytes, the odds are below 1 in 10^10); base64 of a phrase always is.
 */
function printableDecoding(value: string): { text: string; encoding: 'base64' | 'hex' } | null {
  const v = value.trim();
  if (v.length < 24 || v.length > 1024) return null;
  let bytes: Buffer;
  let encoding: 'base64' | 'hex';
  if (/^(?:[0-9a-fA-F]{2})+$/.test(v)) {
    bytes = Buffer.from(v, 'hex');
    encoding = 'hex';
  } else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(v) && v.replace(/=+$/, '').length % 4 !== 1) {
    bytes = Buffer.from(v.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    encoding = 'base64';
  } else {
    return null;
  }
  if (bytes.length < 16) return null;
  for (const b of bytes) if (b < 0x20 || b > 0x7e) return null;
  return { text: bytes.toString('latin1'), encoding };
}

function algorithmFor(minBytes: number): string {
  return minBytes >= 64 ? 'HS512' : minBytes >= 48 ? 'HS384' : 'HS256';
}

/** The minimum key size in bytes for an HMAC JWT algorithm (RFC 7518 §3.2). */
export function minBytesForAlgorithm(alg: string | undefined): number {
  switch ((alg ?? '').toUpperCase()) {
    case 'HS384':
      return 48;
    case 'HS512':
      return 64;
    default:
      return 32;
  }
}

/**
 * Values bound to a secret-named key that are clearly not a secret: URLs, file paths, booleans,
 * numbers, and the name of another variable. Reporting them would only teach users to ignore us.
 */
export function isNotASecret(value: string): boolean {
  const v = value.trim();
  if (/^(true|false|yes|no|on|off|none|null|nil|undefined)$/i.test(v)) return true;
  // Small numbers and decimals are settings; a run of three or more digits under a secret name
  // is a (weak) secret: `JWT_SECRET_KEY=123456`, go-gin-example's `JwtSecret = 233`.
  if (/^-?\d{1,2}(\.\d+)?$/.test(v) || /^-?\d+\.\d+$/.test(v) || /^-\d+$/.test(v)) return true;
  if (/^[a-z][a-z0-9+.-]{1,20}:\/\//i.test(v)) return true; // URL
  if (/^(\.{0,2}\/|~\/)[^\s]*$/.test(v) && v.includes('/')) return true; // file path
  // A path through a parameter or variable: Symfony's `%kernel.project_dir%/config/jwt/private.pem`
  // (lexik's `secret_key`), `${APP_ROOT}/keys/jwt.pem`.
  if (/^(%[A-Za-z_][\w.]*%|\$\{?[A-Za-z_]\w*\}?)\/\S*$/.test(v)) return true;
  // A relative path to a key file: `config/jwt/private.pem`. Base64 has no `.`, so no key ends so.
  if (/^[\w.-]+(\/[\w.-]+)+\.(pem|key|der|p8|p12|pfx|jks|keystore|crt|cer|pub|jwk)$/i.test(v)) return true;
  if (/^(arn|projects|sm|vault|op|azurekeyvault|awssm):/i.test(v)) return true; // secret-store reference
  return false;
}
