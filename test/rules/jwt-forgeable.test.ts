import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditWorktree } from '../../src/audit.js';
import { DEFAULT_CONFIG, type ResolvedConfig } from '../../src/config/types.js';
import type { Finding, ScanResult } from '../../src/core/types.js';
import { formatJson } from '../../src/reporters/json.js';
import { formatSarif } from '../../src/reporters/sarif.js';
import { formatText } from '../../src/reporters/text.js';
import { RULES } from '../../src/rules/index.js';
import { git } from '../helpers/fixture-repo.js';
import { tempDir } from '../helpers/temp.js';

/**
 * Committed tokens proven offline, end to end: repositories written at test time, tokens signed
 * here with node:crypto. Keys are obviously fake (`not-a-real-...`) or random and thrown away.
 */
const HASH = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' } as const;
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
function sign(alg: keyof typeof HASH | 'none', key: string | Buffer, payload: Record<string, unknown> = { sub: '42', exp: 4102444800 }): string {
  const h = b64({ alg, typ: 'JWT' });
  const p = b64(payload);
  if (alg === 'none') return `${h}.${p}.`;
  return `${h}.${p}.${createHmac(HASH[alg], key).update(`${h}.${p}`).digest('base64url')}`;
}

const temps: string[] = [];
afterAll(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

async function scanRepo(files: Record<string, string>, config: Partial<ResolvedConfig> = {}): Promise<ScanResult> {
  const root = tempDir('sh-jwt-');
  temps.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  git(root, 'init', '-q');
  git(root, 'add', '-A');
  return auditWorktree(root, { ...DEFAULT_CONFIG, ...config });
}

const of = (r: ScanResult, rule: string) => r.findings.filter((f) => f.ruleId === rule);
const at = (fs: Finding[], file: string, line: number) => fs.filter((f) => f.file === file && f.line === line);
function outputs(r: ScanResult): string[] {
  const metas = RULES.map((x) => x.meta);
  return [formatJson(r), formatSarif(r, metas, '0.0.0'), formatText(r, metas, { color: false, verbose: true })];
}

const REPO_KEY = 'not-a-real-key-compose-Xv93kLq0Rt5Wz8Nm2Pb7';

describe('jwt-forgeable', () => {
  it('proves tokens signed with a public key and with a repository key; a strong unknown key stays silent', async () => {
    const pub = sign('HS256', 'your-256-bit-secret');
    const repo = sign('HS256', REPO_KEY);
    const strong = sign('HS256', randomBytes(48));
    const r = await scanRepo({
      'docker-compose.yml': `services:\n  api:\n    environment:\n      JWT_SECRET: \${JWT_SECRET:-${REPO_KEY}}\n`,
      'tests/tokens.py': `PUBLIC = "${pub}"\nREPO = "${repo}"\nSTRONG = "${strong}"\n`,
    });
    const f = of(r, 'jwt-forgeable');
    const [p1] = at(f, 'tests/tokens.py', 1);
    const [p2] = at(f, 'tests/tokens.py', 2);
    expect(p1?.messageId).toBe('publicKey');
    expect(p1?.message).toContain('a publicly known weak secret ("your-256-bit-secret")');
    expect(p1?.message).toContain('tests/tokens.py:1');
    expect(p2?.messageId).toBe('repositoryKey');
    expect(p2?.severity).toBe('error');
    expect(p2?.message).toContain('docker-compose.yml:4 JWT_SECRET');
    expect(p2?.related).toEqual([expect.objectContaining({ file: 'docker-compose.yml', line: 4 })]);
    expect(p2?.secret?.preview).toBe('eyJh…');
    expect(p2?.secret?.length).toBe(repo.length);
    // Nothing at all on the strong token's line.
    expect(at(r.findings, 'tests/tokens.py', 3)).toEqual([]);
    for (const out of outputs(r)) {
      expect(out.includes(REPO_KEY)).toBe(false);
      for (const t of [pub, repo, strong]) expect(out.includes(t)).toBe(false);
    }
  });

  it('finds keys in Kubernetes Secrets (base64 data), in .env.example, and base64-encoded keys', async () => {
    const k8sKey = 'not-a-real-key-k8s-secret-fixture-Hq4Zt8';
    const exampleKey = 'not-a-real-key-example-fixture-Nw2Lm7';
    const rawBytes = Buffer.from('not-a-real-key-decoded-bytes-0123456789abcdef');
    const r = await scanRepo({
      'k8s/secret.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: api\ndata:\n  JWT_SECRET_KEY: ${Buffer.from(k8sKey).toString('base64')}\n`,
      '.env.example': `JWT_SECRET=${exampleKey}\n`,
      'src/main/resources/application.properties': `jwt.secret=${rawBytes.toString('base64')}\n`,
      'docs/tokens.md': [`a ${sign('HS512', k8sKey)}`, `b ${sign('HS384', exampleKey)}`, `c ${sign('HS256', rawBytes)}`].join('\n') + '\n',
    });
    const f = of(r, 'jwt-forgeable');
    expect(at(f, 'docs/tokens.md', 1)[0]?.message).toContain('k8s/secret.yaml:6 JWT_SECRET_KEY');
    expect(at(f, 'docs/tokens.md', 2)[0]?.message).toContain('.env.example:1 JWT_SECRET');
    expect(at(f, 'docs/tokens.md', 3)[0]?.message).toMatch(/application\.properties:1 jwt\.secret \(base64-decoded\)/);
    for (const out of outputs(r)) for (const k of [k8sKey, exampleKey, rawBytes.toString('base64')]) expect(out.includes(k)).toBe(false);
  });

  it('tries common variants of public values and configured weak values, without naming a configured one', async () => {
    const configured = 'not-a-real-org-demo-key';
    const r = await scanRepo(
      { 'README.md': `x ${sign('HS256', 'MY_SECRET_KEY')}\ny ${sign('HS256', configured)}\n` },
      { weakValues: [configured] },
    );
    const f = of(r, 'jwt-forgeable');
    expect(at(f, 'README.md', 1)[0]?.message).toContain('("MY_SECRET_KEY")');
    expect(at(f, 'README.md', 2)[0]?.message).toContain('a weak secret listed in your configuration');
    for (const out of outputs(r)) expect(out.includes(configured)).toBe(false);
  });

  it('reports a token once per file, in every file that holds it', async () => {
    const t = sign('HS256', 'secret');
    const r = await scanRepo({
      'a.md': `${t}\n${t}\n`,
      'b.http': `GET /\nAuthorization: Bearer ${t}\n`,
      'c/collection.json': JSON.stringify({ token: t }),
    });
    const f = of(r, 'jwt-forgeable');
    expect(f.map((x) => `${x.file}:${x.line}`).sort()).toEqual(['a.md:1', 'b.http:2', 'c/collection.json:1']);
  });

  it('stays silent, without problems, on malformed tokens and other algorithms', async () => {
    const good = sign('HS256', 'your-256-bit-secret');
    const [h, p, s] = good.split('.') as [string, string, string];
    const rs = `${b64({ alg: 'RS256' })}.${p}.${randomBytes(256).toString('base64url')}`;
    const r = await scanRepo({
      'docs/bad.md': [
        `${h}.${p}.${s.slice(0, -3)}AAA`,
        `${h}.${p}`,
        `${h}.${p}.${s.slice(0, 10)}`,
        `${b64({ alg: 'HS256' })}.${p}.!!!`,
        `eyJ${'x'.repeat(5000)}.${p}.${s}`,
        rs,
        `${b64({ alg: { x: 1 } })}.${p}.${s}`,
      ].join('\n'),
    });
    expect(of(r, 'jwt-forgeable')).toEqual([]);
    expect(r.problems.filter((x) => x.reason.includes('jwt'))).toEqual([]);
  });
});

describe('jwt-unsigned and jwt-no-expiry', () => {
  it('reports alg none (a note in tests and docs) and a missing exp (a note), but not exp-less unsigned tokens twice', async () => {
    const none = sign('none', '', { sub: 'admin' });
    const noExp = sign('HS256', randomBytes(32), { sub: 'demo' });
    const r = await scanRepo({
      'web/src/session.js': `const demo = "${none}";\nconst other = "${noExp}";\n`,
      'docs/auth.md': `Bearer ${none}\n`,
      'tests/test_none.py': `T = "${none}"\n`,
    });
    expect(at(of(r, 'jwt-unsigned'), 'web/src/session.js', 1)[0]?.severity).toBe('warning');
    expect(at(of(r, 'jwt-unsigned'), 'docs/auth.md', 1)[0]?.severity).toBe('note');
    expect(at(of(r, 'jwt-unsigned'), 'docs/auth.md', 1)[0]?.message).toContain('(in documentation or an example, so reported as a note)');
    expect(at(of(r, 'jwt-unsigned'), 'tests/test_none.py', 1)[0]?.severity).toBe('note');
    expect(at(of(r, 'jwt-unsigned'), 'tests/test_none.py', 1)[0]?.message).toContain('in a test file');
    expect(of(r, 'jwt-no-expiry').map((f) => `${f.file}:${f.line}:${f.severity}`)).toEqual(['web/src/session.js:2:note']);
  });
});

describe('committed fixtures hold real signed tokens', () => {
  // The fixture tokens were generated once with node:crypto and these obviously fake keys.
  const F = join(import.meta.dirname, '..', 'fixtures', 'rules', 'jwt-forgeable');
  const cases: [string, string, string | Buffer][] = [
    ['ng.compose-default-key', 'tests/test_admin.py', 'not-a-real-key-compose-fixture-Qm2Xr9Lp4Vz8Kd1'],
    ['ng.public-weak-key', 'docs/api.md', 'your-256-bit-secret'],
    ['ng.public-weak-key', 'postman/collection.json', 'secret'],
    ['ng.base64-key-http-file', 'requests/me.http', Buffer.from('not-a-real-key-base64-fixture-for-jjwt-0123456789')],
    ['ng.example-env-key', 'web/index.html', 'not-a-real-key-dotenv-example-fixture-Tb7Wn3Yq'],
  ];
  it.each(cases)('%s %s', (dir, file, key) => {
    const text = readFileSync(join(F, dir, file), 'utf8');
    const token = /eyJ[\w-]+\.[\w-]+\.[\w-]+/.exec(text)?.[0] as string;
    const [h, p, s] = token.split('.') as [string, string, string];
    const alg = JSON.parse(Buffer.from(h, 'base64url').toString()).alg as keyof typeof HASH;
    expect(createHmac(HASH[alg], key).update(`${h}.${p}`).digest('base64url')).toBe(s);
  });
});
