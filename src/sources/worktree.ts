import fg from 'fast-glob';
import ignore from 'ignore';
import picomatch from 'picomatch';
import type { ProjectFacts } from '../core/rule.js';
import type { Source } from '../core/source.js';
import type { Document, Problem } from '../core/types.js';
import { isDotenvPath } from '../core/path-context.js';
import { readRepoTextOrProblem, TOOL_FILE_CAPS } from '../fs/tool-file.js';
import { gitIgnoredAmong, isGitWorkTree, listGitFiles } from './git.js';
import { runGit } from './run-git.js';
import { readDocuments, type FileToRead } from './read-files.js';
import { tolerantReaddir } from './tolerant-readdir.js';

export interface WorktreeOptions {
  root: string;
  maxFileBytes: number;
  exclude: readonly string[];
  /**
   * When given, only files containing one of these words (case-insensitive), and dotenv files,
   * are read: in a git repository `git grep` finds them at native speed, so the rest of a large
   * tree costs nothing. Files not read cannot hold anything the parsers and rules look at.
   */
  contentWords?: readonly string[];
  /** Called as files are read: how many of those selected so far (throttle any output). */
  onRead?: (done: number, total: number) => void;
}

/** Dotenv names whose coverage by .gitignore the dotenv-not-ignored rule checks. */
export const DOTENV_PROBES = ['.env', '.env.local', '.env.production'];

/**
 * The working tree: in a git repository the tracked files plus the untracked ones git does not
 * ignore (what `git add -A` would commit); elsewhere every file, honouring .gitignore files.
 */
export function worktreeSource(options: WorktreeOptions): Source {
  const problems: Problem[] = [];
  const stats = { bytesRead: 0 };
  let gitRepo: boolean | undefined;
  let listed = 0;
  const isExcluded = options.exclude.length > 0 ? picomatch([...options.exclude], { dot: true }) : () => false;

  const isRepo = async () => (gitRepo ??= await isGitWorkTree(options.root));

  return {
    problems,
    get bytesRead() {
      return stats.bytesRead;
    },
    get filesListed() {
      return listed;
    },
    async facts(): Promise<ProjectFacts> {
      const repo = await isRepo();
      const gitignoreText = readRepoTextOrProblem(options.root, '.gitignore', TOOL_FILE_CAPS.gitignore, problems);
      let ignored: Set<string>;
      if (repo) ignored = await gitIgnoredAmong(options.root, DOTENV_PROBES);
      else {
        const ig = ignore().add(gitignoreText ?? '');
        ignored = new Set(DOTENV_PROBES.filter((p) => ig.ignores(p)));
      }
      return { isGitRepo: repo, gitignoreText, dotenvUncovered: DOTENV_PROBES.filter((p) => !ignored.has(p)) };
    },
    async *documents(): AsyncGenerator<Document> {
      const repo = await isRepo();
      const words = repo && options.contentWords && options.contentWords.length > 0 ? options.contentWords : null;
      // Listing and searching at once: each is a git process that mostly waits on the file system.
      const [files, hits] = await Promise.all([
        repo ? listGitFiles(options.root) : listPlainFiles(options.root, problems),
        words ? filesContaining(options.root, words) : null,
      ]);
      let selected = files.filter((f) => !isExcluded(f.path)).sort((a, b) => (a.path < b.path ? -1 : 1));
      listed = selected.length;
      if (hits) selected = selected.filter((f) => hits.has(f.path) || isDotenvPath(f.path));
      if (!options.onRead) {
        yield* readDocuments(options.root, selected, { maxFileBytes: options.maxFileBytes }, problems, stats);
        return;
      }
      let done = 0;
      for await (const doc of readDocuments(options.root, selected, { maxFileBytes: options.maxFileBytes }, problems, stats)) {
        options.onRead(++done, selected.length);
        yield doc;
      }
      // Files skipped (binary, too big) were read too.
      options.onRead(selected.length, selected.length);
    },
  };
}

/**
 * Tracked and untracked-not-ignored files that contain one of `words`, case-insensitively, by one
 * `git grep` (fixed strings, multi-threaded, native). Binary files are searched too, so a binary
 * that mentions a secret word is read and listed as skipped.
 */
async function filesContaining(root: string, words: readonly string[]): Promise<Set<string>> {
  const args = ['-c', 'core.quotePath=false', 'grep', '-l', '-z', '-i', '-F', '--untracked', '--no-recurse-submodules'];
  for (const w of words) args.push('-e', w);
  args.push('--', '.');
  const out = await runGit(root, args, [0, 1]);
  return new Set(out.split('\0').filter(Boolean));
}

/** Every file under root outside .git and node_modules, honouring each directory's .gitignore. */
async function listPlainFiles(root: string, problems: Problem[]): Promise<FileToRead[]> {
  const all = await fg('**/*', {
    cwd: root,
    dot: true,
    onlyFiles: true,
    followSymbolicLinks: false,
    ignore: ['**/.git/**', '**/node_modules/**'],
    fs: { readdir: tolerantReaddir(root, problems) as never },
  });
  const gitignores = all.filter((p) => p === '.gitignore' || p.endsWith('/.gitignore'));
  const matchers: { dir: string; ig: ReturnType<typeof ignore> }[] = [];
  for (const gi of gitignores) {
    const dir = gi === '.gitignore' ? '' : gi.slice(0, -'/.gitignore'.length);
    const text = readRepoTextOrProblem(root, gi, TOOL_FILE_CAPS.gitignore, problems) ?? '';
    matchers.push({ dir, ig: ignore().add(text) });
  }
  const isIgnored = (path: string) =>
    matchers.some(({ dir, ig }) => {
      if (dir === '') return ig.ignores(path);
      return path.startsWith(dir + '/') && ig.ignores(path.slice(dir.length + 1));
    });
  return all.filter((p) => !isIgnored(p)).map((path) => ({ path }));
}
