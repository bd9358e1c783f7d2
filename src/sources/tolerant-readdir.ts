import { readdir as fsReaddir } from 'node:fs';
import { relative, sep } from 'node:path';
import type { Problem } from '../core/types.js';

type Callback = (err: NodeJS.ErrnoException | null, entries?: unknown) => void;
type Readdir = (path: string, options: unknown, cb: Callback) => void;

/**
 * fs.readdir for fast-glob's `fs` option in a plain-directory scan: a directory that cannot be
 * read (EACCES, EPERM) becomes a problem entry and an empty listing, so the scan goes on and says
 * what it could not see; by default the first one aborted the whole scan with nothing reported.
 */
export function tolerantReaddir(root: string, problems: Problem[], readdir: Readdir = fsReaddir as unknown as Readdir) {
  return (path: string, optionsOrCb: unknown, maybeCb?: Callback): void => {
    const cb = (typeof optionsOrCb === 'function' ? optionsOrCb : maybeCb) as Callback;
    const options = typeof optionsOrCb === 'function' ? {} : optionsOrCb;
    readdir(path, options, (err, entries) => {
      if (err && (err.code === 'EACCES' || err.code === 'EPERM')) {
        const rel = relative(root, path).split(sep).join('/') || '.';
        problems.push({ file: `${rel}/`, reason: `could not be read (${err.code}): the files in this directory were not scanned; make it readable or exclude it` });
        cb(null, []);
        return;
      }
      cb(err, entries);
    });
  };
}
