import { createHash, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import { summarizeSecret, type SecretFingerprinter } from '../core/redact.js';
import type { SecretSummary } from '../core/types.js';

/**
 * The key under investigation, held in memory only. It cannot be printed by accident: every way a
 * value turns into text (`String()`, template literals, `JSON.stringify`, `util.inspect`, console)
 * gives `[key]`. Code that needs the bytes asks for them by name (`forms`, `hmacKey`, `equals`).
 */
export class HeldKey {
  readonly #value: string;
  readonly #digest: Buffer;
  readonly summary: SecretSummary;

  /** `fingerprints`: the repository's (see core/redact.ts), so the summary matches what scans print. */
  constructor(
    value: string,
    readonly fingerprints: SecretFingerprinter,
  ) {
    this.#value = value;
    this.#digest = digestOf(value);
    this.summary = summarizeSecret(value, fingerprints);
  }

  get length(): number {
    return this.#value.length;
  }

  /** Compared by SHA-256 digest in constant time: no early exit that depends on the value. */
  equals(candidate: string): boolean {
    return timingSafeEqual(this.#digest, digestOf(candidate));
  }

  /** The HMAC keys a token may have been signed with: the bytes as written, and base64-decoded when they look like base64 (jjwt, Spring). */
  hmacKeys(): KeyObject[] {
    const keys = [createSecretKey(Buffer.from(this.#value, 'utf8'))];
    if (/^[A-Za-z0-9+/_-]{16,}={0,2}$/.test(this.#value) && this.#value.length % 4 !== 1) {
      const decoded = Buffer.from(this.#value, /[-_]/.test(this.#value) ? 'base64url' : 'base64');
      if (decoded.length >= 16) keys.push(createSecretKey(decoded));
    }
    return keys;
  }

  /** Hands the value to `use` (form building, the purge file); nothing else can read it. */
  reveal<T>(use: (value: string) => T): T {
    return use(this.#value);
  }

  toString(): string {
    return '[key]';
  }
  toJSON(): string {
    return '[key]';
  }
  [inspect.custom](): string {
    return '[key]';
  }
}

function digestOf(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
