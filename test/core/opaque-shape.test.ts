import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isOpaqueShape } from '../../src/core/opaque-shape.js';

/**
 * The shape test that lets a value take the fast fingerprint. Random keys of the shapes projects
 * generate must mostly pass (a miss only costs the slow hash); anything a person or a wordlist
 * could produce must never pass (a pass would make it cheap to recover from a report).
 */
const share = (make: () => string, n = 2000) => {
  let passed = 0;
  for (let i = 0; i < n; i++) if (isOpaqueShape(make())) passed++;
  return passed / n;
};
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('values whose shape makes guessing hopeless', () => {
  it('random keys of the usual shapes pass', () => {
    // Measured over 5,000 each: hex 99%, base64 of 32 bytes 92%, base64url of 48 96%, UUIDs 99.9%,
    // Django-style keys 79% (87% before the leet check: lower-case letters and symbols read back as words).
    expect(share(() => randomBytes(16).toString('hex'))).toBeGreaterThan(0.96);
    expect(share(() => randomBytes(32).toString('hex'))).toBeGreaterThan(0.96);
    expect(share(() => randomBytes(32).toString('base64'))).toBeGreaterThan(0.85);
    expect(share(() => randomBytes(48).toString('base64url'))).toBeGreaterThan(0.93);
    expect(share(() => randomUUID())).toBeGreaterThan(0.97);
    const jwt = () => {
      const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'u1', exp: 4102444800 })}`;
      return `${head}.${createHmac('sha256', randomBytes(32)).update(head).digest('base64url')}`;
    };
    expect(share(jwt, 500)).toBeGreaterThan(0.75);
    const djangoChars = 'abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)';
    const django = () => Array.from(randomBytes(50), (b) => djangoChars[b % djangoChars.length]).join('');
    expect(share(django)).toBeGreaterThan(0.7); // 86%: the fixed header and JSON payload hold more vowels
  });

  it('guessable values never pass, however long', () => {
    const guessable = [
      'short-Value-9!',
      'MySuperSecretJwtSigningKey2024ForProduction',
      'my-super-secret-jwt-signing-key-for-production-2024',
      'thisismysupersecretkeyforjwtsigningtokens',
      'THIS_IS_MY_SUPER_SECRET_KEY_FOR_JWT_SIGNING',
      'a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6',
      'abcdefghijklmnopqrstuvwxyz0123456789',
      '0123456789abcdef0123456789abcdef0123456789abcdef',
      'qwertyuiopasdfghjklzxcvbnmqwertyuiop',
      'aB3xK9aB3xK9aB3xK9aB3xK9aB3xK9aB3xK9',
      'deadbeefdeadbeefdeadbeefdeadbeefdeadbeef',
      'my secret jwt key used for signing all tokens',
      Buffer.from('secret-key-for-jwt-signing-in-production').toString('base64'),
      Buffer.from('secret-key-for-jwt-signing-in-production').toString('base64url'),
      Buffer.from('correct horse battery staple!').toString('hex'),
      `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'admin', role: 'root' })}.`,
      'postgres://admin:password@db.example.com:5432/app',
      'x'.repeat(200),
      'django-insecure-' + 'changemechangemechangeme',
    ];
    for (const v of guessable) expect(isOpaqueShape(v), v).toBe(false);
  });

  it('is linear in a hostile value: a 1 MB value is judged in one pass', () => {
    const big = randomBytes(750_000).toString('base64');
    expect(typeof isOpaqueShape(big)).toBe('boolean');
    expect(isOpaqueShape('A'.repeat(1_000_000))).toBe(false);
  });
});
