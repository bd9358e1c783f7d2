import { spawn } from 'node:child_process';
import type { CommitInfo } from '../core/types.js';

/** A file version a commit records: the path and the blob it points to after the commit. */
export interface CommitChange {
  path: string;
  blob: string;
  /** The file mode after the commit: 100644/100755 for files, 120000 links, 160000 submodules. */
  mode: string;
  /**
   * The blobs the path had in the commit's parents, where it had one (none for an added file): one
   * for a commit, one per parent for a merge (its result differs from each).
   */
  oldBlobs?: string[];
}

export interface LoggedCommit extends CommitInfo {
  /** Files the commit adds or modifies (deletions are left out: they add no text). */
  changes: CommitChange[];
}

const HEADER = '\x01';
const NULL_SHA = /^0+$/;

/**
 * Streams `git log --raw` one commit at a time, oldest first, never the whole log: git writes
 * into a pipe and waits while the consumer works on a commit (back-pressure).
 *
 * - `--raw -z` lists each changed path with its new blob id, so no patch text is produced.
 * - `-c` lists, for a merge, only the paths whose result differs from every parent: what the merge
 *   itself introduced (a conflict resolution); the rest came from commits listed before it.
 * - `--no-renames`: a renamed file is listed at its new path, so it is read under that name.
 * - `--date-order --reverse`: never a child before its parents, otherwise by date.
 */
export async function* logCommits(root: string, revisionArgs: readonly string[]): AsyncGenerator<LoggedCommit> {
  const args = [
    'log', '--reverse', '--date-order', `--format=${HEADER}%H %aI`,
    '--raw', '-z', '-c', '--no-renames', '--root', '--no-abbrev', '--no-color', '--no-ext-diff', '--no-textconv',
    ...revisionArgs, '--',
  ];
  const proc = spawn('git', args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (d: string) => void (stderr = (stderr + d).slice(-4000)));
  const exited = new Promise<number>((resolve, reject) => {
    proc.on('error', reject);
    proc.on('close', (code) => resolve(code ?? -1));
  });

  let current: LoggedCommit | null = null;
  let pendingMeta: string | null = null;
  let rest: Buffer = Buffer.alloc(0);
  let finished = false;
  try {
    for await (const chunk of proc.stdout as AsyncIterable<Buffer>) {
      rest = rest.length === 0 ? chunk : Buffer.concat([rest, chunk]);
      let start = 0;
      for (let nul = rest.indexOf(0, start); nul !== -1; nul = rest.indexOf(0, start)) {
        const token = rest.toString('utf8', start, nul);
        start = nul + 1;
        if (pendingMeta !== null) {
          // A path: the token after a raw entry's modes/ids/status, taken verbatim.
          const change = changeFrom(pendingMeta, token);
          if (change && current) current.changes.push(change);
          pendingMeta = null;
          continue;
        }
        const t = token.startsWith('\n') ? token.slice(1) : token;
        if (t.startsWith(HEADER)) {
          if (current) yield current;
          const [sha = '', date = ''] = t.slice(1).split(' ');
          current = { sha, date, changes: [] };
        } else if (t.startsWith(':')) {
          pendingMeta = t;
        }
      }
      rest = rest.subarray(start);
    }
    const code = await exited;
    if (code !== 0) throw new Error(`git log failed (exit ${code}): ${stderr.trim().split('\n')[0] ?? ''}`);
    if (current) yield current;
    finished = true;
  } finally {
    // The consumer stopped early, or git failed: do not leave git writing into a closed pipe.
    if (!finished && proc.exitCode === null) proc.kill();
  }
}

/**
 * One raw entry: `:<old mode> <new mode> <old id> <new id> <status>` for a commit, or with one
 * colon, mode and id per parent plus the result's (`::m1 m2 m3 id1 id2 id3 MM`) for a merge.
 * The result is always the last mode and the last id.
 */
function changeFrom(meta: string, path: string): CommitChange | null {
  const parents = meta.length - meta.replace(/^:+/, '').length;
  const fields = meta.slice(parents).split(' ');
  const mode = fields[parents];
  const blob = fields[2 * parents + 1];
  if (mode === undefined || blob === undefined || NULL_SHA.test(blob)) return null;
  const oldBlobs = fields.slice(parents + 1, 2 * parents + 1).filter((b) => !NULL_SHA.test(b));
  return oldBlobs.length > 0 ? { path, blob, mode, oldBlobs } : { path, blob, mode };
}
