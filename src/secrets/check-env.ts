import { parseDotenvEntries } from '../parsers/dotenv.js';
import { assessSecret, type WeakValueLookup, type Weakness } from '../rules/secret-strength.js';

/**
 * The checks behind `check-env`, a preflight for an entrypoint, a CI job or a deploy step. They
 * return data and never print; `describeFailure` renders one sentence per failure, without the
 * value. A value is judged by `assessSecret`, exactly as the weak-secret rule judges a literal.
 */

export type ValueSource = 'environment' | 'file';

export interface CheckEnvOptions {
  /** Keys that must be set and not empty. */
  require: readonly string[];
  /** Groups of keys whose values must all differ (a key that is not set is left out). */
  distinct: readonly (readonly string[])[];
  /** The minimum length in bytes (RFC 7518 §3.2: 32 for HS256, 48 for HS384, 64 for HS512). */
  minBytes: number;
  /** The live environment. */
  env: Readonly<Record<string, string | undefined>>;
  /** Values read from a dotenv file; the environment wins where both set a key, as dotenv loaders do. */
  fileValues?: ReadonlyMap<string, string>;
  extraWeakValues?: readonly string[];
  /** The configuration's weak-values wordlist. */
  weakList?: WeakValueLookup;
}

export type CheckFailure =
  | { check: 'require'; code: 'missing'; keys: [string] }
  | { check: 'require'; code: 'empty'; keys: [string]; source: ValueSource }
  | { check: 'strength'; code: Weakness['kind']; keys: [string]; source: ValueSource; weakness: Weakness }
  | { check: 'distinct'; code: 'same-value'; keys: string[]; sources: ValueSource[] };

export interface CheckedKey {
  key: string;
  /** Where its value came from; null when it is not set. */
  source: ValueSource | null;
}

export interface CheckEnvResult {
  ok: boolean;
  checked: CheckedKey[];
  failures: CheckFailure[];
}

interface Found {
  value: string;
  source: ValueSource;
}

function lookup(key: string, options: CheckEnvOptions): Found | null {
  const fromEnv = options.env[key];
  if (fromEnv !== undefined) return { value: fromEnv, source: 'environment' };
  const fromFile = options.fileValues?.get(key);
  if (fromFile !== undefined) return { value: fromFile, source: 'file' };
  return null;
}

/**
 * Runs every check and returns each failure: required keys set and not empty; every named key
 * that is set (required or in a distinct group) strong; the keys of each distinct group different.
 */
export function checkEnv(options: CheckEnvOptions): CheckEnvResult {
  const keys = [...new Set([...options.require, ...options.distinct.flat()])];
  const found = new Map<string, Found | null>(keys.map((k) => [k, lookup(k, options)]));
  const failures: CheckFailure[] = [];
  const required = new Set(options.require);

  for (const key of keys) {
    const f = found.get(key) ?? null;
    if (f === null) {
      if (required.has(key)) failures.push({ check: 'require', code: 'missing', keys: [key] });
      continue;
    }
    if (f.value.trim() === '') {
      if (required.has(key)) failures.push({ check: 'require', code: 'empty', keys: [key], source: f.source });
      continue;
    }
    const weakness = assessSecret(f.value, { minBytes: options.minBytes, extraWeakValues: options.extraWeakValues ?? [], ...(options.weakList ? { weakList: options.weakList } : {}) });
    if (weakness) failures.push({ check: 'strength', code: weakness.kind, keys: [key], source: f.source, weakness });
  }

  const reported = new Set<string>();
  for (const group of options.distinct) {
    const byValue = new Map<string, { key: string; source: ValueSource }[]>();
    for (const key of new Set(group)) {
      const f = found.get(key);
      const v = f?.value.trim();
      if (!f || v === undefined || v === '') continue;
      byValue.set(v, [...(byValue.get(v) ?? []), { key, source: f.source }]);
    }
    for (const same of byValue.values()) {
      const sameKeys = same.map((s) => s.key);
      const id = [...sameKeys].sort().join('\0');
      if (same.length < 2 || reported.has(id)) continue;
      reported.add(id);
      failures.push({ check: 'distinct', code: 'same-value', keys: sameKeys, sources: same.map((s) => s.source) });
    }
  }

  return {
    ok: failures.length === 0,
    checked: keys.map((key) => ({ key, source: found.get(key)?.source ?? null })),
    failures,
  };
}

/** A dotenv text's values by key; a key set twice keeps its last value, as loaders do. */
export function dotenvValues(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of parseDotenvEntries(text)) out.set(e.key, e.value);
  return out;
}

export interface DescribeContext {
  /** How the file is named in messages (the path as the user gave it). */
  fileLabel?: string;
  /** Why the minimum length is what it is: `HS256, RFC 7518 §3.2` or `--min-bytes 50`. */
  minBytesBasis: string;
}

function from(source: ValueSource, ctx: DescribeContext): string {
  return source === 'environment' ? 'the environment' : (ctx.fileLabel ?? 'the env file');
}

function joinKeys(keys: readonly string[]): string {
  if (keys.length <= 2) return keys.join(' and ');
  return `${keys.slice(0, -1).join(', ')} and ${keys[keys.length - 1]}`;
}

const GENERATE = 'generate a new one with `secret-hygiene generate`';

/** One line that names the key(s), says what is wrong and what to do; never the value. */
export function describeFailure(f: CheckFailure, ctx: DescribeContext): string {
  switch (f.check) {
    case 'require':
      return f.code === 'missing'
        ? `${f.keys[0]} is not set: set it before starting the app (${GENERATE}).`
        : `${f.keys[0]} is set but empty (in ${from(f.source, ctx)}): give it a value (${GENERATE}).`;
    case 'strength': {
      const w = f.weakness;
      const reason = w.kind === 'short' ? `it is ${w.bytes} bytes long; at least ${w.minBytes} random bytes are needed (${ctx.minBytesBasis})` : w.reason;
      return `${f.keys[0]} (from ${from(f.source, ctx)}) is weak: ${reason}. Anyone who guesses it can forge tokens: ${GENERATE} and rotate.`;
    }
    case 'distinct':
      return `${joinKeys(f.keys)} have the same value: whoever learns one can forge what the other signs. Give each its own secret (${GENERATE}).`;
  }
}
