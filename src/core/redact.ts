import { createHmac, scrypt, scryptSync } from 'node:crypto';
import { detached } from './detached.js';
import { isOpaqueShape, isOpaqueShapeV30 } from './opaque-shape.js';
import { isPublicValue } from './public-values.js';
import type { SecretSummary } from './types.js';

/**
 * The one place that decides what of a secret value may be shown. Every face (text, JSON, SARIF,
 * the Action, `fix`, baselines, history) prints only what `summarizeSecret` returns: a preview,
 * the length and a fingerprint. Nothing downstream ever sees the value, so nothing downstream has
 * to search for it and mask it.
 */

/**
 * A preview of at most 4 characters, and never more than a quarter of the value, so a short weak
 * secret is not given away. Only a value that is, as a whole, a listed public value
 * (core/public-values.ts) is shown whole: a known prefix (`django-insecure-`, `base64:`, `whsec_`)
 * makes a value weak or typed, not public; its rest is the project's own secret.
 */
export function previewSecret(value: string): string {
  if (isPublicValue(value)) return value;
  const n = Math.min(4, Math.floor(value.length / 4));
  // Whole code points only: half a surrogate pair would print as a replacement character.
  const head = Array.from(value).slice(0, n).join('');
  return head.length > 0 ? head + '…' : '…';
}

/** Values at most this long get the costlier hash: their preview and length leave less to guess. */
const SHORT_VALUE_CHARS = 16;
const SCRYPT_SHORT = { N: 1 << 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const SCRYPT_LONG = { N: 1 << 12, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
/** What a slow hash costs, in units of one N=2^12 scrypt (about 8 ms on a 2020s core). */
const SHORT_UNITS = 4;
const LONG_UNITS = 1;

/**
 * A secret value's fingerprint: 20 hex digits (80 bits), keyed by the repository key. Stable for
 * the same value in the same repository, across runs, machines and clones (baselines and
 * suppression pins rely on it); different across repositories.
 *
 * Scheme v3, in two tiers chosen by the value's own shape (`isOpaqueShape`, core/opaque-shape.ts):
 * - a value whose shape makes guessing hopeless (32+ characters of random-looking text: generated
 *   keys, signed tokens) gets HMAC-SHA-256: fast, and nothing is gained by trying candidates;
 * - every other value keeps the v2 fingerprint, scrypt (N=2^12, r=8; N=2^14 for values of at most
 *   16 characters, about 8 and 35 ms), so that a short or guessable value cannot be recovered from
 *   its preview, length and fingerprint: the repository key is public (a root commit's sha).
 * The tier is a function of the value alone, never of a rule's judgement, so it cannot change
 * between versions. Only the fast tier changed from v2; `legacyFingerprintSecret` gives what v2
 * gave those values, so old baselines and pins still match (see `SecretFingerprinter.legacyOf`).
 * v3.1 sends leet-spelt phrases (`s3cr3t-k3y-f0r-pr0d-…`), which v3.0 let pass as random, to
 * scrypt: a fast hash of a guessable value would let anyone brute-force it from a report. Their
 * v3.0 fingerprint is still matched as an older one (`isOpaqueShapeV30`).
 * Slow hashes are what a hostile repository can multiply, so a run spends at most a budget of
 * them (SLOW_FINGERPRINT_UNITS).
 *
 * The repository key (see `repositoryKey` in src/sources/repo-key.ts) is:
 * - the key a baseline file records (`"repository"`), when the scan reads one, so every clone of a
 *   repository that commits its baseline agrees, shallow ones included;
 * - else, in a git repository with its full history, `git:` and the root commit's sha (the
 *   smallest, when the history has several roots);
 * - else (not a git repository, no commit yet, or a shallow clone without a baseline) the fixed
 *   fallback `NO_REPOSITORY_KEY`.
 * The value is encoded as UTF-8; the key as given. The same pair always gives the same fingerprint.
 */
export function fingerprintSecret(value: string, repoKey: string): string {
  return isOpaqueShape(value) ? fastFingerprint(value, repoKey) : slowFingerprint(value, repoKey);
}

/** The v2 fingerprint (scrypt for every value): what baselines and pins written before v3 hold. */
export function legacyFingerprintSecret(value: string, repoKey: string): string {
  return slowFingerprint(value, repoKey);
}

function fastFingerprint(value: string, repoKey: string): string {
  return createHmac('sha256', `secret-hygiene/fingerprint/v3\0${repoKey}`).update(value, 'utf8').digest('hex').slice(0, 20);
}

function slowFingerprint(value: string, repoKey: string): string {
  const cost = value.length <= SHORT_VALUE_CHARS ? SCRYPT_SHORT : SCRYPT_LONG;
  return scryptSync(Buffer.from(value, 'utf8'), `secret-hygiene/fingerprint/v2\0${repoKey}`, 10, cost).toString('hex');
}

/**
 * As `slowFingerprint`, on one of libuv's threads: the scan's thread goes on parsing meanwhile.
 * Only a tree scanned in the main thread asks for it (see `defer`): each pool thread's malloc arena
 * keeps the 16 MiB blocks scrypt asked for, which a small tree's scan can spare (up to 4 x 16 MiB)
 * and a worker bound to a heap limit cannot (a Flask history audit peaked at 267 MiB instead of 211).
 */
function slowFingerprintAsync(value: string, repoKey: string): Promise<string> {
  const cost = value.length <= SHORT_VALUE_CHARS ? SCRYPT_SHORT : SCRYPT_LONG;
  return new Promise((resolve, reject) => {
    scrypt(Buffer.from(value, 'utf8'), `secret-hygiene/fingerprint/v2\0${repoKey}`, 10, cost, (err, key) => (err ? reject(err) : resolve(key.toString('hex'))));
  });
}

/** What `budgeted` gives a slow-tier value while deferring: never a fingerprint's shape (hex). */
const PENDING_PREFIX = 'pending:';

function slowUnits(value: string): number {
  return value.length <= SHORT_VALUE_CHARS ? SHORT_UNITS : LONG_UNITS;
}

/** The repository key used when there is no repository identity to key fingerprints by. */
export const NO_REPOSITORY_KEY = 'secret-hygiene/no-repository';

/**
 * The slow hashes one run may spend, in units of an N=2^12 scrypt: about 8 s on one core, so 256
 * distinct short values or 1,024 longer guessable ones. A repository has far fewer guessable
 * secret values than that (generated keys take the fast tier); a hostile one planting thousands
 * gets the rest of its findings without a fingerprint, and a problem saying how many.
 */
export const SLOW_FINGERPRINT_UNITS = 1024;

/**
 * The environment variable that lowers the budget (tests, slow runners): a whole number of units,
 * never above SLOW_FINGERPRINT_UNITS. It can only make a run cheaper, never let a repository buy
 * more slow hashes; anything else leaves the default.
 */
export const SLOW_FINGERPRINT_UNITS_ENV = 'SECRET_HYGIENE_SLOW_FINGERPRINT_UNITS';

export function slowFingerprintBudget(env: NodeJS.ProcessEnv): number {
  const raw = env[SLOW_FINGERPRINT_UNITS_ENV];
  if (raw === undefined || !/^\d{1,9}$/.test(raw.trim())) return SLOW_FINGERPRINT_UNITS;
  return Math.min(Number(raw.trim()), SLOW_FINGERPRINT_UNITS);
}

/** What fingerprinting cost a run: the counters tests read (no timings). */
export interface FingerprintWork {
  /** Values given the fast hash. */
  fast: number;
  /** Values given the slow hash (scrypt), and their cost in units. */
  slow: number;
  slowUnits: number;
  /** Values refused a fingerprint because the budget was spent. */
  refused: number;
}

/**
 * Fingerprints of one run, memoized per value: a history scan meets the same value in every
 * version of a file and pays for it once. It is the one place besides the rules that holds values
 * for the run (in its memo), so it also answers, for a fingerprint it gave, what v2 gave the same
 * value (`legacyOf`), without the value leaving it.
 */
export interface SecretFingerprinter {
  readonly repoKey: string;
  /** Always fingerprints (one value a command was asked about), counting against nothing. */
  fingerprint(value: string): string;
  /** Fingerprints within the run's budget of slow hashes; undefined once it is spent. */
  budgeted(value: string): string | undefined;
  /**
   * For a fingerprint this run gave a fast-tier value, that value's v2 fingerprint (within the
   * budget); for a leet-spelt phrase v3.0 gave the fast hash, that v3.0 fingerprint (it is only
   * matched against baselines and pins that already hold it, never printed); undefined when no
   * older scheme gave another (other slow-tier values), over the budget, or unknown.
   */
  legacyOf(fingerprint: string): string | undefined;
  readonly work: Readonly<FingerprintWork>;
  /** The run's budget of slow hashes, in units (see SLOW_FINGERPRINT_UNITS). */
  readonly slowBudget: number;
  /**
   * From now until `settle`, `budgeted` answers a slow-tier value with a placeholder at once and
   * hashes it on libuv's threads, so a scan's thread goes on parsing while scrypt runs (a weak
   * value costs 8-35 ms). The budget is spent as before, when the placeholder is given.
   */
  defer(): void;
  /** Waits for the deferred hashes and stops deferring; the function says what each placeholder became. */
  settle(): Promise<(fingerprint: string) => string>;
}

/** True for what `budgeted` gave while deferring, before `settle`. */
export function isPendingFingerprint(fingerprint: string): boolean {
  return fingerprint.startsWith(PENDING_PREFIX);
}

export function createFingerprinter(repoKey: string, options: { slowUnits?: number } = {}): SecretFingerprinter {
  const budget = options.slowUnits ?? SLOW_FINGERPRINT_UNITS;
  const memo = new Map<string, string>();
  const fastValues = new Map<string, string>();
  // Values v3.0 gave the fast hash that now take scrypt (leet-spelt phrases): their v3.0 fingerprint.
  const formerlyFast = new Map<string, string>();
  const legacy = new Map<string, string | undefined>();
  const work: FingerprintWork = { fast: 0, slow: 0, slowUnits: 0, refused: 0 };
  let deferring = false;
  let deferred = 0;
  let queue: Promise<void> = Promise.resolve();
  let failure: Error | undefined;
  // Deferred hashes not yet settled: by value (a second finding of it shares the placeholder) and by placeholder.
  const pendingOf = new Map<string, string>();
  const pending = new Map<string, Promise<void>>();
  const settled = new Map<string, string>();
  const slow = (value: string, budgeted: boolean): string | undefined => {
    const units = slowUnits(value);
    if (budgeted && work.slowUnits + units > budget) return undefined;
    work.slow++;
    work.slowUnits += units;
    return slowFingerprint(value, repoKey);
  };
  const deferSlow = (value: string): string | undefined => {
    const units = slowUnits(value);
    if (work.slowUnits + units > budget) return undefined;
    work.slow++;
    work.slowUnits += units;
    const placeholder = `${PENDING_PREFIX}${deferred++}`;
    pendingOf.set(value, placeholder);
    // One at a time, after the one before: a short value's scrypt holds 16 MiB, and one thread
    // beside the scan's is what two cores have to spare.
    queue = queue
      .then(() => slowFingerprintAsync(value, repoKey))
      .then((fp) => {
        settled.set(placeholder, fp);
        memo.set(value, fp);
        if (isOpaqueShapeV30(value)) formerlyFast.set(fp, fastFingerprint(value, repoKey));
      })
      // Kept for `settle` to throw: rejected before anyone awaits it, it would end the process.
      .catch((err: unknown) => {
        failure ??= err instanceof Error ? err : new Error(String(err));
      });
    pending.set(placeholder, queue);
    return placeholder;
  };
  const compute = (cut: string, budgeted: boolean): string | undefined => {
    let fp = memo.get(cut);
    if (fp !== undefined) return fp;
    // Held for the run (memo, fastValues, pendingOf): a copy, not a view of the document it was cut from.
    const value = detached(cut);
    if (isOpaqueShape(value)) {
      fp = fastFingerprint(value, repoKey);
      work.fast++;
      fastValues.set(fp, value);
    } else {
      const placeholder = pendingOf.get(value);
      if (placeholder !== undefined && budgeted) return placeholder;
      if (deferring && budgeted) {
        fp = deferSlow(value);
        if (fp === undefined) work.refused++;
        return fp;
      }
      // Asked for at once while its deferred hash runs (not budgeted): the value is paid for once already.
      fp = placeholder !== undefined ? slowFingerprint(value, repoKey) : slow(value, budgeted);
      if (fp === undefined) {
        work.refused++;
        return undefined;
      }
      if (isOpaqueShapeV30(value)) formerlyFast.set(fp, fastFingerprint(value, repoKey));
    }
    memo.set(value, fp);
    return fp;
  };
  return {
    repoKey,
    work,
    slowBudget: budget,
    fingerprint: (value) => compute(value, false) as string,
    budgeted: (value) => compute(value, true),
    defer() {
      deferring = true;
    },
    async settle() {
      deferring = false;
      await Promise.all(pending.values());
      pending.clear();
      pendingOf.clear();
      if (failure) throw failure;
      return (fingerprint) => settled.get(fingerprint) ?? fingerprint;
    },
    legacyOf(fingerprint) {
      const former = formerlyFast.get(fingerprint);
      if (former !== undefined) return former;
      if (legacy.has(fingerprint)) return legacy.get(fingerprint);
      const value = fastValues.get(fingerprint);
      if (value === undefined) return undefined;
      const old = slow(value, true);
      // Over the budget now is over it for the rest of the run too: remembered, not retried.
      legacy.set(fingerprint, old);
      return old;
    },
  };
}

export function summarizeSecret(value: string, fingerprints: SecretFingerprinter): SecretSummary {
  return { preview: previewSecret(value), length: value.length, fingerprint: fingerprints.fingerprint(value) };
}

/** As `summarizeSecret`, within the run's budget of slow hashes: undefined once it is spent. */
export function summarizeSecretBudgeted(value: string, fingerprints: SecretFingerprinter): SecretSummary | undefined {
  const fingerprint = fingerprints.budgeted(value);
  return fingerprint === undefined ? undefined : { preview: previewSecret(value), length: value.length, fingerprint };
}

/**
 * True when a text holds a secret value: the structural check core applies to everything a rule
 * hands over for printing (message data, related notes, suggestions, fix descriptions). A rule
 * that passes a value there has a bug; core refuses its report instead of masking the text. A
 * short common-word value (`config`) legitimately occurs inside key names and paths, so only an
 * equal text, or a value of 12 characters or more inside a text, counts.
 */
export function holdsSecret(text: string, value: string): boolean {
  if (value.length === 0 || isPublicValue(value)) return false;
  return text === value || (value.length >= 12 && text.includes(value));
}

/** What a key path shows in place of a segment that is itself a secret (see `shownKeySegment`). */
export const RANDOM_KEY_SEGMENT = '<random>';

/**
 * A key path segment as it may be printed. A mapping key can itself be a secret (a tenant's
 * random id or API key used as the map key: `tenants: {<random>: {jwtSecret: …}}`); such a
 * segment is replaced by RANDOM_KEY_SEGMENT when the key path is built, so no face prints it.
 */
export function shownKeySegment(segment: string): string {
  return looksRandom(segment) ? RANDOM_KEY_SEGMENT : segment;
}

/**
 * True for a segment that reads as random rather than as words: hex or UUID-like with digits,
 * symbols beside digits, or (after a leading `word-` prefix such as `django-insecure-`) many short
 * pieces when cut at case changes and digits. Names (`oauth2ResourceServerJwtIssuer`,
 * `AWS_SECRET_ACCESS_KEY_ID_V2`, `application-production-eu-west-1`) cut into few long words.
 * Measured on 5,000 random values per shape: hex, base64, base64url of 50, Django's 50-character
 * keys and UUIDs all but never missed; base64url of 16 characters missed about 5%.
 */
export function looksRandom(segment: string): boolean {
  if (/\s/.test(segment)) return false;
  return piecesLookRandom(segment) || piecesLookRandom(segment.replace(/^([a-z]+[-_])+/, ''));
}

function piecesLookRandom(seg: string): boolean {
  if (seg.length < 16 || seg.length > 4096) return false;
  const digits = countOf(seg, /\d/g);
  if (/^[0-9a-f-]+$/i.test(seg)) return digits >= 4 && seg.length - digits - countOf(seg, /-/g) >= 2;
  if (/[^A-Za-z0-9_.-]/.test(seg) && digits >= 1) return true;
  const pieces = seg.match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+/g) ?? [];
  if (pieces.length < 5) return false;
  const words = pieces.filter((p) => !/^\d/.test(p));
  const average = words.reduce((n, p) => n + p.length, 0) / Math.max(1, words.length);
  return average < (pieces.length >= 8 ? 3.4 : 3);
}

function countOf(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}
