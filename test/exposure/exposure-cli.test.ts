import { execFileSync, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync, existsSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintSecret } from '../../src/core/redact.js';
import { repositoryKey } from '../../src/sources/repo-key.js';
import { CLI_BUNDLE, cli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

/**
 * The key's whole life in a temporary repository: committed on 2024-03-02 in a dotenv file (under
 * two names), a compose default, a Kubernetes Secret (base64) and a test holding a token it
 * signed; still on two branches and a tag; deleted from main on 2024-04-01, long before HEAD.
 */
const KEY = 'Wq8-tR2zLm5Yp9Xc3Vb7Nk4Hs6Jd1Fg0Ae_Qo';
const OTHER_KEY = 'Zr4-mN8pQs2Tv6Wx0Yb3Cd7Ef1Gh5Ij9Kl_Mn';
const temps: string[] = [];
afterAll(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

function tmp(prefix: string): string {
  const d = tempDir(prefix);
  temps.push(d);
  return d;
}

function git(cwd: string, date: string | null, ...args: string[]): string {
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: cwd, ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}) };
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args], { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function write(dir: string, files: Record<string, string | null>): void {
  for (const [p, text] of Object.entries(files)) {
    const file = join(dir, p);
    if (text === null) {
      if (existsSync(file)) unlinkSync(file);
      continue;
    }
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, text);
  }
}

function commit(dir: string, date: string, message: string, files: Record<string, string | null>): void {
  write(dir, files);
  git(dir, date, 'add', '-A');
  git(dir, date, 'commit', '-q', '-m', message);
}

function hs256(key: string, payload: object): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
}

const TOKEN = hs256(KEY, { sub: 'admin', iat: 1709337600 });
const UNRELATED_TOKEN = hs256(OTHER_KEY, { sub: 'someone' });

let repo: string;
beforeAll(() => {
  repo = tmp('sh-exposure-');
  git(repo, null, 'init', '-q');
  commit(repo, '2024-03-02T10:00:00+00:00', 'initial setup', {
    '.env': `SECRET_KEY=${KEY}\nJWT_SECRET_KEY="${KEY}"\nDEBUG=1\n`,
    'docker-compose.yml': `services:\n  api:\n    image: example/api\n    environment:\n      JWT_SECRET_KEY: \${JWT_SECRET_KEY:-${KEY}}\n`,
    'k8s/secret.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: api-secrets\n  namespace: prod\ntype: Opaque\ndata:\n  jwt-secret-key: ${Buffer.from(KEY).toString('base64')}\n`,
    'tests/test_api.py': `ADMIN_TOKEN = "${TOKEN}"\nOTHER = "${UNRELATED_TOKEN}"\n\ndef test_admin(client):\n    assert client.get("/admin", headers={"Authorization": "Bearer " + ADMIN_TOKEN}).status_code == 200\n`,
    'requirements.txt': 'Django==5.0\ndjangorestframework-simplejwt==5.3\n',
    'README.md': '# api\n',
  });
  commit(repo, '2024-03-10T10:00:00+00:00', 'docs', { 'README.md': '# api\n\nRun with docker compose.\n' });
  git(repo, '2024-03-10T10:00:00+00:00', 'tag', '-a', 'v1.0', '-m', 'v1.0');
  git(repo, null, 'branch', 'feature');
  git(repo, null, 'checkout', '-q', '-b', 'release');
  commit(repo, '2024-03-20T10:00:00+00:00', 'release notes', { 'CHANGES.md': 'v1.0.1\n' });
  git(repo, null, 'checkout', '-q', 'main');
  commit(repo, '2024-04-01T10:00:00+00:00', 'remove committed secrets', {
    '.env': null,
    'docker-compose.yml': 'services:\n  api:\n    image: example/api\n    environment:\n      JWT_SECRET_KEY: ${JWT_SECRET_KEY:?JWT_SECRET_KEY must be set}\n',
    'k8s/secret.yaml': null,
    'tests/test_api.py': `OTHER = "${UNRELATED_TOKEN}"\n`,
    '.gitignore': '.env\n',
  });
  commit(repo, '2025-06-01T10:00:00+00:00', 'later work', { 'README.md': '# api\n\nNow with more.\n' });
});

/** Every 12-character piece of the key: none may appear in anything printed or written. */
function pieces(value: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 12 <= value.length; i++) out.push(value.slice(i, i + 12));
  return out;
}

function expectNoPiece(text: string, what: string): void {
  for (const p of pieces(KEY)) expect(text.includes(p), `${what} holds a piece of the key`).toBe(false);
  // The forms a report could slip in, too.
  for (const form of [Buffer.from(KEY).toString('base64').slice(0, 16), Buffer.from(KEY).toString('hex').slice(0, 24)]) expect(text.includes(form), `${what} holds an encoded key`).toBe(false);
}

function run(args: string[], env: NodeJS.ProcessEnv = {}, input?: string) {
  const r = spawnSync(process.execPath, [CLI_BUNDLE, ...args], { cwd: repo, encoding: 'utf8', input, env: { PATH: process.env.PATH, HOME: repo, TMPDIR: process.env.TMPDIR, ...env } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

interface Json {
  exposed: boolean;
  firstCommit: { sha: string; date: string };
  lastCommit: { sha: string; date: string; ref?: string };
  atHead: boolean;
  inWorktree: boolean;
  refs: { branches: string[]; tags: string[] };
  removals: { file: string; date: string }[];
  files: { file: string; commitCount: number; places: { line: number; form: string; writtenAs: string; name?: string; commits: { sha: string }[] }[] }[];
  roles: { kind: string; file: string; name: string; ignored?: boolean; service?: string; kubernetes?: { kind: string; name?: string; namespace?: string }; origin: string }[];
  names: string[];
  tokens: { alg: string; token: { preview: string; length: number; fingerprint: string }; places: { file: string; line: number }[] }[];
  frameworks: string[];
  verdict: string;
  runbook: { title: string; details: string[]; commands: string[] }[];
}

const hasFilterRepo = spawnSync('git', ['filter-repo', '--version'], { encoding: 'utf8' }).status === 0;
let purgeFile = '';

describe('secret-hygiene exposure (the CLI as a process, on a temporary repository)', () => {
  const printed: string[] = [];

  it('reports every place, the refs that still hold it, the roles, the token, and a verdict (JSON)', () => {
    const r = run(['exposure', '--from-env', 'LEAKED', '--format', 'json'], { LEAKED: KEY });
    printed.push(r.stdout, r.stderr);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as Json;
    expect(j.exposed).toBe(true);
    expect(j.firstCommit.date.slice(0, 10)).toBe('2024-03-02');
    expect(j.lastCommit.date.slice(0, 10)).toBe('2024-03-20');
    expect(j.lastCommit.ref).toBe('release');
    expect(j.atHead).toBe(false);
    expect(j.inWorktree).toBe(false);
    expect(j.refs).toEqual({ branches: ['feature', 'release'], tags: ['v1.0'], remotes: [] });
    expect(j.removals.map((x) => `${x.file} ${x.date.slice(0, 10)}`)).toEqual(['.env 2024-04-01', 'docker-compose.yml 2024-04-01', 'k8s/secret.yaml 2024-04-01']);
    const lines = j.files.flatMap((f) => f.places.map((l) => `${f.file}:${l.line} ${l.name ?? ''} ${l.form} ${l.writtenAs}`));
    expect(lines).toEqual([
      '.env:1 SECRET_KEY raw plain',
      '.env:2 JWT_SECRET_KEY raw quoted',
      'docker-compose.yml:5 JWT_SECRET_KEY raw default',
      'k8s/secret.yaml:8 jwt-secret-key base64 plain',
    ]);
    // Grouped: one row per place, the commits that introduced it listed within (not one row per commit).
    expect(j.files.find((f) => f.file === '.env')?.commitCount).toBe(1);
    const roles = j.roles.map((x) => `${x.kind} ${x.file} ${x.name}${x.service ? ` service=${x.service}` : ''}${x.kubernetes ? ` ${x.kubernetes.kind} ${x.kubernetes.namespace}/${x.kubernetes.name}` : ''} ${x.origin}`);
    expect(roles).toEqual([
      'dotenv .env SECRET_KEY literal',
      'dotenv .env JWT_SECRET_KEY literal',
      'compose docker-compose.yml JWT_SECRET_KEY service=api default',
      'kubernetes k8s/secret.yaml jwt-secret-key Secret prod/api-secrets literal',
    ]);
    expect(j.names).toEqual(['JWT_SECRET_KEY', 'SECRET_KEY', 'jwt-secret-key']);
    expect(j.tokens).toHaveLength(1);
    expect(j.tokens[0]?.alg).toBe('HS256');
    expect(j.tokens[0]?.token.preview).toBe('eyJh…');
    expect(j.tokens[0]?.places).toEqual([expect.objectContaining({ file: 'tests/test_api.py', line: 1 })]);
    expect(j.frameworks).toEqual(['simplejwt', 'django']);
    expect(j.verdict).toMatch(/^This key is public to anyone who can read the repository since 2024-03-02 \(commit [0-9a-f]{7}\), and it still is: on branch feature, branch release and tag v1\.0\./);

    const runbook = JSON.stringify(j.runbook);
    expect(runbook).toContain('.env (SECRET_KEY and JWT_SECRET_KEY) held it in history');
    expect(runbook).toContain('kubectl -n prod create secret generic api-secrets --from-file=jwt-secret-key=');
    expect(runbook).toContain('docker-compose.yml:5: service api falls back to the key');
    expect(runbook).toContain('SECRET_KEY_FALLBACKS');
    expect(runbook).toContain('BlacklistedToken');
    expect(runbook).toContain('tests/test_api.py:1');
    expect(runbook).toContain('git filter-repo --replace-text');
    expect(runbook).toContain('does not un-leak a public repository');
    expect(runbook).toContain('feature, release and tag v1.0');
    expect(runbook).toContain('bound to 2 names (JWT_SECRET_KEY and SECRET_KEY)');
  });

  it('prints the same in text and Markdown, and writes the purge file 0600, new, never printed', () => {
    const out = tmp('sh-exposure-out-');
    const purge = join(out, 'purge.txt');
    const text = run(['exposure', '--from-env', 'LEAKED', '--purge-file', purge], { LEAKED: KEY });
    printed.push(text.stdout, text.stderr);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('This key is public to anyone who can read the repository since 2024-03-02');
    expect(text.stdout).toMatch(/compose service api \(default of \$\{JWT_SECRET_KEY:-\.\.\.\}\): docker-compose\.yml:5 JWT_SECRET_KEY/);
    expect(text.stdout).toContain('Kubernetes Secret prod/api-secrets (base64 data): k8s/secret.yaml:8 jwt-secret-key');
    expect(text.stdout).toContain(`The replacements for git filter-repo were written to ${purge} (mode 0600`);
    expect(statSync(purge).mode & 0o777).toBe(0o600);
    const purgeText = readFileSync(purge, 'utf8');
    purgeFile = purge;
    expect(purgeText).toContain(`literal:${KEY}==>`);
    expect(purgeText).toContain(`literal:${Buffer.from(KEY).toString('base64').replace(/=+$/, '')}==>`);

    // Created new: an existing file is never overwritten.
    const again = run(['exposure', '--from-env', 'LEAKED', '--purge-file', purge], { LEAKED: KEY });
    printed.push(again.stdout, again.stderr);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
    expect(readFileSync(purge, 'utf8')).toBe(purgeText);

    const report = join(out, 'incident.md');
    const md = run(['exposure', '--from-file', '-', '--format', 'markdown', '--output', report], {}, KEY + '\n');
    printed.push(md.stdout, md.stderr);
    expect(md.code).toBe(1);
    const mdText = readFileSync(report, 'utf8');
    printed.push(mdText);
    expect(mdText).toContain('> **Verdict:** This key is public');
    expect(mdText).toContain('| k8s/secret.yaml | 8 | jwt-secret-key | base64 |');
    expect(mdText).toContain('### Rotation runbook');
    expect(md.stderr).toContain('This key is public');
  });

  it('follows a fingerprint a scan reported, and reads the key from a file', async () => {
    // The fingerprint as a scan of this repository prints it: keyed by the repository.
    const fp = run(['exposure', '--fingerprint', fingerprintSecret(KEY, await repositoryKey(repo)).slice(0, 8), '--format', 'json']);
    printed.push(fp.stdout, fp.stderr);
    expect(fp.code).toBe(1);
    expect((JSON.parse(fp.stdout) as Json).refs.tags).toEqual(['v1.0']);
    const dir = tmp('sh-exposure-key-');
    writeFileSync(join(dir, 'key.txt'), KEY + '\n');
    const file = run(['exposure', '--from-file', join(dir, 'key.txt'), '--format', 'json']);
    printed.push(file.stdout, file.stderr);
    expect((JSON.parse(file.stdout) as Json).files).toHaveLength(3);
  });

  it('exits 0 when the key appears nowhere, 2 on usage errors (never echoing what it was given)', () => {
    const clean = run(['exposure', '--from-env', 'OTHER'], { OTHER: 'a-key-never-committed-anywhere-42xq' });
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('This key appears nowhere in the working tree and the 5 commits of every branch and tag');
    for (const args of [['exposure'], ['exposure', '--from-env', 'LEAKED', '--fingerprint', 'abcdef12'], ['exposure', KEY], ['exposure', '--from-env', 'LEAKED', KEY], ['exposure', `--key=${KEY}`], ['exposure', '--from-env', 'UNSET'], ['exposure', '--from-env', 'SHORT']]) {
      const r = run(args, { LEAKED: KEY, SHORT: 'abc' });
      printed.push(r.stdout, r.stderr);
      expect(r.code, args.join(' ').slice(0, 30)).toBe(2);
      expect(r.stderr).toMatch(/secret-hygiene/);
    }
    const inside = run(['exposure', '--from-env', 'LEAKED', '--purge-file', 'purge.txt'], { LEAKED: KEY });
    expect(inside.code).toBe(2);
    expect(inside.stderr).toContain('outside the repository');
    expect(existsSync(join(repo, 'purge.txt'))).toBe(false);
  });

  it('the example in docs/exposure.md and the README is what the command prints for this repository', async () => {
    const r = await cli(repo, ['exposure', '--from-env', 'JWT_SECRET_KEY'], { JWT_SECRET_KEY: KEY });
    printed.push(r.stdout);
    const docs = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'exposure.md'), 'utf8');
    expect(docs).toContain('$ secret-hygiene exposure --from-env JWT_SECRET_KEY\n' + r.stdout);
    const md = await cli(repo, ['exposure', '--from-env', 'JWT_SECRET_KEY', '--format', 'markdown'], { JWT_SECRET_KEY: KEY });
    printed.push(md.stdout);
    expect(docs).toContain(md.stdout);
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    expect(readme).toContain(r.stdout.slice(0, r.stdout.indexOf('Rotation runbook:')));
  });

  // The runbook's purge, run for real where git-filter-repo is installed (Debian: apt-get install git-filter-repo).
  it.skipIf(!hasFilterRepo)('the purge file makes git filter-repo take every form of the key out of every branch and tag; the token it signed stays valid', () => {
    expect(purgeFile).not.toBe('');
    const clone = tmp('sh-exposure-purged-');
    git(clone, null, 'clone', '-q', '--no-local', repo, '.');
    for (const b of ['feature', 'release']) git(clone, null, 'branch', b, `origin/${b}`);
    git(clone, null, 'filter-repo', '--quiet', '--replace-text', purgeFile, '--force');
    const r = spawnSync(process.execPath, [CLI_BUNDLE, 'exposure', '--from-env', 'LEAKED', '--format', 'json'], { cwd: clone, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: clone, TMPDIR: process.env.TMPDIR, LEAKED: KEY } });
    printed.push(r.stdout, r.stderr);
    const j = JSON.parse(r.stdout) as Json;
    expect(j.files).toEqual([]);
    expect(j.refs).toEqual({ branches: [], tags: [], remotes: [] });
    expect(j.firstCommit).toBeUndefined();
    // A purge removes the key, not what it signed: the committed token still verifies (exit 1).
    expect(j.tokens.map((t) => t.places.map((p) => p.file))).toEqual([['tests/test_api.py']]);
    expect(r.status).toBe(1);
    expect(j.verdict).toContain('The key itself is in none of');
  });

  it('nothing printed or written holds a 12-character piece of the key', () => {
    expect(printed.length).toBeGreaterThan(10);
    for (const [i, text] of printed.entries()) expectNoPiece(text, `output ${i}`);
    // The repository is left as it was: no file written into it.
    expect(git(repo, null, 'status', '--porcelain')).toBe('');
  });
});

describe('exposure at HEAD, in every encoding (in-process)', () => {
  // Characters URL-encoding and JSON escaping change, so those forms differ from the raw one.
  const KEY2 = 'pA5+qR8/sT1=uV4~wX7!yZ0*bC3"dE6&fG9?';
  it('finds base64url, hex, URL-encoded and escaped forms, CI and code roles, the stores that feed the names, and an HS512 token', async () => {
    const dir = tmp('sh-exposure-head-');
    git(dir, null, 'init', '-q');
    const signed = (() => {
      const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const input = `${b64({ alg: 'HS512' })}.${b64({ sub: 'svc' })}`;
      return `${input}.${createHmac('sha512', KEY2).update(input).digest('base64url')}`;
    })();
    commit(dir, '2024-07-01T09:00:00+00:00', 'everything', {
      '.github/workflows/ci.yml': `on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n      JWT_SECRET: '${KEY2}'\n    steps:\n      - run: pytest\n  deploy:\n    runs-on: ubuntu-latest\n    env:\n      JWT_SECRET_KEY: \${{ secrets.PROD_JWT_SECRET_KEY }}\n    steps:\n      - run: ./deploy\n`,
      'k8s/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: prod\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          env:\n            - name: JWT_SECRET_KEY\n              valueFrom:\n                secretKeyRef:\n                  name: api-secrets\n                  key: jwt-secret-key\n',
      'app/settings.py': `import os\nSECRET_KEY = os.getenv("SECRET_KEY", ${JSON.stringify(KEY2)})\n`,
      'docs/setup.md': `Open https://example.invalid/setup?key=${encodeURIComponent(KEY2)} once.\n`,
      'config/keys.json': `{"hmac_hex": "${Buffer.from(KEY2).toString('hex')}"}\n`,
      'web/src/key.ts': `export const k = '${Buffer.from(KEY2).toString('base64url')}';\n`,
      'docs/api.http': `GET /me\nAuthorization: Bearer ${signed}\n`,
      'package.json': '{"dependencies": {"jsonwebtoken": "^9"}}\n',
    });
    const r = await cli(dir, ['exposure', '--from-env', 'JWT_SECRET_KEY', '--format', 'json'], { JWT_SECRET_KEY: KEY2 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as Json & { uses: { kind: string; file: string; secret: string; secretKey?: string; workload?: { name?: string } }[] };
    expect(j.atHead).toBe(true);
    expect(j.refs.branches).toEqual(['main']);
    const places = j.files.flatMap((f) => f.places.map((l) => `${f.file}:${l.line} ${l.form}${l.name ? ` ${l.name}` : ''}`));
    expect(places).toEqual([
      '.github/workflows/ci.yml:6 raw JWT_SECRET',
      'app/settings.py:2 escaped SECRET_KEY',
      'config/keys.json:1 hex hmac_hex',
      'docs/setup.md:1 url-encoded key',
      'web/src/key.ts:1 base64url k',
    ]);
    expect(j.roles.map((x) => `${x.kind} ${x.file} ${x.name} ${x.origin}`)).toEqual(['ci .github/workflows/ci.yml JWT_SECRET literal', 'code app/settings.py SECRET_KEY default']);
    expect(j.uses.map((u) => `${u.kind} ${u.file} ${u.secret}${u.secretKey ? `/${u.secretKey}` : ''}`)).toEqual(['ci-secret .github/workflows/ci.yml PROD_JWT_SECRET_KEY', 'kubernetes-secret k8s/deploy.yaml api-secrets/jwt-secret-key']);
    expect(j.tokens.map((t) => `${t.alg} ${t.places.map((p) => `${p.file}:${p.line}`).join(',')}`)).toEqual(['HS512 docs/api.http:2']);
    expect(j.frameworks).toEqual(['jsonwebtoken']);
    expect(j.verdict).toContain('and it still is: at HEAD, on branch main');
    const runbook = j.runbook.flatMap((s) => [...s.details, ...s.commands]).join('\n');
    expect(runbook).toContain('gh secret set JWT_SECRET <');
    expect(runbook).toContain('gh secret set PROD_JWT_SECRET_KEY <');
    expect(runbook).toContain('kubectl -n prod rollout restart deployment/api');
    expect(runbook).toContain('app/settings.py:2: SECRET_KEY falls back to the key as a hardcoded default');
    expect(runbook).toContain('jwt.verify');
    expect(runbook).toContain('config/keys.json, docs/setup.md and web/src/key.ts');
    // A key that leaked nowhere still gets the stores that feed its name: where the live value comes from.
    const live = await cli(dir, ['exposure', '--from-env', 'JWT_SECRET_KEY'], { JWT_SECRET_KEY: 'a-live-key-that-was-never-committed-7Qx' });
    expect(live.code).toBe(0);
    expect(live.stdout).toContain('Read from secret stores:\n  .github/workflows/ci.yml:12 (job deploy): JWT_SECRET_KEY from the CI secret PROD_JWT_SECRET_KEY\n  k8s/deploy.yaml:14 (Deployment prod/api): JWT_SECRET_KEY from Secret api-secrets key jwt-secret-key');
    for (const text of [r.stdout, (await cli(dir, ['exposure', '--from-env', 'JWT_SECRET_KEY'], { JWT_SECRET_KEY: KEY2 })).stdout, (await cli(dir, ['exposure', '--from-env', 'JWT_SECRET_KEY', '--format', 'markdown'], { JWT_SECRET_KEY: KEY2 })).stdout]) {
      for (let i = 0; i + 12 <= KEY2.length; i++) expect(text.includes(KEY2.slice(i, i + 12))).toBe(false);
      expect(text.includes(encodeURIComponent(KEY2).slice(0, 12))).toBe(false);
      expect(text.includes(Buffer.from(KEY2).toString('base64url').slice(0, 12))).toBe(false);
    }
  });
});

describe('exposure in the working tree (in-process)', () => {
  it('an ignored dotenv file is not exposure, but the runbook rotates the key there', async () => {
    const dir = tmp('sh-exposure-ignored-');
    git(dir, null, 'init', '-q');
    commit(dir, '2024-02-01T10:00:00+00:00', 'app', { '.gitignore': '.env\nnode_modules/\n', 'app/settings.py': `import os\nSECRET_KEY = os.getenv("SECRET_KEY", "${KEY}")\n` });
    write(dir, { '.env': `SECRET_KEY=${KEY}\nJWT_SECRET_KEY=${OTHER_KEY}\n`, 'node_modules/x/.env': `SECRET_KEY=${KEY}\n` });
    const r = await cli(dir, ['exposure', '--from-env', 'K', '--format', 'json'], { K: KEY });
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as Json;
    expect(j.files.map((f) => f.file)).toEqual(['app/settings.py']);
    expect(j.roles.map((x) => `${x.kind} ${x.file} ${x.name}${x.ignored ? ' ignored' : ''}`)).toEqual(['dotenv .env SECRET_KEY ignored', 'code app/settings.py SECRET_KEY']);
    expect(j.runbook[0]?.commands).toContain('secret-hygiene generate --dotenv .env --key SECRET_KEY --rotate');
    const only = await cli(dir, ['exposure', '--from-env', 'K'], { K: OTHER_KEY });
    expect(only.code).toBe(0);
    expect(only.stdout).toContain('Only .env, which git ignores, holds it.');
    expectNoPiece(r.stdout + only.stdout, 'ignored dotenv report');
  });

  it('outside a git repository: the files only, and the verdict says there is no history', async () => {
    const dir = tmp('sh-exposure-plain-');
    write(dir, { 'deploy/.env': `SESSION_SECRET=${KEY}\n`, 'notes.txt': 'nothing here\n' });
    const r = await cli(dir, ['exposure', '--from-env', 'K', '--format', 'json'], { K: KEY });
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as Json & { scope: { git: boolean } };
    expect(j.scope.git).toBe(false);
    expect(j.roles.map((x) => `${x.kind} ${x.file} ${x.name}`)).toEqual(['dotenv deploy/.env SESSION_SECRET']);
    expect(j.verdict).toContain('deploy/.env');
    const clean = await cli(dir, ['exposure', '--from-env', 'K'], { K: OTHER_KEY });
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('not a git repository: there is no history to search');
  });

  it('--since and --max-count limit the history, and the verdict says older history was not searched', async () => {
    const r = await cli(repo, ['exposure', '--from-env', 'K', '--max-count', '1', '--format', 'json'], { K: KEY });
    const j = JSON.parse(r.stdout) as Json & { scope: { commits: number; limit?: string } };
    expect(j.scope).toEqual(expect.objectContaining({ commits: 1, limit: 'the 1 most recent commits' }));
    const none = await cli(repo, ['exposure', '--from-env', 'K', '--since', '2025-01-01'], { K: 'a-key-never-committed-anywhere-42xq' });
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('the 1 commit searched (since 2025-01-01; older history was not searched)');
    expect((await cli(repo, ['exposure', '--from-env', 'K', '--max-count', 'x'], { K: KEY })).code).toBe(2);
  });

  it('a fingerprint no value has is reported (exit 0); a file named after the key stops the report rather than print it', async () => {
    const none = await cli(repo, ['exposure', '--fingerprint', '0123456789abcdef0123']);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('No secret value the scan sees');
    const dir = tmp('sh-exposure-path-');
    git(dir, null, 'init', '-q');
    commit(dir, '2024-01-01T10:00:00+00:00', 'a', { [`keys/${KEY}.txt`]: `${KEY}\n` });
    const r = await cli(dir, ['exposure', '--from-env', 'K'], { K: KEY });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('the report would contain the key');
    expectNoPiece(r.stderr, 'refusal');
  });

  it('a place whose line moves as the file is edited above it is one row, listing its lines', async () => {
    const dir = tmp('sh-exposure-moves-');
    git(dir, null, 'init', '-q');
    commit(dir, '2024-01-01T10:00:00+00:00', 'a', { 'config/app.yml': `jwt_secret: ${KEY}\n` });
    commit(dir, '2024-01-02T10:00:00+00:00', 'b', { 'config/app.yml': `debug: true\nport: 80\njwt_secret: ${KEY}\n` });
    commit(dir, '2024-01-03T10:00:00+00:00', 'c', { 'config/app.yml': `name: api\ndebug: true\nport: 80\nlog: info\njwt_secret: ${KEY}\n` });
    const r = await cli(dir, ['exposure', '--from-env', 'K', '--format', 'json'], { K: KEY });
    const j = JSON.parse(r.stdout) as Json & { files: { places: { line: number; lines: number[]; commitCount: number; inWorktree: boolean }[] }[] };
    expect(j.files[0]?.places).toEqual([expect.objectContaining({ line: 5, lines: [1, 3, 5], commitCount: 3, inWorktree: true })]);
    const text = (await cli(dir, ['exposure', '--from-env', 'K'], { K: KEY })).stdout;
    expect(text).toContain('line 5 (also at 1 and 3 in other versions)  jwt_secret  raw');
  });

  it('an unknown option is named by its suggestion only, never repeated (it may be the key)', async () => {
    const r = await cli(repo, ['exposure', '--from-envv', KEY]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did you mean --from-env?');
    expectNoPiece(r.stderr, 'usage error');
    const h = await cli(repo, ['exposure', '--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('--purge-file FILE');
  });

  it('a key never committed but in an untracked file is one commit away from public; the runbook names the file', async () => {
    const dir = tmp('sh-exposure-wt-');
    git(dir, null, 'init', '-q');
    commit(dir, '2024-05-01T10:00:00+00:00', 'init', { 'README.md': 'x\n', '.gitignore': 'node_modules\n' });
    write(dir, { '.env.production': `JWT_SECRET=${KEY}\n` });
    const r = await cli(dir, ['exposure', '--from-env', 'K'], { K: KEY });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('This key is not in the history, but the working tree holds it in .env.production');
    expect(r.stdout).toContain('$ secret-hygiene generate --dotenv .env.production --key JWT_SECRET --rotate');
    expect(r.stdout).not.toContain('filter-repo');
    expectNoPiece(r.stdout + r.stderr, 'working-tree report');
    // A key file saved in the repository is not a place the key leaked to, but a warning.
    write(dir, { 'key.txt': KEY + '\n' });
    const f = await cli(dir, ['exposure', '--from-file', 'key.txt', '--format', 'json']);
    expect((JSON.parse(f.stdout) as Json).files.map((x) => x.file)).toEqual(['.env.production']);
    expect(f.stderr).toContain('the key file key.txt is inside the repository');
  });
});
