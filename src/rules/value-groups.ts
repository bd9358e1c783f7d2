import type { ScannedDocument } from '../core/rule.js';
import type { SecretAssignment } from '../core/types.js';
import { isNonSecretData } from './non-secret-data.js';
import { isNotASecret } from './secret-strength.js';

export interface Placed {
  doc: ScannedDocument;
  a: SecretAssignment;
}

/**
 * Secret values that are actually set somewhere (literals and literal defaults, decoded), grouped
 * by value. Examples and obvious non-secrets are left out. Groups keep scan order (deterministic).
 */
export function groupByValue(docs: readonly ScannedDocument[]): Map<string, Placed[]> {
  const groups = new Map<string, Placed[]>();
  for (const doc of docs) {
    if (doc.isExample) continue;
    for (const a of doc.parsed.assignments) {
      if ((a.origin !== 'literal' && a.origin !== 'default') || a.value === undefined) continue;
      const v = a.value;
      if (v.trim().length < 4 || isNotASecret(v) || isNonSecretData(doc, a, v)) continue;
      let g = groups.get(v);
      if (!g) groups.set(v, (g = []));
      g.push({ doc, a });
    }
  }
  return groups;
}

/** Where a key id is set, for the related location of a reference. First match in scan order. */
export function findDefinition(docs: readonly ScannedDocument[], keyId: string, prefer?: ScannedDocument): Placed | undefined {
  const defines = (a: SecretAssignment) => a.keyId === keyId && a.origin !== 'reference' && a.origin !== 'fallback';
  if (prefer) {
    const a = prefer.parsed.assignments.find(defines);
    if (a) return { doc: prefer, a };
  }
  for (const doc of docs) {
    const a = doc.parsed.assignments.find(defines);
    if (a) return { doc, a };
  }
  return undefined;
}
