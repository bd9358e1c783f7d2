import { chmodSync, existsSync, lstatSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { confinedPath, ToolFileError } from '../../src/fs/tool-file.js';
import { cli } from '../helpers/cli.js';
import { git } from '../helpers/fixture-repo.js';
import { tempDir } from '../helpers/temp.js';

/**
 * `fix` runs on whatever was cloned: the repository is the attacker. Each case plants what a
 * hostile repository would and checks nothing outside it is read, shown or written.
 */

const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tmp(prefix: string): string {
  const d = tempDir(prefix);
  made.push(d);
  return d;
}

const FIXABLE = 'import os\nJWT_SECRET = os.getenv("JWT_SECRET", "aaaa-default-one")\n';
const OUTSIDE = 'root:x:0:0:OUTSIDE-MARKER-LINE:/root:/bin/bash\n';

function hostileRepo(files: Record<string, string>, links: Record<string, string> = {}, untracked: Record<string, string> = {}): string {
  const dir = tmp('sh-fixhostile-');
  for (const [p, t] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), t);
  }
  git(dir, 'init', '-q');
  for (const [p, target] of Object.entries(links)) symlinkSync(target, join(dir, p));
  git(dir, 'add', '-A');
  for (const [p, t] of Object.entries(untracked)) writeFileSync(join(dir, p), t);
  return dir;
}

describe('fix --write on a hostile repository', () => {
  it('does not write through a link planted at the temporary name (no hook is created)', async () => {
    const outside = tmp('sh-outside-');
    const victim = join(outside, 'victim');
    writeFileSync(victim, OUTSIDE);
    // The old temporary name was `.<file>.secret-hygiene-<pid>.tmp`; this process is the pid.
    const dir = hostileRepo({ 'a.py': FIXABLE }, { [`.a.py.secret-hygiene-${process.pid}.tmp`]: '.git/hooks/pre-commit', [`.a.py.${process.pid}.tmp`]: victim });
    const r = await cli(dir, ['fix', '--write', '--rule', 'hardcoded-default']);
    expect(r.stderr).toBe('');
    expect(existsSync(join(dir, '.git', 'hooks', 'pre-commit'))).toBe(false);
    expect(readFileSync(victim, 'utf8')).toBe(OUTSIDE);
    expect(lstatSync(join(dir, 'a.py')).isSymbolicLink()).toBe(false);
    expect(readFileSync(join(dir, 'a.py'), 'utf8')).toContain('os.environ["JWT_SECRET"]');
  });

  it('neither shows nor copies an outside file a .gitignore link points to', async () => {
    const outside = tmp('sh-outside-');
    const passwd = join(outside, 'passwd');
    writeFileSync(passwd, OUTSIDE);
    // A local .env git would commit: dotenv-not-ignored fires, and its fix appends to .gitignore.
    const dir = hostileRepo({ 'README.md': 'app\n' }, { '.gitignore': passwd }, { '.env': 'JWT_SECRET=changeme\n' });

    const dry = await cli(dir, ['fix', '--rule', 'dotenv-not-ignored']);
    expect(dry.stdout + dry.stderr).not.toContain('OUTSIDE-MARKER');
    expect(dry.stdout).toMatch(/not fixed \.env:1 \(dotenv-not-ignored\): \.gitignore is a symbolic link/);

    const wet = await cli(dir, ['fix', '--write', '--rule', 'dotenv-not-ignored']);
    expect(wet.stdout + wet.stderr).not.toContain('OUTSIDE-MARKER');
    expect(wet.code).toBe(1);
    expect(readFileSync(passwd, 'utf8')).toBe(OUTSIDE);
    expect(lstatSync(join(dir, '.gitignore')).isSymbolicLink()).toBe(true);
  });

  it('does not read a .gitignore linked to /dev/zero (no unbounded memory)', async () => {
    const dir = hostileRepo({ 'README.md': 'app\n' }, { '.gitignore': '/dev/zero' }, { '.env': 'JWT_SECRET=changeme\n' });
    const r = await cli(dir, ['fix', '--write', '--rule', 'dotenv-not-ignored']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\.gitignore is a symbolic link/);
  });

  it('refuses a file argument that is a link (the pre-commit hook passes names from the repository)', async () => {
    const outside = tmp('sh-outside-');
    writeFileSync(join(outside, 'settings.py'), FIXABLE);
    const dir = hostileRepo({ 'a.py': FIXABLE }, { 'link.py': join(outside, 'settings.py') });
    const r = await cli(dir, ['fix', '--write', 'link.py']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/'link\.py' is a symbolic link/);
    expect(readFileSync(join(outside, 'settings.py'), 'utf8')).toBe(FIXABLE);
  });

  it('refuses a file argument through a linked directory, which said "Nothing to fix" and exited 0', async () => {
    const outside = tmp('sh-outside-');
    writeFileSync(join(outside, 'settings.py'), FIXABLE);
    const dir = hostileRepo({ 'a.py': FIXABLE }, { vendor: outside });
    const r = await cli(dir, ['fix', '--write', 'vendor/settings.py']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/vendor.*symbolic link/);
    expect(readFileSync(join(outside, 'settings.py'), 'utf8')).toBe(FIXABLE);
  });

  it('keeps the permission bits and drops setuid/setgid', async () => {
    const dir = hostileRepo({ 'a.py': FIXABLE, 'b.py': FIXABLE.replace('aaaa', 'bbbb') });
    chmodSync(join(dir, 'a.py'), 0o640);
    chmodSync(join(dir, 'b.py'), 0o6755);
    await cli(dir, ['fix', '--write', '--rule', 'hardcoded-default']);
    expect(statSync(join(dir, 'a.py')).mode & 0o7777).toBe(0o640);
    expect(statSync(join(dir, 'b.py')).mode & 0o7777).toBe(0o755);
    expect(readFileSync(join(dir, 'b.py'), 'utf8')).toContain('os.environ');
  });
});

describe('confinedPath', () => {
  it('refuses a path through a linked directory, outside the root, or at a link', () => {
    const outside = tmp('sh-outside-');
    const root = tmp('sh-root-');
    mkdirSync(join(root, 'real'));
    symlinkSync(outside, join(root, 'sub'));
    symlinkSync(join(outside, 'x'), join(root, 'real', 'link'));
    expect(confinedPath(root, 'real/new.txt')).toBe(join(root, 'real', 'new.txt'));
    const problem = (rel: string) => {
      try {
        confinedPath(root, rel);
        return 'accepted';
      } catch (err) {
        return err instanceof ToolFileError ? err.problem : String(err);
      }
    };
    expect(problem('sub/.gitignore')).toBe('link-in-path');
    expect(problem('../escape')).toBe('outside-root');
    expect(problem('real/link')).toBe('link');
    expect(problem('real')).toBe('not-a-file');
  });
});
