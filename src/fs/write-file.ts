import { constants } from 'node:fs';
import { lstat, mkdir, open } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { writeFileAtomic } from '../secrets/atomic-write.js';
import { confinedPath, isInside, ToolFileError } from './tool-file.js';

/**
 * Writing the files the tool produces: reports (--output, the Action's sarif-file) and files it
 * keeps in the repository (baseline, .gitattributes, the starter configuration). Inside the
 * repository no link is followed; every failure (permissions, a directory, a full disk, /proc)
 * becomes a ToolFileError that says what to do, which the CLI turns into exit 2.
 */

export interface WriteOptions {
  /** How to name the file in messages. */
  shown: string;
  /** The repository: a path inside it is written without following links on the way. */
  root?: string;
  /** What the user can do instead, e.g. "give --output a path in a writable directory". */
  hint: string;
}

/** Writes a report file, creating missing directories; inside `root` a link is refused, outside it followed (`--output /dev/stdout`). */
export async function writeReportFile(path: string, text: string, options: WriteOptions): Promise<void> {
  const inside = options.root !== undefined && isInside(options.root, path);
  if (inside) confinedPath(options.root!, relative(options.root!, path), options.shown);
  await makeParents(dirname(path), options);
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | (inside ? (constants.O_NOFOLLOW ?? 0) : 0);
  let fh;
  try {
    fh = await open(path, flags, 0o644);
  } catch (err) {
    throw unwritable(options, err);
  }
  try {
    await fh.writeFile(text);
  } catch (err) {
    throw unwritable(options, err);
  } finally {
    await fh.close().catch(() => undefined);
  }
}

/**
 * Replaces a file of the repository atomically (see atomic-write.ts): inside `root`, no link on
 * the way, the file itself a regular file or absent. Keeps an existing file's permission bits.
 */
export async function writeRepoFile(root: string, path: string, text: string, options: Omit<WriteOptions, 'root'>): Promise<void> {
  const abs = confinedPath(root, relative(root, path), options.shown);
  const st = await lstat(abs).catch(() => null);
  try {
    await writeFileAtomic(abs, Buffer.from(text, 'utf8'), { mode: st ? st.mode : 0o644, ...(st ? { owner: { uid: st.uid, gid: st.gid } } : {}) });
  } catch (err) {
    throw unwritable(options, err);
  }
}

/**
 * Creates the missing directories of `dir` one level at a time: bounded by the path's depth (a
 * recursive mkdir under /proc never returned), and each failure said plainly.
 */
async function makeParents(dir: string, options: WriteOptions): Promise<void> {
  const missing: string[] = [];
  let d = dir;
  for (;;) {
    const st = await lstat(d).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? null : Promise.reject(unwritable(options, err))));
    if (st !== null) {
      if (!st.isDirectory() && !st.isSymbolicLink()) throw new ToolFileError(options.shown, 'unwritable', `cannot write ${options.shown}: ${d} is not a directory. ${capitalize(options.hint)}.`);
      break;
    }
    missing.push(d);
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  for (const m of missing.reverse()) {
    try {
      await mkdir(m);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw unwritable(options, err, m);
    }
  }
}

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ENOENT: 'its directory cannot be created there',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exceeded',
  EROFS: 'the file system is read-only',
  ELOOP: 'it is a symbolic link inside the repository (not followed)',
  EEXIST: 'a file appeared at its temporary name',
  ETXTBSY: 'the file is busy',
};

function unwritable(options: Pick<WriteOptions, 'shown' | 'hint'>, err: unknown, dir?: string): ToolFileError {
  if (err instanceof ToolFileError) return err;
  const code = (err as NodeJS.ErrnoException).code ?? 'error';
  const why = REASONS[code] ?? `error ${code}`;
  return new ToolFileError(options.shown, 'unwritable', `cannot write ${options.shown}${dir ? ` (creating ${dir})` : ''}: ${why}. ${capitalize(options.hint)}.`);
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
