import { isAbsolute, join, resolve } from 'node:path';
import type { WeakValueLookup } from '../rules/secret-strength.js';
import { readToolFile, ToolFileError } from '../fs/tool-file.js';
import { ConfigError } from './errors.js';

/**
 * The `weak-values-file` setting: a user's wordlist of weak secrets (the public JWT secret lists
 * attackers feed to hashcat and jwt_tool, an organisation's own list of leaked keys), one value a
 * line. It is loaded as a compact lookup: a sorted array of 53-bit hashes of the lowercased
 * values, 8 bytes an entry, and no value is kept in memory or ever printed. A chance collision at
 * 53 bits over a million entries is about 1 in 10^10 per value looked up.
 */

/** Far above the public lists (about 100k lines, a few MB), far below what hurts. */
export const WEAK_VALUES_FILE_MAX_BYTES = 64 * 1024 * 1024;
export const WEAK_VALUES_FILE_MAX_ENTRIES = 4_000_000;
/** A line longer than this is no secret anyone types; it is skipped (and so never hashed). */
const MAX_LINE_CHARS = 1024;

/** What the file holds, as the hashes of its values. */
class HashedWordlist implements WeakValueLookup {
  constructor(private readonly hashes: Float64Array) {}

  get size(): number {
    return this.hashes.length;
  }

  has(value: string): boolean {
    const v = value.trim();
    if (v === '' || v.length > MAX_LINE_CHARS) return false;
    const h = hash53(v.toLowerCase());
    let lo = 0;
    let hi = this.hashes.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const m = this.hashes[mid] ?? 0;
      if (m === h) return true;
      if (m < h) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}

/**
 * The lookup again after a copy to a worker thread: structured cloning keeps a class's fields, not
 * its methods, so a history audit's worker got `{hashes}` without `has`, and every rule that asks
 * the list failed on every version (the findings were lost). Anything else is returned as it is.
 */
export function reviveWordlist(list: WeakValueLookup | undefined): WeakValueLookup | undefined {
  if (list === undefined || typeof list.has === 'function') return list;
  const hashes = (list as unknown as { hashes?: unknown }).hashes;
  return hashes instanceof Float64Array ? new HashedWordlist(hashes) : list;
}

/** Builds the lookup from a wordlist's text: one value a line, blank lines and `#` comments skipped. */
export function wordlistFromText(text: string, shown: string, maxEntries = WEAK_VALUES_FILE_MAX_ENTRIES): WeakValueLookup {
  const hashes: number[] = [];
  for (let pos = 0; pos < text.length; ) {
    let nl = text.indexOf('\n', pos);
    if (nl === -1) nl = text.length;
    const line = text.slice(pos, nl).replace(/\r$/, '').trim();
    pos = nl + 1;
    if (line === '' || line.startsWith('#') || line.length > MAX_LINE_CHARS) continue;
    if (hashes.length >= maxEntries) {
      throw new ConfigError(shown, [
        {
          key: 'weak-values-file',
          message: `holds more than ${maxEntries} values, over the limit (nothing was scanned)`,
          allowed: `a text file of at most ${maxEntries} values, one a line`,
        },
      ]);
    }
    hashes.push(hash53(line.toLowerCase()));
  }
  const sorted = Float64Array.from(hashes).sort();
  // Drop repeats: the lists repeat values in other cases, which fold to one hash.
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[n++] = sorted[i] ?? 0;
  return new HashedWordlist(sorted.slice(0, n));
}

/**
 * Reads the wordlist. `fromConfig` paths are relative to the scanned root and must stay inside it
 * (a configuration committed to a repository must not reach outside it); a path given on the
 * command line may be anywhere. Links are never followed, either way. A file that is missing,
 * a link, not a regular file or too large is a configuration error: the user asked for the list,
 * and scanning without it would call its values strong.
 */
export function loadWeakValuesFile(root: string, path: string, origin: 'config' | 'cli', cwd = root): WeakValueLookup {
  const shown = origin === 'config' ? `weak-values-file '${path}'` : `--weak-values-file '${path}'`;
  const fail = (message: string, allowed: string): never => {
    throw new ConfigError(shown, [{ key: 'weak-values-file', message, allowed }]);
  };
  let abs: string;
  if (origin === 'config') {
    if (isAbsolute(path) || path.split(/[\\/]/).includes('..')) {
      fail('must be a path inside the scanned directory (no leading `/`, no `..`)', 'a path relative to the scanned directory, e.g. security/jwt-weak.txt');
    }
    abs = join(root, path);
  } else {
    abs = resolve(cwd, path);
  }
  let bytes: Buffer | null = null;
  try {
    bytes = readToolFile(abs, {
      shown: path,
      maxBytes: WEAK_VALUES_FILE_MAX_BYTES,
      ...(origin === 'config' ? { root } : {}),
      tooLargeHint: 'split the list or keep the values that matter to you',
    });
  } catch (err) {
    if (!(err instanceof ToolFileError)) throw err;
    fail(err.message, `a regular text file of at most ${WEAK_VALUES_FILE_MAX_BYTES} bytes, one value a line`);
  }
  if (bytes === null) return fail('the file does not exist', 'a text file of weak values, one a line');
  return wordlistFromText(bytes.toString('utf8').replace(/^\uFEFF/, ''), shown);
}

/**
 * cyrb53 (a public-domain 53-bit string hash): two 32-bit multiply-xorshift lanes, mixed. Fast
 * and well spread; not cryptographic, which a membership test of public wordlist values needs
 * not be.
 */
export function hash53(s: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
