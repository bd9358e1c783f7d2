import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { assessSecret, minBytesForAlgorithm } from '../../src/rules/secret-strength.js';
import { encodedLength, generateSecret, SECRET_ENCODINGS, type SecretEncoding } from '../../src/secrets/generate-secret.js';

const ALPHABET: Record<SecretEncoding, RegExp> = {
  base64url: /^[A-Za-z0-9_-]+$/,
  hex: /^[0-9a-f]+$/,
  base64: /^[A-Za-z0-9+/]+={0,2}$/,
};

describe('generateSecret', () => {
  const cases = SECRET_ENCODINGS.flatMap((encoding) => [32, 33, 64, 100].map((bytes) => ({ encoding, bytes })));

  it.each(cases)('$bytes bytes as $encoding: right length, alphabet and decoded size', ({ encoding, bytes }) => {
    for (let i = 0; i < 20; i++) {
      const s = generateSecret({ bytes, encoding });
      expect(s).toHaveLength(encodedLength(bytes, encoding));
      expect(s).toMatch(ALPHABET[encoding]);
      expect(Buffer.from(s, encoding)).toHaveLength(bytes);
    }
  });

  it('defaults match Python secrets.token_urlsafe(64): 86 characters', () => {
    expect(encodedLength(64, 'base64url')).toBe(86);
  });

  it('every generated secret passes the weak-secret judgement (HS256; HS512 for 64 bytes)', () => {
    for (const encoding of SECRET_ENCODINGS) {
      for (let i = 0; i < 2000; i++) {
        expect(assessSecret(generateSecret({ bytes: 32, encoding }), { minBytes: minBytesForAlgorithm('HS256') })).toBeNull();
        expect(assessSecret(generateSecret({ bytes: 64, encoding }), { minBytes: minBytesForAlgorithm('HS512') })).toBeNull();
      }
    }
  });

  it('draws again when a draw looks like a placeholder to the weak-secret rule', () => {
    let calls = 0;
    // All-zero bytes encode as `AAAA…`: one repeated character, which the rule calls a placeholder.
    const source = (n: number) => (++calls === 1 ? Buffer.alloc(n) : randomBytes(n));
    const s = generateSecret({ bytes: 64, encoding: 'base64url' }, source);
    expect(calls).toBe(2);
    expect(s).not.toMatch(/^A+$/);
  });

  it('refuses a source that is not random, and sizes below 32 bytes', () => {
    expect(() => generateSecret({ bytes: 64, encoding: 'hex' }, (n) => Buffer.alloc(n, 7))).toThrow(/not random/);
    expect(() => generateSecret({ bytes: 31, encoding: 'hex' })).toThrow(RangeError);
    expect(() => generateSecret({ bytes: 32.5, encoding: 'hex' })).toThrow(RangeError);
  });
});
