import type { ResolvedConfig } from '../config/types.js';
import type { SecretFingerprinter } from '../core/redact.js';
import { createSecretNameMatcher } from '../core/secret-names.js';
import type { Document } from '../core/types.js';
import { contentWords, createContentFilter, createDocumentParser, isScannablePath } from '../parsers/index.js';
import { historySource, type HistoryRange } from '../sources/history.js';
import { isGitWorkTree } from '../sources/git.js';
import { worktreeSource } from '../sources/worktree.js';
import { HeldKey } from './held-key.js';
import { KeyInputError } from './key-input.js';

/** A fingerprint as findings show it: the whole 20 hex digits (JSON) or the 8 the text report prints. */
export function isFingerprint(text: string): boolean {
  return /^[0-9a-f]{8,64}$/i.test(text);
}

/** Distinct values fingerprinted at most; beyond it a value seen again is fingerprinted again. */
const MAX_REMEMBERED = 200_000;

/** What following a fingerprint found: the value, and how many values the budget left unhashed. */
export interface FollowedFingerprint {
  key: HeldKey | null;
  /** Distinct values not fingerprinted: the run's budget of slow hashes was spent (see SLOW_FINGERPRINT_UNITS). */
  unchecked: number;
}

/**
 * Finds the value a scan reported by its fingerprint: the secret values the parsers see in the
 * working tree, then in every version in the history, are fingerprinted with the scan's own
 * function (core/redact.ts) until one matches. A prefix that matches two different values is
 * ambiguous (a usage error): the full fingerprint is in `--format json`.
 *
 * The work is bounded as a scan's is: random-looking values take the fast hash, the others scrypt
 * within the fingerprinter's budget, so a repository that plants thousands of short values (in the
 * tree or across its history) costs seconds, not hours. What the budget left unhashed is counted:
 * no match then means "not found in what was checked", which the caller must say.
 */
export async function followFingerprint(
  root: string,
  fingerprint: string,
  config: ResolvedConfig,
  range: HistoryRange,
  fingerprints: SecretFingerprinter,
): Promise<FollowedFingerprint> {
  const wanted = fingerprint.toLowerCase();
  const parse = createDocumentParser(createSecretNameMatcher(config.secretNames), config.secretNames);
  const seen = new Set<string>();
  const unhashed = new Set<string>();
  let unchecked = 0;
  let match: string | null = null;
  const look = (doc: Document) => {
    for (const a of parse(doc).assignments) {
      const v = a.value;
      if (v === undefined || v.length === 0 || seen.has(v)) continue;
      if (seen.size < MAX_REMEMBERED) seen.add(v);
      // Keyed by the repository and memoized per value, like the scan that printed it.
      const fp = fingerprints.budgeted(v);
      if (fp === undefined) {
        if (!unhashed.has(v)) {
          unchecked++;
          if (unhashed.size < MAX_REMEMBERED) unhashed.add(v);
        }
        continue;
      }
      if (!fp.startsWith(wanted)) continue;
      if (match !== null && match !== v) {
        throw new KeyInputError(`the fingerprint ${fingerprint} matches more than one value: give the full 20-digit fingerprint (secret.fingerprint in scan --format json).`);
      }
      match = v;
    }
  };
  const base = { root, maxFileBytes: config.maxFileBytes, exclude: config.exclude };
  const worktree = worktreeSource({ ...base, contentWords: contentWords(config.secretNames) });
  for await (const doc of worktree.documents()) look(doc);
  // A whole fingerprint cannot match two values; a prefix must be checked against the history too.
  if ((match === null || wanted.length < 20) && (await isGitWorkTree(root))) {
    const history = historySource({ ...base, ...range, isScannable: isScannablePath, mentions: createContentFilter(config.secretNames) });
    for await (const doc of history.documents()) look(doc);
  }
  return { key: match === null ? null : new HeldKey(match, fingerprints), unchecked };
}
