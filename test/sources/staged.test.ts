import { createHmac } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditSource } from '../../src/audit.js';
import { addedSecretValues } from '../../src/change-context.js';
import { isScannablePath } from '../../src/cli/select-source.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import type { Document } from '../../src/core/types.js';
import { contentWords } from '../../src/parsers/index.js';
import { stagedSource } from '../../src/sources/staged.js';
import { BlobReader } from '../../src/sources/cat-file.js';
import { ObjectSizes } from '../../src/sources/object-sizes.js';
import { cli } from '../helpers/cli.js';
import { git } from '../helpers/fixture-repo.js';
import { tempDir } from '../helpers/temp.js';

// Planted values: made up for these tests, never printed by the tool.
const PLANTED = 'Qw3rTy7UiOp9AsDf';
const STRONG = 'Zx8vQ2mN7pL4kR9tW3yB6cF1hJ5gD0sAq';
const OTHER = 'Mn4bVc8xZl2kJh6gFd0sAp9oIu7yTr5eW';

function repo(files: Record<string, string | Buffer> = {}, commit = true): string {
  const dir = tempDir('sh-staged-');
  git(dir, 'init', '-q');
  write(dir, files);
  if (commit && Object.keys(files).length > 0) {
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'initial');
  }
  return dir;
}

function write(dir: string, files: Record<string, string | Buffer>): void {
  for (const [p, t] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), t);
  }
}

function stage(dir: string, files: Record<string, string | Buffer>): void {
  write(dir, files);
  git(dir, 'add', '-A');
}

const config = { ...DEFAULT_CONFIG, rules: {} };

function realGit(): string {
  return execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
}
function source(dir: string) {
  return stagedSource({
    root: dir,
    maxFileBytes: config.maxFileBytes,
    exclude: [],
    contentWords: contentWords(config.secretNames),
    isScannable: isScannablePath,
    contextNeedles: addedSecretValues(config),
  });
}
async function scanStaged(dir: string) {
  const src = source(dir);
  const result = await auditSource(dir, src, config);
  return { result, where: result.findings.map((f) => `${f.file}:${f.line}:${f.ruleId}`) };
}

const getenvDefault = (v: string) => `import os\nJWT_SECRET = os.getenv("JWT_SECRET", "${v}")\n`;

describe('scan --staged (the pre-commit hook and husky/lefthook)', () => {
  it('prints nothing and exits 0 on a clean commit with --quiet', async () => {
    const dir = repo({ 'README.md': '# app\n' });
    stage(dir, { 'app/config.py': 'import os\nJWT_SECRET = os.environ["JWT_SECRET"]\n', 'app/settings.yml': 'log_level: info\n' });
    const r = await cli(dir, ['scan', '--staged', '--quiet']);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('blocks a commit adding a hardcoded JWT default: file:line, rule and fix, never the value', async () => {
    const dir = repo({ 'README.md': '# app\n' });
    stage(dir, { 'app/config.py': getenvDefault(PLANTED) });
    const r = await cli(dir, ['scan', '--staged', '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('app/config.py:2:');
    expect(r.stdout).toContain('hardcoded-default');
    expect(r.stdout).toMatch(/Read JWT_SECRET with no default/);
    expect(r.stdout + r.stderr).not.toContain(PLANTED);
  });

  it('works before the first commit (no HEAD yet)', async () => {
    const dir = repo();
    stage(dir, { 'app/config.py': getenvDefault(PLANTED) });
    expect((await scanStaged(dir)).where).toEqual(['app/config.py:2:hardcoded-default']);
  });

  it('reports only the lines the commit adds, not what the file already held', async () => {
    const dir = repo({ 'app/config.py': getenvDefault(PLANTED) + 'DEBUG = False\n' });
    stage(dir, { 'app/config.py': getenvDefault(PLANTED) + 'DEBUG = True\n' });
    expect((await scanStaged(dir)).where).toEqual([]);
    stage(dir, { 'app/config.py': getenvDefault(PLANTED) + 'DEBUG = True\nSECRET_KEY = os.getenv("SECRET_KEY", "' + OTHER + '")\n' });
    expect((await scanStaged(dir)).where).toEqual(['app/config.py:4:hardcoded-default']);
  });

  it('still sees the added lines of a file marked -diff in .gitattributes', async () => {
    const dir = repo({ '.gitattributes': '*.py -diff\n' });
    stage(dir, { 'app/config.py': getenvDefault(PLANTED) });
    expect((await scanStaged(dir)).where).toEqual(['app/config.py:2:hardcoded-default']);
  });

  it('reads a staged script without an extension by its shebang (bin/start)', async () => {
    const dir = repo({ 'README.md': '# app\n' });
    stage(dir, { 'bin/start': '#!/bin/sh\nexport JWT_SECRET="mysecret"\nexec node server.js\n', 'bin/notes': 'JWT_SECRET="mysecret" is prose without a shebang\n' });
    expect((await scanStaged(dir)).where).toEqual(['bin/start:2:weak-secret']);
  });

  it('reads the index, not the working tree', async () => {
    const dir = repo({ 'README.md': '# app\n' });
    stage(dir, { 'app/config.py': 'import os\nJWT_SECRET = os.environ["JWT_SECRET"]\n' });
    write(dir, { 'app/config.py': getenvDefault(PLANTED) }); // not staged: not part of the commit
    expect((await scanStaged(dir)).where).toEqual([]);
    stage(dir, { 'app/config.py': getenvDefault(PLANTED) });
    write(dir, { 'app/config.py': 'import os\nJWT_SECRET = os.environ["JWT_SECRET"]\n' }); // fixed, but not staged
    expect((await scanStaged(dir)).where).toEqual(['app/config.py:2:hardcoded-default']);
  });

  it('a rename or a deletion adds no line, so it reports nothing', async () => {
    const dir = repo({ 'app/config.py': getenvDefault(PLANTED), 'app/old.py': getenvDefault(OTHER) });
    git(dir, 'mv', 'app/config.py', 'app/settings.py');
    git(dir, 'rm', '-q', 'app/old.py');
    expect((await scanStaged(dir)).where).toEqual([]);
  });

  it('uses the rest of the index as context for cross-file rules, reading only files that hold an added value', async () => {
    const dir = repo({
      'backend/settings.py': `SECRET_KEY = "${STRONG}"\n`,
      'backend/views.py': 'def index(request):\n    return request.session.get("SECRET_KEY_NAME")\n',
      'backend/other.py': `JWT_SECRET_KEY = "${OTHER}"\n`,
    });
    stage(dir, { 'auth/jwt.py': `JWT_SECRET_KEY = "${STRONG}"\n` });
    const { result, where } = await scanStaged(dir);
    expect(where).toContain('auth/jwt.py:1:reused-secret');
    expect(where.every((w) => w.startsWith('auth/jwt.py'))).toBe(true);
    // the staged file and the one file holding the same value; views.py and other.py are not read
    expect(result.stats.files).toBe(2);
  });

  it('passes the values it greps for on standard input, never on the command line (visible in ps)', async () => {
    const dir = repo({
      'backend/settings.py': `SECRET_KEY = "${STRONG}"\n`,
      'backend/other.py': `JWT_SECRET_KEY = "${OTHER}"\n`,
    });
    stage(dir, { 'auth/jwt.py': `JWT_SECRET_KEY = "${STRONG}"\n` });
    // A git on PATH that logs its arguments, then runs the real one.
    const bin = tempDir('sh-gitlog-');
    const log = join(bin, 'argv.log');
    writeFileSync(join(bin, 'git'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec ${realGit()} "$@"\n`, { mode: 0o755 });
    const path = process.env.PATH;
    process.env.PATH = `${bin}:${path ?? ''}`;
    try {
      const { where } = await scanStaged(dir);
      expect(where).toContain('auth/jwt.py:1:reused-secret');
      const argv = readFileSync(log, 'utf8');
      expect(argv).toMatch(/^grep --cached .* -f - -- \.$/m);
      expect(argv).not.toContain(STRONG);
      expect(argv).not.toContain(STRONG.slice(0, 12));
    } finally {
      process.env.PATH = path;
      rmSync(bin, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a staged file whose name holds line breaks (cat-file -z): its secret is not passed by its name', async () => {
    const dir = repo({ 'README.md': 'app\n' });
    const name = 'x\n::stop-commands::tok\n.env';
    writeFileSync(join(dir, name), 'JWT_SECRET=changeme\n');
    git(dir, 'add', '-A');
    const { result, where } = await scanStaged(dir);
    expect(where).toContain(`${name}:1:weak-secret`);
    expect(result.problems).toEqual([]);
  });

  it('answers a missing request whose name holds line breaks, and stays in step for the next', async () => {
    const dir = repo({ 'a.txt': 'one\n', 'b\nc.txt': 'two\n' });
    const reader = new BlobReader(dir);
    try {
      const answers = await Promise.all([':./no\nsuch missing', ':./a.txt', ':./b\nc.txt', 'HEAD:no\nsuch', ':./a.txt'].map((s) => reader.read(s)));
      expect(answers.map((b) => b?.toString() ?? null)).toEqual([null, 'one\n', 'two\n', null, 'one\n']);
    } finally {
      reader.close();
    }
  });

  it('a read asked after close (a consumer that stopped early) is refused, never written after the end', async () => {
    const dir = repo({ 'a.txt': 'one\n' });
    const reader = new BlobReader(dir);
    const sizes = new ObjectSizes(dir);
    const first = reader.read(':./a.txt');
    reader.close();
    sizes.close();
    // The same tick as close: before the fix the request was queued and written after stdin ended.
    await expect(reader.read(':./a.txt')).rejects.toThrow(/closed/);
    await expect(sizes.size(':./a.txt')).rejects.toThrow(/closed/);
    expect((await first)?.toString()).toBe('one\n');
  });

  it('finds a value held base64-encoded in a Kubernetes Secret', async () => {
    const b64 = Buffer.from(STRONG).toString('base64');
    const dir = repo({
      'k8s/overlays/prod/secret.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ndata:\n  JWT_SECRET: ${b64}\n`,
    });
    stage(dir, { 'config/.env.staging': `JWT_SECRET=${STRONG}\n` });
    const { where } = await scanStaged(dir);
    expect(where).toContain('config/.env.staging:1:shared-across-environments');
  });

  it('a commit adding no secret value reads no other file', async () => {
    const dir = repo({ 'backend/settings.py': `SECRET_KEY = "${STRONG}"\n`, 'backend/a.py': 'SESSION_SECRET = 1\n' });
    stage(dir, { 'backend/views.py': 'import os\nSECRET = os.environ["SECRET_KEY"]\n' });
    const { result, where } = await scanStaged(dir);
    expect(where).toEqual([]);
    expect(result.stats.files).toBe(1);
  });

  it('checks a token in any staged text file (docs too) against every key in the repository', async () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: '1', exp: 1893456000 })}`;
    const token = `${head}.${createHmac('sha256', STRONG).update(head).digest('base64url')}`;
    const dir = repo({ 'backend/settings.py': `SECRET_KEY = "${STRONG}"\n`, 'backend/a.py': 'x = 1\n' });
    stage(dir, { 'docs/api.md': `# API\n\nAuthorization: Bearer ${token}\n` });
    const { result, where } = await scanStaged(dir);
    expect(where).toEqual(['docs/api.md:3:jwt-forgeable']);
    expect(result.findings[0]?.related?.[0]?.file).toBe('backend/settings.py');
  });

  it('blocks a staged .env and skips binary and unknown files', async () => {
    const dir = repo({ 'README.md': '# app\n' });
    stage(dir, {
      'backend/.env': `SECRET_KEY=${STRONG}\n`,
      'assets/logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]),
      'data/blob.json': Buffer.concat([Buffer.from('{"JWT_SECRET": "'), Buffer.from([0, 1, 2]), Buffer.from('"}')]),
    });
    const { result, where } = await scanStaged(dir);
    expect(where).toContain('backend/.env:1:committed-dotenv');
    expect(result.problems).toContainEqual({ file: 'data/blob.json', reason: 'skipped: binary file' });
    expect(result.problems.some((p) => p.file === 'assets/logo.png')).toBe(false); // never read
  });

  it('scans from a subdirectory with paths relative to it', async () => {
    const dir = repo({ 'README.md': '# app\n' });
    stage(dir, { 'services/api/config.py': getenvDefault(PLANTED), 'services/web/config.py': getenvDefault(OTHER) });
    const r = await cli(join(dir, 'services', 'api'), ['scan', '--staged', '--format', 'json']);
    const files = (JSON.parse(r.stdout) as { findings: { file: string }[] }).findings.map((f) => f.file);
    expect(files).toEqual(['config.py']);
  });

  it('prints the full report without --quiet, and refuses --staged with --diff or --history', async () => {
    const dir = repo({ 'README.md': '# app\n' });
    stage(dir, { 'notes.txt': 'hello\n' });
    const r = await cli(dir, ['scan', '--staged']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/no findings in 1 files? /); // any text file may carry a token
    for (const args of [['--staged', '--diff', 'HEAD'], ['--staged', '--history'], ['--since', '2024-01-01']]) {
      const u = await cli(dir, ['scan', ...args]);
      expect(u.code, args.join(' ')).toBe(2);
    }
  });

  it('outside a git repository it says so (exit 2)', async () => {
    const dir = tempDir('sh-nogit-');
    const r = await cli(dir, ['scan', '--staged']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/git/);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('addedSecretValues', () => {
  const doc = (path: string, text: string, changedLines: Document['changedLines']): Document => ({ path, text, hasBom: false, origin: 'staged', changedLines });

  it('takes values set on added lines only, as written, base64-encoded and by their plain run when escaped', () => {
    const needles = addedSecretValues(config);
    const text = `SECRET_KEY = "${STRONG}"\nJWT_SECRET = "${OTHER}"\n`;
    expect(needles([doc('a.py', text, new Set([2]))])).toEqual([Buffer.from(OTHER).toString('base64'), OTHER]);
    expect(needles([doc('a.py', text, new Set<number>())])).toEqual([]);
    expect(needles([doc('a.py', text, 'all')])).toHaveLength(4);
    const escaped = needles([doc('b.py', 'JWT_SECRET = "abc\\"defghijklmnop"\n', 'all')]);
    expect(escaped).toContain('defghijklmnop');
  });

  it('does not look for public weak values or placeholders elsewhere: the added line already fails', () => {
    const needles = addedSecretValues({ ...config, weakValues: ['house-default-key'] });
    const text = `JWT_SECRET = os.getenv("JWT_SECRET", "secret")\nSECRET_KEY = "changeme"\nAPP_SECRET = "house-default-key"\n`;
    expect(needles([doc('a.py', text, 'all')])).toEqual([]);
  });
});
