import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';
import { git } from './helpers/fixture-repo.js';
import { GHA_SIM, hasSimulator, PROJECT } from './helpers/gha.js';
import { tempDir } from './helpers/temp.js';

/**
 * The guard over every face: a temporary git repository holds random secrets of the shapes real
 * projects have, and common-word secrets; every command runs in every format, and nothing any of
 * them prints or writes may hold a random value, or any 12-character piece of one. Messages must
 * read as written (no word of them replaced), and paths in JSON must be real paths.
 */

// Deterministic "random" values (xorshift), so the test never depends on luck.
let state = 0x9e3779b9;
function nextInt(n: number): number {
  state ^= state << 13;
  state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5;
  state >>>= 0;
  return state % n;
}
function random(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[nextInt(alphabet.length)];
  return out;
}
const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const DJANGO = 'abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)';
const HEX = '0123456789abcdef';
const B64 = ALNUM + '+/';
const B64URL = ALNUM + '-_';

const S = {
  django: random(DJANGO, 50),
  insecure: random(DJANGO, 50), // written after `django-insecure-`: only the prefix is public
  hex: random(HEX, 64),
  base64: random(B64, 43) + '=',
  base64url: random(B64URL, 43),
  k8s: random(ALNUM, 40), // stored base64-encoded in a Secret's data
  compose: random(ALNUM, 36),
  dotenv: random(B64URL, 48),
  history: random(ALNUM, 40), // committed once, deleted in the next commit
  mapKey: random(B64URL, 40), // a tenant's random id used as a YAML map key
  tenant: random(ALNUM, 40),
  mapKeyJson: random(HEX, 40),
  tenantJson: random(ALNUM, 40),
  escaped: random(ALNUM, 40), // written with \x and \u escapes
  workflowA: random(ALNUM, 32),
  workflowB: random(ALNUM, 32),
  reused: random(B64URL, 44),
  staged: random(ALNUM, 40),
};
const k8sEncoded = Buffer.from(S.k8s).toString('base64');
const escapedLiteral = [...S.escaped].map((c, i) => (i % 2 === 0 ? `\\x${c.charCodeAt(0).toString(16)}` : `\\u00${c.charCodeAt(0).toString(16)}`)).join('');
const header = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');
const payload = Buffer.from('{"sub":"admin","role":"admin"}').toString('base64url');
const signature = createHmac('sha256', S.hex).update(`${header}.${payload}`).digest('base64url');
const token = `${header}.${payload}.${signature}`;

/** Every text that must never appear: each random value, the forms it is written in, and the token's signature. */
const FORBIDDEN: [string, string][] = [...Object.entries(S), ['k8s (base64)', k8sEncoded], ['escaped (as written)', escapedLiteral], ['JWT signature', signature]];

function pieces(value: string): string[] {
  if (value.length <= 12) return [value];
  const out: string[] = [];
  for (let i = 0; i + 12 <= value.length; i++) out.push(value.slice(i, i + 12));
  return out;
}

const printed: { what: string; text: string }[] = [];
function record(what: string, ...texts: string[]): void {
  for (const text of texts) printed.push({ what, text });
}

const temps: string[] = [];
afterAll(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

function write(dir: string, files: Record<string, string>): void {
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
}
function commit(dir: string, message: string): void {
  git(dir, 'add', '-A', '-f');
  git(dir, 'commit', '-q', '-m', message);
}

const BASE: Record<string, string> = {
  'mysite/settings.py': `SECRET_KEY = '${S.django}'\nDEBUG = False\n`,
  'mysite/settings_dev.py': `SECRET_KEY = 'django-insecure-${S.insecure}'\n`,
  'src/auth.js': `const jwtSecret = process.env.JWT_SECRET || "${S.base64}";\nmodule.exports = { jwtSecret };\n`,
  'src/escaped.js': `const jwtSecret = process.env.JWT_SECRET || "${escapedLiteral}";\nmodule.exports = { jwtSecret };\n`,
  'k8s/deployment.yaml':
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: api:1\n          env:\n' +
    `            - name: JWT_SECRET\n              value: "${S.base64url}"\n`,
  'k8s/secret.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: api\ntype: Opaque\ndata:\n  jwt-secret: ${k8sEncoded}\n`,
  'config/tenants.yaml': `tenants:\n  ${S.mapKey}:\n    jwtSecret: ${S.tenant}\n`,
  'config/tenants.json': `{\n  "tenants": {\n    "${S.mapKeyJson}": { "jwtSecret": "${S.tenantJson}" }\n  }\n}\n`,
  'app/reuse.py': `SECRET_KEY = "${S.reused}"\nJWT_SECRET_KEY = "${S.reused}"\n`,
  'tests/test_api.py': `TOKEN = "${token}"\n`,
  // Common words as secret values: the text around them must stay as written.
  'app/hygiene.py': 'SESSION_SECRET = "hygiene"\n',
  'config/settings.py': 'JWT_SECRET_KEY = "config"\n',
  'src/webhook.js': 'const webhookSecret = "secret";\nmodule.exports = { webhookSecret };\n',
};
const FEATURE: Record<string, string> = {
  'config/jwt.py': `import os\n\nJWT_SECRET = os.getenv("JWT_SECRET", "${S.hex}")\n`,
  'docker-compose.yml': `services:\n  api:\n    image: api\n    environment:\n      - JWT_SECRET_KEY=\${JWT_SECRET_KEY:-${S.compose}}\n`,
  '.env': `JWT_SECRET=${S.dotenv}\n`,
  '.github/workflows/ci.yml': `on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    env: { JWT_SECRET: ${S.workflowA}, SESSION_SECRET: ${S.workflowB} }\n    steps:\n      - run: npm test\n`,
};

let repo = '';
let server: Server | undefined;
let api = '';
const reviews: unknown[] = [];

beforeAll(async () => {
  repo = tempDir('sh-guard-');
  temps.push(repo);
  git(repo, 'init', '-q');
  write(repo, BASE);
  commit(repo, 'base');
  write(repo, { 'old/secrets.py': `JWT_SECRET = "${S.history}"\n` });
  commit(repo, 'history-only key');
  git(repo, 'rm', '-q', 'old/secrets.py');
  commit(repo, 'remove it');
  git(repo, 'checkout', '-q', '-b', 'feature');
  write(repo, FEATURE);
  commit(repo, 'feature');
  // A staged, uncommitted file for --staged.
  write(repo, { 'staged/settings.py': `JWT_SECRET = "${S.staged}"\n` });
  git(repo, 'add', 'staged/settings.py');

  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += String(c)));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (req.method === 'GET') res.end('[]');
      else {
        if (body) reviews.push(JSON.parse(body));
        res.end(JSON.stringify({ id: reviews.length }));
      }
    });
  });
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', () => r()));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

async function run(what: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = await cli(repo, args, env);
  record(what, r.stdout, r.stderr);
  return r;
}

interface JsonReport {
  findings: { ruleId: string; file: string; message: string; related: { file: string; message?: string }[]; secret?: { preview: string } }[];
}

describe('no face prints a secret, and every message reads as written', () => {
  it('scan: text, verbose, JSON, SARIF and --output', async () => {
    const text = await run('scan text', ['scan', '.', '--no-color']);
    expect(text.code).toBe(1);
    await run('scan verbose', ['scan', '.', '--verbose', '--no-color']);
    const json = await run('scan json', ['scan', '.', '--format', 'json']);
    await run('scan sarif', ['scan', '.', '--format', 'sarif']);
    await run('scan --output', ['scan', '.', '--format', 'json', '--output', join(repo, '..', `${repoName()}-report.json`)]);
    const outFile = join(repo, '..', `${repoName()}-report.json`);
    temps.push(outFile);
    record('scan --output file', readFileSync(outFile, 'utf8'));

    // Advice text is intact, whatever the secrets' values.
    expect(text.stdout).toContain('secret-hygiene generate');
    for (const { text: t } of printed) expect(t).not.toContain('[redacted]');
    const report = JSON.parse(json.stdout) as JsonReport;
    // Paths in JSON are real paths; related places too.
    for (const f of report.findings) {
      expect(existsSync(join(repo, f.file)), f.file).toBe(true);
      for (const r of f.related) expect(existsSync(join(repo, r.file)), r.file).toBe(true);
    }
    const byFile = (file: string) => report.findings.filter((f) => f.file === file);
    for (const file of ['app/hygiene.py', 'config/settings.py']) {
      expect(byFile(file).length, file).toBeGreaterThan(0);
      for (const f of byFile(file)) expect(f.message).toContain('secret-hygiene generate');
    }
    expect(byFile('app/hygiene.py').some((f) => f.message.includes('app/hygiene.py'))).toBe(true);
    expect(byFile('config/settings.py').some((f) => f.message.includes('config/settings.py'))).toBe(true);
    // A django-insecure- key is weak but not public: previewed, and not called a tutorial value.
    const insecure = byFile('mysite/settings_dev.py');
    expect(insecure.length).toBeGreaterThan(0);
    for (const f of insecure) {
      expect(f.secret?.preview).toBe('djan…');
      expect(f.message).not.toContain('tutorials');
    }
    // A secret used as a map key shows as a placeholder in the key path.
    expect(byFile('config/tenants.yaml').some((f) => f.message.includes('tenants.<random>.jwtSecret'))).toBe(true);
    expect(byFile('config/tenants.json').some((f) => f.message.includes('tenants.<random>.jwtSecret'))).toBe(true);
    // A publicly known value may be shown whole; nothing else is.
    for (const f of report.findings) if (f.secret && f.secret.preview.length > 5) expect(f.secret.preview).toMatch(/^(secret|changeme)$/);
  });

  it('scan --staged, --diff and --history in every format', async () => {
    const staged = await run('staged', ['scan', '--staged', '--format', 'json']);
    expect((JSON.parse(staged.stdout) as JsonReport).findings.some((f) => f.file === 'staged/settings.py')).toBe(true);
    await run('staged text', ['scan', '--staged', '--no-color']);
    for (const format of ['text', 'json', 'sarif']) await run(`diff ${format}`, ['scan', '--diff', 'main..feature', '--format', format, '--no-color']);
    const history = await run('history json', ['scan', '--history', '--format', 'json']);
    expect((JSON.parse(history.stdout) as JsonReport).findings.some((f) => f.file === 'old/secrets.py')).toBe(true);
    await run('history text', ['scan', '--history', '--no-color']);
    await run('history sarif', ['scan', '--history', '--format', 'sarif']);
  });

  it('baseline: its output and its file; then a scan with it', async () => {
    await run('baseline', ['baseline', '--no-gitattributes']);
    record('baseline file', readFileSync(join(repo, '.secret-hygiene-baseline.json'), 'utf8'));
    const r = await run('scan --baseline', ['scan', '--baseline', '.secret-hygiene-baseline.json', '--format', 'json']);
    expect(r.code).toBe(0);
    rmSync(join(repo, '.secret-hygiene-baseline.json'));
  });

  it('configuration and baseline errors do not quote the file they read', async () => {
    const config = await run('--config .env', ['scan', '--config', '.env']);
    expect(config.code).toBe(2);
    const baseline = await run('--baseline .env', ['scan', '--baseline', '.env']);
    expect(baseline.code).toBe(2);
    await run('--config tenants.json', ['scan', '--config', 'config/tenants.json']);
  });

  it('check-env and exposure name keys, never values', async () => {
    await run('check-env', ['check-env', '--require', 'JWT_SECRET', '--distinct', 'JWT_SECRET,SESSION_SECRET', '--env-file', '.env'], { SESSION_SECRET: S.dotenv });
    await run('exposure', ['exposure', '--from-env', 'LEAKED', '--format', 'json'], { LEAKED: S.hex });
    await run('exposure text', ['exposure', '--from-env', 'LEAKED'], { LEAKED: S.reused });
  });

  it.skipIf(!hasSimulator || !existsSync(join(PROJECT, 'dist', 'index.js')))('the Action: log, annotations, summary, outputs, SARIF and review suggestions', async () => {
    const out = join(tempDir('sh-guard-sim-'), 'report.json');
    temps.push(dirname(out));
    const forbid = FORBIDDEN.flatMap(([, v]) => ['--forbid', v]);
    const stderr = await new Promise<string>((resolve) => {
      execFile(
        process.execPath,
        [
          GHA_SIM, '--action', PROJECT, '--workspace', repo, '--out', out, '--echo',
          '--event', 'pull_request', '--base', 'main', '--head', 'feature', '--repository', 'acme/api',
          '--input', 'suggestions=true', '--input', 'sarif-file=results.sarif', '--check-file', 'results.sarif',
          '--env', `GITHUB_API_URL=${api}`, ...forbid,
        ],
        { timeout: 180_000, maxBuffer: 64 * 1024 * 1024 },
        (_err, _stdout, err) => resolve(String(err)),
      );
    });
    expect(existsSync(out), stderr.slice(0, 300)).toBe(true);
    const report = readFileSync(out, 'utf8');
    record('action log', stderr);
    record('action report (annotations, summary, outputs)', report);
    const sarif = join(repo, 'results.sarif');
    if (existsSync(sarif)) {
      record('action sarif', readFileSync(sarif, 'utf8'));
      rmSync(sarif);
    }
    record('review suggestions', JSON.stringify(reviews));
    const parsed = JSON.parse(report) as { violations: { code: string; severity: string }[]; annotations: unknown[]; summary: { markdown: string } };
    expect(parsed.violations.filter((v) => v.code === 'leak')).toEqual([]);
    expect(parsed.annotations.length).toBeGreaterThan(0);
    expect(parsed.summary.markdown).toContain('secret-hygiene');
    // The workflow line holds two secrets: one suggestion replaces both, never repeating either.
    expect(JSON.stringify(reviews)).toContain('secrets.SESSION_SECRET');
  });

  it('fix: the diff it prints, and fix --write', async () => {
    const dry = await run('fix', ['fix']);
    expect(dry.stdout).toContain('[secret,');
    expect(dry.stdout).toContain('secret-hygiene generate');
    await run('fix --write', ['fix', '--write']);
  });

  it('no output above holds any 12-character piece of a random value', () => {
    expect(printed.length).toBeGreaterThan(30);
    const leaks: string[] = [];
    for (const { what, text } of printed) {
      for (const [name, value] of FORBIDDEN) {
        const hit = pieces(value).find((p) => text.includes(p));
        if (hit !== undefined) leaks.push(`${what}: a piece of ${name}`);
      }
    }
    expect(leaks).toEqual([]);
  });
});

function repoName(): string {
  return repo.split('/').pop() ?? 'repo';
}
