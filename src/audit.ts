import type { ResolvedConfig } from './config/types.js';
import { createSecretNameMatcher } from './core/secret-names.js';
import { scan } from './core/scan.js';
import type { Source } from './core/source.js';
import type { ScanResult, Severity } from './core/types.js';
import { createDocumentParser } from './parsers/index.js';
import { RULES } from './rules/index.js';
import { worktreeSource } from './sources/worktree.js';

/**
 * Wires a source to the parsers and the rules under a configuration: the one entry point every
 * face (CLI, pre-commit, Action) calls.
 */
export async function auditSource(root: string, source: Source, config: ResolvedConfig): Promise<ScanResult> {
  const names = createSecretNameMatcher(config.secretNames);
  const severities: Record<string, Severity> = {};
  for (const [id, s] of Object.entries(config.rules)) if (s !== 'off') severities[id] = s;
  return scan({
    root,
    source,
    rules: RULES.filter((r) => config.rules[r.meta.id] !== 'off'),
    severities,
    settings: { minSecretBytes: config.minSecretBytes, extraWeakValues: config.weakValues },
    parse: createDocumentParser(names, config.secretNames),
    names,
  });
}

/** Audits a working tree (git-aware). */
export function auditWorktree(root: string, config: ResolvedConfig): Promise<ScanResult> {
  return auditSource(root, worktreeSource({ root, maxFileBytes: config.maxFileBytes, exclude: config.exclude }), config);
}
