import { existsSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TOOL_FILE_CAPS } from '../../src/fs/tool-file.js';
import { cli } from '../helpers/cli.js';
import { git } from '../helpers/fixture-repo.js';
import { hasSimulator, runAction } from '../helpers/gha.js';
import { tempDir } from '../helpers/temp.js';

/**
 * Every file the tool opens itself (configuration, baseline, .gitignore, .gitattributes, dotenv
 * files, outputs) may be a link planted by the repository. None is followed, none is echoed.
 */

const MARKER = 'OUTSIDE_TOKEN=ghp_outsideMarker0123456789abcdefABCDEF';
const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tmp(prefix: string): string {
  const d = tempDir(prefix);
  made.push(d);
  return d;
}

/** An outside file holding the marker, like a token file or /proc/self/environ. */
function outsideFile(): string {
  const f = join(tmp('sh-outside-'), 'token');
  writeFileSync(f, `${MARKER}\0HOME=/root\0`);
  return f;
}

function repo(files: Record<string, string>, links: Record<string, string> = {}, isGit = true): string {
  const dir = tmp('sh-toolfiles-');
  for (const [p, t] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), t);
  }
  for (const [p, target] of Object.entries(links)) symlinkSync(target, join(dir, p));
  if (isGit) {
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
  }
  return dir;
}

const everything = (r: { stdout: string; stderr: string }) => r.stdout + r.stderr;

describe('files the CLI opens itself, on a hostile repository', () => {
  it('refuses a linked configuration without showing its content', async () => {
    const dir = repo({ 'a.py': 'x = 1\n' }, { '.secret-hygiene.yml': outsideFile() });
    const r = await cli(dir, ['scan']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.secret-hygiene\.yml is a symbolic link/);
    expect(everything(r)).not.toContain('outsideMarker');
  });

  it('never quotes a configuration that is not one (an environment dump, broken JSON)', async () => {
    const yml = repo({ '.secret-hygiene.yml': `${MARKER}\n` });
    const a = await cli(yml, ['scan']);
    expect(a.code).toBe(2);
    expect(everything(a)).not.toContain('outsideMarker');
    const json = repo({ '.secret-hygiene.json': `${MARKER}\n` });
    const b = await cli(json, ['scan']);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/is not valid JSON/);
    expect(everything(b)).not.toContain('outsideMarker');
  });

  it('caps the configuration size, naming the cap', async () => {
    const dir = repo({ '.secret-hygiene.yml': `# ${'x'.repeat(TOOL_FILE_CAPS.config)}\n` });
    const r = await cli(dir, ['scan']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`over the cap of ${TOOL_FILE_CAPS.config} bytes`);
  });

  it('refuses a linked baseline', async () => {
    const dir = repo({ 'a.py': 'x = 1\n' }, { 'baseline.json': outsideFile() });
    const r = await cli(dir, ['scan', '--baseline', 'baseline.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/baseline\.json is a symbolic link/);
    expect(everything(r)).not.toContain('outsideMarker');
  });

  it('a linked .gitignore in a plain directory is a problem entry, and the scan goes on', async () => {
    const dir = repo({ 'settings.py': 'import os\nSECRET_KEY = os.getenv("SECRET_KEY", "plain-dir-default")\n' }, { '.gitignore': '/dev/zero' }, false);
    const r = await cli(dir, ['scan', '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: { file: string }[]; problems: { file: string; reason: string }[] };
    expect(report.findings.some((f) => f.file === 'settings.py')).toBe(true);
    expect(report.problems.some((p) => p.file === '.gitignore' && /symbolic link/.test(p.reason))).toBe(true);
  });

  it('check-env and generate refuse a linked --env-file; the outside file is unchanged', async () => {
    const target = outsideFile();
    const before = readFileSync(target, 'utf8');
    const dir = repo({ 'a.py': 'x = 1\n' }, { '.env': target });
    const c = await cli(dir, ['check-env', '--env-file', '.env', '--require', 'OUTSIDE_TOKEN']);
    expect(c.code).toBe(2);
    expect(everything(c)).not.toContain('outsideMarker');
    const g = await cli(dir, ['generate', '--env-file', '.env', '--key', 'JWT_SECRET']);
    expect(g.code).toBe(2);
    expect(g.stderr).toMatch(/symbolic link/);
    expect(readFileSync(target, 'utf8')).toBe(before);
  });

  it('scan --output does not write through a link planted in the repository', async () => {
    const target = outsideFile();
    const before = readFileSync(target, 'utf8');
    const dir = repo({ 'a.py': 'x = 1\n' }, { 'report.json': target });
    const r = await cli(dir, ['scan', '--format', 'json', '--output', 'report.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/report\.json is a symbolic link/);
    expect(readFileSync(target, 'utf8')).toBe(before);
  });

  it('baseline does not follow a linked .gitattributes; init does not write through a dangling link', async () => {
    const target = outsideFile();
    const before = readFileSync(target, 'utf8');
    const dir = repo({ 'a.py': 'x = 1\n' }, { '.gitattributes': target });
    const b = await cli(dir, ['baseline']);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/\.gitattributes is a symbolic link/);
    expect(readFileSync(target, 'utf8')).toBe(before);

    const nowhere = join(tmp('sh-outside-'), 'created-by-init');
    const other = repo({ 'a.py': 'x = 1\n' }, { '.secret-hygiene.yml': nowhere });
    const i = await cli(other, ['init', '--force']);
    expect(i.code).toBe(2);
    expect(existsSync(nowhere)).toBe(false);
    expect(lstatSync(join(other, '.secret-hygiene.yml')).isSymbolicLink()).toBe(true);
  });
});

describe.skipIf(!hasSimulator)('the Action on a pull request that links its configuration outside', () => {
  it('fails the step saying why, and no byte of the outside file reaches the log, annotations or summary', () => {
    const target = outsideFile();
    const dir = repo({ 'README.md': 'app\n' });
    git(dir, '-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'base');
    git(dir, 'checkout', '-qb', 'feature');
    symlinkSync(target, join(dir, '.secret-hygiene.yml'));
    git(dir, 'add', '-A');
    git(dir, '-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'feature');
    const r = runAction(dir, ['--event', 'pull_request', '--base', 'main', '--head', 'feature', '--action-files', 'git', '--checkout', 'full', '--forbid', 'outsideMarker']);
    expect(r.leaks).toEqual([]);
    expect(r.conclusion).toBe('failure');
    expect(r.annotations.some((a) => /symbolic link/.test(a.message))).toBe(true);
  });
});
