import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { git } from '../helpers/fixture-repo.js';
import { tempDir } from '../helpers/temp.js';

/**
 * The README's Install section, done with the real npm client on the package as `npm publish`
 * would pack it (package.json `files`, `bin`, the committed dist/): a global install, a dev
 * dependency run as husky and lefthook run it, and npx. The registry is unreachable
 * (http://127.0.0.1:9/): the package has no runtime dependency, so none of them may need it.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const PLANTED = 'Pk7-install-planted-ww2';
const work = tempDir('sh-install-');
const env: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: join(work, 'home'),
  TMPDIR: process.env.TMPDIR,
  npm_config_registry: 'http://127.0.0.1:9/',
  npm_config_cache: join(work, 'npm-cache'),
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: join(work, 'gitconfig'),
};
let tarball = '';

const run = (cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> => spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 120_000 });
const ok = (r: SpawnSyncReturns<string>): string => {
  expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  return r.stdout;
};

/** A repository with a hardcoded JWT default staged. */
function stagedLeak(dir: string): void {
  writeFileSync(join(dir, 'config.py'), `import os\nJWT_SECRET_KEY = os.getenv("JWT_SECRET_KEY", "${PLANTED}")\n`);
  git(dir, 'init', '-q');
  git(dir, 'add', 'config.py');
}

beforeAll(() => {
  mkdirSync(env.HOME as string);
  writeFileSync(env.GIT_CONFIG_GLOBAL as string, '[user]\n\tname = t\n\temail = t@example.invalid\n');
  ok(run('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', work], ROOT));
  const packed = readdirSync(work).find((f) => f.endsWith('.tgz'));
  if (packed === undefined) throw new Error('npm pack wrote no tarball');
  tarball = join(work, packed);
}, 120_000);

describe('Install, as the README says, with the registry unreachable', () => {
  it('global: npm install -g, then secret-hygiene scan', () => {
    const prefix = join(work, 'global');
    ok(run('npm', ['install', '--global', '--prefix', prefix, tarball], work));
    const bin = join(prefix, 'bin', 'secret-hygiene');
    expect(ok(run(bin, ['--version'], work)).trim()).toMatch(/^\d+\.\d+\.\d+$/);
    // Where /bin/sh is BusyBox (Alpine, node:*-alpine), the launcher follows npm's link the same way.
    if (spawnSync('busybox', ['--help']).status === 0) expect(ok(run('busybox', ['sh', bin, '--version'], work)).trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const repo = join(work, 'global-repo');
    mkdirSync(repo);
    stagedLeak(repo);
    const r = run(bin, ['scan', '.'], repo);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toContain('hardcoded-default');
    expect(r.stdout + r.stderr).not.toContain(PLANTED);
  });

  it('in a project (husky, lefthook): npm install -D, then npx --no-install secret-hygiene scan --staged --quiet blocks the commit', () => {
    const project = join(work, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), '{ "name": "app", "version": "1.0.0", "private": true }\n');
    ok(run('npm', ['install', '--save-dev', tarball], project));
    stagedLeak(project);
    const r = run('npx', ['--no-install', 'secret-hygiene', 'scan', '--staged', '--quiet'], project);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/config\.py:2:\d+ +error/);
    expect(r.stdout).toContain('hardcoded-default');
    expect(r.stdout + r.stderr).not.toContain(PLANTED);
    git(project, 'rm', '-q', '--cached', 'config.py');
    const clean = run('npx', ['--no-install', 'secret-hygiene', 'scan', '--staged', '--quiet'], project);
    expect([clean.status, clean.stdout]).toEqual([0, '']);
  });

  it('once: npx runs the package without installing it into the project', () => {
    const r = run('npx', ['--yes', `--package=${tarball}`, '--', 'secret-hygiene', '--version'], work);
    expect(ok(r).trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
