import { readFileSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeFileAtomic } from '../../src/secrets/atomic-write.js';
import { tempDir } from '../helpers/temp.js';

/** fix --write and generate replace files through writeFileAtomic: the data reaches the disk before the rename. */
afterEach(() => vi.restoreAllMocks());

describe('writeFileAtomic', () => {
  it('fsyncs the new data before the rename puts it in place, then the directory', async () => {
    const dir = tempDir('sh-atomic-');
    const target = join(dir, 'settings.py');
    writeFileSync(target, 'old\n');
    const probe = await open(target, 'r');
    const proto = Object.getPrototypeOf(probe) as { sync: () => Promise<void> };
    await probe.close();
    const seen: string[] = [];
    const real = proto.sync;
    vi.spyOn(proto, 'sync').mockImplementation(async function (this: unknown) {
      // What the target holds when each flush happens: the old text until the rename.
      seen.push(readFileSync(target, 'utf8'));
      return real.call(this);
    });
    await writeFileAtomic(target, Buffer.from('new\n'), { mode: 0o644 });
    expect(seen[0]).toBe('old\n');
    expect(seen.at(-1)).toBe('new\n');
    expect(seen).toHaveLength(2);
    expect(readFileSync(target, 'utf8')).toBe('new\n');
  });
});
