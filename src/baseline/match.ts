import type { Finding, Problem } from '../core/types.js';
import { entryKey, entryOf, normalizeEntries, type BaselineEntry } from './file.js';

export interface BaselineMatch {
  /** Findings the baseline does not accept: what the scan reports. */
  findings: Finding[];
  /** Findings the baseline accepts. */
  accepted: Finding[];
  /** Entries that matched no finding: the problem was fixed, the value changed, or the file moved. */
  unused: BaselineEntry[];
}

/**
 * Splits findings by the baseline. A finding is accepted when an entry has its rule, file and
 * fingerprint; one entry accepts every finding with that key (the same secret twice in one file).
 */
export function applyBaseline(findings: readonly Finding[], entries: readonly BaselineEntry[]): BaselineMatch {
  const byKey = new Map(entries.map((e) => [entryKey(e), e]));
  const used = new Set<string>();
  const out: BaselineMatch = { findings: [], accepted: [], unused: [] };
  for (const f of findings) {
    const key = entryKey(entryOf(f));
    if (byKey.has(key)) {
      used.add(key);
      out.accepted.push(f);
    } else out.findings.push(f);
  }
  out.unused = normalizeEntries(entries.filter((e) => !used.has(entryKey(e))));
  return out;
}

/** Unused entries as scan problems, so every output format shows them. */
export function unusedEntryProblems(unused: readonly BaselineEntry[], baselineName: string): Problem[] {
  return unused.map((e) => ({
    file: e.file,
    reason: `${baselineName}: the entry for ${e.rule} (fingerprint ${e.fingerprint.slice(0, 8)}) matches no finding (fixed, changed or moved); remove it with \`secret-hygiene baseline --prune\``,
  }));
}

export interface BaselineUpdate {
  entries: BaselineEntry[];
  added: number;
  removed: number;
  /** Entries kept although they match nothing (only without prune). */
  stale: number;
}

/**
 * The next baseline. Without `prune`: every current finding is accepted and old entries are kept.
 * With `prune`: entries that match nothing are removed and nothing new is accepted, so pruning never
 * accepts a finding by the way.
 */
export function updateBaseline(existing: readonly BaselineEntry[], findings: readonly Finding[], prune: boolean): BaselineUpdate {
  const match = applyBaseline(findings, existing);
  const unusedKeys = new Set(match.unused.map(entryKey));
  if (prune) {
    const entries = normalizeEntries(existing.filter((e) => !unusedKeys.has(entryKey(e))));
    return { entries, added: 0, removed: unusedKeys.size, stale: 0 };
  }
  const fresh = normalizeEntries(match.findings.map(entryOf));
  return { entries: normalizeEntries([...existing, ...fresh]), added: fresh.length, removed: 0, stale: unusedKeys.size };
}
