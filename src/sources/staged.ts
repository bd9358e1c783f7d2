import type { ProjectFacts } from '../core/rule.js';
import type { Source } from '../core/source.js';
import type { Document, Problem } from '../core/types.js';
import { readRepoTextOrProblem, TOOL_FILE_CAPS } from '../fs/tool-file.js';
import { blobDocuments } from './blob-documents.js';
import { contextPatterns, grepArguments, grepInput } from './context-grep.js';
import { parseUnifiedDiff, type ChangedLines } from './diff-lines.js';
import { runGit } from './run-git.js';
import { DOTENV_PROBES, type WorktreeOptions } from './worktree.js';
import { excludeMatcher } from './exclude-matcher.js';

export interface StagedOptions extends WorktreeOptions {
  /** Which staged files are worth reading at all (a parser exists for the path). */
  isScannable: (path: string) => boolean;
  /**
   * Given the documents the commit changes, the strings whose mention makes another staged file
   * context for the cross-file rules (the secret values the change adds: another file holding one
   * of them is what those rules compare). Nothing else is read, so a commit that adds no secret
   * value reads no other file, and a hook stays fast in a large repository. Default: none.
   */
  contextNeedles?: (changed: readonly Document[]) => string[];
}

/**
 * What `git commit` would record: the index. Files the commit changes carry the lines it adds
 * (`git diff --cached`), so only findings on those lines are reported; other staged files that
 * hold one of the needles come along as context, with no changed lines. Paths are relative to
 * `root`, which may be a subdirectory of the repository.
 */
export function stagedSource(options: StagedOptions): Source {
  const problems: Problem[] = [];
  const stats = { bytesRead: 0 };
  const isExcluded = excludeMatcher(options.exclude);
  const wanted = (path: string) => options.isScannable(path) && !isExcluded(path);

  return {
    problems,
    get bytesRead() {
      return stats.bytesRead;
    },
    async facts(): Promise<ProjectFacts> {
      const [gitignoreText, ignored] = await Promise.all([
        readRepoTextOrProblem(options.root, '.gitignore', TOOL_FILE_CAPS.gitignore, problems),
        // --no-index: whether the names would be ignored if created, tracked or not; exit 1 = none is.
        runGit(options.root, ['check-ignore', '--no-index', '--', ...DOTENV_PROBES], [0, 1]),
      ]);
      const covered = new Set(ignored.split('\n').map((l) => l.trim()));
      return { isGitRepo: true, gitignoreText, dotenvUncovered: DOTENV_PROBES.filter((p) => !covered.has(p)) };
    },
    async *documents(): AsyncGenerator<Document> {
      // --text: a file marked `-diff` in .gitattributes still shows its added lines.
      const diff = await runGit(options.root, [
        'diff', '--cached', '--unified=0', '--text', '--no-color', '--no-ext-diff', '--no-textconv', '-M',
        '--relative', '--src-prefix=a/', '--dst-prefix=b/', '--', '.',
      ]);
      const changed = parseUnifiedDiff(diff);
      const staged: Document[] = [];
      // Any staged text file can carry a token (docs, .http files, fixtures), not only the ones a parser reads.
      const carries = (p: string) => !isExcluded(p);
      // A binary file no parser reads is skipped silently (an image is not a problem to report).
      const quiet = (p: string) => !wanted(p);
      for await (const doc of readIndex(options, [...changed.keys()].filter(carries), changed, problems, stats, quiet)) staged.push(doc);
      yield* staged;
      const query = contextPatterns(staged, options.contextNeedles, options.contentWords);
      if (query === null) return;
      const listed = await runGit(options.root, ['grep', '--cached', '-l', '-z', '-I', '-F', '--no-color', ...grepArguments(query), '--', '.'], [0, 1], grepInput(query));
      const context = listed.split('\0').filter((p) => p !== '' && !changed.has(p) && carries(p));
      yield* readIndex(options, context.sort(), changed, problems, stats, quiet);
    },
  };
}

async function* readIndex(
  options: StagedOptions,
  paths: readonly string[],
  changed: ChangedLines,
  problems: Problem[],
  stats: { bytesRead: number },
  quiet: (path: string) => boolean,
): AsyncGenerator<Document> {
  // `:./path` is the index entry of a path relative to the current directory.
  const entries = paths.map((path) => ({ path, spec: `:./${path}` }));
  for await (const doc of blobDocuments(options.root, entries, { maxFileBytes: options.maxFileBytes, origin: 'staged', quiet }, problems, stats)) {
    yield { ...doc, changedLines: changed.get(doc.path) ?? new Set<number>() };
  }
}
