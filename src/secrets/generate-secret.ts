import { randomBytes } from 'node:crypto';
import { assessSecret } from '../rules/secret-strength.js';

/**
 * Makes signing secrets: random bytes from node:crypto (the OS CSPRNG), encoded as text. The
 * default, 64 bytes in base64url (86 characters), is Python's `secrets.token_urlsafe(64)`.
 */

export const SECRET_ENCODINGS = ['base64url', 'hex', 'base64'] as const;
export type SecretEncoding = (typeof SECRET_ENCODINGS)[number];

/** RFC 7518 §3.2: an HS256 key must have at least 256 bits; we never generate less. */
export const MIN_SECRET_BYTES = 32;
export const DEFAULT_SECRET_BYTES = 64;
/** A bound so that a typo (`--bytes 6400000`) does not write megabytes into a dotenv file. */
export const MAX_SECRET_BYTES = 4096;

export interface GenerateOptions {
  bytes: number;
  encoding: SecretEncoding;
}

export type RandomSource = (size: number) => Buffer;

export function isSecretEncoding(value: string): value is SecretEncoding {
  return (SECRET_ENCODINGS as readonly string[]).includes(value);
}

/** How many characters `bytes` random bytes take in `encoding` (base64 with its `=` padding). */
export function encodedLength(bytes: number, encoding: SecretEncoding): number {
  switch (encoding) {
    case 'hex':
      return bytes * 2;
    case 'base64':
      return Math.ceil(bytes / 3) * 4;
    case 'base64url':
      return Math.ceil((bytes * 4) / 3);
  }
}

const MAX_ATTEMPTS = 1000;

/**
 * A fresh secret of `bytes` random bytes. A draw the weak-secret rule would flag is drawn again:
 * its placeholder test matches text such as `xxx` or `here` anywhere, case-insensitively, so about
 * 1 in 400 random base64 values trips it. Skipping those costs far less than a bit of entropy and
 * keeps the promise that a generated secret passes `scan` and `check-env`.
 */
export function generateSecret(options: GenerateOptions, random: RandomSource = randomBytes): string {
  const { bytes, encoding } = options;
  if (!Number.isInteger(bytes) || bytes < MIN_SECRET_BYTES || bytes > MAX_SECRET_BYTES) {
    throw new RangeError(`bytes must be an integer from ${MIN_SECRET_BYTES} to ${MAX_SECRET_BYTES} (got ${bytes})`);
  }
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const value = random(bytes).toString(encoding);
    if (assessSecret(value, { minBytes: MIN_SECRET_BYTES }) === null) return value;
  }
  // Only a broken random source gets here (a constant one, say): never hand out its output.
  throw new Error(`the random source produced ${MAX_ATTEMPTS} values that all look weak; it is not random`);
}
