import { scryptSync } from 'node:crypto';
import { isPublicValue } from './public-values.js';
import type { SecretSummary } from './types.js';

/**
 * The one place that decides what of a secret value may be shown. Every face (text, JSON, SARIF,
 * the Action, `fix`, baselines, history) prints only what `summarizeSecret` returns: a preview,
 * the length and a fingerprint. Nothing downstream ever sees the value, so nothing downstream has
 * to search for it and mask it.
 */

/**
 * A preview of at most 4 characters, and never more than a quarter of the value, so a short weak
 * secret is not given away. Only a value that is, as a whole, a listed public value
 * (core/public-values.ts) is shown whole: a known prefix (`django-insecure-`, `base64:`, `whsec_`)
 * makes a value weak or typed, not public; its rest is the project's own secret.
 */
export function previewSecret(value: string): string {
  if (isPublicValue(value)) return value;
  const n = Math.min(4, Math.floor(value.length / 4));
  // Whole code points only: half a surrogate pair would print as a replacement character.
  const head = Array.from(value).slice(0, n).join('');
  return head.length > 0 ? head + '…' : '…';
}

/** Values at most this long get the costlier hash: their preview and length leave less to guess. */
const SHORT_VALUE_CHARS = 16;
const SCRYPT_SHORT = { N: 1 << 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const SCRYPT_LONG = { N: 1 << 12, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/**
 * A secret value's fingerprint: 20 hex digits (80 bits) of scrypt(value), salted with the
 * repository key. Stable for the same value in the same repository, across runs, machines and
 * clones (baselines and suppression pins rely on it); different across repositories; and slow
 * (scrypt N=2^12, r=8; N=2^14 for values of at most 16 characters, about 10 and 40 ms) so that a
 * short value cannot be recovered from its preview, length and fingerprint by trying candidates.
 *
 * The repository key (see `repositoryKey` in src/sources/repo-key.ts) is:
 * - the key a baseline file records (`"repository"`), when the scan reads one, so every clone of a
 *   repository that commits its baseline agrees, shallow ones included;
 * - else, in a git repository with its full history, `git:` and the root commit's sha (the
 *   smallest, when the history has several roots);
 * - else (not a git repository, no commit yet, or a shallow clone without a baseline) the fixed
 *   fallback `NO_REPOSITORY_KEY`.
 * The value is encoded as UTF-8; the key as given. The same pair always gives the same fingerprint.
 */
export function fingerprintSecret(value: string, repoKey: string): string {
  const cost = value.length <= SHORT_VALUE_CHARS ? SCRYPT_SHORT : SCRYPT_LONG;
  return scryptSync(Buffer.from(value, 'utf8'), `secret-hygiene/fingerprint/v2\0${repoKey}`, 10, cost).toString('hex');
}

/** The repository key used when there is no repository identity to key fingerprints by. */
export const NO_REPOSITORY_KEY = 'secret-hygiene/no-repository';

/**
 * Fingerprints of one run, memoized per value: a history scan meets the same value in every
 * version of a file and pays for it once.
 */
export interface SecretFingerprinter {
  readonly repoKey: string;
  fingerprint(value: string): string;
}

export function createFingerprinter(repoKey: string): SecretFingerprinter {
  const memo = new Map<string, string>();
  return {
    repoKey,
    fingerprint(value) {
      let fp = memo.get(value);
      if (fp === undefined) memo.set(value, (fp = fingerprintSecret(value, repoKey)));
      return fp;
    },
  };
}

export function summarizeSecret(value: string, fingerprints: SecretFingerprinter): SecretSummary {
  return { preview: previewSecret(value), length: value.length, fingerprint: fingerprints.fingerprint(value) };
}

/**
 * True when a text holds a secret value: the structural check core applies to everything a rule
 * hands over for printing (message data, related notes, suggestions, fix descriptions). A rule
 * that passes a value there has a bug; core refuses its report instead of masking the text. A
 * short common-word value (`config`) legitimately occurs inside key names and paths, so only an
 * equal text, or a value of 12 characters or more inside a text, counts.
 */
export function holdsSecret(text: string, value: string): boolean {
  if (value.length === 0 || isPublicValue(value)) return false;
  return text === value || (value.length >= 12 && text.includes(value));
}

/** What a key path shows in place of a segment that is itself a secret (see `shownKeySegment`). */
export const RANDOM_KEY_SEGMENT = '<random>';

/**
 * A key path segment as it may be printed. A mapping key can itself be a secret (a tenant's
 * random id or API key used as the map key: `tenants: {<random>: {jwtSecret: …}}`); such a
 * segment is replaced by RANDOM_KEY_SEGMENT when the key path is built, so no face prints it.
 */
export function shownKeySegment(segment: string): string {
  return looksRandom(segment) ? RANDOM_KEY_SEGMENT : segment;
}

/**
 * True for a segment that reads as random rather than as words: hex or UUID-like with digits,
 * symbols beside digits, or (after a leading `word-` prefix such as `django-insecure-`) many short
 * pieces when cut at case changes and digits. Names (`oauth2ResourceServerJwtIssuer`,
 * `AWS_SECRET_ACCESS_KEY_ID_V2`, `application-production-eu-west-1`) cut into few long words.
 * Measured on 5,000 random values per shape: hex, base64, base64url of 50, Django's 50-character
 * keys and UUIDs all but never missed; base64url of 16 characters missed about 5%.
 */
export function looksRandom(segment: string): boolean {
  if (/\s/.test(segment)) return false;
  return piecesLookRandom(segment) || piecesLookRandom(segment.replace(/^([a-z]+[-_])+/, ''));
}

function piecesLookRandom(seg: string): boolean {
  if (seg.length < 16 || seg.length > 4096) return false;
  const digits = countOf(seg, /\d/g);
  if (/^[0-9a-f-]+$/i.test(seg)) return digits >= 4 && seg.length - digits - countOf(seg, /-/g) >= 2;
  if (/[^A-Za-z0-9_.-]/.test(seg) && digits >= 1) return true;
  const pieces = seg.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+/g) ?? [];
  if (pieces.length < 5) return false;
  const words = pieces.filter((p) => !/^\d/.test(p));
  const average = words.reduce((n, p) => n + p.length, 0) / Math.max(1, words.length);
  return average < (pieces.length >= 8 ? 3.4 : 3);
}

function countOf(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}
