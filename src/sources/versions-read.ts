import { detached } from '../core/detached.js';

/**
 * The versions a history audit has read, by blob and path, and whether each was read as text (not
 * missing, oversized or binary). It grows with the history (formbricks: 80,000 versions), so each
 * key is compact: the blob id as bytes and a number for its path, one flat string of 24 characters.
 * A key built as `${blob}\0${path}` was a concatenation holding a slice of the git log line it was
 * cut from: about 200 bytes a version instead of 40.
 */
export class VersionsRead {
  private readonly pathIds = new Map<string, number>();
  private readonly read = new Map<string, boolean>();

  /** Whether the version was met before; if not, it is noted (not yet as text). */
  firstTime(blob: string, path: string): boolean {
    const key = this.key(blob, path);
    if (this.read.has(key)) return false;
    this.read.set(key, false);
    return true;
  }

  markText(blob: string, path: string): void {
    this.read.set(this.key(blob, path), true);
  }

  wasText(blob: string, path: string): boolean {
    return this.read.get(this.key(blob, path)) === true;
  }

  get size(): number {
    return this.read.size;
  }

  private key(blob: string, path: string): string {
    let id = this.pathIds.get(path);
    if (id === undefined) {
      id = this.pathIds.size;
      // A copy of the path: the one given may be a slice of a longer text.
      this.pathIds.set(detached(path), id);
    }
    // An id that is not hex (never from git) keeps its characters, so no two blobs share a key.
    if (!/^(?:[0-9a-f]{2})+$/.test(blob)) return `${blob}\0${id}`;
    const bytes = Buffer.allocUnsafe(blob.length / 2 + 4);
    bytes.write(blob, 0, 'hex');
    bytes.writeUInt32BE(id, blob.length / 2);
    return bytes.toString('latin1');
  }
}
