import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.js';

const PROJECT = join(import.meta.dirname, '..', '..');
const FIXTURES = join(PROJECT, 'test', 'fixtures', 'temp-hygiene');

/** Runs vitest itself on one fixture file with this suite's temp setup, TMPDIR pointing at a fresh directory. */
function runVitest(file: string): { code: number; output: string; tmp: string } {
  const tmp = tempDir('sh-hygiene-');
  const config = join(tempDir('sh-hygiene-config-'), 'vitest.config.mjs');
  writeFileSync(
    config,
    `export default { test: { root: ${JSON.stringify(PROJECT)}, include: [${JSON.stringify(join(FIXTURES, file))}], ` +
      `globalSetup: [${JSON.stringify(join(PROJECT, 'test', 'setup', 'global-temp.ts'))}], setupFiles: [${JSON.stringify(join(PROJECT, 'test', 'setup', 'file-temp.ts'))}] } };\n`,
  );
  const r = spawnSync(process.execPath, [join(PROJECT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', config, '--root', PROJECT], {
    cwd: PROJECT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: tmp, NO_COLOR: '1', CI: '1' },
    timeout: 120_000,
  });
  return { code: r.status ?? -1, output: `${r.stdout}${r.stderr}`, tmp };
}

describe('test temp hygiene (vitest globalSetup + setupFiles)', () => {
  it('removes what tempDir() made and leaves the temp directory as it found it', () => {
    const r = runVitest('clean.fixture.ts');
    expect(r.output).toContain('1 passed');
    expect(r.code).toBe(0);
    expect(readdirSync(r.tmp)).toEqual([]);
  });

  it('fails a file that leaves a temporary directory behind, names it, and still removes it', () => {
    const r = runVitest('leaks.fixture.ts');
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/left in the temp directory after this file: leaked-\w+/);
    expect(readdirSync(r.tmp)).toEqual([]);
  });
});
