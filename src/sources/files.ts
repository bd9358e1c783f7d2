import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectFacts } from '../core/rule.js';
import type { Source } from '../core/source.js';
import type { Document, Problem } from '../core/types.js';
import { contextDocuments } from './diff.js';
import { runGit } from './run-git.js';
import { readDocuments, type FileToRead } from './read-files.js';
import { worktreeSource, type WorktreeOptions } from './worktree.js';
import { excludeMatcher } from './exclude-matcher.js';

export interface FilesOptions extends WorktreeOptions {
  /** The files to report on, relative to `root`, `/`-separated. */
  files: readonly string[];
  /** As for a diff (see DiffOptions.contextNeedles): what makes another file context for them. */
  contextNeedles?: (changed: readonly Document[]) => string[];
}

/**
 * Named files (`scan FILE...`, as editors and lint-staged call a checker): every line of each is
 * reported, and in a git repository the other files their cross-file findings depend on are read
 * as context, as for a change. Outside a repository only the named files are read.
 */
export function filesSource(options: FilesOptions): Source {
  const problems: Problem[] = [];
  const stats = { bytesRead: 0 };
  const worktree = worktreeSource(options);
  const isExcluded = excludeMatcher(options.exclude);
  let repo = false;

  return {
    problems,
    get bytesRead() {
      return stats.bytesRead;
    },
    async facts(): Promise<ProjectFacts> {
      const facts = await worktree.facts();
      repo = facts.isGitRepo;
      problems.push(...worktree.problems.splice(0));
      return facts;
    },
    async *documents(): AsyncGenerator<Document> {
      const wanted: string[] = [];
      for (const path of [...new Set(options.files)].sort()) {
        // Asked for by name, so never dropped without a word.
        if (isExcluded(path)) problems.push({ file: path, reason: 'skipped: excluded by the configuration (exclude in .secret-hygiene.yml)' });
        else if (isLink(join(options.root, path))) problems.push({ file: path, reason: 'skipped: a symbolic link (links are never followed; scan its target)' });
        else wanted.push(path);
      }
      const toRead = repo ? await withGitStatus(options.root, wanted) : wanted.map((path) => ({ path }));
      const docs: Document[] = [];
      for await (const doc of readDocuments(options.root, toRead, { maxFileBytes: options.maxFileBytes }, problems, stats)) {
        doc.changedLines = 'all';
        docs.push(doc);
        yield doc;
      }
      if (!repo || options.contextNeedles === undefined) return;
      yield* await contextDocuments({ ...options, contextNeedles: options.contextNeedles }, docs, new Set(options.files), true, isExcluded, problems, stats);
    },
  };
}

function isLink(abs: string): boolean {
  try {
    return lstatSync(abs).isSymbolicLink();
  } catch {
    return false; // the read says why it failed
  }
}

/** Whether git tracks each file, and whether an untracked one is ignored (a committed .env and an ignored one are judged apart). */
async function withGitStatus(root: string, paths: string[]): Promise<FileToRead[]> {
  if (paths.length === 0) return [];
  const literal = paths.map((p) => `:(literal)${p}`);
  const tracked = new Set((await runGit(root, ['-c', 'core.quotePath=false', 'ls-files', '-z', '--cached', '--', ...literal])).split('\0').filter(Boolean));
  const untracked = paths.filter((p) => !tracked.has(p));
  const ignored =
    untracked.length === 0
      ? new Set<string>()
      : new Set((await runGit(root, ['check-ignore', '-z', '--stdin'], [0, 1], untracked.join('\0') + '\0')).split('\0').filter(Boolean));
  return paths.map((path) => (tracked.has(path) ? { path, tracked: true } : { path, tracked: false, ignored: ignored.has(path) }));
}
