import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /**
   * Permission bits of the result, applied whatever the umask. Only the 0o777 bits are kept:
   * setuid, setgid and sticky are dropped by design, since a rewritten file is new content that
   * nobody vetted for them.
   */
  mode: number;
  /** Owner to keep when replacing a file someone else owns (only root can; otherwise left as is). */
  owner?: { uid: number; gid: number };
}

/**
 * Replaces `path` with `data` so that readers see the old file or the new one, never a part: the
 * data goes to a temporary file in the same directory (same file system), is flushed, then renamed
 * over `path`, and the directory is flushed so the rename survives a crash.
 *
 * The temporary name is random and created with O_CREAT|O_EXCL ('wx'): a link planted at a
 * predictable name (`.env.secret-hygiene-<pid>.tmp -> .git/hooks/pre-commit`) would otherwise be
 * written through. It is created 0600, so a secret is never more readable than intended.
 * Callers check `path` itself with confinedPath (inside the repository, no link on the way).
 */
export async function writeFileAtomic(path: string, data: Uint8Array, options: AtomicWriteOptions): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${randomBytes(8).toString('hex')}.tmp`);
  const fh = await open(tmp, 'wx', 0o600);
  try {
    try {
      await fh.chmod(options.mode & 0o777);
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
  await syncDirectory(dir);
}

async function syncDirectory(dir: string): Promise<void> {
  // Windows cannot open a directory, and some file systems refuse fsync on one: the data itself
  // is flushed already, so losing only the rename's durability there is acceptable.
  const dh = await open(dir, 'r').catch(() => null);
  if (!dh) return;
  try {
    await dh.sync().catch(() => undefined);
  } finally {
    await dh.close();
  }
}
