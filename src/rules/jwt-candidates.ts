import { createSecretKey, type KeyObject } from 'node:crypto';
import type { ScannedDocument } from '../core/rule.js';
import { roleOf } from '../core/secret-names.js';
import type { SecretAssignment } from '../core/types.js';
import { KNOWN_WEAK_VALUES } from './secret-strength.js';

/**
 * The keys a committed JWT is tried against, in priority order, de-duplicated by their bytes:
 * 1. the publicly known weak values exactly as published (jwt.io's default, library READMEs);
 * 2. weak values from the configuration (`weakValues`);
 * 3. every literal or default value the scan found for a secret-named key, JWT keys first, then
 *    app keys, then the rest;
 * 4. the same values base64-decoded, when they look like base64 (jjwt and Spring setups keep the
 *    key base64-encoded);
 * 5. common variants of the public values (case, `-`/`_`/no separator, a `123` suffix).
 * Verification stops at MAX_CANDIDATES_PER_TOKEN of these (see jwt-verify.ts).
 */

export interface KeyPlace {
  doc: ScannedDocument;
  a: SecretAssignment;
}

export interface KeyCandidate {
  key: KeyObject;
  /** Where the key bytes come from; a candidate may be both public and found in the repository. */
  places: KeyPlace[];
  /** True when the repository value had to be base64-decoded to give these bytes. */
  decoded: boolean;
  /** The public value these bytes spell, when they are publicly known (safe to show). */
  publicValue?: string;
  /** True when the value comes from the configuration's weak list (known to be weak, but not public). */
  configured: boolean;
  /** True for a spelling derived from a public value (`Secret` for `secret`), not published as such. */
  variant?: true;
}

/** Values longer than this are not keys (certificates, blobs); skipped. */
const MAX_KEY_CHARS = 4096;

/**
 * `work.placeLookups` counts how many times a place was compared with the places a candidate
 * already has (once per place: the counter tests read).
 */
export function buildCandidates(docs: readonly ScannedDocument[], extraWeakValues: readonly string[], work?: { placeLookups: number }): KeyCandidate[] {
  const byBytes = new Map<string, KeyCandidate>();
  const order: KeyCandidate[] = [];
  // Two versions of one file setting one key are one place: a history audit judges keys from many
  // versions together, and "set in N more places" must count what a tree scan counts (files and
  // keys), not how many versions held the value; two settings in one document stay two places. So
  // each file and key keeps the places of the first document that sets it, found in one lookup per
  // setting (a value set 100k times in one .env was a search of all its places each time).
  const placeDocs = new Map<KeyCandidate, Map<string, ScannedDocument>>();
  const addPlace = (c: KeyCandidate, place: KeyPlace) => {
    let byId = placeDocs.get(c);
    if (!byId) placeDocs.set(c, (byId = new Map()));
    const id = `${place.doc.document.path}\0${place.a.keyId}`;
    if (work) work.placeLookups++;
    const from = byId.get(id);
    if (from !== undefined && from !== place.doc) return;
    byId.set(id, place.doc);
    c.places.push(place);
  };
  const add = (bytes: Buffer, init: () => Omit<KeyCandidate, 'key'>, merge: (c: KeyCandidate) => void, created?: (c: KeyCandidate) => void) => {
    if (bytes.length === 0) return;
    const id = bytes.toString('latin1');
    const existing = byBytes.get(id);
    if (existing) {
      merge(existing);
      return;
    }
    const c: KeyCandidate = { key: createSecretKey(bytes), ...init() };
    byBytes.set(id, c);
    order.push(c);
    created?.(c);
  };
  const addPublic = (value: string, variant = false) =>
    add(
      Buffer.from(value, 'utf8'),
      () => ({ places: [], decoded: false, publicValue: value, configured: false, ...(variant ? { variant: true as const } : {}) }),
      (c) => {
        c.publicValue ??= value;
      },
    );

  for (const v of KNOWN_WEAK_VALUES) addPublic(v);
  for (const v of extraWeakValues) {
    add(
      Buffer.from(v, 'utf8'),
      () => ({ places: [], decoded: false, configured: true }),
      (c) => {
        c.configured = true;
      },
    );
  }
  const places = repositoryKeyPlaces(docs);
  for (const place of places) {
    add(
      Buffer.from(place.a.value as string, 'utf8'),
      () => ({ places: [], decoded: false, configured: false }),
      (c) => {
        if (!c.decoded) addPlace(c, place);
      },
      (c) => addPlace(c, place),
    );
  }
  // Decoded forms after every value as written: random base64url secrets all look like base64,
  // so these would otherwise crowd the values out of the per-token cap.
  for (const place of places) {
    const decoded = base64Bytes(place.a.value as string);
    if (!decoded) continue;
    add(
      decoded,
      () => ({ places: [], decoded: true, configured: false }),
      (c) => {
        if (c.decoded) addPlace(c, place);
      },
      (c) => addPlace(c, place),
    );
  }
  for (const v of publicVariants(KNOWN_WEAK_VALUES)) addPublic(v, true);
  return order;
}

/** Literal and default values of secret-named keys, JWT keys first, then app keys, then the rest (scan order within each). */
export function repositoryKeyPlaces(docs: readonly ScannedDocument[]): KeyPlace[] {
  const ranked: [KeyPlace[], KeyPlace[], KeyPlace[]] = [[], [], []];
  for (const doc of docs) {
    for (const a of doc.parsed.assignments) {
      if ((a.origin !== 'literal' && a.origin !== 'default') || a.value === undefined) continue;
      if (a.value.length === 0 || a.value.length > MAX_KEY_CHARS) continue;
      const role = roleOf(a.keyId);
      ranked[role === 'jwt' ? 0 : role === 'app' ? 1 : 2].push({ doc, a });
    }
  }
  return [...ranked[0], ...ranked[1], ...ranked[2]];
}

/**
 * The bytes a base64 (or base64url) value decodes to, when it plausibly is base64: only base64
 * characters, a valid length, and at least 16 decoded bytes. Null otherwise.
 */
export function base64Bytes(value: string): Buffer | null {
  const v = value.trim();
  if (v.length < 22 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(v)) return null;
  const body = v.replace(/=+$/, '');
  if (body.length % 4 === 1) return null;
  // Hex is also valid base64, but a hex key is used as text far more often than decoded as base64.
  if (/^[0-9a-fA-F]+$/.test(body)) return null;
  const bytes = Buffer.from(body.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return bytes.length >= 16 ? bytes : null;
}

/**
 * Spellings people derive from a public default: `Secret`, `SECRET`, `my_secret_key` for
 * `my-secret-key`, `mysecretkey`, `secret123`. Only values made of letters, digits and separators
 * get variants; the originals are not repeated.
 */
export function publicVariants(values: readonly string[]): string[] {
  const originals = new Set(values);
  const out = new Set<string>();
  const push = (s: string) => {
    if (!originals.has(s)) out.add(s);
  };
  for (const v of values) {
    if (!/^[A-Za-z0-9 _-]+$/.test(v)) continue;
    const lower = v.toLowerCase();
    const forms = new Set([lower]);
    if (/[ _-]/.test(lower)) for (const sep of ['-', '_', '']) forms.add(lower.replace(/[ _-]/g, sep));
    for (const f of forms) {
      push(f);
      push(f.toUpperCase());
      push(f.charAt(0).toUpperCase() + f.slice(1));
    }
    if (!/\d/.test(lower)) push(`${lower}123`);
  }
  return [...out];
}
