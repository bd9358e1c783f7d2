import type { ResolvedConfig } from '../config/types.js';
import type { Source } from '../core/source.js';
import { diffSource } from '../sources/diff.js';
import { worktreeSource } from '../sources/worktree.js';
import { UsageError } from './usage-error.js';

export interface SourceFlags {
  diff?: string;
}

/** Picks the source a scan reads from its flags: the working tree by default, or a diff range. */
export function selectSource(root: string, flags: SourceFlags, config: ResolvedConfig): Source {
  const base = { root, maxFileBytes: config.maxFileBytes, exclude: config.exclude };
  if (flags.diff !== undefined) {
    const m = /^([^.\s][^\s]*?)(?:\.\.([^.\s][^\s]*))?$/.exec(flags.diff);
    if (!m || m[1] === undefined) throw new UsageError(`--diff takes BASE..HEAD or BASE (got '${flags.diff}'); e.g. --diff origin/main..HEAD.`);
    return diffSource({ ...base, base: m[1], ...(m[2] !== undefined ? { head: m[2] } : {}) });
  }
  return worktreeSource(base);
}
