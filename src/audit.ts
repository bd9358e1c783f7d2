import { applyBaseline, unusedEntryNotes } from './baseline/match.js';
import type { BaselineEntry } from './baseline/file.js';
import type { ResolvedConfig } from './config/types.js';
import { olderFingerprintsOf } from './core/findings.js';
import type { ContextSeverity } from './core/context-severity.js';
import { createFingerprinter, slowFingerprintBudget, type SecretFingerprinter } from './core/redact.js';
import { createSecretNameMatcher } from './core/secret-names.js';
import { scan, type ScanRequest } from './core/scan.js';
import type { Source } from './core/source.js';
import { createSuppressionFilter } from './core/suppressions.js';
import type { Note, Problem, ScanResult, Severity } from './core/types.js';
import { contentWords, createDocumentParser } from './parsers/index.js';
import { RULES } from './rules/index.js';
import { hmacBudget } from './rules/jwt-verify.js';
import { repositoryKey } from './sources/repo-key.js';
import { worktreeSource, type WorktreeOptions } from './sources/worktree.js';
import { parseInWorkers } from './worker/parse-pool.js';

export interface AuditOptions {
  /**
   * Accepted findings: those it holds are left out of the result. `repository` is the key the
   * baseline records (fingerprints are salted with it); `legacy` marks a file of the older,
   * unkeyed format, whose entries cannot match and which `secret-hygiene baseline` re-keys.
   */
  baseline?: { entries: readonly BaselineEntry[]; name: string; repository?: string; legacy?: boolean; olderFingerprints?: boolean };
  /** Fingerprints shared across several audits of one run (history batches); else one per audit. */
  fingerprints?: SecretFingerprinter;
  /**
   * Report baseline entries that match nothing. Only a full scan sees every finding, so a diff-like
   * scan leaves this off.
   */
  reportUnusedBaseline?: boolean;
  /** Report suppression comments that matched no finding. */
  reportUnusedSuppressions?: boolean;
  /** Receives the problems of suppression comments, in the order their documents were read. */
  onSuppressionProblems?: (problems: readonly Problem[]) => void;
  /** Sees each document's parse, as the rules do. */
  onParsed?: ScanRequest['onParsed'];
  /** Parse on worker threads (a full scan of a large tree; see parse-pool.ts); the report is the same. */
  parseInWorkers?: boolean;
  /** Slow fingerprints on libuv's threads while the scan parses (a full scan in the main thread); the report is the same. */
  deferSlowFingerprints?: boolean;
  /** Context levels shared across runs and applied by the caller (see ScanRequest.contextSeverity). */
  contextSeverity?: ContextSeverity;
}

/**
 * Wires a source to the parsers and the rules under a configuration: the one entry point every
 * face (CLI, pre-commit, Action) calls. After the rules: inline suppressions, then the baseline.
 */
export async function auditSource(root: string, source: Source, config: ResolvedConfig, options: AuditOptions = {}): Promise<ScanResult> {
  const names = createSecretNameMatcher(config.secretNames);
  const severities: Record<string, Severity> = {};
  for (const [id, s] of Object.entries(config.rules)) if (s !== 'off') severities[id] = s;
  const fingerprints = options.fingerprints ?? (await fingerprinterFor(root, options.baseline));
  const older = olderFingerprintsOf(fingerprints);
  // A pin written before fingerprint scheme v3 still covers its finding (pins carry no version).
  const suppressions = createSuppressionFilter(
    RULES.map((r) => r.meta.id),
    (f) => {
      const o = older(f);
      return o === undefined ? [] : [o.secret, o.finding];
    },
  );
  const result = await scan({
    root,
    source: suppressions.observe(source),
    rules: RULES.filter((r) => config.rules[r.meta.id] !== 'off'),
    severities,
    settings: { minSecretBytes: config.minSecretBytes, extraWeakValues: config.weakValues, ...(config.weakList ? { weakList: config.weakList } : {}), hmacBudget: hmacBudget(process.env) },
    parse: createDocumentParser(names, config.secretNames),
    names,
    contexts: config.contexts,
    fingerprints,
    postProcess: (located) => suppressions.apply(located),
    ...(options.onParsed ? { onParsed: options.onParsed } : {}),
    ...(options.parseInWorkers ? { parseAhead: parseInWorkers({ secretNames: config.secretNames }) } : {}),
    ...(options.deferSlowFingerprints ? { deferSlowFingerprints: true } : {}),
    ...(options.contextSeverity ? { contextSeverity: options.contextSeverity } : {}),
  });
  const extra: Problem[] = suppressions.problems({ reportUnused: options.reportUnusedSuppressions === true });
  options.onSuppressionProblems?.(extra);
  let findings = result.findings;
  // What the baseline has to say is a note of the run: no file went unread because of it.
  const notes: Note[] = [];
  if (options.baseline) {
    const match = applyBaseline(findings, options.baseline.entries, options.baseline.olderFingerprints ? (f) => older(f)?.finding : undefined);
    findings = match.findings;
    if (options.baseline.legacy) notes.push(legacyBaselineNote(options.baseline.name));
    else if (options.reportUnusedBaseline) notes.push(...unusedEntryNotes(match.unused, options.baseline.name));
    if (match.upgraded.length > 0) notes.push(olderFingerprintsNote(options.baseline.name, match.upgraded.length));
  }
  if (extra.length === 0 && notes.length === 0 && findings === result.findings) return result;
  return {
    ...result,
    findings,
    problems: extra.length === 0 ? result.problems : [...result.problems, ...extra].sort(compareProblems),
    ...(notes.length > 0 ? { notes: [...(result.notes ?? []), ...notes] } : {}),
  };
}

/**
 * The fingerprinter of one audit: keyed by the repository (or by what the baseline in use records),
 * with the run's budget of slow hashes (lowered by SECRET_HYGIENE_SLOW_FINGERPRINT_UNITS, never raised).
 */
export async function fingerprinterFor(root: string, baseline?: AuditOptions['baseline']): Promise<SecretFingerprinter> {
  return createFingerprinter(await repositoryKey(root, baseline?.repository), { slowUnits: slowFingerprintBudget(process.env) });
}

function olderFingerprintsNote(name: string, n: number): Note {
  return {
    file: name,
    message: `${n} entr${n === 1 ? 'y matches' : 'ies match'} by the fingerprint an older secret-hygiene gave (before scheme v3), which costs a slow hash per value on every scan; run \`secret-hygiene baseline\` to rewrite ${n === 1 ? 'it' : 'them'} and commit the file`,
  };
}

function legacyBaselineNote(name: string): Note {
  return {
    file: name,
    message: `it was written by an older secret-hygiene (unkeyed fingerprints), so none of its entries can match; run \`secret-hygiene baseline\` once to re-key it (it accepts the current findings again) and commit the file`,
  };
}

function compareProblems(a: Problem, b: Problem): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0;
}

/** What a working-tree (or diff) source needs from the configuration, including what to skip reading. */
export function worktreeOptions(root: string, config: ResolvedConfig): WorktreeOptions {
  return { root, maxFileBytes: config.maxFileBytes, exclude: config.exclude, contentWords: contentWords(config.secretNames) };
}

/** Audits a working tree (git-aware). */
export function auditWorktree(root: string, config: ResolvedConfig): Promise<ScanResult> {
  return auditSource(root, worktreeSource(worktreeOptions(root, config)), config);
}
