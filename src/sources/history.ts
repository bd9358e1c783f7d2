import picomatch from 'picomatch';
import type { ProjectFacts } from '../core/rule.js';
import type { Source } from '../core/source.js';
import type { Document, Problem } from '../core/types.js';
import { BlobReader } from './cat-file.js';
import { decodeText, isBinary } from './decode.js';
import { logCommits, type CommitChange } from './git-log.js';
import { ObjectSizes } from './object-sizes.js';
import { runGit } from './run-git.js';

/** Which commits a history scan walks. */
export interface HistoryRange {
  /** A revision or range (`main`, `v1.0..HEAD`); default: every branch, tag and remote ref. */
  range?: string;
  /** Only commits more recent than this (anything `git log --since` takes: `2024-01-01`, `6 months ago`). */
  since?: string;
  /** Only the N most recent commits. */
  maxCount?: number;
}

export interface HistoryOptions extends HistoryRange {
  root: string;
  maxFileBytes: number;
  exclude: readonly string[];
  /** Which files are worth reading at all (a parser exists for the path). */
  isScannable: (path: string) => boolean;
  /** Called after each commit is read, with the number of commits read so far. */
  onCommit?: (done: number) => void;
}

/** The `git log`/`git rev-list` arguments that select the commits of `range`. */
export function revisionArgs(range: HistoryRange): string[] {
  const args: string[] = [];
  if (range.since !== undefined) args.push(`--since=${range.since}`);
  if (range.maxCount !== undefined) args.push(`--max-count=${range.maxCount}`);
  if (range.range === undefined) args.push('--exclude=refs/stash', '--all');
  else {
    // A revision starting with '-' would be read as an option.
    if (range.range.startsWith('-') || /\s/.test(range.range)) throw new Error(`not a revision range: '${range.range}'`);
    args.push(range.range);
  }
  return args;
}

/** How many commits `range` selects (for progress); throws with git's message on a bad range. */
export async function countCommits(root: string, range: HistoryRange): Promise<number> {
  return Number((await runGit(root, ['rev-list', '--count', ...revisionArgs(range), '--'])).trim());
}

/**
 * Every version of every file the selected commits recorded, oldest first, each read once per
 * path: a file is read again only when its content (its blob) changes or it moves. Each document
 * carries the commit that introduced that version; all of its lines count. Nothing is kept
 * between commits but the ids already read, so memory does not grow with the size of history.
 */
export function historySource(options: HistoryOptions): Source {
  const problems: Problem[] = [];
  const stats = { bytesRead: 0 };
  const isExcluded = options.exclude.length > 0 ? picomatch([...options.exclude], { dot: true }) : () => false;
  const reported = new Set<string>();
  const skip = (path: string, reason: string) => {
    // Once per path and reason: a binary file changed in 500 commits is one problem.
    const key = `${path}\0${reason}`;
    if (reported.has(key)) return;
    reported.add(key);
    problems.push({ file: path, reason });
  };

  return {
    problems,
    get bytesRead() {
      return stats.bytesRead;
    },
    facts(): Promise<ProjectFacts> {
      // Only document rules apply to history: these facts describe a working tree, not a commit.
      return Promise.resolve({ isGitRepo: true, gitignoreText: null, dotenvUncovered: [] });
    },
    async *documents(): AsyncGenerator<Document> {
      const seen = new Set<string>();
      const sizes = new ObjectSizes(options.root);
      const blobs = new BlobReader(options.root);
      let done = 0;
      try {
        for await (const commit of logCommits(options.root, ['--relative', ...revisionArgs(options)])) {
          const fresh = commit.changes.filter((c) => {
            if (!isRegularFile(c) || !options.isScannable(c.path) || isExcluded(c.path)) return false;
            const key = `${c.blob}\0${c.path}`;
            if (seen.has(key)) return false;
            seen.add(key);
            return true;
          });
          // Ask for every size, then every small-enough blob, before awaiting: two round trips a commit.
          const sized = await Promise.all(fresh.map((c) => sizes.size(c.blob)));
          const reads = fresh.map((c, i) => {
            const size = sized[i];
            if (size === null || size === undefined) return null;
            if (size > options.maxFileBytes) {
              skip(c.path, `skipped: a version of ${size} bytes is over the size cap of ${options.maxFileBytes}`);
              return null;
            }
            return blobs.read(c.blob);
          });
          // Awaited in order below, where a failure is thrown; this keeps the ones not reached (the
          // consumer stopped early) from becoming unhandled rejections.
          for (const r of reads) r?.catch(() => undefined);
          for (let i = 0; i < fresh.length; i++) {
            const bytes = await reads[i];
            const change = fresh[i] as CommitChange;
            if (!bytes) continue;
            stats.bytesRead += bytes.length;
            if (isBinary(bytes)) {
              skip(change.path, 'skipped: binary file');
              continue;
            }
            const { text, hasBom } = decodeText(bytes);
            yield { path: change.path, text, hasBom, origin: 'history', tracked: true, commit: { sha: commit.sha, date: commit.date } };
          }
          options.onCommit?.(++done);
        }
      } finally {
        sizes.close();
        blobs.close();
      }
    },
  };
}

/** Regular files only: a symlink's blob is its target path, a submodule's id is a commit. */
function isRegularFile(change: CommitChange): boolean {
  return change.mode === '100644' || change.mode === '100755' || change.mode === '100664';
}
