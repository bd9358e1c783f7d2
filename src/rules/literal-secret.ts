import type { RuleSettings, ScannedDocument } from '../core/rule.js';
import type { SecretAssignment } from '../core/types.js';
import { assessSecret, isNotASecret, type Weakness } from './secret-strength.js';

/**
 * Which rule owns a literal secret depends on where it sits: a dotenv file (committed-dotenv), a
 * manifest (plaintext-manifest-secret), CI config (ci-plaintext-secret) or code and app config
 * (hardcoded-secret). A weak literal is weak-secret's, wherever it sits: one finding per place.
 */
export type Placement = 'dotenv' | 'manifest' | 'ci' | 'code';

export function placementOf(a: SecretAssignment): Placement {
  switch (a.context.format) {
    case 'dotenv':
      return 'dotenv';
    case 'compose':
    case 'kubernetes':
    case 'helm':
      return 'manifest';
    case 'ci':
      return 'ci';
    default:
      return 'code';
  }
}

export interface LiteralSecret {
  a: SecretAssignment;
  value: string;
  weakness: Weakness | null;
}

/** Literal values bound to secret-named keys that are worth judging (not examples, not paths/URLs/flags). */
export function literalSecrets(doc: ScannedDocument, settings: RuleSettings): LiteralSecret[] {
  if (doc.isExample) return [];
  const out: LiteralSecret[] = [];
  for (const a of doc.parsed.assignments) {
    if (a.origin !== 'literal' || a.value === undefined || a.value.trim() === '') continue;
    if (isNotASecret(a.value)) continue;
    const weakness = assessSecret(a.value, { minBytes: settings.minSecretBytes, extraWeakValues: settings.extraWeakValues });
    out.push({ a, value: a.value, weakness });
  }
  return out;
}
