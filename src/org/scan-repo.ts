import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { auditSource, worktreeOptions, type AuditOptions } from '../audit.js';
import { chooseBaseline, readBaseline } from '../baseline/file.js';
import { isScannable } from '../audit-history.js';
import { auditHistoryBounded } from '../worker/history-job.js';
import { loadConfig, withExcludedFile } from '../config/load.js';
import { worktreeSource } from '../sources/worktree.js';
import type { ScanResult } from '../core/types.js';
import { toJsonReport, type JsonReport } from '../reporters/json.js';
import { formatSarif } from '../reporters/sarif.js';
import { RULES } from '../rules/index.js';
import { packageVersion } from '../version.js';
import { GitHubApiError, type GitHubClient } from './api.js';
import { cloneRepository } from './clone.js';
import { redactToken } from './redact-token.js';

/**
 * One repository's result as `org scan` writes it to DIR/<owner>/<name>.json: the engine's JSON
 * (docs/json-format.md) plus the repository, its web URL and the commit scanned; or, when it
 * could not be scanned, the reason instead of findings.
 */
export type RepositoryResult = ScannedRepository | UnscannableRepository;

export interface ScannedRepository extends Omit<JsonReport, 'version'> {
  version: 1;
  repository: string;
  url?: string;
  /** The commit scanned (HEAD of the default branch); null for an empty repository. */
  commit: string | null;
  history: boolean;
}

export interface UnscannableRepository {
  version: 1;
  repository: string;
  url?: string;
  error: string;
}

export interface ScanRepositoryOptions {
  client: GitHubClient;
  token: string | undefined;
  history: boolean;
  /** `--no-baseline`: report every finding, the accepted ones too. */
  noBaseline?: boolean;
  /** Where clones are made (each in its own directory, removed afterwards). */
  workDir: string;
}

/** The result and, for a scanned repository, its SARIF. */
export interface RepositoryOutput {
  result: RepositoryResult;
  sarif: string | null;
}

/**
 * Resolves, clones and scans one repository. Anything that goes wrong with this repository
 * (not found, clone failed, bad configuration, engine error) becomes its recorded reason; only
 * a rejected token (401), which would fail every repository the same way, is thrown.
 */
export async function scanRepository(fullName: string, options: ScanRepositoryOptions): Promise<RepositoryOutput> {
  let url: string | undefined;
  const dir = await mkdtemp(join(options.workDir, 'sh-org-'));
  try {
    const info = await options.client.getRepository(fullName);
    url = info.htmlUrl;
    const root = join(dir, 'repo');
    let commit: string | null;
    try {
      ({ commit } = await cloneRepository({ url: info.cloneUrl, dir: root, token: options.token, history: options.history, isScannable }));
    } catch (err) {
      throw new Error(`could not clone: ${(err as Error).message}`, { cause: err });
    }
    const loaded = await loadConfig(root);
    // The repository's own baseline, read as `scan` reads it: the configuration's `baseline`, else
    // .secret-hygiene-baseline.json when it is there; the file itself is not scanned. A baseline
    // that cannot be read is this repository's reason, like a bad configuration.
    const chosen = options.noBaseline === true ? undefined : chooseBaseline({ root, cwd: root, configured: loaded.baselineFile });
    const config = chosen !== undefined ? withExcludedFile(loaded, root, chosen.file) : loaded;
    const baseline: AuditOptions['baseline'] = chosen !== undefined ? { ...(await readBaseline(chosen.file, chosen.shown, root)), name: chosen.shown } : undefined;
    const scan: ScanResult = options.history
      ? await auditHistoryBounded(root, baseline !== undefined ? { baseline } : {}, config)
      : // A tree scan sees every finding, so it reports the entries that match none (as a full `scan` does).
        await auditSource(root, worktreeSource(worktreeOptions(root, config)), config, baseline !== undefined ? { baseline, reportUnusedBaseline: true } : {});
    const { version: _version, ...report } = toJsonReport(scan);
    const result: ScannedRepository = { version: 1, repository: fullName, url, commit, history: options.history, ...report };
    return { result, sarif: formatSarif(scan, RULES.map((r) => r.meta), packageVersion()) };
  } catch (err) {
    if (err instanceof GitHubApiError && err.status === 401) throw err;
    const reason = redactToken((err as Error).message ?? String(err), options.token);
    return { result: { version: 1, repository: fullName, ...(url !== undefined ? { url } : {}), error: reason }, sarif: null };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
