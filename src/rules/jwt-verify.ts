import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';

/**
 * Offline verification of HMAC-signed JWTs (RFC 7515 §5.2, RFC 7518 §3.2): recompute the
 * signature over `header.payload` with a candidate key and compare. Nothing leaves the machine:
 * this is node:crypto over bytes already read from the repository.
 */

/** The HMAC JWS algorithms and their hash (RFC 7518 §3.2). */
const HMAC_HASHES: Readonly<Record<string, { hash: string; bytes: number }>> = {
  HS256: { hash: 'sha256', bytes: 32 },
  HS384: { hash: 'sha384', bytes: 48 },
  HS512: { hash: 'sha512', bytes: 64 },
};

/**
 * At most this many candidate keys are tried per distinct token: the public list (about 80) plus
 * about 300 repository values always fit. Measured with bench/jwt-tokens.mjs (400 distinct tokens
 * that verify with nothing, 300 repository keys, a loaded 2-core machine): about 3 µs per HMAC,
 * 0.43 s for the rule (0.66 s with 512 candidates).
 */
export const MAX_CANDIDATES_PER_TOKEN = 384;

/**
 * At most this many HMACs per scan, whatever the number of tokens (about one second): a
 * repository of generated fixtures with thousands of distinct tokens must not stall a scan.
 * Tokens beyond the budget are not verified (the docs of jwt-forgeable say so).
 */
export const MAX_HMACS_PER_SCAN = 300_000;

/** What verification needs from a token, computed once per distinct token. */
export interface HmacToken {
  alg: 'HS256' | 'HS384' | 'HS512';
  hash: string;
  signingInput: Buffer;
  signature: Buffer;
}

/**
 * The signing input and decoded signature of an HMAC-signed token, or null when the token is not
 * HS256/384/512 or its signature has the wrong length for the algorithm (malformed: nothing to verify).
 */
export function hmacToken(token: string, alg: unknown): HmacToken | null {
  if (typeof alg !== 'string') return null;
  const name = alg.toUpperCase();
  const spec = HMAC_HASHES[name];
  if (spec === undefined) return null;
  const lastDot = token.lastIndexOf('.');
  if (lastDot <= 0) return null;
  const signature = Buffer.from(token.slice(lastDot + 1), 'base64url');
  if (signature.length !== spec.bytes) return null;
  return { alg: name as HmacToken['alg'], hash: spec.hash, signingInput: Buffer.from(token.slice(0, lastDot), 'latin1'), signature };
}

/** True when `key` produced the token's signature. Compared in constant time. */
export function verifiesWith(token: HmacToken, key: KeyObject | Buffer): boolean {
  const expected = createHmac(token.hash, key).update(token.signingInput).digest();
  return expected.length === token.signature.length && timingSafeEqual(expected, token.signature);
}

/** A scan-wide allowance of HMAC computations (created per check, never module state). */
export class VerificationBudget {
  constructor(private remaining: number = MAX_HMACS_PER_SCAN) {}
  get exhausted(): boolean {
    return this.remaining <= 0;
  }
  /** Takes up to `wanted` units; returns how many were granted. */
  take(wanted: number): number {
    const granted = Math.max(0, Math.min(wanted, this.remaining));
    this.remaining -= granted;
    return granted;
  }
}

/**
 * The first candidate whose key verifies the token, trying at most `limit` candidates (and no
 * more than the budget allows). Candidates are in priority order.
 */
export function findSigningKey<C extends { key: KeyObject }>(
  token: HmacToken,
  candidates: readonly C[],
  budget: VerificationBudget,
  limit: number = MAX_CANDIDATES_PER_TOKEN,
): C | undefined {
  const n = budget.take(Math.min(limit, candidates.length));
  for (let i = 0; i < n; i++) {
    const c = candidates[i] as C;
    if (verifiesWith(token, c.key)) return c;
  }
  return undefined;
}

/**
 * Verdicts for every distinct token: the candidate that verifies it, or null (not HMAC, malformed,
 * nothing verifies, or the budget ran out). Each distinct token is verified once, however many
 * files or commits hold it.
 */
export function verifyDistinct<C extends { key: KeyObject }>(
  tokens: Iterable<{ token: string; header: Record<string, unknown> }>,
  candidates: readonly C[],
  budget: VerificationBudget,
  limit: number = MAX_CANDIDATES_PER_TOKEN,
): Map<string, C | null> {
  const verdicts = new Map<string, C | null>();
  for (const t of tokens) {
    if (verdicts.has(t.token)) continue;
    const parts = hmacToken(t.token, t.header.alg);
    verdicts.set(t.token, parts && !budget.exhausted ? (findSigningKey(parts, candidates, budget, limit) ?? null) : null);
  }
  return verdicts;
}
