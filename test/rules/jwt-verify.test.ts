import { createHmac, createSecretKey, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  hmacToken,
  MAX_CANDIDATES_PER_TOKEN,
  VerificationBudget,
  verifiesWith,
  inTurns,
  verifyInTurns,
} from '../../src/rules/jwt-verify.js';

const HASH = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' } as const;
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
/** Signs with node:crypto; every key in this file is an obviously fake test value or random and discarded. */
function sign(alg: keyof typeof HASH, key: string | Buffer, payload: Record<string, unknown> = { sub: '1', exp: 4102444800 }): string {
  const h = b64({ alg, typ: 'JWT' });
  const p = b64(payload);
  return `${h}.${p}.${createHmac(HASH[alg], key).update(`${h}.${p}`).digest('base64url')}`;
}
const keyOf = (v: string | Buffer) => ({ key: createSecretKey(typeof v === 'string' ? Buffer.from(v) : v), label: String(v) });

describe('offline HMAC verification', () => {
  it.each(['HS256', 'HS384', 'HS512'] as const)('%s: verifies with the signing key only', (alg) => {
    const token = hmacToken(sign(alg, 'not-a-real-key-verify-test'), alg);
    expect(token?.alg).toBe(alg);
    expect(verifiesWith(token!, Buffer.from('not-a-real-key-verify-test'))).toBe(true);
    expect(verifiesWith(token!, Buffer.from('not-a-real-key-verify-tesT'))).toBe(false);
    expect(verifiesWith(token!, createSecretKey(Buffer.from('not-a-real-key-verify-test')))).toBe(true);
  });

  it('verifies the jwt.io example token with its public key', () => {
    const jwtIo =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
    expect(verifiesWith(hmacToken(jwtIo, 'HS256')!, Buffer.from('your-256-bit-secret'))).toBe(true);
  });

  it.each([
    ['an RS256 token', sign('HS256', 'k'), 'RS256'],
    ['alg none', sign('HS256', 'k'), 'none'],
    ['a non-string alg', sign('HS256', 'k'), 42],
    ['a signature of the wrong length for the algorithm', sign('HS256', 'k'), 'HS512'],
    ['a truncated signature', sign('HS256', 'k').slice(0, -5), 'HS256'],
    ['no dot', 'eyJabc', 'HS256'],
  ])('has nothing to verify for %s', (_n, token, alg) => {
    expect(hmacToken(token, alg)).toBeNull();
  });

  it('finds the signing key among candidates and respects the per-token cap', () => {
    const keys = Array.from({ length: 20 }, (_, i) => keyOf(`not-a-real-candidate-${i}`));
    const token = sign('HS256', 'not-a-real-candidate-15');
    const files = [[{ token, header: { alg: 'HS256' } }]];
    expect(verifyInTurns(files, keys, new VerificationBudget()).verdicts.get(token)?.label).toBe('not-a-real-candidate-15');
    const capped = verifyInTurns(files, keys, new VerificationBudget(), { limit: 15 });
    expect(capped.verdicts.get(token)).toBeNull();
    // The per-token cap is a bound on the search, not a cut: the token was tried against all it allows.
    expect(capped.unverified.size).toBe(0);
    expect(MAX_CANDIDATES_PER_TOKEN).toBe(384);
  });

  it('stops when the scan budget runs out, and says the token is unverified', () => {
    const keys = Array.from({ length: 10 }, (_, i) => keyOf(`not-a-real-candidate-${i}`));
    const token = sign('HS256', 'not-a-real-candidate-9');
    const budget = new VerificationBudget(5);
    const r = verifyInTurns([[{ token, header: { alg: 'HS256' } }]], keys, budget);
    expect(r.verdicts.get(token)).toBeNull();
    expect(r.unverified.has(token)).toBe(true);
    expect(budget.exhausted).toBe(true);
  });

  it('verifies each distinct token once', () => {
    const keys = Array.from({ length: 7 }, (_, i) => keyOf(`not-a-real-candidate-${i}`));
    const strong = sign('HS256', randomBytes(48));
    const other = sign('HS512', randomBytes(64));
    const occurrences = [strong, strong, other, strong, other].map((token) => ({ token, header: { alg: token === strong ? 'HS256' : 'HS512' } }));
    const budget = new VerificationBudget(1000);
    const { verdicts, unverified } = verifyInTurns([occurrences, occurrences.slice(1)], keys, budget);
    expect(verdicts.size).toBe(2);
    expect([...verdicts.values()]).toEqual([null, null]);
    expect(unverified.size).toBe(0);
    // Two distinct tokens × seven candidates, not five occurrences × seven.
    expect(budget.take(1000)).toBe(1000 - 14);
  });

  it('names the key that verifies, once per distinct token', () => {
    const keys = [keyOf('not-a-real-a'), keyOf('not-a-real-b')];
    const t = sign('HS384', 'not-a-real-b');
    const { verdicts } = verifyInTurns([[{ token: t, header: { alg: 'HS384' } }, { token: t, header: { alg: 'HS384' } }]], keys, new VerificationBudget());
    expect(verdicts.get(t)?.label).toBe('not-a-real-b');
  });

  it('takes tokens in turns across files, the distinct tokens of each file once', () => {
    const t = (token: string) => ({ token });
    const order = [...inTurns([[t('a1'), t('a1'), t('a1'), t('a2'), t('a3')], [t('b1')], [t('c1'), t('a2'), t('c2')]])].map((x) => x.token);
    expect(order).toEqual(['a1', 'b1', 'c1', 'a2', 'a2', 'a3', 'c2']);
  });

  it('a decoy flood in one file cannot spend the budget before a token in another file, and what is left is listed', () => {
    const keys = Array.from({ length: 10 }, (_, i) => keyOf(`not-a-real-candidate-${i}`));
    const flood = Array.from({ length: 50 }, () => ({ token: sign('HS256', randomBytes(32)), header: { alg: 'HS256' } }));
    const real = sign('HS256', 'not-a-real-candidate-9');
    const work = { hmacs: 0 };
    // Ten turns of ten candidates: the flood's first nine tokens and the real one.
    const { verdicts, unverified } = verifyInTurns([flood, [{ token: real, header: { alg: 'HS256' } }]], keys, new VerificationBudget(100), { work });
    expect(verdicts.get(real)?.label).toBe('not-a-real-candidate-9');
    expect(work.hmacs).toBe(100);
    expect(unverified.size).toBe(flood.length - 9);
    expect(unverified.has(real)).toBe(false);
  });

  it('tries the first pass of candidates on every token before the rest on any', () => {
    const keys = Array.from({ length: 10 }, (_, i) => keyOf(`not-a-real-candidate-${i}`));
    const flood = Array.from({ length: 30 }, () => ({ token: sign('HS256', randomBytes(32)), header: { alg: 'HS256' } }));
    const behind = sign('HS256', 'not-a-real-candidate-1');
    const files = [[...flood, { token: behind, header: { alg: 'HS256' } }]];
    // 31 tokens × 2 first-pass candidates fit in 70; one token after another would stop at the 7th.
    const twoPass = verifyInTurns(files, keys, new VerificationBudget(70), { firstPass: 2 });
    expect(twoPass.verdicts.get(behind)?.label).toBe('not-a-real-candidate-1');
    // The 8 HMACs left finish the first decoy's second pass; the other 29 stay unverified.
    expect(twoPass.unverified.size).toBe(29);
    const onePass = verifyInTurns(files, keys, new VerificationBudget(70));
    expect(onePass.verdicts.get(behind)).toBeNull();
    expect(onePass.unverified.has(behind)).toBe(true);
  });
});
