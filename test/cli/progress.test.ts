import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/io.js';
import { createProgress } from '../../src/cli/progress.js';
import { cli } from '../helpers/cli.js';
import { git } from '../helpers/fixture-repo.js';
import { tempDir } from '../helpers/temp.js';

function io(isTTY: boolean, env: NodeJS.ProcessEnv = {}): { io: CliIO; err: () => string } {
  let err = '';
  return { io: { stdout: () => undefined, stderr: (t) => void (err += t), cwd: '.', env, isTTY }, err: () => err };
}

describe('progress', () => {
  it('on a terminal: one line redrawn in place, at most every 100 ms, ended with a line break', () => {
    let t = 0;
    const o = io(true);
    const p = createProgress(o.io, 'scan', false, 'files', () => t);
    for (let done = 1; done <= 100; done++) {
      t += 10;
      p.update(done, 100);
    }
    p.end();
    const draws = o.err().split('\r').filter((l) => l !== '');
    expect(draws.length).toBe(11); // the first, one per 100 ms, and the last
    expect(draws.at(-1)).toBe('secret-hygiene: scan 100/100 files\u001b[K\n');
  });

  it('off a terminal: nothing unless asked; asked, plain lines every few seconds and the last', () => {
    let t = 0;
    const quiet = io(false);
    const silent = createProgress(quiet.io, 'scan', false, 'files', () => t);
    silent.update(1, 2);
    silent.end();
    expect(quiet.err()).toBe('');
    const o = io(false, { SECRET_HYGIENE_PROGRESS: '1' });
    const p = createProgress(o.io, 'history', false, 'commits', () => t);
    for (let done = 1; done <= 1000; done++) {
      t += 20;
      p.update(done, 1000);
    }
    p.end();
    expect(o.err()).not.toContain('\r');
    expect(o.err()).not.toContain('\u001b');
    const lines = o.err().split('\n').filter((l) => l !== '');
    expect(lines.length).toBe(5); // at 0, 5, 10 and 15 s, and the last
    expect(lines.at(-1)).toBe('secret-hygiene: history 1000/1000 commits');
  });

  it('a full scan counts the files it reads', async () => {
    const dir = tempDir('sh-progress-');
    try {
      for (let i = 0; i < 5; i++) {
        mkdirSync(join(dir, 'app'), { recursive: true });
        writeFileSync(join(dir, `app/m${i}.py`), `import os\nSECRET_KEY = os.environ["SECRET_KEY"]\n`);
      }
      git(dir, 'init', '-q');
      git(dir, 'add', '-A');
      const r = await cli(dir, ['scan', '.', '--progress', '--format', 'json']);
      expect(r.code).toBe(0);
      expect(r.stderr.trim().split('\n').at(-1)).toBe('secret-hygiene: scan 5/5 files');
      // A diff or staged scan costs what the change costs: no counter, and --progress says so.
      const staged = await cli(dir, ['scan', '--staged', '--progress', '--format', 'json']);
      expect(staged.stderr).toMatch(/^secret-hygiene: --progress has no effect on a --staged scan: it has no counter[^\n]*\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
