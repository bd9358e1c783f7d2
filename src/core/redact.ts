import { createHash } from 'node:crypto';
import type { SecretSummary } from './types.js';

/**
 * A fingerprint of a secret value: stable across moves and reformatting, different when the value
 * changes. Domain-separated SHA-256, truncated to 80 bits: enough to tell values apart in one
 * organisation, short enough to be no use as a lookup table key for long random secrets.
 */
export function fingerprintSecret(value: string): string {
  return createHash('sha256').update('secret-hygiene/v1\0').update(value, 'utf8').digest('hex').slice(0, 20);
}

/**
 * A preview of at most 4 characters, and never more than a quarter of the value, so a short weak
 * secret is not given away. Publicly known values may be shown whole: they are no secret.
 */
export function previewSecret(value: string, isPublic = false): string {
  if (isPublic) return value;
  const n = Math.min(4, Math.floor(value.length / 4));
  return n > 0 ? value.slice(0, n) + '…' : '…';
}

export function summarizeSecret(value: string, isPublic = false): SecretSummary {
  return { preview: previewSecret(value, isPublic), length: value.length, fingerprint: fingerprintSecret(value) };
}

/** Replaces every occurrence of each secret in a text; last line of defence for messages. */
export function scrub(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const s of secrets) {
    if (s.length >= 4 && out.includes(s)) out = out.split(s).join('[redacted]');
  }
  return out;
}
