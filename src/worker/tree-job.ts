import { closeSync, constants, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import { auditSource, type AuditOptions } from '../audit.js';
import { selectSource } from '../cli/select-source.js';
import type { ResolvedConfig } from '../config/types.js';
import type { ScanResult } from '../core/types.js';
import { runGit } from '../sources/run-git.js';
import { historyWorkerPath, outOfMemory, runBounded, type WorkerBounds } from './history-job.js';

/** What a full scan keeps of the command's options: plain data, so it crosses to a worker. */
export type TreeAuditOptions = Pick<AuditOptions, 'baseline' | 'reportUnusedBaseline' | 'reportUnusedSuppressions'>;

/** A full scan of a work tree, in a worker under heap limits (see auditTreeBounded). */
export interface TreeJob {
  kind: 'tree';
  root: string;
  config: ResolvedConfig;
  options: TreeAuditOptions;
  progress: boolean;
}

/**
 * Trees with at least this many files in git's index are scanned in a worker under heap limits.
 * V8 sizes the main thread's heap by the machine, and on a loaded one its collector falls behind:
 * a scan of 100k files peaked at 210-320 MiB in the main thread against 185 MiB in a worker with a
 * 1 GiB old and 8 MiB young generation (a larger young one saves no CPU and costs memory). The
 * worker costs 10-15% more time (the bundle loaded again, the result copied back: 3.5 -> 3.9 s at
 * 100k files, 1.2 -> 1.4 s at 30k on an idle machine), so smaller trees, whose heap stays well
 * under the bound (125 MiB at 30k files), are scanned in the main thread.
 * SECRET_HYGIENE_BOUNDED_SCAN_FILES sets another threshold (0: never; tests use 1).
 */
export const BOUNDED_SCAN_FILES = 50_000;
const LIMITS = { maxOldGenerationSizeMb: 1024, maxYoungGenerationSizeMb: 8 };

export function boundedScanThreshold(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SECRET_HYGIENE_BOUNDED_SCAN_FILES?.trim();
  return raw !== undefined && /^\d{1,9}$/.test(raw) ? Number(raw) : BOUNDED_SCAN_FILES;
}

/**
 * The scan of the tree at `root` in the worker bundle when the tree is large (see
 * BOUNDED_SCAN_FILES); null when it is not, or no worker bundle is at hand (the sources, in tests):
 * the caller then scans in its own thread. Either way the report is the same.
 */
export async function auditTreeBounded(
  root: string,
  config: ResolvedConfig,
  options: TreeAuditOptions,
  onRead?: (done: number, total: number) => void,
  bounds: WorkerBounds = {},
): Promise<ScanResult | null> {
  const path = bounds.workerPath !== undefined ? bounds.workerPath : historyWorkerPath();
  const threshold = boundedScanThreshold();
  if (path === null || threshold === 0) return null;
  const files = await indexEntries(root);
  if (files === null || files < threshold) return null;
  const job: TreeJob = { kind: 'tree', root, config, options, progress: onRead !== undefined };
  const advice = 'leave out the largest generated or vendored files with exclude in the configuration, or scan the tree in parts (scan DIR)';
  return runBounded(path, job, bounds.limits ?? LIMITS, onRead, (limits) => outOfMemory('the scan', limits, advice));
}

/** The full scan the worker runs: what `scan` runs in its own thread for a small tree. */
export function auditTree(root: string, config: ResolvedConfig, options: TreeAuditOptions, onRead?: (done: number, total: number) => void): Promise<ScanResult> {
  return auditSource(root, selectSource(root, {}, config, onRead), config, { ...options, parseInWorkers: true });
}

/** How many entries git's index holds (its header says: 12 bytes read), or null outside a work tree. */
async function indexEntries(root: string): Promise<number | null> {
  let index: string;
  try {
    index = resolve(root, (await runGit(root, ['rev-parse', '--git-path', 'index'])).trim());
  } catch {
    return null;
  }
  let fd: number | undefined;
  try {
    // Never through a link, like every file the tool reads (a crafted `.git/index` in an unpacked tree).
    fd = openSync(index, constants.O_RDONLY | constants.O_NOFOLLOW);
    const header = Buffer.alloc(12);
    if (readSync(fd, header, 0, 12, 0) !== 12 || header.toString('latin1', 0, 4) !== 'DIRC') return null;
    return header.readUInt32BE(8);
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
