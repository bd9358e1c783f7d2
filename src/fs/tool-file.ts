import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, type Stats } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

/**
 * Files the tool opens itself (configuration, .gitignore, .gitattributes, the baseline, dotenv
 * files for generate and check-env, fix targets): in a cloned repository each of them is chosen by
 * whoever wrote the repository. A link to /proc/self/environ, a token file or /dev/zero must not
 * be read, and a link to .git/hooks/pre-commit must not be written. So links are never followed,
 * only regular files are opened, and every read is capped. Messages name the file and the reason,
 * never a byte of its content.
 */

export type ToolFileProblem = 'link' | 'link-in-path' | 'outside-root' | 'not-a-file' | 'too-large' | 'unreadable' | 'unwritable';

/** A file the tool refuses to open; `message` says what, where and how to fix. The CLI exits 2. */
export class ToolFileError extends Error {
  constructor(
    readonly shown: string,
    readonly problem: ToolFileProblem,
    message: string,
  ) {
    super(message);
    this.name = 'ToolFileError';
  }
}

/** Caps on files the tool reads itself: far above any real one, far below what hurts. */
export const TOOL_FILE_CAPS = {
  config: 256 * 1024,
  gitignore: 1024 * 1024,
  gitattributes: 1024 * 1024,
  baseline: 32 * 1024 * 1024,
  envFile: 1024 * 1024,
} as const;

// O_NOFOLLOW makes the kernel refuse a final link (ELOOP), so nothing can swap it in between a
// check and the open; O_NONBLOCK keeps a planted FIFO from hanging the open. Windows has neither
// (0): there the lstat below is the check.
const READ_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

export interface ReadToolFileOptions {
  /** How to name the file in messages (repository-relative where it is inside). */
  shown: string;
  maxBytes: number;
  /** When the file is inside this directory, no directory between the two may be a link either. */
  root?: string;
  /** What to tell the user about a too-large file; default: make it smaller. */
  tooLargeHint?: string;
}

/**
 * Reads a file the tool uses itself; null when it does not exist. Throws a ToolFileError for a
 * link (anywhere under `root`), anything but a regular file, or more than `maxBytes` bytes.
 */
export function readToolFile(path: string, options: ReadToolFileOptions): Buffer | null {
  const { shown, maxBytes } = options;
  if (options.root !== undefined && isInside(options.root, path)) {
    const bad = linkOnTheWay(options.root, relative(options.root, path));
    if (bad === 'missing') return null;
    if (bad !== null) throw linkInPath(shown, bad, options.root);
  }
  const lst = lstatOrNull(path);
  if (lst === null) return null;
  if (lst.isSymbolicLink()) throw isLink(shown);
  if (!lst.isFile()) throw notAFile(shown, lst.isDirectory());
  let fd: number;
  try {
    fd = openSync(path, READ_FLAGS);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ELOOP') throw isLink(shown);
    throw new ToolFileError(shown, 'unreadable', `${shown} cannot be read (${code ?? 'error'}): check its permissions.`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw notAFile(shown, st.isDirectory());
    if (st.size > maxBytes) throw tooLarge(shown, st.size, maxBytes, options.tooLargeHint);
    // Read at most one byte past the cap whatever the size said: a file can grow while read, and
    // files of /proc say 0.
    let buf = Buffer.allocUnsafe(Math.min(st.size, maxBytes) + 1);
    let n = 0;
    for (;;) {
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
      if (n > maxBytes) throw tooLarge(shown, n, maxBytes, options.tooLargeHint);
      if (n === buf.length) {
        const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, maxBytes + 1));
        buf.copy(bigger, 0, 0, n);
        buf = bigger;
      }
    }
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** readToolFile as UTF-8 text without a BOM; null when the file does not exist. */
export function readToolText(path: string, options: ReadToolFileOptions): string | null {
  const bytes = readToolFile(path, options);
  return bytes === null ? null : bytes.toString('utf8').replace(/^\uFEFF/, '');
}

/**
 * The absolute path of `rel` inside `root`, checked for writing: it must stay inside the root, and
 * no component from the root down may be a link (a write through `sub -> /etc` lands outside; a
 * rename over `.gitignore -> .git/hooks/pre-commit` would replace only the link, but reading it
 * first would copy the outside file in). The file itself need not exist; if it does, it must be a
 * regular file. `root` should be a real path (no links in it).
 */
export function confinedPath(root: string, rel: string, shown = rel): string {
  const abs = resolve(root, rel);
  if (!isInside(root, abs) || abs === resolve(root)) {
    throw new ToolFileError(shown, 'outside-root', `${shown} is outside ${root}: secret-hygiene only writes files inside the repository it was run on.`);
  }
  const bad = linkOnTheWay(root, relative(root, abs));
  if (bad !== null && bad !== 'missing') throw linkInPath(shown, bad, root);
  const st = lstatOrNull(abs);
  if (st?.isSymbolicLink()) throw isLink(shown);
  if (st && !st.isFile()) throw notAFile(shown, st.isDirectory());
  return abs;
}

/** True when `path` is `root` or below it, by path (links are checked separately). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(resolve(root), resolve(path));
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
}

/**
 * The first directory of `rel` (below `root`, the file itself excluded) that is a link or not a
 * directory, as a root-relative path; 'missing' when one does not exist; null when all are plain
 * directories.
 */
function linkOnTheWay(root: string, rel: string): string | 'missing' | null {
  const parts = rel.split(sep).filter((p) => p !== '' && p !== '.');
  let dir = resolve(root);
  for (let i = 0; i < parts.length - 1; i++) {
    dir = join(dir, parts[i]!);
    const st = lstatOrNull(dir);
    if (st === null) return 'missing';
    if (!st.isDirectory()) return parts.slice(0, i + 1).join('/');
  }
  return null;
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new ToolFileError(path, 'unreadable', `${path} cannot be examined (${code ?? 'error'}): check the permissions of its directory.`);
  }
}

function isLink(shown: string): ToolFileError {
  return new ToolFileError(
    shown,
    'link',
    `${shown} is a symbolic link: secret-hygiene does not follow links in files it reads or writes itself (a repository could point them anywhere). Replace it with a regular file, or give the link's target path.`,
  );
}

function linkInPath(shown: string, dir: string, root: string): ToolFileError {
  if (!lstatOrNull(join(root, dir))?.isSymbolicLink()) {
    return new ToolFileError(shown, 'not-a-file', `cannot use ${shown}: ${dir} on its way is a file, not a directory. Give a path whose directories exist or can be created.`);
  }
  return new ToolFileError(
    shown,
    'link-in-path',
    `${shown} is reached through ${dir}, which is a symbolic link (or not a directory): secret-hygiene does not follow links to files it reads or writes itself. Replace the link with a real directory.`,
  );
}

function notAFile(shown: string, isDirectory: boolean): ToolFileError {
  return new ToolFileError(shown, 'not-a-file', `${shown} is ${isDirectory ? 'a directory' : 'not a regular file (a device, FIFO or socket)'}: give the path of a regular file.`);
}

function tooLarge(shown: string, size: number, max: number, hint?: string): ToolFileError {
  return new ToolFileError(shown, 'too-large', `${shown} is ${size} bytes or more, over the cap of ${max} bytes for this kind of file: ${hint ?? 'it cannot be a real one; replace it with a regular, smaller file.'}`);
}

/**
 * A repository's text file the scan only consults (.gitignore): a refused one counts as absent
 * and becomes a problem entry, so the scan goes on and says what it did not read.
 */
export function readRepoTextOrProblem(root: string, rel: string, maxBytes: number, problems: { file: string; reason: string }[]): string | null {
  try {
    return readToolText(join(root, rel), { shown: rel, maxBytes, root });
  } catch (err) {
    if (!(err instanceof ToolFileError)) throw err;
    problems.push({ file: rel, reason: `not read: ${err.message}` });
    return null;
  }
}
