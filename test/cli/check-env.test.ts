import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const temps: string[] = [];
afterAll(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

function dir(files: Record<string, string> = {}): string {
  const d = tempDir('sh-check-env-');
  temps.push(d);
  for (const [p, t] of Object.entries(files)) writeFileSync(join(d, p), t);
  return d;
}

const STRONG = 'vN3q-7ZrLx2Kp9TfWb4Hy6Jd8Mc1Rg5Se0Ua_QiOoPlEkXtY';
const STRONG2 = 'Bq7_Wn2Xe9Rt4Yu6Ii1Oo3Pp5Aa8Ss0Dd-Ff7Gg2Hh4Jj6Kk';
// Planted values: each must never appear in any output.
const PLANTED = {
  weak: 'changeme-please-123',
  short: 'Tq9!xZ4#vB',
  shared: 'Pl4nt3d_Shared_Value_9d8c7b6a5f4e3d2c1b0a9f8e7d6c',
  lowEntropy: 'abcabcabcabcabcabcabcabcabcabcabcabcabc',
  fromFile: 'f1le-only-planted-8s7d6f5g4h3j2k1l0z9x8c7v6b5n4m',
};

function expectNoValues(out: string): void {
  for (const v of [...Object.values(PLANTED), STRONG, STRONG2]) expect(out).not.toContain(v);
}

describe('secret-hygiene check-env', () => {
  it('exits 0 and says so when every check holds', async () => {
    const r = await cli(dir(), ['check-env', '--require', 'JWT_SECRET_KEY', '--distinct', 'SECRET_KEY,JWT_SECRET_KEY'], {
      JWT_SECRET_KEY: STRONG,
      SECRET_KEY: STRONG2,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^check-env: ok \(JWT_SECRET_KEY, SECRET_KEY\)/);
    expectNoValues(r.stdout + r.stderr);
  });

  const failing: { name: string; args: string[]; env: Record<string, string>; line: RegExp }[] = [
    { name: 'missing', args: ['--require', 'JWT_SECRET_KEY'], env: {}, line: /^JWT_SECRET_KEY is not set/ },
    { name: 'empty', args: ['--require', 'JWT_SECRET_KEY'], env: { JWT_SECRET_KEY: '' }, line: /^JWT_SECRET_KEY is set but empty \(in the environment\)/ },
    { name: 'placeholder', args: ['--require', 'JWT_SECRET_KEY'], env: { JWT_SECRET_KEY: PLANTED.weak }, line: /^JWT_SECRET_KEY \(from the environment\) is weak: it is a placeholder/ },
    { name: 'known weak', args: ['--require', 'SECRET_KEY'], env: { SECRET_KEY: 'keyboard cat' }, line: /^SECRET_KEY \(from the environment\) is weak: it is a publicly known value/ },
    { name: 'short', args: ['--require', 'K'], env: { K: PLANTED.short }, line: /^K \(from the environment\) is weak: it is 10 bytes long; at least 32 random bytes are needed \(HS256, RFC 7518 §3\.2\)/ },
    { name: 'low entropy', args: ['--require', 'K'], env: { K: PLANTED.lowEntropy }, line: /^K \(from the environment\) is weak: it has little randomness/ },
    {
      name: 'short for HS512',
      args: ['--require', 'K', '--algorithm', 'hs512'],
      env: { K: STRONG },
      line: /^K \(from the environment\) is weak: it is 48 bytes long; at least 64 random bytes are needed \(HS512, RFC 7518 §3\.2\)/,
    },
    { name: '--min-bytes', args: ['--require', 'K', '--min-bytes', '50'], env: { K: STRONG }, line: /at least 50 random bytes are needed \(--min-bytes 50\)/ },
    {
      name: 'reused',
      args: ['--require', 'JWT_SECRET_KEY', '--distinct', 'SECRET_KEY,JWT_SECRET_KEY'],
      env: { JWT_SECRET_KEY: PLANTED.shared, SECRET_KEY: PLANTED.shared },
      line: /^SECRET_KEY and JWT_SECRET_KEY have the same value/,
    },
  ];

  it.each(failing)('exits 1 on $name, one line naming the key, never the value', async ({ args, env, line }) => {
    const r = await cli(dir(), ['check-env', ...args], env);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(line);
    expectNoValues(r.stdout + r.stderr);
  });

  it('reports every failure, one line each', async () => {
    const env = { A: PLANTED.weak, B: PLANTED.shared, C: PLANTED.shared, D: PLANTED.short };
    const r = await cli(dir(), ['check-env', '--require', 'A,MISSING', '--require', 'D', '--distinct', 'B,C'], env);
    expect(r.code).toBe(1);
    expect(r.stdout.trimEnd().split('\n').map((l) => l.split(' ')[0])).toEqual(['A', 'MISSING', 'D', 'B']);
    expectNoValues(r.stdout + r.stderr);
  });

  it('reads --env-file; the environment wins over the file', async () => {
    const d = dir({ 'app.env': `JWT_SECRET_KEY=${PLANTED.fromFile}\nSECRET_KEY=${PLANTED.weak}\n` });
    const ok = await cli(d, ['check-env', '--env-file', 'app.env', '--require', 'JWT_SECRET_KEY,SECRET_KEY'], { SECRET_KEY: STRONG });
    expect(ok.code).toBe(0);
    const bad = await cli(d, ['check-env', '--dotenv', 'app.env', '--require', 'JWT_SECRET_KEY,SECRET_KEY']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^SECRET_KEY \(from app\.env\) is weak/);
    const reused = await cli(d, ['check-env', '--env-file', 'app.env', '--distinct', 'JWT_SECRET_KEY,SECRET_KEY'], { SECRET_KEY: PLANTED.fromFile });
    expect(reused.code).toBe(1);
    for (const r of [ok, bad, reused]) expectNoValues(r.stdout + r.stderr);
  });

  it('--format json: versioned, with sources and messages, without values', async () => {
    const r = await cli(dir(), ['check-env', '--require', 'A,B', '--distinct', 'A,C', '--format', 'json'], { A: PLANTED.shared, C: PLANTED.shared, B: PLANTED.weak });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      version: 1,
      ok: false,
      minBytes: 32,
      keys: [
        { key: 'A', source: 'environment' },
        { key: 'B', source: 'environment' },
        { key: 'C', source: 'environment' },
      ],
      failures: [
        { check: 'strength', code: 'placeholder', keys: ['B'], source: 'environment', message: expect.stringMatching(/^B /) },
        { check: 'distinct', code: 'same-value', keys: ['A', 'C'], sources: ['environment', 'environment'] },
      ],
    });
    expectNoValues(r.stdout + r.stderr);
    const ok = await cli(dir(), ['check-env', '--require', 'A', '--format', 'json'], { A: STRONG });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, failures: [] });
  });

  it('exits 2 with what to do on bad usage', async () => {
    const d = dir();
    for (const args of [
      [],
      ['--distinct', 'ONLY_ONE'],
      ['--distinct', 'A,A'],
      ['--require', 'BAD NAME'],
      ['--require', 'A', '--algorithm', 'RS256'],
      ['--require', 'A', '--min-bytes', '16'],
      ['--require', 'A', '--min-bytes', 'many'],
      ['--require', 'A', '--algorithm', 'HS512', '--min-bytes', '48'],
      ['--require', 'A', '--env-file', 'nope.env'],
      ['--require', 'A', '--format', 'xml'],
      ['--require', 'A', 'extra'],
      ['--bogus'],
    ]) {
      const r = await cli(d, ['check-env', ...args], { A: PLANTED.weak });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/^secret-hygiene check-env: /);
      expectNoValues(r.stdout + r.stderr);
    }
  });

  it('prints its help', async () => {
    const r = await cli(dir(), ['check-env', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--require/);
  });
});
