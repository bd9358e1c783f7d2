import { describe, expect, it } from 'vitest';
import { checkEnv, describeFailure, dotenvValues, type CheckEnvOptions } from '../../src/secrets/check-env.js';

const STRONG = 'q3J9vX2mZr8LwT5yK0bN7cH4sD6fG1aP-u_QeRtYiOpAsDfGh';
const STRONG2 = 'Zx8Cv7Bn6Mm5Ll4Kk3Jj2Hh1Gg0Ff9Dd8Ss7Aa6Qq5Ww4Ee3R';
const ctx = { minBytesBasis: 'HS256, RFC 7518 §3.2', fileLabel: 'config/.env' };

function run(partial: Partial<CheckEnvOptions>) {
  return checkEnv({ require: [], distinct: [], minBytes: 32, env: {}, ...partial });
}

describe('checkEnv', () => {
  const cases: { name: string; options: Partial<CheckEnvOptions>; failures: { check: string; code: string; keys: string[] }[] }[] = [
    { name: 'all hold', options: { require: ['JWT_SECRET_KEY'], env: { JWT_SECRET_KEY: STRONG } }, failures: [] },
    { name: 'missing', options: { require: ['JWT_SECRET_KEY'] }, failures: [{ check: 'require', code: 'missing', keys: ['JWT_SECRET_KEY'] }] },
    { name: 'empty', options: { require: ['K'], env: { K: '  ' } }, failures: [{ check: 'require', code: 'empty', keys: ['K'] }] },
    { name: 'known weak', options: { require: ['K'], env: { K: 'keyboard cat' } }, failures: [{ check: 'strength', code: 'known', keys: ['K'] }] },
    { name: 'placeholder', options: { require: ['K'], env: { K: 'changeme-please-123' } }, failures: [{ check: 'strength', code: 'placeholder', keys: ['K'] }] },
    { name: 'short', options: { require: ['K'], env: { K: 'Zq8#rT2!mW' } }, failures: [{ check: 'strength', code: 'short', keys: ['K'] }] },
    {
      name: 'low entropy',
      options: { require: ['K'], env: { K: 'kz9kz9mq2kz9mq2kz9kz9mq2mq2kz9kz9mq2kz9mq2' } },
      failures: [{ check: 'strength', code: 'low-entropy', keys: ['K'] }],
    },
    {
      name: 'keyboard walk',
      options: { require: ['K'], env: { K: 'abababababababababababababababababab' } },
      failures: [{ check: 'strength', code: 'guessable', keys: ['K'] }],
    },
    {
      name: 'long enough for HS256, short for HS512',
      options: { require: ['K'], env: { K: STRONG }, minBytes: 64 },
      failures: [{ check: 'strength', code: 'short', keys: ['K'] }],
    },
    {
      name: 'same value under two names',
      options: { require: ['JWT_SECRET_KEY'], distinct: [['SECRET_KEY', 'JWT_SECRET_KEY']], env: { SECRET_KEY: STRONG, JWT_SECRET_KEY: STRONG } },
      failures: [{ check: 'distinct', code: 'same-value', keys: ['SECRET_KEY', 'JWT_SECRET_KEY'] }],
    },
    {
      name: 'same value up to surrounding whitespace',
      options: { distinct: [['A', 'B']], env: { A: STRONG, B: ` ${STRONG}\n` } },
      failures: [{ check: 'distinct', code: 'same-value', keys: ['A', 'B'] }],
    },
    {
      name: 'three keys, two share: one failure naming the two',
      options: { distinct: [['A', 'B', 'C'], ['B', 'A']], env: { A: STRONG, B: STRONG, C: STRONG2 } },
      failures: [{ check: 'distinct', code: 'same-value', keys: ['A', 'B'] }],
    },
    {
      name: 'a distinct key that is not set is not a failure; a set one is judged for strength',
      options: { distinct: [['A', 'B', 'C']], env: { A: STRONG, C: 'secret' } },
      failures: [{ check: 'strength', code: 'known', keys: ['C'] }],
    },
    {
      name: 'every failure at once',
      options: { require: ['A', 'B', 'C'], distinct: [['C', 'D']], env: { B: 'password', C: STRONG, D: STRONG } },
      failures: [
        { check: 'require', code: 'missing', keys: ['A'] },
        { check: 'strength', code: 'known', keys: ['B'] },
        { check: 'distinct', code: 'same-value', keys: ['C', 'D'] },
      ],
    },
  ];

  it.each(cases)('$name', ({ options, failures }) => {
    const r = run(options);
    expect(r.failures.map((f) => ({ check: f.check, code: f.code, keys: f.keys }))).toEqual(failures);
    expect(r.ok).toBe(failures.length === 0);
  });

  it('takes values from the file where the environment has none; the environment wins', () => {
    const fileValues = dotenvValues(`A=${STRONG}\nB=weak\nB=password\nC=secret\n`);
    const r = run({ require: ['A', 'B', 'C'], env: { C: STRONG2 }, fileValues });
    expect(r.checked).toEqual([
      { key: 'A', source: 'file' },
      { key: 'B', source: 'file' },
      { key: 'C', source: 'environment' },
    ]);
    // B's last line wins, as loaders do: `password` is known-weak.
    expect(r.failures).toMatchObject([{ check: 'strength', code: 'known', keys: ['B'], source: 'file' }]);
  });

  it('an empty value in the environment still wins over the file, as dotenv loaders keep it', () => {
    const r = run({ require: ['A'], env: { A: '' }, fileValues: new Map([['A', STRONG]]) });
    expect(r.failures).toMatchObject([{ code: 'empty', source: 'environment' }]);
  });
});

describe('describeFailure', () => {
  it('names the key and the reason, says what to do, never shows the value', () => {
    const planted = 'Pl4nted-V4lue-never-print';
    const values = {
      SHORT: planted,
      KNOWN: 'your-256-bit-secret',
      SAME1: planted + planted,
      SAME2: planted + planted,
      PH: `<${planted}>`,
      LOW: planted.slice(0, 4).repeat(12),
    };
    const r = run({ require: ['MISSING', 'SHORT', 'KNOWN', 'PH', 'LOW'], distinct: [['SAME1', 'SAME2']], env: values });
    expect(r.failures).toHaveLength(6);
    for (const f of r.failures) {
      const line = describeFailure(f, ctx);
      expect(line).not.toContain('\n');
      for (const k of f.keys) expect(line).toContain(k);
      for (const v of Object.values(values)) expect(line).not.toContain(v);
      expect(line).not.toContain(planted);
      expect(line).toContain('secret-hygiene generate');
    }
    const short = r.failures.find((f) => f.keys[0] === 'SHORT');
    expect(short && describeFailure(short, ctx)).toMatch(/25 bytes long; at least 32 random bytes are needed \(HS256, RFC 7518 §3\.2\)/);
    const fromFile = run({ require: ['F'], fileValues: new Map([['F', 'secret']]) }).failures[0];
    expect(fromFile && describeFailure(fromFile, ctx)).toContain('from config/.env');
  });
});
