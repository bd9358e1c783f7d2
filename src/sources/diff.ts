import picomatch from 'picomatch';
import type { ProjectFacts } from '../core/rule.js';
import type { Source } from '../core/source.js';
import type { Document, Problem } from '../core/types.js';
import { BlobReader } from './cat-file.js';
import { decodeText, isBinary } from './decode.js';
import { parseUnifiedDiff, type ChangedLines } from './diff-lines.js';
import { gitAt } from './git.js';
import { worktreeSource, type WorktreeOptions } from './worktree.js';

export interface DiffOptions extends WorktreeOptions {
  /** The commit the change starts from. */
  base: string;
  /** The commit it ends at; undefined means the working tree. */
  head?: string;
}

/**
 * A change: the whole tree at its end is read (context for cross-file rules), and each document
 * carries the lines the change adds, so only findings on those lines are reported.
 */
export function diffSource(options: DiffOptions): Source {
  const problems: Problem[] = [];
  const stats = { bytesRead: 0 };
  const worktree = worktreeSource(options);
  let fromWorktree = true;
  const isExcluded = options.exclude.length > 0 ? picomatch([...options.exclude], { dot: true }) : () => false;

  return {
    problems,
    get bytesRead() {
      return stats.bytesRead + worktree.bytesRead;
    },
    get filesListed() {
      return worktree.filesListed;
    },
    facts(): Promise<ProjectFacts> {
      return worktree.facts();
    },
    async *documents(): AsyncGenerator<Document> {
      const git = gitAt(options.root);
      const range = options.head === undefined ? [options.base] : [options.base, options.head];
      const diff = await git.raw(['diff', '--unified=0', '--no-color', '--no-ext-diff', '-M', ...range, '--', '.']);
      const changed = parseUnifiedDiff(diff);
      if (options.head !== undefined) {
        const [head, checkedOut] = await Promise.all([revParse(options.root, options.head), revParse(options.root, 'HEAD')]);
        fromWorktree = head === checkedOut;
      }
      if (fromWorktree) {
        for await (const doc of worktree.documents()) yield withChanges(doc, changed);
        problems.push(...worktree.problems.splice(0));
        return;
      }
      yield* documentsAtRevision(options, changed, isExcluded, problems, stats);
    },
  };
}

function withChanges(doc: Document, changed: ChangedLines): Document {
  doc.changedLines = changed.get(doc.path) ?? new Set<number>();
  return doc;
}

async function revParse(root: string, rev: string): Promise<string> {
  return (await gitAt(root).raw(['rev-parse', '--verify', '--end-of-options', `${rev}^{commit}`])).trim();
}

/** Reads the tree of a commit other than the checkout through one cat-file process. */
async function* documentsAtRevision(
  options: DiffOptions,
  changed: ChangedLines,
  isExcluded: (p: string) => boolean,
  problems: Problem[],
  stats: { bytesRead: number },
): AsyncGenerator<Document> {
  const head = options.head as string;
  const listing = await gitAt(options.root).raw(['ls-tree', '-r', '-z', '--long', '--full-name', head]);
  const reader = new BlobReader(options.root);
  try {
    for (const entry of listing.split('\0')) {
      // <mode> SP <type> SP <object> SP+ <size> TAB <path>
      const tab = entry.indexOf('\t');
      if (tab === -1) continue;
      const [mode, type, object, size] = entry.slice(0, tab).trim().split(/ +/);
      const path = entry.slice(tab + 1);
      if (type !== 'blob' || mode === '120000' || object === undefined || isExcluded(path)) continue;
      if (Number(size) > options.maxFileBytes) {
        problems.push({ file: path, reason: `skipped: ${size} bytes is over the size cap of ${options.maxFileBytes}` });
        continue;
      }
      const bytes = await reader.read(object);
      if (!bytes) continue;
      stats.bytesRead += bytes.length;
      if (isBinary(bytes)) {
        problems.push({ file: path, reason: 'skipped: binary file' });
        continue;
      }
      const { text, hasBom } = decodeText(bytes);
      yield withChanges({ path, text, hasBom, origin: 'diff', tracked: true }, changed);
    }
  } finally {
    reader.close();
  }
}
