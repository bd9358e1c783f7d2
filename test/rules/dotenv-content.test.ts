import { describe, expect, it } from 'vitest';
import type { DotenvEntry } from '../../src/parsers/dotenv.js';
import { entryHoldsSecret, isPublicDotenvKey } from '../../src/rules/dotenv-content.js';

function entry(key: string, value: string): DotenvEntry {
  const span = { start: 0, end: 0 };
  return { key, value, quote: null, exported: false, keySpan: span, valueSpan: span, rawValueSpan: span, lineSpan: span, line: 1, endLine: 1 };
}

describe('dotenv-content: which committed dotenv entries hold a secret', () => {
  it.each([
    ['DB_PASSWORD', 'hunter2hunter2'],
    ['DATABASE_URL', 'postgres://app:s3cretpw@db:5432/app'],
    ['JWT_SECRET', 'x7Kp2mQ9vL4nR8sT'],
    ['API_TOKEN', 'tok-4f9a8b7c6d5e'],
  ])('%s holds a secret', (key, value) => {
    expect(entryHoldsSecret(entry(key, value))).toBe(true);
  });

  it.each([
    ['VITE_API_URL', 'https://api.example.com'],
    ['NEXT_PUBLIC_SITE_NAME', 'Example'],
    ['PORT', '3000'],
    ['DEBUG', 'true'],
    ['TOKEN_URL', 'https://auth.example.com/token'],
    ['JWT_EXPIRES_IN', '3600'],
    ['JWT_SECRET', ''],
    ['JWT_SECRET', '<your-secret>'],
    ['DATABASE_URL', 'postgres://db:5432/app'],
  ])('%s=%s holds no secret', (key, value) => {
    expect(entryHoldsSecret(entry(key, value))).toBe(false);
  });

  it('public prefixes are the ones front-end build tools bundle into the browser', () => {
    expect(isPublicDotenvKey('VITE_KEY')).toBe(true);
    expect(isPublicDotenvKey('REACT_APP_X')).toBe(true);
    expect(isPublicDotenvKey('JWT_SECRET')).toBe(false);
  });
});
