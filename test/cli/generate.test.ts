import { chmodSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDotenvEntries } from '../../src/parsers/dotenv.js';
import { assessSecret } from '../../src/rules/secret-strength.js';
import { cli } from '../helpers/cli.js';
import { git } from '../helpers/fixture-repo.js';
import { tempDir } from '../helpers/temp.js';

const temps: string[] = [];
afterAll(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

function repo(files: Record<string, string | Buffer> = {}, opts: { git?: boolean } = {}): string {
  const dir = tempDir('sh-generate-');
  temps.push(dir);
  if (opts.git !== false) git(dir, 'init', '-q');
  for (const [p, t] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), t);
  }
  return dir;
}

function valueOf(file: string, key: string): string | undefined {
  return parseDotenvEntries(readFileSync(file, 'utf8')).find((e) => e.key === key)?.value;
}

const mode = (p: string) => statSync(p).mode & 0o777;

describe('secret-hygiene generate (printing)', () => {
  it('prints 64 random bytes as base64url (86 characters) by default, fresh every time', async () => {
    const dir = repo();
    const a = await cli(dir, ['generate']);
    const b = await cli(dir, ['generate']);
    expect(a.code).toBe(0);
    expect(a.stderr).toBe('');
    expect(a.stdout).toMatch(/^[A-Za-z0-9_-]{86}\n$/);
    expect(a.stdout).not.toBe(b.stdout);
    expect(assessSecret(a.stdout.trim(), { minBytes: 32 })).toBeNull();
  });

  it.each([
    [['--bytes', '32', '--encoding', 'hex'], /^[0-9a-f]{64}\n$/],
    [['--encoding', 'base64'], /^[A-Za-z0-9+/]{86}==\n$/],
    [['--bytes', '48', '--encoding', 'base64url'], /^[A-Za-z0-9_-]{64}\n$/],
  ])('%j', async (args, shape) => {
    const r = await cli(repo(), ['generate', ...args]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(shape);
  });

  it('exits 2 with what to do on bad usage', async () => {
    const dir = repo();
    for (const args of [
      ['--bytes', '16'],
      ['--bytes', '31'],
      ['--bytes', 'lots'],
      ['--bytes', '99999'],
      ['--encoding', 'base32'],
      ['--key', 'JWT_SECRET_KEY'],
      ['--rotate'],
      ['--env-file', '.env'],
      ['--env-file', '.env', '--key', 'bad-name'],
      ['--env-file', '.env', '--dotenv', '.env', '--key', 'K'],
      ['--env-file', '.git/HEAD/.env', '--key', 'K'],
      ['extra'],
      ['--nope'],
    ]) {
      const r = await cli(dir, ['generate', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/^secret-hygiene generate: /);
      expect(r.stdout, args.join(' ')).toBe('');
    }
    expect((await cli(dir, ['generate', '--bytes', '16'])).stderr).toMatch(/at least 32 random bytes/);
    expect(readdirSync(dir)).toEqual(['.git']);
  });
});

describe('secret-hygiene generate --env-file', () => {
  it('creates the file with mode 0600, never prints the secret, adds the .gitignore entry once', async () => {
    const dir = repo();
    const r = await cli(dir, ['generate', '--env-file', '.env', '--key', 'JWT_SECRET_KEY']);
    expect(r.code).toBe(0);
    const env = join(dir, '.env');
    const value = valueOf(env, 'JWT_SECRET_KEY') ?? '';
    expect(value).toMatch(/^[A-Za-z0-9_-]{86}$/);
    expect(readFileSync(env, 'utf8')).toBe(`JWT_SECRET_KEY=${value}\n`);
    expect(r.stdout + r.stderr).not.toContain(value);
    expect(r.stdout).toMatch(/Added JWT_SECRET_KEY to \.env, a new file with mode 0600/);
    expect(mode(env)).toBe(0o600);
    expect(git(dir, 'check-ignore', '.env').trim()).toBe('.env');

    const again = await cli(dir, ['generate', '--dotenv', '.env', '--key', 'JWT_SECRET_KEY']);
    expect(again.code).toBe(0);
    const value2 = valueOf(env, 'JWT_SECRET_KEY') ?? '';
    expect(value2).not.toBe(value);
    expect(again.stdout + again.stderr).not.toContain(value2);
    expect(again.stdout).toMatch(/already keeps \.env out of git/);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8').split('\n').filter((l) => l === '.env')).toHaveLength(1);
    expect(readdirSync(dir).sort()).toEqual(['.env', '.git', '.gitignore']);
  });

  it('replaces one line and keeps every other byte (CRLF, comments, a latin1 byte, no final newline)', async () => {
    const before = Buffer.concat([
      Buffer.from('# caf'),
      Buffer.from([0xe9]),
      Buffer.from('\r\nSECRET_KEY=dj4ngo-s3cret-kept-as-is-0123456789abcdef\r\n\r\nexport JWT_SECRET_KEY="old"   # signing\r\nDEBUG=0'),
    ]);
    const dir = repo({ 'backend/.env': before, '.gitignore': '.env\n' });
    const env = join(dir, 'backend', '.env');
    chmodSync(env, 0o600);
    const r = await cli(join(dir, 'backend'), ['generate', '--env-file', '.env', '--key', 'JWT_SECRET_KEY', '--bytes', '32', '--encoding', 'hex']);
    expect(r.code).toBe(0);
    const after = readFileSync(env);
    const start = before.indexOf('"old"') + 1;
    expect(after.subarray(0, start).equals(before.subarray(0, start))).toBe(true);
    const newValue = after.subarray(start, start + 64).toString();
    expect(newValue).toMatch(/^[0-9a-f]{64}$/);
    expect(after.subarray(start + 64).equals(before.subarray(start + 3))).toBe(true);
    expect(r.stdout + r.stderr).not.toContain(newValue);
    expect(r.stdout).toMatch(/Replaced JWT_SECRET_KEY in \.env/);
    expect(mode(env)).toBe(0o600);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('.env\n');
  });

  it('keeps the mode of an existing file and warns when others can read it', async () => {
    const dir = repo({ '.env': 'A=1\n', '.gitignore': '.env\n' });
    chmodSync(join(dir, '.env'), 0o644);
    const r = await cli(dir, ['generate', '--env-file', '.env', '--key', 'SESSION_SECRET']);
    expect(r.code).toBe(0);
    expect(mode(join(dir, '.env'))).toBe(0o644);
    expect(r.stderr).toMatch(/readable by other users \(mode 0644\); run 'chmod 600 \.env'/);
  });

  it('--rotate keeps the old value under KEY_PREVIOUS and explains the grace period in two lines', async () => {
    const old = 'OldButStrong-9f8e7d6c5b4a3928171605f4e3d2c1b0a';
    const dir = repo({ '.env': `# app\nJWT_SECRET_KEY=${old}\nOTHER=1\n`, '.gitignore': '.env\n' });
    chmodSync(join(dir, '.env'), 0o600);
    const r = await cli(dir, ['generate', '--env-file', '.env', '--key', 'JWT_SECRET_KEY', '--rotate']);
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, '.env'), 'utf8');
    const value = valueOf(join(dir, '.env'), 'JWT_SECRET_KEY') ?? '';
    expect(text).toBe(`# app\nJWT_SECRET_KEY=${value}\nJWT_SECRET_KEY_PREVIOUS=${old}\nOTHER=1\n`);
    for (const v of [value, old]) expect(r.stdout + r.stderr).not.toContain(v);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.slice(-2)).toEqual([
      'JWT_SECRET_KEY has a new value; the old one is now JWT_SECRET_KEY_PREVIOUS.',
      expect.stringMatching(/^Sign with JWT_SECRET_KEY and accept tokens that verify with either key .* then delete JWT_SECRET_KEY_PREVIOUS/),
    ]);

    const none = await cli(dir, ['generate', '--env-file', '.env', '--key', 'SESSION_SECRET', '--rotate']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/nothing to rotate/);
  });

  it('refuses a file git tracks, and a key set twice, without writing anything', async () => {
    const tracked = repo({ '.env': 'JWT_SECRET_KEY=old\n' });
    git(tracked, 'add', '.env');
    const r = await cli(tracked, ['generate', '--env-file', '.env', '--key', 'JWT_SECRET_KEY']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/tracked by git.*git rm --cached -- \.env/);
    expect(readFileSync(join(tracked, '.env'), 'utf8')).toBe('JWT_SECRET_KEY=old\n');
    expect(readdirSync(tracked).sort()).toEqual(['.env', '.git']);

    const twice = repo({ '.env': 'JWT_SECRET_KEY=a\nJWT_SECRET_KEY=b\n' });
    const t = await cli(twice, ['generate', '--env-file', '.env', '--key', 'JWT_SECRET_KEY']);
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/more than once in \.env \(lines 1, 2\)/);
    expect(readdirSync(twice).sort()).toEqual(['.env', '.git']);
  });

  it('refuses a symlinked --env-file (a cloned repository may point it anywhere); its target can be given instead', async () => {
    const dir = repo({ 'shared/app.env': 'A=1\n', '.gitignore': '.env\nshared/app.env\n' });
    symlinkSync(join(dir, 'shared', 'app.env'), join(dir, '.env'));
    const r = await cli(dir, ['generate', '--env-file', '.env', '--key', 'JWT_SECRET']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.env is a symbolic link: generate does not write through links/);
    expect(readFileSync(join(dir, 'shared', 'app.env'), 'utf8')).toBe('A=1\n');
    const t = await cli(dir, ['generate', '--env-file', 'shared/app.env', '--key', 'JWT_SECRET']);
    expect(t.code).toBe(0);
    expect(lstatSync(join(dir, '.env')).isSymbolicLink()).toBe(true);
    expect(valueOf(join(dir, 'shared', 'app.env'), 'JWT_SECRET')).toMatch(/^[A-Za-z0-9_-]{86}$/);
  });

  it('outside a git repository, covers the file with a .gitignore beside it', async () => {
    const dir = repo({}, { git: false });
    const r = await cli(dir, ['generate', '--env-file', 'prod.env', '--key', 'SECRET_KEY']);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toContain('\n/prod.env\n');
  });

  it('notes when the environment also sets the key', async () => {
    const dir = repo();
    const r = await cli(dir, ['generate', '--env-file', '.env', '--key', 'JWT_SECRET_KEY'], { JWT_SECRET_KEY: 'from-env' });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/JWT_SECRET_KEY is also set in this environment/);
    expect(r.stderr).not.toContain('from-env');
  });

  it("what it writes passes the scanner's weak-secret rule", async () => {
    const dir = repo();
    mkdirSync(join(dir, 'app'));
    for (const [key, encoding] of [['JWT_SECRET_KEY', 'base64url'], ['SECRET_KEY', 'hex'], ['SESSION_SECRET', 'base64']]) {
      expect((await cli(dir, ['generate', '--env-file', 'app/.env', '--key', key!, '--encoding', encoding!, '--bytes', '32'])).code).toBe(0);
    }
    // The scan skips ignored files: copy the written file to a name .gitignore does not cover.
    writeFileSync(join(dir, 'app', 'settings.env'), readFileSync(join(dir, 'app', '.env')));
    const scan = await cli(dir, ['scan', '--format', 'json', '--fail-on', 'never']);
    const report = JSON.parse(scan.stdout) as { findings: { ruleId: string; file: string }[] };
    expect(report.findings.filter((f) => f.file === 'app/settings.env').length).toBeGreaterThan(0);
    expect(report.findings.filter((f) => f.ruleId === 'weak-secret')).toEqual([]);
  });
});

describe('the secret-hygiene command as installed (its launcher, not `node file`)', () => {
  // Node 20 to 24 take `--env-file` anywhere in argv as their own option (nodejs/node#54232) and
  // exit 9 when the file does not exist yet; the launcher's `node --` ends node's options first.
  // npm links the bin into node_modules/.bin; the launcher must follow that link to the package.
  const launcher = join(import.meta.dirname, '..', '..', 'bin', 'secret-hygiene.js');
  const installed = () => {
    const dir = tempDir('sh-launcher-');
    mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(launcher, join(dir, 'node_modules', '.bin', 'secret-hygiene'));
    made.push(dir);
    return { dir, bin: join(dir, 'node_modules', '.bin', 'secret-hygiene') };
  };
  const made: string[] = [];
  afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const pathWithNode = `${dirname(process.execPath)}:${process.env.PATH ?? ''}`;

  it('package.json bin is the launcher; its shebang needs no `env -S` (BusyBox env has none)', () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(pkg.bin['secret-hygiene']).toBe('bin/secret-hygiene.js');
    for (const file of [launcher, join(import.meta.dirname, '..', '..', 'src', 'cli', 'index.ts')]) {
      const shebang = readFileSync(file, 'utf8').split('\n')[0] ?? '';
      expect(shebang).toMatch(/^#!(\/bin\/sh|\/usr\/bin\/env node)$/);
    }
    expect(statSync(launcher).mode & 0o111).not.toBe(0);
  });

  it('generate --env-file writes a new file instead of node stopping on it', () => {
    const { dir, bin } = installed();
    const r = spawnSync(bin, ['generate', '--env-file', '.env', '--key', 'JWT_SECRET_KEY'], { cwd: dir, encoding: 'utf8', env: { ...process.env, PATH: pathWithNode } });
    expect(r.stderr).not.toContain('not found');
    expect(r.status).toBe(0);
    expect(statSync(join(dir, '.env')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, '.env'), 'utf8')).toMatch(/^JWT_SECRET_KEY=[A-Za-z0-9_-]{86}$/m);
  });

  it('run as `node bin/secret-hygiene.js` (as tools that read package.json bin do), it is the CLI', () => {
    const r = spawnSync(process.execPath, ['--', launcher, '--version'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  // Other Node majors to run the launcher with (the directories of their `node`, separated by ':'),
  // e.g. SECRET_HYGIENE_TEST_NODE_DIRS=/opt/node22/bin:/opt/node24/bin; none by default.
  const otherNodes = (process.env.SECRET_HYGIENE_TEST_NODE_DIRS ?? '').split(':').filter(Boolean);
  it.skipIf(otherNodes.length === 0)('generate --env-file through the launcher on every other Node given (20, 22, 24), with sh and BusyBox sh', () => {
    const shells = [['sh'], ...(spawnSync('busybox', ['--help']).status === 0 ? [['busybox', 'sh']] : [])];
    for (const nodeDir of otherNodes) {
      for (const shell of shells) {
        const { dir, bin } = installed();
        const env = { ...process.env, PATH: `${nodeDir}:${process.env.PATH ?? ''}` };
        const version = spawnSync('node', ['--version'], { encoding: 'utf8', env }).stdout.trim();
        const r = spawnSync(shell[0]!, [...shell.slice(1), bin, 'generate', '--env-file', '.env', '--key', 'JWT_SECRET_KEY'], { cwd: dir, encoding: 'utf8', env });
        expect(r.status, `${version} ${shell.join(' ')}: ${r.stderr}`).toBe(0);
        expect(readFileSync(join(dir, '.env'), 'utf8')).toMatch(/^JWT_SECRET_KEY=[A-Za-z0-9_-]{86}$/m);
      }
    }
  });

  const busybox = spawnSync('busybox', ['--help'], { encoding: 'utf8' }).status === 0;
  it.skipIf(!busybox)('under BusyBox (Alpine): its sh runs the launcher, its env runs the bundle', () => {
    const { dir, bin } = installed();
    const env = { ...process.env, PATH: pathWithNode };
    const r = spawnSync('busybox', ['sh', bin, 'generate', '--env-file', '.env', '--key', 'SECRET_KEY'], { cwd: dir, encoding: 'utf8', env });
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(dir, '.env'), 'utf8')).toMatch(/^SECRET_KEY=/m);
    const bundle = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'index.js');
    const shebang = readFileSync(bundle, 'utf8').split('\n')[0] ?? '';
    const [interpreter, ...args] = shebang.slice(2).trim().split(/\s+/);
    expect(interpreter).toBe('/usr/bin/env');
    const e = spawnSync('busybox', ['env', ...args, bundle, '--version'], { encoding: 'utf8', env });
    expect(e.status, e.stderr).toBe(0);
  });
});
