import type { PrivateKeyOccurrence, Span } from '../core/types.js';

/**
 * Finds private signing keys written in any text: PEM blocks (RFC 7468: PKCS#1 `RSA PRIVATE KEY`,
 * SEC 1 `EC PRIVATE KEY`, PKCS#8 `PRIVATE KEY` for RSA, EC and Ed25519, `ENCRYPTED PRIVATE KEY`)
 * as files, YAML block scalars or JSON/code strings with `\n` escapes, and JSON Web Keys with
 * private members (RFC 7518 §6.2.2 `d`, §6.3.2 `p`/`q`; RFC 8037 `d`; §6.4 `oct` keys' `k`).
 *
 * Public keys and certificates are not private keys and are never matched. A block whose body is
 * not DER in base64 (`...`, `<your key here>`, a regex in a parser) is not a key.
 *
 * Hostile input: `indexOf` scans and bounded windows, no backtracking regex over the whole text;
 * at most MAX_KEYS_PER_FILE keys per file. Never throws.
 */

export const MAX_KEYS_PER_FILE = 50;
/** An RSA-16384 PKCS#8 key is about 12 KiB of base64; anything longer is not one key. */
const MAX_PEM_CHARS = 16_384;
/** The shortest real body: an Ed25519 PKCS#8 key is 48 bytes, 64 base64 characters. */
const MIN_BODY_CHARS = 60;
/** How far around `kty` a JWK object may reach. */
const MAX_JWK_CHARS = 16_384;
/** `kty` occurrences examined per file (a JWKS of 200 keys is already unusual). */
const MAX_JWK_ATTEMPTS = 400;

const PEM_LABELS = ['RSA PRIVATE KEY', 'EC PRIVATE KEY', 'DSA PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'PRIVATE KEY'] as const;
const BEGIN = '-----BEGIN ';

/** Words (case-insensitive) a file must contain to hold a key: what sources `git grep` for. */
export const PRIVATE_KEY_WORDS = ['private key-----', 'kty'] as const;

/** Files whose name says they hold a key (`jwt.key`, `private.pem`, `jwks.json` is JSON and read anyway). */
export function isKeyFilePath(path: string): boolean {
  return /\.(pem|key|p8|pk8|jwk|jwks)$/i.test(path);
}

/** A cheap test before the search: the text mentions a PEM private key or a JWK key type. */
export function hasPrivateKeyHint(text: string): boolean {
  return text.includes('PRIVATE KEY-----') || text.includes('kty');
}

export function findPrivateKeys(text: string): PrivateKeyOccurrence[] {
  const out: PrivateKeyOccurrence[] = [];
  if (text.includes('PRIVATE KEY-----')) findPemKeys(text, out);
  if (text.includes('kty')) findJwkKeys(text, out);
  return out.sort((a, b) => a.span.start - b.span.start);
}

function findPemKeys(text: string, out: PrivateKeyOccurrence[]): void {
  let from = 0;
  // The next END marker of each label at or after the last search: searched again only once passed,
  // so a file of BEGIN markers without ends costs one pass per label, not one per marker.
  const nextEnd = new Map<string, number>();
  while (out.length < MAX_KEYS_PER_FILE) {
    const start = text.indexOf(BEGIN, from);
    if (start < 0) return;
    from = start + BEGIN.length;
    const label = PEM_LABELS.find((l) => text.startsWith(`${l}-----`, from));
    if (!label) continue;
    const bodyStart = from + label.length + 5;
    const endMarker = `-----END ${label}-----`;
    let end = nextEnd.get(label);
    if (end === undefined || (end >= 0 && end < bodyStart)) {
      end = text.indexOf(endMarker, bodyStart);
      nextEnd.set(label, end);
    }
    if (end < 0 || end - bodyStart > MAX_PEM_CHARS) continue;
    from = end + endMarker.length;
    const body = pemBody(text.slice(bodyStart, end));
    if (body === null) continue;
    out.push({
      kind: kindOfPem(label),
      encrypted: label === 'ENCRYPTED PRIVATE KEY' || body.encrypted,
      material: body.base64,
      span: { start, end: from },
    });
  }
}

function kindOfPem(label: (typeof PEM_LABELS)[number]): PrivateKeyOccurrence['kind'] {
  switch (label) {
    case 'RSA PRIVATE KEY':
      return 'RSA private key (PKCS#1 PEM)';
    case 'EC PRIVATE KEY':
      return 'EC private key (SEC 1 PEM)';
    case 'DSA PRIVATE KEY':
      return 'DSA private key (PEM)';
    default:
      return 'private key (PKCS#8 PEM)';
  }
}

/**
 * The base64 body of a PEM block as written in a file, a YAML block or a string: line breaks
 * (real or `\n` escapes), indentation, and the quotes and `+` of concatenated strings are dropped;
 * RFC 1421 headers (`Proc-Type: 4,ENCRYPTED`) are skipped. Null when what is left is not DER.
 */
function pemBody(raw: string): { base64: string; encrypted: boolean } | null {
  const lines = raw.split(/\r?\n|\\r\\n|\\n/);
  let encrypted = false;
  let base64 = '';
  for (const line of lines) {
    const t = line.trim();
    if (/^(Proc-Type|DEK-Info):/.test(t)) {
      if (t.includes('ENCRYPTED')) encrypted = true;
      continue;
    }
    base64 += unquoteLine(t);
    if (base64.length > MAX_PEM_CHARS) return null;
  }
  // Every DER encoding of these structures is a SEQUENCE (0x30), whose base64 starts with `M`.
  if (base64.length < MIN_BODY_CHARS || base64[0] !== 'M' || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return null;
  return { base64, encrypted };
}

/**
 * One line of a body. A line of a PEM file is pure base64 (where `+` is a digit); a line of code
 * that builds one is `"MIIE..." +` or `'MIIE...\n',`: quotes, the concatenation and commas go.
 */
function unquoteLine(line: string): string {
  const t = line.replace(/\\r$/, '');
  if (!/["'`]/.test(t)) return t.replace(/\s+/g, '');
  return t
    .replace(/^[\s+,(]*["'`]/, '')
    .replace(/["'`][\s+,);]*$/, '')
    .replace(/["'`]\s*\+\s*["'`]/g, '')
    .replace(/\s+/g, '');
}

const JWK_KTY = /["']?kty["']?\s*:\s*["']?(RSA|EC|OKP|oct)["']?/g;
/** A private member with a base64url value long enough to be key material (16 bytes or more). */
const PRIVATE_MEMBER = /["']?\b(d|p|q|k)["']?\s*:\s*["']([A-Za-z0-9_-]{22,})["']/g;

function findJwkKeys(text: string, out: PrivateKeyOccurrence[]): void {
  JWK_KTY.lastIndex = 0;
  let lastObjectEnd = -1;
  // Each attempt reads a bounded window; a bounded number of attempts keeps a file of `kty`s linear.
  let attempts = 0;
  for (let m = JWK_KTY.exec(text); m !== null && out.length < MAX_KEYS_PER_FILE && attempts++ < MAX_JWK_ATTEMPTS; m = JWK_KTY.exec(text)) {
    if (m.index < lastObjectEnd) continue;
    const kty = m[1] ?? '';
    const object = enclosingObject(text, m.index);
    if (!object) continue;
    lastObjectEnd = object.end;
    const body = text.slice(object.start, object.end);
    PRIVATE_MEMBER.lastIndex = 0;
    for (let p = PRIVATE_MEMBER.exec(body); p !== null; p = PRIVATE_MEMBER.exec(body)) {
      const member = p[1] ?? '';
      // `k` is the key itself only in a symmetric (`oct`) JWK; `d`, `p`, `q` only in the others.
      if ((kty === 'oct') !== (member === 'k')) continue;
      const value = p[2] ?? '';
      const valueStart = object.start + p.index + p[0].length - value.length - 1;
      out.push({
        kind: kty === 'oct' ? 'symmetric JWK (oct "k")' : `${kty} private JWK ("${member}")`,
        encrypted: false,
        material: value,
        span: { start: valueStart, end: valueStart + value.length },
      });
      break;
    }
  }
}

/** The `{ ... }` around `at`: the nearest unclosed `{` before it and its match after, within bounds. */
function enclosingObject(text: string, at: number): Span | null {
  let depth = 0;
  let start = -1;
  for (let k = at - 1; k >= Math.max(0, at - MAX_JWK_CHARS); k--) {
    const c = text.charCodeAt(k);
    if (c === 0x7d) depth++;
    else if (c === 0x7b) {
      if (depth === 0) {
        start = k;
        break;
      }
      depth--;
    }
  }
  if (start < 0) return null;
  depth = 0;
  const limit = Math.min(text.length, start + MAX_JWK_CHARS);
  for (let k = start; k < limit; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x7b) depth++;
    else if (c === 0x7d && --depth === 0) return { start, end: k + 1 };
  }
  return null;
}
