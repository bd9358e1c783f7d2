import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** Permission bits of the result, applied whatever the umask. */
  mode: number;
  /** Owner to keep when replacing a file someone else owns (only root can; otherwise left as is). */
  owner?: { uid: number; gid: number };
}

/**
 * Replaces `path` with `data` so that readers see the old file or the new one, never a part: the
 * data goes to a temporary file in the same directory (same file system), is flushed, then renamed
 * over `path`. The temporary file is created 0600, so a secret is never more readable than intended.
 */
export async function writeFileAtomic(path: string, data: Uint8Array, options: AtomicWriteOptions): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const fh = await open(tmp, 'wx', 0o600);
  try {
    try {
      await fh.chmod(options.mode);
      if (options.owner && (options.owner.uid !== process.getuid?.() || options.owner.gid !== process.getgid?.())) {
        await fh.chown(options.owner.uid, options.owner.gid).catch((err: NodeJS.ErrnoException) => {
          // Only root may give a file away; anyone else writes a file they own, as any editor would.
          if (err.code !== 'EPERM') throw err;
        });
      }
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}
