import { auditSource, type AuditOptions } from './audit.js';
import type { ResolvedConfig } from './config/types.js';
import { compareFindings } from './core/findings.js';
import type { Source } from './core/source.js';
import type { Document, Finding, Problem, ScanResult } from './core/types.js';
import { parserFor } from './parsers/index.js';
import { RULES } from './rules/index.js';
import { countCommits, historySource, type HistoryRange } from './sources/history.js';
import { runGit } from './sources/run-git.js';
import { treeSource } from './sources/tree.js';

export interface HistoryAuditOptions extends HistoryRange {
  /** Commits read so far of the total selected; called often, so throttle any output. */
  onProgress?: (done: number, total: number) => void;
  /** Accepted findings (by fingerprint): left out, like in any other scan. */
  baseline?: AuditOptions['baseline'];
  /** Documents per engine run; lower only in tests. */
  batchDocuments?: number;
}

/** The engine keeps each batch's documents until its end; a batch ends at whichever comes first. */
const BATCH_DOCUMENTS = 2000;
const BATCH_CHARS = 32 * 1024 * 1024;

/**
 * Audits every version of every file the selected commits recorded. Each distinct leaked secret
 * is reported once, at the commit that introduced it, with whether it is still at HEAD.
 *
 * - Only document rules run: project rules judge one tree's configuration (reuse across files,
 *   .gitignore coverage), which means nothing across versions from different years.
 * - The history streams through the engine in batches, so memory is bounded by a batch, not by
 *   the history; findings are merged across batches, first introduction winning.
 * - "Distinct" is the rule and the secret's fingerprint (so a moved or copied secret is one
 *   finding), or the finding's own fingerprint (rule, file) for findings without a value, such
 *   as a committed .env.
 * - "Still present" means a scan of HEAD's committed tree finds the same secret (or the same
 *   value-less finding); fixes are dropped: their offsets are into old versions.
 */
export async function auditHistory(root: string, options: HistoryAuditOptions, config: ResolvedConfig): Promise<ScanResult> {
  const started = Date.now();
  const leakConfig = documentRulesOnly(config);
  const base = { root, maxFileBytes: config.maxFileBytes, exclude: config.exclude, isScannable };
  const total = await countCommits(root, options);
  const history = historySource({
    ...base,
    ...options,
    ...(options.onProgress ? { onCommit: (done: number) => options.onProgress?.(done, total) } : {}),
  });
  const first = new Map<string, Finding>();
  let files = 0;
  const iterator = history.documents()[Symbol.asyncIterator]();
  let exhausted = false;
  try {
    while (!exhausted) {
      // The order each commit first appears in this batch: the engine's findings come back sorted by file.
      const order = new Map<string, number>();
      const batch: Source = {
        problems: history.problems,
        get bytesRead() {
          return history.bytesRead;
        },
        facts: () => history.facts(),
        async *documents(): AsyncGenerator<Document> {
          let count = 0;
          let chars = 0;
          while (count < (options.batchDocuments ?? BATCH_DOCUMENTS) && chars < BATCH_CHARS) {
            const next = await iterator.next();
            if (next.done) {
              exhausted = true;
              return;
            }
            const sha = next.value.commit?.sha ?? '';
            if (!order.has(sha)) order.set(sha, order.size);
            count++;
            chars += next.value.text.length;
            yield next.value;
          }
        },
      };
      const result = await auditSource(root, batch, leakConfig, options.baseline ? { baseline: options.baseline } : {});
      files += result.stats.files;
      const byCommit = (f: Finding) => order.get(f.commit?.sha ?? '') ?? Number.MAX_SAFE_INTEGER;
      for (const f of [...result.findings].sort((a, b) => byCommit(a) - byCommit(b))) {
        const key = distinctKey(f);
        if (!first.has(key)) first.set(key, f);
      }
    }
  } finally {
    await iterator.return?.(undefined);
  }

  const present = await presentAtHead(root, base, leakConfig);
  const findings = [...first.values()].map((f) => {
    const { fix: _fix, ...rest } = f;
    const stillPresent = f.secret ? present.secrets.has(f.secret.fingerprint) : present.findings.has(f.fingerprint);
    return { ...rest, ...(f.commit ? { commit: { ...f.commit, stillPresent } } : {}) };
  });
  return {
    root,
    findings: findings.sort(compareFindings),
    problems: distinctProblems(history.problems),
    stats: { files, bytes: history.bytesRead, ms: Date.now() - started },
  };
}

/** Files a parser reads; nothing else can hold a secret assignment. */
function isScannable(path: string): boolean {
  return parserFor(path, '') !== null;
}

function documentRulesOnly(config: ResolvedConfig): ResolvedConfig {
  const rules = { ...config.rules };
  for (const r of RULES) if (r.meta.scope === 'project') rules[r.meta.id] = 'off';
  return { ...config, rules };
}

function distinctKey(f: Finding): string {
  return f.secret ? `${f.ruleId}\0secret\0${f.secret.fingerprint}` : `${f.ruleId}\0finding\0${f.fingerprint}`;
}

/** Secrets and value-less findings in HEAD's committed tree (none when there is no commit yet). */
async function presentAtHead(
  root: string,
  base: { root: string; maxFileBytes: number; exclude: readonly string[]; isScannable: (p: string) => boolean },
  config: ResolvedConfig,
): Promise<{ secrets: Set<string>; findings: Set<string> }> {
  const secrets = new Set<string>();
  const findings = new Set<string>();
  const head = await runGit(root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], [0, 1]);
  if (head.trim() === '') return { secrets, findings };
  const result = await auditSource(root, treeSource({ ...base, rev: head.trim() }), config);
  for (const f of result.findings) {
    if (f.secret) secrets.add(f.secret.fingerprint);
    findings.add(f.fingerprint);
  }
  return { secrets, findings };
}

function distinctProblems(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems
    .filter((p) => {
      const key = `${p.file}\0${p.reason}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.reason < b.reason ? -1 : 1));
}
