import { lstat, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { runGit } from '../sources/run-git.js';
import { nthArgument, UsageError } from './usage-error.js';

/**
 * The files of `scan FILE...`: the root they are judged in (the git repository holding the
 * current directory, else the current directory) and each file's path under it. Every file must
 * exist and lie inside the root; a directory among them is a mistake (one directory is `scan PATH`).
 */
export async function resolveFileArguments(cwd: string, args: readonly string[]): Promise<{ root: string; files: string[] }> {
  const root = await realpath(await repositoryRoot(cwd));
  const files: string[] = [];
  for (const [i, arg] of args.entries()) {
    const abs = resolve(cwd, arg);
    const st = await lstat(abs).catch(() => null);
    if (st === null) throw new UsageError(`${nthArgument(i)} names no file or directory (not shown: it may be a value). Give files to scan, or one directory (\`secret-hygiene scan DIR\`).`);
    if (st.isDirectory()) {
      throw new UsageError(`'${arg}' is a directory: scan takes one directory (\`secret-hygiene scan ${arg}\`) or files, not both.`);
    }
    // The directory's real place decides where the file is (a linked directory could lead out of the root).
    const real = resolve(await realpath(dirname(abs)), basename(abs));
    const rel = relative(root, real);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
      throw new UsageError(`'${arg}' is outside ${root}: run the scan from the repository that holds it (cd there first).`);
    }
    files.push(rel.split(sep).join('/'));
  }
  return { root, files };
}

async function repositoryRoot(cwd: string): Promise<string> {
  try {
    const top = (await runGit(cwd, ['rev-parse', '--show-toplevel'])).trim();
    return top === '' ? cwd : top;
  } catch {
    return cwd;
  }
}
