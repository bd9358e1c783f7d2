import { randomBytes, randomInt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { guessableShape } from '../../src/rules/guessable.js';
import { assessSecret } from '../../src/rules/secret-strength.js';

const opts = { minBytes: 32 };

/** Django's get_random_secret_key(): 50 characters drawn from this alphabet. */
const DJANGO_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)';
function djangoKey(): string {
  let s = '';
  for (let i = 0; i < 50; i++) s += DJANGO_ALPHABET.charAt(randomInt(DJANGO_ALPHABET.length));
  return s;
}

/** The shapes strong secrets are generated in: openssl rand -hex/-base64, token_urlsafe, Django. */
const GENERATORS: ReadonlyArray<[string, () => string]> = [
  ['hex (32 bytes)', () => randomBytes(32).toString('hex')],
  ['hex (64 bytes)', () => randomBytes(64).toString('hex')],
  ['base64 (32 bytes)', () => randomBytes(32).toString('base64')],
  ['base64 (64 bytes)', () => randomBytes(64).toString('base64')],
  ['base64url (32 bytes)', () => randomBytes(32).toString('base64url')],
  ['base64url (64 bytes)', () => randomBytes(64).toString('base64url')],
  ['Django-style (50 chars)', djangoKey],
];

describe('strong generated secrets are never judged weak', () => {
  for (const [name, gen] of GENERATORS) {
    it(`2,000 ${name} secrets`, () => {
      const weak: string[] = [];
      for (let i = 0; i < Number(process.env.STRONG_DRAWS ?? 2000); i++) {
        const v = gen();
        const w = assessSecret(v, opts);
        if (w !== null) weak.push(`${w.kind}: ${w.reason}`);
      }
      expect(weak).toEqual([]);
    });
  }
});

describe('guessable values', () => {
  it.each([
    ['123456', 'digits'],
    ['233', 'digits'],
    ['20240101123456789012345678901234', 'digits'],
    ['qwertyuiopasdfghjklzxcvbnm1234567890', 'keyboard'],
    ['1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol', 'keyboard'],
    ['0123456789abcdef0123456789abcdef', 'keyboard'],
    ['A1B2C3D4E5F6G7H8I9J0K1L2M3N4O5P6', 'keyboard'],
    ['asdfasdfsdfsdfasdfasdfsdfsdfsdfasdf', 'keyboard'],
    ['asdkjhaskdjhfgaslkdjfhgaslkdjfh', 'keyboard'],
    ['this-is-my-very-long-jwt-secret-for-development', 'phrase'],
    ['ThisIsMySuperSecretKeyForSigningTokens', 'phrase'],
    ['Th1s1sMyS3cr3tK3yF0rS1gn1ngT0k3ns!', 'phrase'],
    ['the quick secret that nobody will ever guess', 'phrase'],
    ['secretkeysecretkeysecretkeysecretkey', 'phrase'],
  ])('%s is %s', (value, kind) => {
    expect(guessableShape(value)).toBe(kind);
    expect(assessSecret(value, opts)).not.toBeNull();
  });

  it.each(['Kj8Vx2Ym_5qN9wLpZ3rTc7Uf1hAs6Dg0iEoWbXvYnMzQlRkUjHtGfCsPaN4rBemI', 'sk8dKj29mN3pQ7vX2zY9wR5uT8sL6fH4jK2nM9pQ3rT7vY'])(
    '%s is not guessable',
    (value) => {
      expect(guessableShape(value)).toBeNull();
    },
  );
});
