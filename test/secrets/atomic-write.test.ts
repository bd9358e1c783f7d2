import { randomBytes } from 'node:crypto';
import { lstatSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeFileAtomic } from '../../src/secrets/atomic-write.js';
import { tempDir } from '../helpers/temp.js';

vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  return { ...real, randomBytes: vi.fn(real.randomBytes) };
});

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

  it('creates its temporary file exclusively: a link already at the name is refused, not written through (issue 15)', async () => {
    const dir = tempDir('sh-atomic-excl-');
    const victim = join(tempDir('sh-atomic-outside-'), 'pre-commit');
    writeFileSync(victim, 'untouched\n');
    const target = join(dir, 'settings.py');
    writeFileSync(target, 'old\n');
    // The name the next write will pick, planted first (as a guessed or predictable name would be).
    vi.mocked(randomBytes).mockReturnValueOnce(Buffer.from('0011223344556677', 'hex') as never);
    symlinkSync(victim, join(dir, '.settings.py.0011223344556677.tmp'));
    await expect(writeFileAtomic(target, Buffer.from('new\n'), { mode: 0o644 })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(victim, 'utf8')).toBe('untouched\n');
    expect(readFileSync(target, 'utf8')).toBe('old\n');
    expect(lstatSync(join(dir, '.settings.py.0011223344556677.tmp')).isSymbolicLink()).toBe(true);
  });
});
