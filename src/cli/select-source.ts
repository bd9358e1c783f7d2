import { worktreeOptions } from '../audit.js';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { AuditOptions } from '../audit.js';
import { auditHistoryBounded } from '../worker/history-job.js';
import type { ResolvedConfig } from '../config/types.js';
import type { Source } from '../core/source.js';
import type { ScanResult } from '../core/types.js';
import { isScannablePath } from '../parsers/index.js';
import { diffSource } from '../sources/diff.js';
import { countCommits, type HistoryRange } from '../sources/history.js';
import { filesSource } from '../sources/files.js';
import { stagedSource } from '../sources/staged.js';
import { stdinSource } from '../sources/stdin.js';
import { worktreeSource } from '../sources/worktree.js';
import type { CliIO } from './io.js';
import { createProgress } from './progress.js';
import { addedSecretValues } from '../change-context.js';
import { notShown, UsageError } from './usage-error.js';
import type { DiffRange } from './diff-range.js';

export interface SourceFlags {
  /** A change to scan (see resolveDiffRange): findings on the lines it adds. */
  diff?: DiffRange;
  /** Scan what `git commit` would record (the index), reporting only the lines it adds. */
  staged?: boolean;
  /** Audit the history instead of one tree (see auditHistory); not a Source of its own. */
  history?: HistoryRange;
  /** Named files (`scan FILE...`), relative to the root: every line of each is reported. */
  files?: readonly string[];
  /** Standard input (`scan -`), judged as a file of this name. */
  stdin?: { bytes: Buffer; name: string };
}

export { isScannablePath };

/** Picks the source a scan reads from its flags: the working tree by default, standard input, named files, the index, or a diff range. */
export function selectSource(root: string, flags: SourceFlags, config: ResolvedConfig, onRead?: (done: number, total: number) => void): Source {
  const base = worktreeOptions(root, config);
  if (flags.stdin) return stdinSource(flags.stdin.bytes, flags.stdin.name);
  if (flags.files) return filesSource({ ...base, files: flags.files, contextNeedles: addedSecretValues(config) });
  if (flags.staged) {
    return stagedSource({
      ...base,
      isScannable: isScannablePath,
      contextNeedles: addedSecretValues(config),
    });
  }
  if (flags.diff !== undefined) {
    const { base: from, head } = flags.diff;
    return diffSource({ ...base, base: from, ...(head !== undefined ? { head } : {}), contextNeedles: addedSecretValues(config) });
  }
  return worktreeSource(onRead ? { ...base, onRead } : base);
}

/** The source flags as written: `diff` is the range as given, resolved by resolveDiffRange; files and stdin are added once resolved. */
export type ScopeFlags = Omit<SourceFlags, 'diff' | 'files' | 'stdin'> & { diff?: string };

/** The options of `scan` that choose what is read. */
export interface ScopeValues {
  diff?: string | undefined;
  staged?: boolean | undefined;
  history?: boolean | undefined;
  since?: string | undefined;
  'max-count'?: string | undefined;
  'stdin-filename'?: string | undefined;
}

/** What a scan reads, from its positionals: a directory (PATH), named files, or standard input (`-`). */
export interface Scope {
  path: string | undefined;
  flags: ScopeFlags;
  /** `scan FILE...`: the files as given (see resolveFileArguments). */
  files?: string[];
  /** `scan -`: the name standard input is judged as (--stdin-filename), `stdin` by default. */
  stdin?: string;
}

/**
 * Reads the scope of a scan from its options and positionals: `[PATH]`, `FILE...`, `-`, or with
 * --history `[PATH] [REV-RANGE]` where a positional that names a directory is the PATH. Returns the
 * PATH as given (undefined for the default) and the source flags; bad combinations are usage errors.
 */
export async function readScope(values: ScopeValues, positionals: readonly string[], cwd: string): Promise<Scope> {
  const modes = [values.diff !== undefined && '--diff', values.staged && '--staged', values.history && '--history'].filter(Boolean);
  if (modes.length > 1) throw new UsageError(`${modes.join(' and ')} cannot be combined: pick one.`);
  if (!values.history) {
    for (const [flag, v] of [['--since', values.since], ['--max-count', values['max-count']]] as const) {
      if (v !== undefined) throw new UsageError(`${flag} only applies to --history (e.g. scan --history ${flag} ${flag === '--since' ? '2024-01-01' : '500'}).`);
    }
    const flags: ScopeFlags = {};
    if (values.diff !== undefined) flags.diff = values.diff;
    if (values.staged) flags.staged = true;
    const named = await namedInput(positionals, cwd);
    if (named === null) {
      if (values['stdin-filename'] !== undefined) throw new UsageError('--stdin-filename names standard input: use it with `scan -` (e.g. cat .env | secret-hygiene scan - --stdin-filename .env).');
      return { path: positionals[0], flags };
    }
    if (modes.length > 0) throw new UsageError(`${modes[0] as string} reads git, not ${named === 'stdin' ? 'standard input' : 'named files'}: give it a directory (or none), or leave ${modes[0] as string} out.`);
    if (named === 'stdin') return { path: undefined, flags, stdin: values['stdin-filename'] ?? 'stdin' };
    if (values['stdin-filename'] !== undefined) throw new UsageError('--stdin-filename names standard input: use it with `scan -`, not with files.');
    return { path: undefined, flags, files: [...positionals] };
  }
  const range: HistoryRange = {};
  if (values.since !== undefined) range.since = values.since;
  if (values['max-count'] !== undefined) {
    if (!/^[1-9][0-9]{0,8}$/.test(values['max-count'])) throw new UsageError(`--max-count takes a positive number of commits, e.g. --max-count 500.`);
    range.maxCount = Number(values['max-count']);
  }
  let path: string | undefined;
  for (const p of positionals) {
    const isDir = (await stat(resolve(cwd, p)).catch(() => null))?.isDirectory() === true;
    if (isDir && path === undefined) path = p;
    else if (range.range === undefined) range.range = p;
    else throw new UsageError(`scan --history takes [PATH] [REV-RANGE] (${notShown(positionals.length)}).`);
  }
  if (range.range !== undefined && (range.range.startsWith('-') || /\s/.test(range.range))) {
    throw new UsageError(`the REV-RANGE given is not a revision range (not shown: it may be a value); e.g. scan --history main or scan --history v1.0..HEAD.`);
  }
  return { path, flags: { history: range } };
}

/** 'stdin' for `-`, 'files' when the positionals are not one directory, null for `[PATH]`. */
async function namedInput(positionals: readonly string[], cwd: string): Promise<'stdin' | 'files' | null> {
  if (positionals.includes('-')) {
    if (positionals.length > 1) throw new UsageError('`scan -` reads standard input alone: give - without other files or a directory.');
    return 'stdin';
  }
  if (positionals.length === 0) return null;
  const only = positionals.length === 1 ? await stat(resolve(cwd, positionals[0] as string)).catch(() => null) : null;
  return only?.isDirectory() === true ? null : 'files';
}

/** Runs a history audit with a commit counter on stderr (see createProgress). */
export async function auditHistoryScan(
  root: string,
  range: HistoryRange,
  config: ResolvedConfig,
  io: CliIO,
  options: { forceProgress: boolean; baseline?: AuditOptions['baseline'] },
): Promise<ScanResult> {
  const commitCount = await checkHistoryRange(root, range);
  const progress = createProgress(io, 'history', options.forceProgress);
  try {
    const baseline = options.baseline ? { baseline: options.baseline } : {};
    return await auditHistoryBounded(root, { ...range, ...baseline, commitCount, onProgress: (done, total) => progress.update(done, total) }, config);
  } finally {
    progress.end();
  }
}

/** Checks that a history range names commits before any work starts (a bad one is a usage error); returns how many. */
async function checkHistoryRange(root: string, range: HistoryRange): Promise<number> {
  try {
    return await countCommits(root, range);
  } catch (err) {
    // git's message repeats the range; a range that names no commits is not repeated (see notShown).
    const given = range.range;
    const said = given === undefined ? (err as Error).message : (err as Error).message.split(given).join('REV-RANGE');
    const what = given !== undefined ? 'the revision range given (REV-RANGE, not shown: it may be a value)' : 'the history';
    throw new UsageError(`cannot read ${what} in ${root}: ${said}. Is it a git repository, and does the range exist (git log ${given !== undefined ? 'REV-RANGE' : '--all'})?`);
  }
}
