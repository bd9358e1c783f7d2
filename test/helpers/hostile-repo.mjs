// The hostile repository of issue 15: every attack at once, in one temporary git repository,
// shared by test/hostile/every-face.test.ts (small sizes, run on every test run) and
// bench/hostile-repo.mjs (the sizes the issue measured). Plain JavaScript so that both node (the
// bench) and vitest (the test) import it; its types are in hostile-repo.d.mts.
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The sizes the issue measured (bench) and the sizes that keep a test run in seconds. */
export const BENCH_SIZES = { identicalEnvLines: 100_000, capitalsKeyChars: 160_000, shortDefaults: 5000, decoyTokens: 300, oversizedBytes: 3 * 1024 * 1024 };
export const TEST_SIZES = { identicalEnvLines: 2500, capitalsKeyChars: 20_000, shortDefaults: 40, decoyTokens: 201, oversizedBytes: 3 * 1024 * 1024 };

/** Names that carry workflow commands: the Action must print them as names. */
export const WORKFLOW_COMMAND_NAMES = ['x\n::stop-commands::tok\n.env', 'y\n::error title=X::pwned\n.env', '::error title=X::pwned-at-start.env'];

/** The strong key of the decoys: none of the candidates verifies them. */
const DECOY_KEY = 'Hx7Qm2Vt9Lp4Rw8Ks3Zn6Yd1Bf5Gj0AcQ7eWxxxx';

/** An environment for git that reads no user or system configuration and commits as a fixed author. */
export function gitEnv() {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GIT_AUTHOR_NAME: 'h',
    GIT_AUTHOR_EMAIL: 'h@example.invalid',
    GIT_COMMITTER_NAME: 'h',
    GIT_COMMITTER_EMAIL: 'h@example.invalid',
    GIT_CONFIG_NOSYSTEM: '1',
    // An unprivileged run reads a tree root owns.
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'safe.directory',
    GIT_CONFIG_VALUE_0: '*',
  };
}

const git = (cwd, ...args) => execFileSync('git', args, { cwd, env: gitEnv(), stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 }).toString();

const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
/** An HS256 token (node:crypto); the keys here are decoys or public weak values. */
export function signJwt(payload, key) {
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${head}.${createHmac('sha256', key).update(head).digest('base64url')}`;
}

/**
 * Builds, in the directory `top` (created by the caller, empty):
 * - `outside/`: what must never be read, printed or written: a token file, a .gitignore, a
 *   .gitattributes, a configuration, a baseline and a fixable settings.py, each holding `marker`;
 * - `repo/`: a git repository on branch `feature` (base `main` holds only a README) whose one
 *   commit adds every attack; `private/` is left mode 000 (only an unprivileged run is refused it);
 * - `repo.git`: a bare clone.
 * `pids`: the process ids whose old predictable temporary name (`.<file>.secret-hygiene-<pid>.tmp`)
 * gets a committed link to `.git/hooks/pre-commit` beside the fixable file.
 */
export function buildHostileRepo(top, { sizes = TEST_SIZES, pids = [process.pid] } = {}) {
  chmodSync(top, 0o755);
  const outside = join(top, 'outside');
  const repo = join(top, 'repo');
  mkdirSync(outside);
  mkdirSync(repo);
  // secret-hygiene: ignore[weak-secret] the HMAC key only derives a per-run marker; nothing is signed with it
  const marker = 'OUTSIDE-' + createHmac('sha256', 'marker').update(`${process.pid}-${top}`).digest('hex').slice(0, 24);
  writeFileSync(join(outside, 'token.txt'), `GITHUB_TOKEN=${marker}\nJWT_SECRET=${marker}\n`);
  writeFileSync(join(outside, 'gitignore'), `${marker}\n`);
  writeFileSync(join(outside, 'config.yml'), `exclude:\n  - "${marker}"\n`);
  writeFileSync(join(outside, 'baseline.json'), `{"version":1,"repository":"${marker}","entries":[]}\n`);
  writeFileSync(join(outside, 'gitattributes'), `${marker} merge=ours\n`);
  // A fixable file outside, reached through the linked directory vendor/: fix must not rewrite it.
  writeFileSync(join(outside, 'settings.py'), `# ${marker}\nimport os\nJWT_SECRET = os.getenv("JWT_SECRET", "outside-default")\n`);

  const write = (rel, text) => {
    mkdirSync(dirname(join(repo, rel)), { recursive: true });
    writeFileSync(join(repo, rel), text);
  };
  git(repo, 'init', '-q', '-b', 'main');
  write('README.md', '# app\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'base');
  git(repo, 'checkout', '-q', '-b', 'feature');

  // Links to files outside the repository: a dotenv, a .gitignore, a .gitattributes and a directory.
  symlinkSync(join(outside, 'token.txt'), join(repo, '.env.production'));
  symlinkSync(join(outside, 'gitignore'), join(repo, '.gitignore'));
  symlinkSync(join(outside, 'gitattributes'), join(repo, '.gitattributes'));
  symlinkSync(outside, join(repo, 'vendor'));
  // Names that carry workflow commands (written directly: `git add` reads a leading ':' as magic).
  for (const name of WORKFLOW_COMMAND_NAMES) writeFileSync(join(repo, name), 'JWT_SECRET=changeme\n');
  // A .env of identical lines (reused-secret was quadratic; findings past 1,000 per rule are cut).
  write('config/.env', 'JWT_SECRET=changeme\n'.repeat(sizes.identicalEnvLines));
  // A key of capitals (the key-splitting regex backtracked); over 1,024 characters it is cut.
  write('keys/.env', `${'A'.repeat(sizes.capitalsKeyChars)}_JWT_SECRET=changeme\nJWT_SECRET=changeme\n`);
  // Distinct short defaults in one file: each takes the slow fingerprint, and each is fixable.
  write('app/settings.py', 'import os\n' + Array.from({ length: sizes.shortDefaults }, (_, i) => `JWT_SECRET_${i} = os.getenv("JWT_SECRET", "dflt-${String(i).padStart(5, '0')}")\n`).join(''));
  // The old predictable temporary names of fix --write, linked to the pre-commit hook.
  for (const pid of pids) symlinkSync('../.git/hooks/pre-commit', join(repo, 'app', `.settings.py.secret-hygiene-${pid}.tmp`));
  // Distinct JWTs of a strong key, then one signed with "secret" (a decoy flood).
  const decoys = Array.from({ length: sizes.decoyTokens }, (_, i) => `Authorization: Bearer ${signJwt({ sub: `u${i}`, exp: 4102444800 }, DECOY_KEY)}`);
  write('docs/requests.http', [...decoys, `Authorization: Bearer ${signJwt({ sub: 'admin', exp: 4102444800 }, 'secret')}`].join('\n') + '\n');
  // A file over max-file-bytes: skipped as a problem, not read.
  write('public/bundle.js', `var JWT_SECRET = "changeme";\n${'x'.repeat(sizes.oversizedBytes)}\n`);
  // An unreadable directory (only an unprivileged user is refused it).
  write('private/.env', 'JWT_SECRET=changeme\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'feature: every attack');
  // Everything readable by an unprivileged run but the private directory.
  execFileSync('chmod', ['-R', 'a+rX', repo, outside]);
  chmodSync(join(repo, 'private'), 0o000);

  const bare = join(top, 'repo.git');
  git(top, 'clone', '-q', '--bare', repo, bare);

  return {
    top,
    repo,
    outside,
    bare,
    marker,
    /** The tool's own files, each a variant on its own (a run refuses the linked one with exit 2). */
    variants: {
      'linked config': (dir) => symlinkSync(join(outside, 'config.yml'), join(dir, '.secret-hygiene.yml')),
      'linked baseline': (dir) => symlinkSync(join(outside, 'baseline.json'), join(dir, '.secret-hygiene-baseline.json')),
      'pathological globs': (dir) => writeFileSync(join(dir, '.secret-hygiene.yml'), 'exclude:\n  - "**/*a*a*a*a*a*a*a*a*b"\n  - "**/a/**/b/**/c/**/d"\n'),
    },
    /** A clone of the feature branch with every change of the feature commit staged on top of main (what the hook sees). */
    stagedCopy(dir) {
      git(top, 'clone', '-q', '--branch', 'feature', repo, dir);
      git(dir, 'reset', '-q', '--soft', 'origin/main');
      return dir;
    },
    /** Every entry under the outside directory, with its content: compare before and after a run. */
    outsideSnapshot() {
      return readdirSync(outside)
        .sort()
        .map((f) => [f, readFileSync(join(outside, f), 'utf8')]);
    },
    /** Whether a run wrote through a planted link: the pre-commit hook exists, or a fixable file became a link. */
    wroteThroughLinks(dir) {
      const hook = join(dir, '.git', 'hooks', 'pre-commit');
      return existsSync(hook) || lstatSync(join(dir, 'app', 'settings.py')).isSymbolicLink() || readlinkSync(join(dir, '.gitignore')) !== join(outside, 'gitignore');
    },
    /** Makes the private directory readable again (before removing `top`). */
    restore() {
      chmodSync(join(repo, 'private'), 0o755);
    },
  };
}

/** Forged workflow commands among what the runner simulator parsed (gha-sim's `commands`). */
export function forgedCommands(commands) {
  return commands.filter((c) => c.command.toLowerCase() === 'stop-commands' || c.format === 'legacy' || c.properties?.title === 'X' || String(c.data ?? '').startsWith('pwned'));
}
