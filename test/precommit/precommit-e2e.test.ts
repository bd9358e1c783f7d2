import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp.js';

/**
 * The hook as its users meet it: the real pre-commit framework installs this repository (as
 * committed: .pre-commit-hooks.yaml, package.json `bin`, the dist/ bundle) and runs it from
 * `pre-commit try-repo` and from a `git commit` after `pre-commit install`, in throwaway
 * repositories. Isolated like ../shared/clients/precommit-e2e.sh: own PRE_COMMIT_HOME, own global
 * git config. Debian's pre-commit 3.0.4 is what .ci/run installs; without it the test is skipped.
 */
const PROJECT = join(import.meta.dirname, '..', '..');
const hasPreCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;
if (!hasPreCommit) console.warn('precommit-e2e: skipped: `pre-commit` is not on PATH (Debian: apt-get install -y pre-commit).');

const PLANTED = 'Qw3rTy7UiOp9AsDf'; // made up; must never appear in the hook's output
const PLANTED_FILE = `import os\nJWT_SECRET = os.getenv("JWT_SECRET", "${PLANTED}")\n`;
const CLEAN_FILES: Record<string, string> = {
  'app/config.py': 'import os\nJWT_SECRET = os.environ["JWT_SECRET"]\n',
  'config/settings.yml': 'log_level: info\nregion: eu-west-1\n',
};

describe.skipIf(!hasPreCommit)('pre-commit framework end to end', () => {
  let tmp = '';
  let env: NodeJS.ProcessEnv = {};
  let hookRepo = '';
  let rev = '';

  const run = (cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> =>
    spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 240_000 });
  const git = (cwd: string, ...args: string[]) => {
    const r = run('git', args, cwd);
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  };
  const write = (root: string, files: Record<string, string>) => {
    for (const [p, t] of Object.entries(files)) {
      mkdirSync(dirname(join(root, p)), { recursive: true });
      writeFileSync(join(root, p), t);
    }
  };
  const consumer = (name: string) => {
    const dir = join(tmp, name);
    mkdirSync(dir);
    git(dir, 'init', '-q');
    return dir;
  };
  const expectBlockedMessage = (output: string) => {
    expect(output).toMatch(/app\/config\.py:2:\d+ +error/); // file:line
    expect(output).toContain('hardcoded-default'); // the rule
    expect(output).toContain('Read JWT_SECRET with no default'); // the fix
    expect(output).not.toContain(PLANTED);
  };

  beforeAll(() => {
    if (!existsSync(join(PROJECT, 'dist', 'cli', 'index.js'))) throw new Error('dist/cli/index.js is missing: run `npm run build` first.');
    tmp = tempDir('sh-precommit-');
    writeFileSync(join(tmp, 'gitconfig'), '[user]\n\tname = e2e\n\temail = e2e@example.invalid\n[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n');
    env = { ...process.env, PRE_COMMIT_HOME: join(tmp, 'pre-commit-home'), GIT_CONFIG_GLOBAL: join(tmp, 'gitconfig'), GIT_CONFIG_NOSYSTEM: '1' };
    for (const k of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE']) delete env[k];

    // A snapshot of this project's working tree (tracked plus untracked, not ignored), committed
    // in a fresh repository: what users would clone, and this checkout is never touched.
    hookRepo = join(tmp, 'hook-repo');
    mkdirSync(hookRepo);
    const listed = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], PROJECT).stdout.split('\0');
    for (const f of listed) {
      const from = join(PROJECT, f);
      if (f === '' || !existsSync(from)) continue;
      mkdirSync(dirname(join(hookRepo, f)), { recursive: true });
      if (lstatSync(from).isSymbolicLink()) symlinkSync(readlinkSync(from), join(hookRepo, f));
      else copyFileSync(from, join(hookRepo, f));
    }
    git(hookRepo, 'init', '-q');
    git(hookRepo, 'add', '-A');
    git(hookRepo, 'commit', '-q', '--no-verify', '-m', 'snapshot');
    rev = git(hookRepo, 'rev-parse', 'HEAD');
  }, 120_000);

  afterAll(() => {
    if (tmp !== '') rmSync(tmp, { recursive: true, force: true });
  });

  it('pre-commit try-repo: a clean staged change passes, a hardcoded JWT default fails with the message', () => {
    const dir = consumer('try');
    write(dir, CLEAN_FILES);
    git(dir, 'add', '-A');
    const clean = run('pre-commit', ['try-repo', hookRepo, 'secret-hygiene', '--ref', rev], dir);
    expect(clean.status, clean.stdout + clean.stderr).toBe(0);
    git(dir, 'commit', '-q', '--no-verify', '-m', 'clean');

    write(dir, { 'app/config.py': PLANTED_FILE });
    git(dir, 'add', '-A');
    const planted = run('pre-commit', ['try-repo', hookRepo, 'secret-hygiene', '--ref', rev], dir);
    expect(planted.status, planted.stdout + planted.stderr).toBe(1); // 1: a hook failed (3 would be a pre-commit error)
    expectBlockedMessage(planted.stdout + planted.stderr);
  }, 300_000);

  it('pre-commit install + git commit: the clean commit is made, the planted one is blocked', () => {
    const dir = consumer('installed');
    write(dir, { '.pre-commit-config.yaml': `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n      - id: secret-hygiene\n`, 'README.md': '# consumer\n' });
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'initial');
    const install = run('pre-commit', ['install'], dir);
    expect(install.status, install.stdout + install.stderr).toBe(0);

    write(dir, CLEAN_FILES);
    git(dir, 'add', '-A');
    const before = git(dir, 'rev-parse', 'HEAD');
    const clean = run('git', ['commit', '-m', 'clean change'], dir);
    expect(clean.status, clean.stdout + clean.stderr).toBe(0);
    expect(git(dir, 'rev-parse', 'HEAD')).not.toBe(before);
    expect(clean.stdout + clean.stderr).toMatch(/secret-hygiene.*Passed/);

    write(dir, { 'app/config.py': PLANTED_FILE });
    git(dir, 'add', '-A');
    const head = git(dir, 'rev-parse', 'HEAD');
    const planted = run('git', ['commit', '-m', 'planted change'], dir);
    const output = planted.stdout + planted.stderr;
    expect(planted.status, output).not.toBe(0);
    expect(git(dir, 'rev-parse', 'HEAD')).toBe(head);
    expect(output).toMatch(/secret-hygiene.*Failed/);
    expect(output).not.toContain('An unexpected error has occurred');
    expectBlockedMessage(output);
  }, 300_000);

  it('the hook reads the baseline `secret-hygiene baseline` writes: an accepted finding commits, a new one is blocked', () => {
    const dir = consumer('baselined');
    write(dir, { '.pre-commit-config.yaml': `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n      - id: secret-hygiene\n`, 'README.md': '# consumer\n' });
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'initial');
    expect(run('pre-commit', ['install'], dir).status).toBe(0);
    write(dir, { 'app/config.py': PLANTED_FILE });
    git(dir, 'add', '-A');
    expect(run('git', ['commit', '-m', 'legacy default'], dir).status).not.toBe(0);
    // Accepting it knowingly: the file the hook then reads with no flag or setting.
    const accept = run(process.execPath, [join(PROJECT, 'dist', 'cli', 'index.js'), 'baseline'], dir);
    expect(accept.status, accept.stdout + accept.stderr).toBe(0);
    expect(accept.stdout).toContain('Wrote .secret-hygiene-baseline.json: 1 entry');
    git(dir, 'add', '-A');
    const accepted = run('git', ['commit', '-m', 'legacy default, accepted'], dir);
    expect(accepted.status, accepted.stdout + accepted.stderr).toBe(0);
    expect(accepted.stdout + accepted.stderr).toMatch(/secret-hygiene.*Passed/);

    write(dir, { 'app/other.py': PLANTED_FILE.replace(PLANTED, `${PLANTED}-2`) });
    git(dir, 'add', '-A');
    const head = git(dir, 'rev-parse', 'HEAD');
    const blocked = run('git', ['commit', '-m', 'a new default'], dir);
    const output = blocked.stdout + blocked.stderr;
    expect(blocked.status, output).not.toBe(0);
    expect(git(dir, 'rev-parse', 'HEAD')).toBe(head);
    expect(output).toMatch(/app\/other\.py:2:\d+ +error/);
    expect(output).not.toMatch(/app\/config\.py:2/);
    expect(output).not.toContain(PLANTED);
  }, 300_000);

  it('pre-commit install-hooks needs no registry and installs no development dependency', () => {
    const dir = consumer('offline');
    write(dir, { '.pre-commit-config.yaml': `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n      - id: secret-hygiene\n      - id: secret-hygiene-fix\n` });
    const offline = { ...env, PRE_COMMIT_HOME: join(tmp, 'offline-home'), npm_config_registry: 'http://127.0.0.1:9/', NPM_CONFIG_REGISTRY: 'http://127.0.0.1:9/' };
    const install = spawnSync('pre-commit', ['install-hooks'], { cwd: dir, env: offline, encoding: 'utf8', timeout: 120_000 });
    expect(install.status, install.stdout + install.stderr).toBe(0);
    expect(install.stdout + install.stderr).not.toMatch(/npm (error|ERR)/);
    const found = spawnSync('find', [join(tmp, 'offline-home'), '-name', 'node_modules', '-prune'], { encoding: 'utf8' }).stdout.trim();
    expect(found).toBe('');
    write(dir, { 'app/config.py': PLANTED_FILE });
    git(dir, 'add', '-A');
    const r = spawnSync('pre-commit', ['run', 'secret-hygiene'], { cwd: dir, env: offline, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expectBlockedMessage(r.stdout + r.stderr);
  }, 300_000);

  it('the secret-hygiene-fix hook rewrites the staged file, so the commit stops for review', () => {
    const dir = consumer('fixer');
    write(dir, { 'README.md': '# consumer\n' });
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '--no-verify', '-m', 'initial');
    write(dir, { 'app/config.py': PLANTED_FILE });
    git(dir, 'add', '-A');
    const r = run('pre-commit', ['try-repo', hookRepo, 'secret-hygiene-fix', '--ref', rev], dir);
    const output = r.stdout + r.stderr;
    expect(r.status, output).toBe(1); // pre-commit fails a hook that modified files
    expect(output).toMatch(/files were modified by this hook/);
    expect(output).not.toContain(PLANTED);
    expect(readFileSync(join(dir, 'app/config.py'), 'utf8')).toBe('import os\nJWT_SECRET = os.environ["JWT_SECRET"]\n');
  }, 300_000);
});
