import { DEFAULT_CONTEXT_LEVELS, type ContextLevels } from '../core/context-severity.js';
import type { Severity } from '../core/types.js';
import type { WeakValueLookup } from '../rules/secret-strength.js';

export type FailOn = Severity | 'never';

/** Configuration after defaults are applied; what the engine runs with. */
export interface ResolvedConfig {
  /** Per-rule overrides: a severity, or 'off'. Rules not named keep their default severity. */
  rules: Record<string, Severity | 'off'>;
  failOn: FailOn;
  /** Extra secret key names, matched like the built-in ones (case and `_ - .` spelling ignored). */
  secretNames: string[];
  /** Extra known-weak values, compared exactly (case-insensitive). */
  weakValues: string[];
  /** The `weak-values-file` as written (relative to the scanned root), when set. */
  weakValuesFile?: string;
  /** The `baseline` file as written (relative to the scanned root), when set: read instead of the default one. */
  baselineFile?: string;
  /** The loaded wordlist (from `weak-values-file` or `--weak-values-file`): hashes only, no values. */
  weakList?: WeakValueLookup;
  /** Globs (relative to the root) of paths not to scan. */
  exclude: string[];
  /** Minimum secret length in bytes (RFC 7518 §3.2: 32 for HS256). */
  minSecretBytes: number;
  /** Files larger than this are skipped and listed under problems. */
  maxFileBytes: number;
  /** The highest severity per context (test, docs, ci-test, dev); `off` drops that context's findings. */
  contexts: ContextLevels;
}

export const DEFAULT_CONFIG: ResolvedConfig = {
  rules: {},
  failOn: 'warning',
  secretNames: [],
  weakValues: [],
  exclude: [],
  minSecretBytes: 32,
  maxFileBytes: 2 * 1024 * 1024,
  contexts: DEFAULT_CONTEXT_LEVELS,
};

export const SEVERITY_RANK: Record<Severity, number> = { note: 1, warning: 2, error: 3 };

/** True when a finding of `severity` makes the run fail under `failOn`. */
export function failsAt(severity: Severity, failOn: FailOn): boolean {
  return failOn !== 'never' && SEVERITY_RANK[severity] >= SEVERITY_RANK[failOn];
}

/**
 * Whether a run fails because a cap on hostile input cut its work (problems marked `cut`): what
 * was left unchecked may hide a secret (a token behind 1,000 decoys), so the run is not clean.
 * Only `--fail-on never` lets it pass.
 */
export function failsOnCut(problems: readonly { cut?: true }[], failOn: FailOn): boolean {
  return failOn !== 'never' && problems.some((p) => p.cut === true);
}
