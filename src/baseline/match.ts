import type { Finding, Note } from '../core/types.js';
import { entryKey, entryOf, normalizeEntries, type BaselineEntry } from './file.js';

export interface BaselineMatch {
  /** Findings the baseline does not accept: what the scan reports. */
  findings: Finding[];
  /** Findings the baseline accepts. */
  accepted: Finding[];
  /** Entries that matched no finding: the problem was fixed, the value changed, or the file moved. */
  unused: BaselineEntry[];
  /** Entries that matched by a finding's older fingerprint, with the entry that matches it now. */
  upgraded: { from: BaselineEntry; to: BaselineEntry }[];
}

/** A finding's fingerprint under an older scheme, for entries written then; undefined when the same. */
export type OlderFingerprint = (finding: Finding) => string | undefined;

/**
 * Splits findings by the baseline. A finding is accepted when an entry has its rule, file and
 * fingerprint; one entry accepts every finding with that key (the same secret twice in one file).
 * With `older` (a baseline written before fingerprint scheme v3), a finding no entry accepts is
 * tried under its older fingerprint, only where some entry has its rule and file (each try may
 * cost a slow hash).
 */
export function applyBaseline(findings: readonly Finding[], entries: readonly BaselineEntry[], older?: OlderFingerprint): BaselineMatch {
  const byKey = new Map(entries.map((e) => [entryKey(e), e]));
  const places = new Set(entries.map((e) => `${e.rule}\0${e.file}`));
  const used = new Set<string>();
  const out: BaselineMatch = { findings: [], accepted: [], unused: [], upgraded: [] };
  const upgradedKeys = new Set<string>();
  for (const f of findings) {
    const key = entryKey(entryOf(f));
    if (byKey.has(key)) {
      used.add(key);
      out.accepted.push(f);
      continue;
    }
    const old = older !== undefined && places.has(`${f.ruleId}\0${f.file}`) ? older(f) : undefined;
    const oldKey = old !== undefined ? entryKey({ rule: f.ruleId, file: f.file, fingerprint: old }) : undefined;
    const entry = oldKey !== undefined ? byKey.get(oldKey) : undefined;
    if (oldKey !== undefined && entry !== undefined) {
      used.add(oldKey);
      out.accepted.push(f);
      if (!upgradedKeys.has(oldKey + '\0' + key)) out.upgraded.push({ from: entry, to: entryOf(f) });
      upgradedKeys.add(oldKey + '\0' + key);
    } else out.findings.push(f);
  }
  out.unused = normalizeEntries(entries.filter((e) => !used.has(entryKey(e))));
  return out;
}

/** Unused entries as notes of the run (not problems: no file went unread), so every output format shows them. */
export function unusedEntryNotes(unused: readonly BaselineEntry[], baselineName: string): Note[] {
  return unused.map((e) => ({
    file: baselineName,
    message: `the entry for ${e.rule} in ${e.file} (fingerprint ${e.fingerprint.slice(0, 8)}) matches no finding (fixed, changed or moved); remove it with \`secret-hygiene baseline --prune\``,
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
export function updateBaseline(existing: readonly BaselineEntry[], findings: readonly Finding[], prune: boolean, older?: OlderFingerprint): BaselineUpdate & { upgraded: number } {
  const match = applyBaseline(findings, existing, older);
  const unusedKeys = new Set(match.unused.map(entryKey));
  // An entry matched by an older fingerprint is rewritten with the current one (same acceptance).
  const replaced = new Set(match.upgraded.map((u) => entryKey(u.from)));
  const kept = [...existing.filter((e) => !replaced.has(entryKey(e))), ...match.upgraded.map((u) => u.to)];
  const upgraded = replaced.size;
  if (prune) {
    const entries = normalizeEntries(kept.filter((e) => !unusedKeys.has(entryKey(e))));
    return { entries, added: 0, removed: unusedKeys.size, stale: 0, upgraded };
  }
  const fresh = normalizeEntries(match.findings.map(entryOf));
  return { entries: normalizeEntries([...kept, ...fresh]), added: fresh.length, removed: 0, stale: unusedKeys.size, upgraded };
}
