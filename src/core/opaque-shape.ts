/**
 * Whether a value's own shape makes guessing it hopeless: the test that picks a fingerprint's hash
 * (see `fingerprintSecret` in redact.ts). A value that passes gets a fast keyed hash; every other
 * value keeps the slow one (scrypt), which is what stops a short or guessable value being recovered
 * from its preview, length and fingerprint by trying candidates.
 *
 * It is part of the fingerprint scheme (v3): baselines and suppression pins hold fingerprints, so
 * this function must give the same answer for the same value forever. It reads the value alone
 * (length and character mix), never a rule's judgement (rules change between versions), and it
 * is deliberately conservative: a value only passes when even a cheap hash leaves nothing to try.
 *
 * A value passes when all of these hold:
 * - at least 32 characters, with no whitespace (a sentence is a passphrase);
 * - at least 10 distinct characters, and at least 12 distinct steps between neighbours (their
 *   code point differences), so a repeated block (`aB3xaB3x…`) or a sequence (`a1b2c3…`) fails;
 * - not word-like: under 30% of its letters are vowels, where words have about 38% and random
 *   letters 19%, and under 45% of it in runs of 4 or more lower-case letters, capitals or digits;
 *   hex and UUIDs (letters a-f only) instead have no run of 8 letters (`deadbeef…`);
 * - not a leet-spelt phrase (`s3cr3t-k3y-f0r-pr0d-…`, `p@ssw0rd…`): read back as letters, under 70%
 *   of its letters in word-like pieces and no word secrets are made of (`readsAsLeetPhrase`; scheme
 *   v3.1, v3.0 let them pass);
 * - it is not base64 or hex (as a whole, or every dot-separated part of it) of printable text: a
 *   base64-encoded phrase has the mixed shape of a random key, and is as guessable as the phrase.
 *   An unsigned JWT (`header.payload.`) is all text, a signed one has a random signature.
 *
 * Measured (test/core/opaque-shape.test.ts): random hex of 32 and 64, base64 and base64url of 32
 * bytes, UUIDs and signed JWTs pass (bar a small share that merely costs the slow hash); phrases,
 * camel-case words, sequences, keyboard walks, repeated blocks and base64/hex of phrases fail.
 */
export const MIN_OPAQUE_CHARS = 32;
const MIN_DISTINCT_CHARS = 10;
const MIN_DISTINCT_STEPS = 12;
/** English words are about 38% vowels (a, e, i, o, u); random letters 19%. */
const MAX_VOWEL_SHARE = 0.3;
/** Random base64 has under 43% of its characters in same-class runs of 4 or more in 99 of 100 keys. */
const MAX_LONG_RUN_SHARE = 0.45;
/** Random hex has a run of 8 letters (a-f) in about 1 key of 100. */
const MAX_HEX_LETTER_RUN = 8;
/** Read back from leet, a phrase has most of its letters in word-like pieces; random text rarely 70%. */
const MAX_WORD_SHARE = 0.7;

export function isOpaqueShape(value: string): boolean {
  return isOpaqueShapeV30(value) && !readsAsLeetPhrase(value);
}

/**
 * The shape test of fingerprint scheme v3.0, which let a leet-spelt phrase of 32 characters or
 * more take the fast hash. Kept only so that baselines and pins holding such a value's v3.0
 * fingerprint still match (see `legacyOf` in redact.ts); the value itself now takes scrypt.
 */
export function isOpaqueShapeV30(value: string): boolean {
  if (value.length < MIN_OPAQUE_CHARS || /\s/.test(value)) return false;
  if (distinct(value) < MIN_DISTINCT_CHARS || distinctSteps(value) < MIN_DISTINCT_STEPS) return false;
  if (encodesText(value)) return false;
  // Hex (UUIDs too) has only the letters a-f, a third of them vowels: judged by its letter runs (`deadbeef…`).
  if (/^[0-9a-f-]+$/i.test(value)) return longestLetterRun(value) < MAX_HEX_LETTER_RUN;
  return vowelShare(value) < MAX_VOWEL_SHARE && longRunShare(value) < MAX_LONG_RUN_SHARE;
}

/**
 * Leet spelling hides a phrase's words behind digits and symbols (`s3cr3t-k3y-f0r-pr0d-…`, `p@ssw0rd`),
 * which gives it the mixed shape of a random key. Read back as letters, such a value has most of its
 * letters in word-like pieces, or spells a word secrets are made of; random keys rarely do either
 * (measured in test/core/opaque-shape.test.ts: the share of random keys that pass hardly moves).
 */
export function readsAsLeetPhrase(value: string): boolean {
  // Hex and UUIDs are judged by their letter runs (read back, every digit would be a letter).
  if (/^[0-9a-f-]+$/i.test(value)) return false;
  const read = unleet(value);
  if (read === value) return false;
  const lower = read.toLowerCase();
  return SECRET_WORDS.some((w) => lower.includes(w)) || wordShare(read) >= MAX_WORD_SHARE;
}

/** Words of 5 letters or more that secret phrases are made of: random text holds one about once in 10^5. */
const SECRET_WORDS = ['secret', 'passw', 'token', 'signin', 'private', 'product', 'session', 'cookie', 'admin', 'master', 'change', 'default', 'super', 'django', 'flask', 'rails'];

/**
 * The share of a text's letters in pieces that read as words: cut at case changes and at anything
 * not a letter, a piece of 3 or more letters with a vowel (y counts), a vowel share a word has, and
 * no run of 4 consonants. Random letters break into short pieces that stumble on consonant runs.
 */
function wordShare(text: string): number {
  const pieces = text.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])/g) ?? [];
  let letters = 0;
  let words = 0;
  for (const piece of pieces) {
    letters += piece.length;
    if (piece.length >= 3 && readsAsWord(piece.toLowerCase())) words += piece.length;
  }
  return letters < 16 ? 0 : words / letters;
}

function readsAsWord(piece: string): boolean {
  let vowels = 0;
  let consonants = 0;
  for (const ch of piece) {
    if ('aeiouy'.includes(ch)) {
      vowels++;
      consonants = 0;
    } else if (++consonants >= 4) return false;
  }
  const share = vowels / piece.length;
  return share >= 0.2 && share <= 0.7;
}

/** The usual leet substitutions read back as the letters they stand for. */
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'i' };

function unleet(value: string): string {
  let out = '';
  for (const ch of value) out += LEET[ch] ?? ch;
  return out;
}

function distinct(value: string): number {
  return new Set(value).size;
}

function distinctSteps(value: string): number {
  const steps = new Set<number>();
  for (let i = 1; i < value.length; i++) steps.add(value.charCodeAt(i) - value.charCodeAt(i - 1));
  return steps.size;
}

/** The share of vowels among the letters. */
function vowelShare(value: string): number {
  let letters = 0;
  let vowels = 0;
  for (const raw of value) {
    const ch = raw.toLowerCase();
    if (ch < 'a' || ch > 'z') continue;
    letters++;
    if ('aeiou'.includes(ch)) vowels++;
  }
  // Almost no letters: digits and symbols, judged by the other tests.
  return letters < 8 ? 0 : vowels / letters;
}

/** The share of characters in runs of 4 or more of one class (lower, upper, digit): words make long runs. */
function longRunShare(value: string): number {
  const classOf = (ch: string) => (ch >= 'a' && ch <= 'z' ? 1 : ch >= 'A' && ch <= 'Z' ? 2 : ch >= '0' && ch <= '9' ? 3 : 0);
  let inLong = 0;
  let run = 0;
  let prev = -1;
  let total = 0;
  for (const ch of value) {
    total++;
    const c = classOf(ch);
    if (c !== 0 && c === prev) run++;
    else {
      if (run >= 4) inLong += run;
      run = 1;
      prev = c;
    }
  }
  if (run >= 4) inLong += run;
  return inLong / total;
}

function longestLetterRun(value: string): number {
  let best = 0;
  let run = 0;
  for (const ch of value) {
    run = /[a-f]/i.test(ch) ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}

/** True when the value, or every dot-separated part of it, is base64 or hex of printable text. */
function encodesText(value: string): boolean {
  const parts = value.split('.').filter((p) => p.length > 0);
  return parts.length > 0 && parts.every(partEncodesText);
}

function partEncodesText(part: string): boolean {
  if (/^(?:[0-9a-f]{2})+$/i.test(part) && isMostlyPrintable(Buffer.from(part, 'hex'))) return true;
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(part)) {
    const bytes = Buffer.from(part.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (isMostlyPrintable(bytes)) return true;
  }
  return false;
}

/** Random bytes are printable ASCII about 37% of the time; text almost always. */
function isMostlyPrintable(bytes: Buffer): boolean {
  if (bytes.length === 0) return false;
  let printable = 0;
  for (const b of bytes) if ((b >= 0x20 && b <= 0x7e) || b === 0x09 || b === 0x0a || b === 0x0d) printable++;
  return printable / bytes.length >= 0.9;
}
