import fg from 'fast-glob';
import ignore from 'ignore';
import type { ProjectFacts } from '../core/rule.js';
import type { Source } from '../core/source.js';
import type { Document, Problem } from '../core/types.js';
import { isDotenvPath } from '../core/path-context.js';
import { readRepoTextOrProblem, TOOL_FILE_CAPS } from '../fs/tool-file.js';
import { gitIgnoredAmong, isGitWorkTree, listGitFiles } from './git.js';
import { filesContaining } from './grep-stream.js';
import { readDocument, type FileToRead } from './read-files.js';
import { tolerantReaddir } from './tolerant-readdir.js';
import { excludeMatcher } from './exclude-matcher.js';

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
  /** Called as files are checked (read, or left out by the content words): how many of those listed so far (throttle any output). */
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
  const isExcluded = excludeMatcher(options.exclude);

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
      // Searching while listing: each is a git process that mostly waits on the file system.
      const grep = words ? filesContaining(options.root, words) : null;
      const files = repo ? await listGitFiles(options.root) : await listPlainFiles(options.root, problems);
      const selected = files.filter((f) => !isExcluded(f.path)).sort((a, b) => (a.path < b.path ? -1 : 1));
      listed = selected.length;
      const read = (f: FileToRead) => readDocument(options.root, f, options.maxFileBytes, problems, stats);
      if (grep === null) {
        let done = 0;
        for (const f of selected) {
          const doc = read(f);
          options.onRead?.(++done, listed);
          if (doc) yield doc;
        }
        options.onRead?.(listed, listed);
        return;
      }
      // In path order, each file as soon as git has named it or passed it (git names files in path
      // order): the first are parsed while git still searches.
      const passed: FileToRead[] = [];
      let done = 0;
      for (const f of selected) {
        let wanted = isDotenvPath(f.path);
        if (!wanted) {
          while (!grep.done && !grep.hits.has(f.path) && !(grep.last !== null && grep.last > f.path)) await grep.changed();
          if (grep.error) throw grep.error;
          wanted = grep.hits.has(f.path);
          if (!wanted && !grep.done) passed.push(f);
        }
        const doc = wanted ? read(f) : null;
        options.onRead?.(++done, listed);
        if (doc) yield doc;
      }
      options.onRead?.(listed, listed);
      while (!grep.done) await grep.changed();
      if (grep.error) throw grep.error;
      // Files left out only because git had named a later path: read if git named them after all
      // (an order git and this sort disagree on, such as some non-ASCII names), so none is missed.
      for (const f of passed) {
        if (!grep.hits.has(f.path)) continue;
        const doc = read(f);
        if (doc) yield doc;
      }
    },
  };
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
