import type { KeyObject } from 'node:crypto';
import { summarizeSecret } from '../core/redact.js';
import type { SecretSummary } from '../core/types.js';
import { findJwts } from '../parsers/jwt-tokens.js';
import { hmacToken, verifiesWith, VerificationBudget, type HmacToken } from '../rules/jwt-verify.js';
import { lineAt, lineStartsOf } from './scan-text.js';
import type { HeldKey } from './held-key.js';

export interface SignedToken {
  line: number;
  column: number;
  alg: HmacToken['alg'];
  /** Preview (4 characters), length and fingerprint: a token is a credential, never shown whole. */
  token: SecretSummary;
}

/** At most this many distinct tokens are remembered; beyond it each is verified again (still within the budget). */
const MAX_REMEMBERED = 100_000;

/**
 * Which committed JWTs the key signs (HS256/384/512, verified offline by jwt-verify.ts). Each
 * distinct token is verified once however many files and commits hold it, within the scan-wide
 * HMAC budget the jwt-forgeable rule uses.
 */
export class TokenVerifier {
  private readonly verdicts = new Map<string, HmacToken['alg'] | null>();
  private readonly budget = new VerificationBudget();
  private readonly keys;
  /** Distinct HMAC tokens left unverified because the budget ran out. */
  skipped = 0;

  private readonly fingerprints: HeldKey['fingerprints'];

  constructor(key: HeldKey) {
    this.keys = key.hmacKeys();
    this.fingerprints = key.fingerprints;
  }

  signedIn(text: string): SignedToken[] {
    const out: SignedToken[] = [];
    let starts: number[] | null = null;
    for (const t of findJwts(text)) {
      const alg = this.verdict(t.token, t.header.alg);
      if (alg === null) continue;
      starts ??= lineStartsOf(text);
      const line = lineAt(starts, t.span.start);
      out.push({ line, column: t.span.start - (starts[line - 1] ?? 0) + 1, alg, token: summarizeSecret(t.token, this.fingerprints) });
    }
    return out;
  }

  private verdict(token: string, alg: unknown): HmacToken['alg'] | null {
    const known = this.verdicts.get(token);
    if (known !== undefined) return known;
    const parts = hmacToken(token, alg);
    let result: HmacToken['alg'] | null = null;
    if (parts) {
      const granted = this.budget.take(this.keys.length);
      if (granted < this.keys.length) this.skipped++;
      for (let i = 0; i < granted && result === null; i++) if (verifiesWith(parts, this.keys[i] as KeyObject)) result = parts.alg;
    }
    if (this.verdicts.size < MAX_REMEMBERED) this.verdicts.set(token, result);
    return result;
  }
}
