import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tolerantReaddir } from '../../src/sources/tolerant-readdir.js';
import { cli, CLI_BUNDLE } from '../helpers/cli.js';
import { git } from '../helpers/fixture-repo.js';
import { tempDir } from '../helpers/temp.js';

/** Honest exit codes and messages that say what to do, whatever the repository or the disk does. */

const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) {
    chmodSync(d, 0o755);
    rmSync(d, { recursive: true, force: true });
  }
});

function tmp(): string {
  const d = tempDir('sh-exit-');
  made.push(d);
  return d;
}

const WEAK = 'import os\nSECRET_KEY = os.getenv("SECRET_KEY", "weak-default-value")\n';

describe('exit codes on hostile input', () => {
  it('a bare repository exits 2 saying it is bare and how to scan it', async () => {
    const work = tmp();
    writeFileSync(join(work, 'settings.py'), WEAK);
    git(work, 'init', '-q');
    git(work, 'add', '-A');
    git(work, 'commit', '-qm', 'a');
    const bare = join(tmp(), 'repo.git');
    git(work, 'clone', '-q', '--bare', work, bare);
    const r = await cli(bare, ['scan', '.']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is a bare git repository/);
    expect(r.stderr).toMatch(/scan --history/);
    const h = await cli(bare, ['scan', '--history', '.']);
    expect(h.code).toBe(1);
  });

  it('an --output that cannot be written exits 2 with what to do, never "internal error"', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'a.py'), 'x = 1\n');
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'file'), 'x');
    for (const output of [join(dir, 'out'), '/proc/no-such-dir/y.json', join(dir, 'file', 'below.json')]) {
      const r = await cli(dir, ['scan', '--output', output]);
      expect(r.code, output).toBe(2);
      expect(r.stderr, output).toMatch(/cannot write .*: .*\. Give --output a file in a writable directory|is a directory: give the path of a regular file|is a file, not a directory/);
      expect(r.stderr).not.toMatch(/internal error|this is a bug/i);
    }
    expect(existsSync('/proc/no-such-dir')).toBe(false);
  });

  it.skipIf(!existsSync('/dev/full') || !existsSync(CLI_BUNDLE))('scan > /dev/full exits 2 with a message, not a stack trace', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'a.py'), 'x = 1\n');
    const full = openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, [CLI_BUNDLE, 'scan', dir], { stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/could not write the output to stdout \(the disk is full\)/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      closeSync(full);
    }
  });

  it('an unreadable directory is a problem entry and the listing goes on', async () => {
    const problems: { file: string; reason: string }[] = [];
    const denied = Object.assign(new Error('EACCES'), { code: 'EACCES' });
    const readdir = tolerantReaddir('/repo', problems, (path, _options, cb) => (path === '/repo/secret' ? cb(denied) : cb(null, ['a'])));
    const results: unknown[] = [];
    readdir('/repo/secret', {}, (err, entries) => results.push([err, entries]));
    readdir('/repo/open', {}, (err, entries) => results.push([err, entries]));
    expect(results).toEqual([
      [null, []],
      [null, ['a']],
    ]);
    expect(problems).toEqual([{ file: 'secret/', reason: expect.stringMatching(/could not be read \(EACCES\)/) }]);
  });

  it.skipIf(process.getuid?.() === 0)('a plain-directory scan with an unreadable subdirectory reports it and the rest', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'settings.py'), WEAK);
    mkdirSync(join(dir, 'locked'));
    writeFileSync(join(dir, 'locked', 'x.py'), 'x = 1\n');
    chmodSync(join(dir, 'locked'), 0o000);
    try {
      const r = await cli(dir, ['scan', '--format', 'json']);
      expect(r.code).toBe(1);
      const report = JSON.parse(r.stdout) as { findings: { file: string }[]; problems: { file: string }[] };
      expect(report.findings.some((f) => f.file === 'settings.py')).toBe(true);
      expect(report.problems.some((p) => p.file === 'locked/')).toBe(true);
    } finally {
      chmodSync(join(dir, 'locked'), 0o755);
    }
  });

  // Root reads any directory: run as root (this suite's usual case), the scan is started as an
  // unprivileged user instead. Its directory must be reachable by that user, so it is made in the
  // real temporary directory (the suite's private one is not), and removed here.
  it.skipIf(process.getuid?.() !== 0 || !existsSync('/usr/bin/setpriv') || !existsSync(CLI_BUNDLE))('run by root: an unprivileged scan (the committed bundle) lists the unreadable subdirectory and reports the rest', () => {
    const dir = mkdtempSync(join(process.env.SH_TEST_REAL_TMPDIR ?? tmpdir(), 'sh-exit-unpriv-'));
    try {
      chmodSync(dir, 0o755);
      writeFileSync(join(dir, 'settings.py'), WEAK);
      mkdirSync(join(dir, 'locked'));
      writeFileSync(join(dir, 'locked', 'x.py'), 'x = 1\n');
      chmodSync(join(dir, 'settings.py'), 0o644);
      chmodSync(join(dir, 'locked'), 0o000);
      const r = spawnSync('setpriv', ['--reuid', '65534', '--regid', '65534', '--clear-groups', process.execPath, CLI_BUNDLE, 'scan', '.', '--format', 'json'], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH } });
      const report = JSON.parse(r.stdout) as { findings: { file: string }[]; problems: { file: string; reason: string }[] };
      expect(report.findings.some((f) => f.file === 'settings.py')).toBe(true);
      expect(report.problems).toContainEqual({ file: 'locked/', reason: expect.stringMatching(/could not be read \(EACCES\)/) });
      expect(r.status).toBe(1);
    } finally {
      chmodSync(join(dir, 'locked'), 0o755);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
