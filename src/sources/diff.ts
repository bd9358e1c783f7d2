import type { ProjectFacts } from '../core/rule.js';
import type { Source } from '../core/source.js';
import type { Document, Problem } from '../core/types.js';
import { BlobReader } from './cat-file.js';
import { decodeText, isBinary } from './decode.js';
import { parseUnifiedDiff, type ChangedLines } from './diff-lines.js';
import { blobDocuments } from './blob-documents.js';
import { contextPatterns, grepArguments, grepInput } from './context-grep.js';
import { gitAt } from './git.js';
import { readDocuments } from './read-files.js';
import { runGit } from './run-git.js';
import { worktreeSource, type WorktreeOptions } from './worktree.js';
import { excludeMatcher } from './exclude-matcher.js';

export interface DiffOptions extends WorktreeOptions {
  /** The commit the change starts from. */
  base: string;
  /** The commit it ends at; undefined means the working tree. */
  head?: string;
  /**
   * Given the documents the change touches, the strings whose mention makes another file context
   * for the cross-file rules (see change-context.ts). When given, only the changed files and the
   * files their findings can depend on are read (see contextPatterns), so the cost grows with the
   * change, not the repository. Without it the whole tree at the end of the change is read.
   */
  contextNeedles?: (changed: readonly Document[]) => string[];
}

/**
 * A change: each document carries the lines the change adds, so only findings on those lines are
 * reported; the rest of the tree at its end is context for cross-file rules (all of it, or only
 * the files that can matter: see `contextNeedles`).
 */
export function diffSource(options: DiffOptions): Source {
  const problems: Problem[] = [];
  const stats = { bytesRead: 0 };
  const worktree = worktreeSource(options);
  let fromWorktree = true;
  const isExcluded = excludeMatcher(options.exclude);

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
      if (options.contextNeedles !== undefined) {
        yield* await changeScoped(options, changed, fromWorktree, isExcluded, problems, stats);
        return;
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

/**
 * The changed files, then the other files their findings can depend on (see contextPatterns):
 * what the change reads grows with the change, not the repository.
 */
async function changeScoped(
  options: DiffOptions,
  changed: ChangedLines,
  fromWorktree: boolean,
  isExcluded: (p: string) => boolean,
  problems: Problem[],
  stats: { bytesRead: number },
): Promise<Document[]> {
  // Not only the files a parser reads: any text file can carry a token (docs, .http, fixtures).
  const wanted = (p: string) => !isExcluded(p);
  const read = (paths: string[]) => (fromWorktree ? readWorktree(options, paths, problems, stats) : readAtRevision(options, paths, problems, stats));
  const docs = (await read([...changed.keys()].filter(wanted).sort())).map((d) => withChanges(d, changed));
  return [...docs, ...(await contextDocuments(options, docs, new Set(changed.keys()), fromWorktree, isExcluded, problems, stats))];
}

/**
 * The files outside `docs` that the cross-file rules need to judge them: those mentioning a value
 * `docs` sets (see contextPatterns), found by one `git grep`, each with no line of its own to report.
 * `handled` are the paths already read or tried (a file that failed to read is not read twice).
 */
export async function contextDocuments(
  options: Pick<DiffOptions, 'root' | 'maxFileBytes' | 'head' | 'contextNeedles' | 'contentWords'>,
  docs: readonly Document[],
  handled: ReadonlySet<string>,
  fromWorktree: boolean,
  isExcluded: (p: string) => boolean,
  problems: Problem[],
  stats: { bytesRead: number },
): Promise<Document[]> {
  const query = contextPatterns(docs, options.contextNeedles, options.contentWords);
  if (query === null) return [];
  const where = fromWorktree ? ['--untracked'] : [];
  const at = fromWorktree ? [] : [options.head as string];
  const listed = await runGit(options.root, ['grep', '-l', '-z', '-I', '-F', '--no-color', ...where, ...grepArguments(query), ...at, '--', '.'], [0, 1], grepInput(query));
  // At a revision, git grep names each file `<rev>:<path>`.
  const prefix = fromWorktree ? '' : `${options.head as string}:`;
  const context = listed
    .split('\0')
    .map((p) => (p.startsWith(prefix) ? p.slice(prefix.length) : p))
    .filter((p) => p !== '' && !handled.has(p) && !isExcluded(p))
    .sort();
  const read = fromWorktree ? readWorktree(options, context, problems, stats) : readAtRevision(options, context, problems, stats);
  return (await read).map((d) => ({ ...d, changedLines: new Set<number>() }));
}

async function collect(docs: AsyncIterable<Document>): Promise<Document[]> {
  const out: Document[] = [];
  for await (const doc of docs) out.push(doc);
  return out;
}

function readWorktree(options: Pick<DiffOptions, 'root' | 'maxFileBytes'>, paths: string[], problems: Problem[], stats: { bytesRead: number }): Promise<Document[]> {
  const files = paths.map((path) => ({ path, tracked: true }));
  return collect(readDocuments(options.root, files, { maxFileBytes: options.maxFileBytes }, problems, stats));
}

function readAtRevision(options: Pick<DiffOptions, 'root' | 'maxFileBytes' | 'head'>, paths: string[], problems: Problem[], stats: { bytesRead: number }): Promise<Document[]> {
  const entries = paths.map((path) => ({ path, spec: `${options.head as string}:${path}` }));
  return collect(blobDocuments(options.root, entries, { maxFileBytes: options.maxFileBytes, origin: 'diff' }, problems, stats));
}
