import { generateKeyPairSync } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditHistory } from '../../src/audit-history.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { findPrivateKeys } from '../../src/parsers/private-keys.js';
import { cli } from '../helpers/cli.js';
import { git, stageFiles } from '../helpers/fixture-repo.js';
import { tempDir } from '../helpers/temp.js';

// Keys are generated for each run: no key material is written into the test sources.
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ed = generateKeyPairSync('ed25519');
const rsaPem = String(rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }));
const edPem = String(ed.privateKey.export({ type: 'pkcs8', format: 'pem' }));
const body = (pem: string) => pem.split('\n').filter((l) => l && !l.startsWith('-----')).join('');

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

function repo(): string {
  const dir = tempDir('sh-private-key-');
  temps.push(dir);
  git(dir, 'init', '-q');
  return dir;
}

function commit(dir: string, files: Record<string, string | null>): string {
  stageFiles(dir, files);
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-q', '-m', 'change'], { cwd: dir });
  return git(dir, 'rev-parse', 'HEAD').trim();
}

describe('committed-private-key', () => {
  it('scan --history finds a key file added then deleted, at the commit that added it', async () => {
    const dir = repo();
    commit(dir, { 'README.md': '# api\n' });
    const added = commit(dir, { 'certs/jwt-signing.pem': rsaPem });
    commit(dir, { 'certs/jwt-signing.pem': null });
    const result = await auditHistory(dir, {}, { ...DEFAULT_CONFIG, rules: {} });
    const found = result.findings.filter((f) => f.ruleId === 'committed-private-key');
    expect(found.map((f) => [f.file, f.line, f.commit?.sha, f.commit?.stillPresent])).toEqual([['certs/jwt-signing.pem', 1, added, false]]);

    const text = await cli(dir, ['scan', '--history', '--format', 'json']);
    expect(text.code).toBe(1);
    const keyBody = body(rsaPem);
    expect(text.stdout).not.toContain(keyBody.slice(10, 40));
    const json = JSON.parse(text.stdout) as { findings: { ruleId: string; secret: { preview: string } }[] };
    const preview = json.findings.find((f) => f.ruleId === 'committed-private-key')?.secret.preview ?? '';
    expect(preview.replace(/…/g, '').length).toBeLessThanOrEqual(4);
  });

  it('scan --history finds a key once held in a YAML string and a private JWKS, both replaced since', async () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const ecPem = String(ec.privateKey.export({ type: 'sec1', format: 'pem' }));
    const yaml = (value: string) => `auth:\n  algorithm: ES256\n  signing_key: ${value}\n`;
    const dir = repo();
    commit(dir, { 'README.md': '# api\n' });
    const added = commit(dir, {
      'config/auth.yaml': yaml(JSON.stringify(ecPem)),
      'keys/jwks.json': JSON.stringify({ keys: [rsa.privateKey.export({ format: 'jwk' })] }, null, 2) + '\n',
    });
    commit(dir, {
      'config/auth.yaml': yaml('${JWT_SIGNING_KEY}'),
      'keys/jwks.json': JSON.stringify({ keys: [rsa.publicKey.export({ format: 'jwk' })] }, null, 2) + '\n',
    });
    const tree = await cli(dir, ['scan', '--format', 'json']);
    expect(tree.code, 'the tree holds only a placeholder and a public JWKS').toBe(0);
    const result = await auditHistory(dir, {}, { ...DEFAULT_CONFIG, rules: {} });
    const found = result.findings.filter((f) => f.ruleId === 'committed-private-key');
    expect(found.map((f) => [f.file, f.line, f.commit?.sha, f.commit?.stillPresent]).sort()).toEqual([
      ['config/auth.yaml', 3, added, false],
      ['keys/jwks.json', 7, added, false], // the "d" member,
    ]);
    expect(result.findings.filter((f) => f.ruleId === 'hardcoded-secret' && f.file === 'config/auth.yaml'), 'one finding per key').toEqual([]);
  });

  it('the pre-commit scan stops a staged key held in a JSON string with \\n escapes', async () => {
    const dir = repo();
    commit(dir, { 'README.md': '# api\n' });
    mkdirSync(join(dir, 'config'));
    writeFileSync(join(dir, 'config', 'production.json'), JSON.stringify({ jwt: { alg: 'EdDSA', privateKey: edPem } }, null, 2) + '\n');
    git(dir, 'add', '--', 'config/production.json');
    const staged = await cli(dir, ['scan', '--staged']);
    expect(staged.code).toBe(1);
    expect(staged.stdout).toContain('committed-private-key');
    expect(staged.stdout).toContain('config/production.json:4:');
    expect(staged.stdout + staged.stderr).not.toContain(body(edPem).slice(8));
  });

  it('finds PEM and JWK keys, and leaves public keys, certificates and placeholders alone', () => {
    const jwk = rsa.privateKey.export({ format: 'jwk' });
    const publicJwk = rsa.publicKey.export({ format: 'jwk' });
    const text = [
      rsaPem,
      String(rsa.publicKey.export({ type: 'spki', format: 'pem' })),
      '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC...\n-----END PRIVATE KEY-----',
      JSON.stringify({ keys: [publicJwk] }),
      JSON.stringify({ keys: [jwk] }),
      `const k = { kty: 'oct', k: 'c2VjcmV0LXNpZ25pbmcta2V5LWZvci10ZXN0aW5n', alg: 'HS256' };`,
    ].join('\n');
    const keys = findPrivateKeys(text);
    expect(keys.map((k) => k.kind)).toEqual(['RSA private key (PKCS#1 PEM)', 'RSA private JWK ("d")', 'symmetric JWK (oct "k")']);
    expect(keys[0]?.material === body(rsaPem), 'the PEM body, whole').toBe(true);
  });

  it('stays linear on hostile input (markers without ends, braces without objects)', () => {
    const hostile = '-----BEGIN PRIVATE KEY-----'.repeat(20_000) + '{"kty":"RSA",'.repeat(20_000);
    expect(findPrivateKeys(hostile)).toEqual([]);
  });
});
