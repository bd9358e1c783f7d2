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
 * Tokens the budget leaves unverified are listed as a cut (jwt-forgeable).
 */
export const MAX_HMACS_PER_SCAN = 300_000;

/**
 * The environment variable that lowers the budget (tests, slow runners): a whole number, never
 * above MAX_HMACS_PER_SCAN. It can only make a run cheaper, and what it leaves unverified is a cut
 * that fails the run, so a lower budget never lets a token pass unseen.
 */
export const HMAC_BUDGET_ENV = 'SECRET_HYGIENE_HMAC_BUDGET';

export function hmacBudget(env: NodeJS.ProcessEnv): number {
  const raw = env[HMAC_BUDGET_ENV];
  if (raw === undefined || !/^\d{1,9}$/.test(raw.trim())) return MAX_HMACS_PER_SCAN;
  return Math.min(Number(raw.trim()), MAX_HMACS_PER_SCAN);
}

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
  private remaining: number;
  constructor(readonly total: number = MAX_HMACS_PER_SCAN) {
    this.remaining = total;
  }
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

/** What verifying a scan's tokens found, and what the budget left undone. */
export interface Verification<C> {
  /** Per distinct token: the candidate that verifies it, or null (not HMAC, malformed, nothing verifies, or unverified). */
  verdicts: Map<string, C | null>;
  /** Distinct HMAC tokens the budget did not let be tried against every candidate (within the per-token cap). */
  unverified: Set<string>;
}

type TokenLike = { token: string; header: Record<string, unknown> };

/**
 * Verdicts for every distinct token of a scan, given per file. Each distinct token is verified
 * once, however many files or commits hold it. A repository chooses its tokens, so the order is
 * one a decoy flood cannot use to spend the budget before a real token is reached:
 * - tokens are taken in turns across files (the first distinct token of every file, then the
 *   second, ...): a thousand decoys in one file spend that file's turns, not another file's;
 * - every token is tried against the first `firstPass` candidates (the published and configured
 *   weak keys, cheap and the most often right) before any is tried against the rest.
 * With the budget to spare the verdicts are those of trying each token's candidates in order; what
 * the budget leaves untried is in `unverified`, for the rule to list as a cut.
 */
export function verifyInTurns<C extends { key: KeyObject }>(
  files: readonly (readonly TokenLike[])[],
  candidates: readonly C[],
  budget: VerificationBudget,
  options: { limit?: number; firstPass?: number; work?: { hmacs: number } } = {},
): Verification<C> {
  const cap = Math.min(options.limit ?? MAX_CANDIDATES_PER_TOKEN, candidates.length);
  const split = Math.max(0, Math.min(options.firstPass ?? cap, cap));
  const verdicts = new Map<string, C | null>();
  const unverified = new Set<string>();
  const queue: { token: string; parts: HmacToken }[] = [];
  for (const t of inTurns(files)) {
    if (verdicts.has(t.token)) continue;
    verdicts.set(t.token, null);
    const parts = hmacToken(t.token, t.header.alg);
    if (parts) queue.push({ token: t.token, parts });
  }
  let open = queue;
  for (const [from, to] of [[0, split], [split, cap]] as const) {
    if (from >= to) continue;
    const next: typeof queue = [];
    for (const q of open) {
      const granted = budget.take(to - from);
      if (options.work) options.work.hmacs += granted;
      let found: C | undefined;
      for (let i = from; i < from + granted && found === undefined; i++) {
        const c = candidates[i] as C;
        if (verifiesWith(q.parts, c.key)) found = c;
      }
      if (found !== undefined) {
        verdicts.set(q.token, found);
        continue;
      }
      if (granted < to - from) unverified.add(q.token);
      else next.push(q);
    }
    open = next;
  }
  return { verdicts, unverified };
}

/** Every file's distinct tokens, taken in turns: each file's first, then each file's second, and so on. */
export function* inTurns<T extends { token: string }>(files: readonly (readonly T[])[]): Generator<T> {
  const seen = files.map(() => new Set<string>());
  const at = files.map(() => 0);
  let active = files.map((_, i) => i);
  while (active.length > 0) {
    const still: number[] = [];
    for (const f of active) {
      const list = files[f] as readonly T[];
      const own = seen[f] as Set<string>;
      let i = at[f] as number;
      // The file's next token it has not given yet: a flood of copies of one decoy is one turn.
      while (i < list.length && own.has((list[i] as T).token)) i++;
      if (i >= list.length) continue;
      const t = list[i] as T;
      own.add(t.token);
      at[f] = i + 1;
      yield t;
      still.push(f);
    }
    active = still;
  }
}
