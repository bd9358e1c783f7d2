import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Document, Problem } from '../core/types.js';
import { decodeText, isBinary } from './decode.js';

export interface FileToRead {
  path: string;
  tracked?: boolean;
  ignored?: boolean;
}

export interface ReadStats {
  bytesRead: number;
}

/**
 * Reads files under `root` with a bounded number of reads in flight, yielding documents in the
 * order given (deterministic output without sorting later). Symlinks are never followed: a link
 * could point outside the repository (a hostile PR can add one to /etc/passwd). Oversized and
 * binary files are skipped and recorded as problems.
 */
export async function* readDocuments(
  root: string,
  files: readonly FileToRead[],
  options: { maxFileBytes: number; concurrency?: number },
  problems: Problem[],
  stats: ReadStats,
): AsyncGenerator<Document> {
  const concurrency = options.concurrency ?? 32;
  const pending: Promise<Document | null>[] = [];
  let next = 0;
  const start = (f: FileToRead) => readOne(root, f, options.maxFileBytes, problems, stats);
  while (next < files.length && pending.length < concurrency) pending.push(start(files[next++] as FileToRead));
  while (pending.length > 0) {
    const doc = await (pending.shift() as Promise<Document | null>);
    if (next < files.length) pending.push(start(files[next++] as FileToRead));
    if (doc) yield doc;
  }
}

async function readOne(
  root: string,
  f: FileToRead,
  maxFileBytes: number,
  problems: Problem[],
  stats: ReadStats,
): Promise<Document | null> {
  const abs = join(root, f.path);
  try {
    const st = await lstat(abs);
    if (st.isSymbolicLink()) return null; // its target, if inside the repository, is scanned itself
    if (!st.isFile()) return null;
    if (st.size > maxFileBytes) {
      problems.push({ file: f.path, reason: `skipped: ${st.size} bytes is over the size cap of ${maxFileBytes} (raise maxFileBytes in .secret-hygiene.yml to scan it)` });
      return null;
    }
    const bytes = await readFile(abs);
    stats.bytesRead += bytes.length;
    if (isBinary(bytes)) {
      problems.push({ file: f.path, reason: 'skipped: binary file' });
      return null;
    }
    const { text, hasBom } = decodeText(bytes);
    const doc: Document = { path: f.path, text, hasBom, origin: 'worktree' };
    if (f.tracked !== undefined) doc.tracked = f.tracked;
    if (f.ignored !== undefined) doc.ignored = f.ignored;
    return doc;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // A file listed by git but deleted in the work tree is not a problem: there is nothing to scan.
    if (code === 'ENOENT') return null;
    problems.push({ file: f.path, reason: `could not be read: ${code ?? String(err)}` });
    return null;
  }
}
