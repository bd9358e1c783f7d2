import type { JwtOccurrence } from '../core/types.js';

/**
 * Finds JSON Web Tokens (JWS compact serialisation, RFC 7515 §7.1) written in any text: tests,
 * docs, Postman collections, `.http` files, front-end code. A token is three base64url parts
 * joined by dots whose first part decodes to a JSON object with a string `alg` (RFC 7515 §4.1.1).
 *
 * Hostile input: one left-to-right pass with `indexOf` and plain character loops (no regex), so the
 * work is linear in the text; each part has a length bound, and a file yields at most
 * MAX_TOKENS_PER_FILE distinct tokens. Never throws.
 */

/**
 * At most this many distinct tokens are taken from one file; more are counted and listed as a
 * problem. Repeats of a token already taken are skipped, so a flood of one decoy cannot push a
 * real token (signed with `secret`) past the cap, as 200 copies of one decoy once did.
 */
export const MAX_TOKENS_PER_FILE = 1000;
/** Longest header part considered, in base64url characters (headers are tens of bytes; x5c chains are not expected here). */
const MAX_HEADER_CHARS = 2048;
/** Longest payload part considered. */
const MAX_PAYLOAD_CHARS = 16_384;
/** Longest signature part: an RSA-8192 signature is 1366 characters. */
const MAX_SIGNATURE_CHARS = 1400;

/** A compact JWS header always starts `{"` → base64url `eyJ`. */
const HEADER_START = 'eyJ';

export function findJwts(text: string, maxTokens: number = MAX_TOKENS_PER_FILE): JwtOccurrence[] {
  return findJwtsCounted(text, maxTokens).tokens;
}

/** findJwts, plus how many distinct tokens beyond `maxTokens` were left out. */
export function findJwtsCounted(text: string, maxTokens: number = MAX_TOKENS_PER_FILE): { tokens: JwtOccurrence[]; cut: number } {
  const out: JwtOccurrence[] = [];
  const seen = new Set<string>();
  let cut = 0;
  let from = 0;
  for (;;) {
    const start = text.indexOf(HEADER_START, from);
    if (start < 0) break;
    // Inside a longer base64 run (a blob, a hash): skip the whole run.
    if (start > 0 && isBase64Url(text.charCodeAt(start - 1))) {
      from = runEnd(text, start);
      continue;
    }
    const headerEnd = runEnd(text, start);
    from = headerEnd;
    if (headerEnd - start > MAX_HEADER_CHARS || text.charCodeAt(headerEnd) !== DOT) continue;
    const payloadEnd = runEnd(text, headerEnd + 1);
    from = payloadEnd;
    if (payloadEnd === headerEnd + 1 || payloadEnd - headerEnd - 1 > MAX_PAYLOAD_CHARS || text.charCodeAt(payloadEnd) !== DOT) continue;
    const signatureEnd = runEnd(text, payloadEnd + 1);
    from = signatureEnd;
    if (signatureEnd - payloadEnd - 1 > MAX_SIGNATURE_CHARS) continue;
    // A fourth part means a JWE (five parts) or some other dotted identifier, not a JWS.
    if (text.charCodeAt(signatureEnd) === DOT && isBase64Url(text.charCodeAt(signatureEnd + 1))) {
      from = skipDotted(text, signatureEnd);
      continue;
    }
    const token = text.slice(start, signatureEnd);
    if (seen.has(token)) continue;
    seen.add(token);
    if (out.length >= maxTokens) {
      // Still scanned to the end (linear), only counted: the cap says what it cut.
      if (decodeToken(token, start)) cut++;
      continue;
    }
    const occurrence = decodeToken(token, start);
    if (occurrence) out.push(occurrence);
  }
  return { tokens: out, cut };
}

/** Decodes a candidate `header.payload.signature`; null when it is not a JWS with a JSON header naming `alg`. */
export function decodeToken(token: string, offset = 0): JwtOccurrence | null {
  const [h, p, s] = token.split('.');
  if (h === undefined || p === undefined || s === undefined) return null;
  const header = decodeJsonPart(h);
  if (header === null || typeof header.alg !== 'string' || header.alg.length === 0) return null;
  // JWE headers carry `enc`; they are encrypted, not signed, and have five parts anyway.
  if ('enc' in header) return null;
  const isUnsecured = header.alg.toLowerCase() === 'none';
  if (!isUnsecured && (s.length === 0 || !isValidBase64UrlLength(s.length))) return null;
  return { token, span: { start: offset, end: offset + token.length }, header, payload: decodeJsonPart(p) };
}

function decodeJsonPart(part: string): Record<string, unknown> | null {
  if (part.length === 0 || !isValidBase64UrlLength(part.length)) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    // Not JSON: for the header this means "not a JWT"; a payload may legitimately be any bytes.
    return null;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** Unpadded base64 never has a length of 1 modulo 4. */
function isValidBase64UrlLength(n: number): boolean {
  return n % 4 !== 1;
}

const DOT = 0x2e;

function isBase64Url(c: number): boolean {
  return (
    (c >= 0x41 && c <= 0x5a) || // A-Z
    (c >= 0x61 && c <= 0x7a) || // a-z
    (c >= 0x30 && c <= 0x39) || // 0-9
    c === 0x2d || // -
    c === 0x5f // _
  );
}

/** Index just past the base64url run starting at `i` (i itself when there is none). */
function runEnd(text: string, i: number): number {
  let j = i;
  while (j < text.length && isBase64Url(text.charCodeAt(j))) j++;
  return j;
}

/** Index past a chain of `.part` segments (to skip JWEs and other dotted identifiers whole). */
function skipDotted(text: string, i: number): number {
  let j = i;
  while (text.charCodeAt(j) === DOT && isBase64Url(text.charCodeAt(j + 1))) j = runEnd(text, j + 1);
  return j;
}
