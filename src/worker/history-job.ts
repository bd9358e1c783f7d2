import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { auditHistory, type HistoryAuditOptions } from '../audit-history.js';
import type { ResolvedConfig } from '../config/types.js';
import type { ScanResult } from '../core/types.js';

/** What the history worker is given: everything but the progress callback, which becomes messages. */
export interface HistoryJob {
  root: string;
  options: Omit<HistoryAuditOptions, 'onProgress' | 'counters'>;
  config: ResolvedConfig;
  progress: boolean;
}

export type HistoryMessage =
  | { type: 'progress'; done: number; total: number }
  | { type: 'result'; result: ScanResult }
  | { type: 'error'; message: string };

/**
 * The worker's heap limits. A history streams through a heap whose live part stays small (tens of
 * MB), but V8 sizes a heap by the machine: on a large one it lets garbage grow to four times what is
 * live before collecting, and a history audit makes garbage fast (every version of a 20,000-line
 * file read is a string). A limit of 1 GiB makes V8 collect at about 1.6 times the live size
 * instead, with room to spare for any history this bounds (batches, proof and previous versions
 * are capped in characters); a smaller young generation frees the short-lived strings sooner.
 */
const LIMITS = { maxOldGenerationSizeMb: 1024, maxYoungGenerationSizeMb: 24 };

/** The bundled worker beside the running bundle (dist/ and dist/cli/) or in tsc's output; null when run from sources. */
export function historyWorkerPath(): string | null {
  let here: string;
  try {
    here = dirname(fileURLToPath(import.meta.url));
  } catch {
    return null;
  }
  for (const p of [join(here, 'worker', 'index.js'), join(here, '..', 'worker', 'index.js'), join(here, 'index.js')]) {
    if (p !== fileURLToPath(import.meta.url) && existsSync(p) && /[\\/]worker[\\/]index\.js$/.test(p)) return p;
  }
  return null;
}

/**
 * auditHistory in a worker thread with bounded heap limits (LIMITS), so peak memory follows what the
 * audit holds rather than the machine's size; the same audit in this thread when no worker bundle
 * is at hand (tests, which run the sources).
 */
export async function auditHistoryBounded(root: string, options: HistoryAuditOptions, config: ResolvedConfig, bounds: WorkerBounds = {}): Promise<ScanResult> {
  const path = bounds.workerPath !== undefined ? bounds.workerPath : historyWorkerPath();
  if (path === null || options.counters) return auditHistory(root, options, config);
  const { onProgress, counters: _counters, ...rest } = options;
  const job: HistoryJob = { root, options: rest, config, progress: onProgress !== undefined };
  return runBounded(path, job, bounds.limits ?? LIMITS, onProgress, (limits) => outOfMemory('the history audit', limits, HISTORY_ADVICE));
}

/**
 * Runs one job of the worker bundle under heap limits: its progress messages go to `onProgress`,
 * its result or error settles the promise, and a worker V8 stops at its heap limit becomes the
 * error `onOutOfMemory` says (the process lives on).
 */
export function runBounded(
  path: string,
  job: unknown,
  limits: ResourceLimits,
  onProgress: ((done: number, total: number) => void) | undefined,
  onOutOfMemory: (limits: ResourceLimits) => Error,
): Promise<ScanResult> {
  const worker = new Worker(path, { workerData: job, resourceLimits: limits, stdout: false, stderr: false });
  return new Promise<ScanResult>((resolve, reject) => {
    let settled = false;
    worker.on('message', (m: HistoryMessage) => {
      if (m.type === 'progress') onProgress?.(m.done, m.total);
      else {
        settled = true;
        void worker.terminate();
        if (m.type === 'result') resolve(m.result);
        else reject(new Error(m.message));
      }
    });
    worker.on('error', (err) => {
      settled = true;
      // V8 stops a worker at its heap limit (the process lives on): said as what to do, not as V8's words.
      reject(isOutOfMemory(err) ? onOutOfMemory(limits) : err);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`the worker stopped (exit ${code}) before it finished`));
    });
  });
}

/** Where the worker comes from and its heap limits; tests only (the defaults are the bundle beside this one and LIMITS). */
export interface WorkerBounds {
  /** The worker file; null runs the audit in this thread. */
  workerPath?: string | null;
  limits?: ResourceLimits;
}

function isOutOfMemory(err: Error): boolean {
  return (err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
}

const HISTORY_ADVICE =
  'audit the history in parts (--since 2024-01-01, --max-count 5000 or a range such as v2.0..HEAD), or leave out the largest generated files with exclude in the configuration';

export function outOfMemory(what: string, limits: ResourceLimits, advice: string): Error {
  return new Error(`${what} reached its memory limit (a heap of ${limits.maxOldGenerationSizeMb ?? '?'} MiB) and was stopped before it finished: ${advice}`);
}
