import { spawnSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_BUNDLE, cliProcess } from '../helpers/cli.js';
import { stagedRepo } from '../helpers/fixture-repo.js';
import { tempDir } from '../helpers/temp.js';

const STRONG = 'Qm7vR2xK9pL4tN8wZ3bY6cH1jF5dS0aGuEiOy'; // planted, 37 characters
const DEFAULTED = 'import os\nSECRET_KEY = os.getenv("SECRET_KEY", "change-me")\n';

const repo = (files: Record<string, string>): string => stagedRepo('sh-files-', files);

function withStdin(cwd: string, args: string[], input: string | Buffer): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI_BUNDLE, ...args], { cwd, input, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('scan FILE...', () => {
  it('reports on the named files only, even when another file of the tree has findings', () => {
    const dir = repo({ 'app/settings.py': DEFAULTED, 'worker/settings.py': DEFAULTED, 'clean.py': 'print(1)\n' });
    const r = cliProcess(dir, ['scan', 'app/settings.py', 'clean.py', '--format', 'json']);
    expect(r.code).toBe(1);
    const files = (JSON.parse(r.stdout) as { findings: { file: string }[] }).findings.map((f) => f.file);
    expect(files).toEqual(['app/settings.py']);
    expect(cliProcess(dir, ['scan', 'clean.py']).code).toBe(0);
  });

  it('reads the rest of the repository as context: a value reused in a file not named is found', () => {
    const dir = repo({ 'api/.env.production': `JWT_SECRET=${STRONG}\n`, 'web/config.env': `SECRET_KEY=${STRONG}\n` });
    const r = cliProcess(dir, ['scan', 'web/config.env', '--format', 'json']);
    const findings = (JSON.parse(r.stdout) as { findings: { file: string; ruleId: string }[] }).findings;
    expect(findings.map((f) => `${f.ruleId} ${f.file}`)).toContain('reused-secret web/config.env');
    expect(findings.every((f) => f.file === 'web/config.env')).toBe(true);
    expect(r.stdout + r.stderr).not.toContain(STRONG);
  });

  it('paths are relative to the repository root when run from a subdirectory', () => {
    const dir = repo({ 'app/settings.py': DEFAULTED });
    const r = cliProcess(join(dir, 'app'), ['scan', 'settings.py']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('app/settings.py:2');
  });

  it('a missing file, a directory among files, a file outside the repository: exit 2 saying what to do', () => {
    const dir = repo({ 'app/settings.py': DEFAULTED });
    const outside = tempDir('sh-files-out-');
    writeFileSync(join(outside, 'x.py'), DEFAULTED);
    const missing = cliProcess(dir, ['scan', 'nope.py']);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('the 1st argument names no file or directory (not shown')]);
    const mixed = cliProcess(dir, ['scan', 'app', 'app/settings.py']);
    expect([mixed.code, mixed.stderr]).toEqual([2, expect.stringContaining("'app' is a directory")]);
    const out = cliProcess(dir, ['scan', join(outside, 'x.py')]);
    expect([out.code, out.stderr]).toEqual([2, expect.stringContaining('is outside')]);
    const staged = cliProcess(dir, ['scan', '--staged', 'app/settings.py']);
    expect(staged.code).toBe(2);
  });

  it('a named link is not followed, and is listed as skipped rather than dropped', () => {
    const dir = repo({ 'app/settings.py': DEFAULTED });
    const outside = tempDir('sh-files-out-');
    writeFileSync(join(outside, 'secret.env'), `JWT_SECRET=${STRONG}\n`);
    symlinkSync(join(outside, 'secret.env'), join(dir, 'linked.env'));
    const r = cliProcess(dir, ['scan', 'linked.env', '--verbose']);
    expect(r.stdout + r.stderr).toContain('linked.env');
    expect(r.stdout + r.stderr).toMatch(/symbolic link/);
    expect(r.stdout + r.stderr).not.toContain(STRONG.slice(4));
  });

  it('outside a git repository the named files are read on their own', () => {
    const dir = tempDir('sh-files-plain-');
    writeFileSync(join(dir, 'settings.py'), DEFAULTED);
    const r = cliProcess(dir, ['scan', 'settings.py']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('settings.py:2');
  });
});

describe('scan -', () => {
  it('judges standard input as the file --stdin-filename names', () => {
    const dir = tempDir('sh-stdin-');
    const py = withStdin(dir, ['scan', '-', '--stdin-filename', 'app/settings.py'], DEFAULTED);
    expect(py.code).toBe(1);
    expect(py.stdout).toContain('app/settings.py:2');
    expect(py.stdout).toContain('hardcoded-default');
    const env = withStdin(dir, ['scan', '-', '--stdin-filename', '.env', '--format', 'json'], 'JWT_SECRET=secret\n');
    const rules = (JSON.parse(env.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId);
    // A weak value is judged; whether git would commit the "file" is not: stdin is no file of a tree.
    expect(rules).toEqual(['weak-secret']);
  });

  it('clean input exits 0', () => {
    const dir = tempDir('sh-stdin-');
    expect(withStdin(dir, ['scan', '-'], 'hello\n').code).toBe(0);
  });

  it('input over the size cap is refused with exit 2, never held whole', () => {
    const dir = tempDir('sh-stdin-');
    writeFileSync(join(dir, '.secret-hygiene.yml'), 'max-file-bytes: 2000\n');
    const r = withStdin(dir, ['scan', '-'], 'a'.repeat(5000));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('over the size cap of 2000 bytes');
  });

  it('--stdin-filename without -, and - beside files, are usage errors', () => {
    const dir = repo({ 'a.py': 'x = 1\n' });
    expect(cliProcess(dir, ['scan', '.', '--stdin-filename', '.env']).code).toBe(2);
    expect(withStdin(dir, ['scan', '-', 'a.py'], '').code).toBe(2);
  });
});
