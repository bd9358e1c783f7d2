import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { cli } from '../helpers/cli.js';
import { git } from '../helpers/fixture-repo.js';
import { tempDir } from '../helpers/temp.js';

/** Every git process the run starts, by its first argument: the counter this file reads. */
const calls = vi.hoisted(() => new Map<string, number>());
vi.mock('../../src/sources/run-git.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/sources/run-git.js')>();
  return {
    ...real,
    runGit: (cwd: string, args: string[], ...rest: unknown[]) => {
      calls.set(args[0] ?? '', (calls.get(args[0] ?? '') ?? 0) + 1);
      return (real.runGit as (...a: unknown[]) => Promise<string>)(cwd, args, ...rest);
    },
  };
});

/**
 * fix --write tells whether the values it removed are in a commit (then they must be rotated).
 * It asked git twice per removed value, all at once, and searched the whole HEAD file each time:
 * 5,000 fixed defaults started 10,000 git processes (58 s). Now one read per file.
 */
describe('fix --write: the HEAD lookups do not grow with the values removed', () => {
  const committed = (n: number) => {
    const dir = tempDir('sh-fix-head-');
    git(dir, 'init', '-q');
    writeFileSync(join(dir, 'settings.py'), 'import os\n' + Array.from({ length: n }, (_, i) => `JWT_SECRET_${i} = os.getenv("JWT_SECRET_${i}", "not-a-real-default-${String(i).padStart(4, '0')}-Qm2Xr9Lp")\n`).join(''));
    git(dir, 'add', '-A');
    git(dir, '-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'defaults');
    return dir;
  };
  const catFiles = async (n: number) => {
    const dir = committed(n);
    calls.clear();
    const r = await cli(dir, ['fix', '--write', '--rule', 'hardcoded-default']);
    expect(r.stdout).toMatch(new RegExp(`Fixed ${n} findings in 1 file`));
    expect(r.stdout).toMatch(/The removed values are still in git history/);
    return calls.get('cat-file') ?? 0;
  };

  it('doubling the fixed defaults of one file leaves the cat-file calls the same (two: its size, its text)', async () => {
    expect(await catFiles(100)).toBe(2);
    expect(await catFiles(200)).toBe(2);
  });
});
