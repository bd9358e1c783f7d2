import type { Document, Problem } from '../core/types.js';
import { BlobReader } from './cat-file.js';
import { decodeText, isBinary } from './decode.js';

export interface BlobEntry {
  /** The document's path. */
  path: string;
  /** What cat-file is asked for: `<rev>:<path>`, `:./<path>` for the index, or a blob id. */
  spec: string;
}

export interface BlobDocumentOptions {
  maxFileBytes: number;
  origin: Document['origin'];
  /** Paths whose binary content is skipped without a problem (an image no parser reads is not one). */
  quiet?: (path: string) => boolean;
}

/**
 * Documents read from git objects through one `git cat-file --batch`, in the order given. Oversized
 * and binary blobs are skipped and recorded as problems, as the work tree's files are; a missing
 * one (deleted, a submodule, an unmerged path) is skipped silently.
 */
export async function* blobDocuments(
  root: string,
  entries: readonly BlobEntry[],
  options: BlobDocumentOptions,
  problems: Problem[],
  stats: { bytesRead: number },
): AsyncGenerator<Document> {
  if (entries.length === 0) return;
  const reader = new BlobReader(root);
  try {
    // Every request is written before the first answer is awaited: one round trip for them all.
    const blobs = entries.map((e) => reader.read(e.spec));
    // Awaited in order below, where a failure is thrown; this keeps the ones not reached (the
    // consumer stopped early) from becoming unhandled rejections.
    for (const b of blobs) b.catch(() => undefined);
    for (let i = 0; i < entries.length; i++) {
      const path = (entries[i] as BlobEntry).path;
      const bytes = await blobs[i];
      if (!bytes) continue;
      stats.bytesRead += bytes.length;
      if (bytes.length > options.maxFileBytes) {
        problems.push({ file: path, reason: `skipped: ${bytes.length} bytes is over the size cap of ${options.maxFileBytes}` });
        continue;
      }
      if (isBinary(bytes)) {
        if (!options.quiet?.(path)) problems.push({ file: path, reason: 'skipped: binary file' });
        continue;
      }
      const { text, hasBom } = decodeText(bytes);
      yield { path, text, hasBom, origin: options.origin, tracked: true };
    }
  } finally {
    reader.close();
  }
}
