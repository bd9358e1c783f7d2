import { parentPort, workerData } from 'node:worker_threads';
import { auditHistory } from '../audit-history.js';
import type { HistoryJob, HistoryMessage } from './history-job.js';
import type { ParseJob } from './parse-job.js';
import { serveParses } from './parse-worker.js';
import { auditTree, type TreeJob } from './tree-job.js';
import { reviveWordlist } from '../config/weak-values-file.js';

/**
 * The worker bundle (dist/worker/index.js). A history audit's worker, and a large tree's full scan
 * (see tree-job.ts), runs one audit under the heap limits its parent set (see history-job.ts) and
 * posts progress, then the result or the error; a full scan's parse workers (see parse-pool.ts)
 * parse the batches of documents they are sent.
 */
const port = parentPort;
const data = workerData as HistoryJob | ParseJob | TreeJob | undefined;
if (port && data !== undefined && 'kind' in data && data.kind === 'parse') serveParses(port, data);
else if (port) {
  const job = data as HistoryJob | TreeJob;
  const post = (m: HistoryMessage) => port.postMessage(m);
  // Progress is called for every commit: at most a few messages a second cross to the parent.
  let last = 0;
  let pending: { done: number; total: number } | null = null;
  const onProgress = (done: number, total: number) => {
    const now = Date.now();
    pending = { done, total };
    if (now - last < 100) return;
    last = now;
    post({ type: 'progress', done, total });
    pending = null;
  };
  const weakList = reviveWordlist(job.config.weakList);
  const config = { ...job.config, ...(weakList ? { weakList } : {}) };
  const run =
    'kind' in job
      ? auditTree(job.root, config, job.options, job.progress ? onProgress : undefined)
      : auditHistory(job.root, { ...job.options, ...(job.progress ? { onProgress } : {}) }, config);
  run.then(
    (result) => {
      if (pending) post({ type: 'progress', ...pending });
      post({ type: 'result', result });
    },
    (err: unknown) => post({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
  );
}
