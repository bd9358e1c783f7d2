import { open } from 'node:fs/promises';
import { needlesOf } from './forms.js';
import type { HeldKey } from './held-key.js';

/** What every form of the key becomes in the rewritten history. */
export const PURGE_REPLACEMENT = '***REMOVED-LEAKED-KEY***';

/**
 * Writes a `git filter-repo --replace-text` file: one `literal:FORM==>REPLACEMENT` line per form
 * of the key (raw, base64, base64url, hex, URL-encoded). The file is created new (`wx`: an
 * existing file, or a link planted in its place, is never written through) with mode 0600, since
 * it holds the key; its content is never printed.
 */
export async function writePurgeFile(path: string, key: HeldKey): Promise<void> {
  const lines = needlesOf(key)
    // filter-repo reads one expression per line and splits at '==>'.
    .filter((n) => !n.text.includes('\n') && !n.text.includes('\r') && !n.text.includes('==>'))
    .map((n) => `literal:${n.text}==>${PURGE_REPLACEMENT}\n`);
  const fh = await open(path, 'wx', 0o600);
  try {
    await fh.chmod(0o600);
    await fh.writeFile(lines.join(''));
    await fh.sync();
  } finally {
    await fh.close();
  }
}
