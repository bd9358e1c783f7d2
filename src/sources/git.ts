import { simpleGit, type SimpleGit } from 'simple-git';

/** The git plumbing the sources need, through simple-git (one process per call, none per file). */
export function gitAt(dir: string): SimpleGit {
  return simpleGit({ baseDir: dir, binary: 'git', maxConcurrentProcesses: 4, trimmed: false });
}

/** True when `dir` is inside a git work tree. */
export async function isGitWorkTree(dir: string): Promise<boolean> {
  try {
    const out = await gitAt(dir).raw(['rev-parse', '--is-inside-work-tree']);
    return out.trim() === 'true';
  } catch {
    return false;
  }
}

/** True when `dir` is a bare repository (or inside one's git directory): there is no work tree to read. */
export async function isBareRepository(dir: string): Promise<boolean> {
  try {
    const out = await gitAt(dir).raw(['rev-parse', '--is-bare-repository']);
    return out.trim() === 'true';
  } catch {
    return false;
  }
}

export interface ListedFile {
  path: string;
  tracked: boolean;
}

/**
 * Tracked files plus untracked files git does not ignore, relative to `dir`. `-t` tags each entry
 * (`H` tracked, `?` untracked) so one process answers both questions.
 */
export async function listGitFiles(dir: string): Promise<ListedFile[]> {
  const out = await gitAt(dir).raw(['ls-files', '-z', '-t', '--cached', '--others', '--exclude-standard']);
  const files = new Map<string, ListedFile>();
  for (const entry of out.split('\0')) {
    if (entry.length < 3) continue;
    const tag = entry[0];
    const path = entry.slice(2);
    const tracked = tag !== '?';
    const prev = files.get(path);
    // A file with unmerged stages is listed more than once.
    if (!prev || tracked) files.set(path, { path, tracked });
  }
  return [...files.values()];
}

/** Which of `names` (root-relative) git would ignore if they were created; `--no-index` so tracked ones count too. */
export async function gitIgnoredAmong(dir: string, names: string[]): Promise<Set<string>> {
  try {
    const out = await gitAt(dir).raw(['check-ignore', '--no-index', '--', ...names]);
    return new Set(out.split('\n').map((l) => l.trim()).filter(Boolean));
  } catch {
    // check-ignore exits 1 when nothing is ignored; simple-git reports that as an error.
    return new Set();
  }
}
