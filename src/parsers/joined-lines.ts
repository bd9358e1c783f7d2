/**
 * Formats with line continuations (Dockerfile `\`, Java properties `\`) are read as logical lines:
 * physical lines joined. A logical line keeps the chunks it was built from, so an offset in the
 * joined text maps back to the document.
 */
export interface Chunk {
  /** Where the chunk starts in the joined text. */
  logicalStart: number;
  /** Where it starts in the document. */
  docStart: number;
  length: number;
}

/** The document offset of a character of a joined line (binary search over its chunks). */
export function docOffset(chunks: readonly Chunk[], offset: number): number {
  let lo = 0;
  let hi = chunks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((chunks[mid]?.logicalStart ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  const chunk = chunks[lo];
  if (chunk === undefined) return 0;
  // Past a chunk's last character (a continuation's escape), point just after that character.
  return chunk.docStart + Math.min(offset - chunk.logicalStart, chunk.length);
}
