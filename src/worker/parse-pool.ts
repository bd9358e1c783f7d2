import { availableParallelism } from 'node:os';
import { setImmediate as turn } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { parseOne, type DocumentParser, type ParseAhead, type ParseAnswer } from '../core/scan.js';
import type { Document } from '../core/types.js';
import { historyWorkerPath } from './history-job.js';
import type { ParseJob, ParseMessage, ParseRequest } from './parse-job.js';

export interface ParsePoolOptions {
  secretNames: readonly string[];
  /** Worker threads (0: parse in this thread). Default: workerPlan's. */
  workers?: number;
  /** Documents parsed here before workers are started: a small tree is done before they would be ready. */
  startAfter?: number;
  /** The worker bundle; default: dist/worker/index.js beside the running bundle (none when run from sources). */
  workerPath?: string | null;
}

const MAX_WORKERS = 4;
/** A batch: this many documents or this many characters, whichever comes first. */
const BATCH_DOCUMENTS = 32;
const BATCH_CHARS = 256 * 1024;
/** Batches queued per worker: one parsing, one waiting, so a worker never idles on a round trip. */
const PER_WORKER = 2;
/**
 * A small young generation frees each batch's garbage (the YAML library's nodes, tokens) soon; the
 * old generation's limit is what a parse of the largest file allowed (max-file-bytes) may need. A
 * worker that runs out anyway exits, and its batches are parsed in the scan's own thread.
 */
const LIMITS = { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 2048 };

/**
 * How many workers to start, and after how many documents: SECRET_HYGIENE_WORKERS=N asks for N
 * (at most MAX_WORKERS, and no more than there are cores) from the first document; none by default.
 *
 * Off by default because on the 2-core machine the benchmark runs on they cost more than they
 * save (2026-12-03, 10k-file corpus, five alternating pairs under the machine's usual load: 2
 * workers took 4.0–4.6 s of CPU against 2.6–3.2 s in one thread, 12–17 s against 8–13 s of wall
 * time, and 180 MiB peak RSS against 124): every worker loads the bundle and warms the parsers'
 * code again, and both directions of every batch are copied. A machine with idle cores to spare
 * may gain; measure before turning them on.
 */
export function workerPlan(env: NodeJS.ProcessEnv = process.env): { workers: number; startAfter: number } {
  const set = env.SECRET_HYGIENE_WORKERS?.trim();
  if (set === undefined || !/^\d+$/.test(set)) return { workers: 0, startAfter: 0 };
  return { workers: Math.min(Number(set), MAX_WORKERS, Math.max(availableParallelism(), 1)), startAfter: 0 };
}

interface Slot {
  worker: Worker;
  ready: boolean;
  gone: boolean;
  /** Requests sent and not answered, by id. */
  open: Map<number, Pending>;
}

interface Pending {
  documents: Document[];
  resolve: (answers: ParseAnswer[]) => void;
}

interface Batch {
  documents: Document[];
  answers: ParseAnswer[] | Promise<ParseAnswer[]>;
  done: boolean;
}

/**
 * A full scan's parses on worker threads: the scan's thread reads files and runs the rules while
 * the workers parse (YAML, code), the costliest step. Documents go out in batches and come back in
 * the order they were read, so the report is the one a scan in one thread makes. Until the workers
 * are ready (and whenever one fails) the scan's thread parses itself.
 */
export function parseInWorkers(options: ParsePoolOptions): ParseAhead {
  const plan = workerPlan();
  const count = options.workers ?? plan.workers;
  const startAfter = options.startAfter ?? plan.startAfter;
  const path = options.workerPath === undefined ? historyWorkerPath() : options.workerPath;
  return (documents, parse) => (count === 0 || path === null ? inline(documents, parse) : pooled(documents, parse, { count, startAfter, path, secretNames: options.secretNames }));
}

async function* inline(documents: AsyncIterable<Document>, parse: DocumentParser) {
  for await (const document of documents) yield { document, answer: parseOne(parse, document) };
}

async function* pooled(
  documents: AsyncIterable<Document>,
  parse: DocumentParser,
  o: { count: number; startAfter: number; path: string; secretNames: readonly string[] },
): AsyncGenerator<{ document: Document; answer: ParseAnswer }> {
  const slots: Slot[] = [];
  const queue: Batch[] = [];
  let nextId = 0;
  let seen = 0;
  let batch: Document[] = [];
  let chars = 0;

  const here = (docs: readonly Document[]) => docs.map((d) => parseOne(parse, d));
  const start = () => {
    const job: ParseJob = { kind: 'parse', secretNames: [...o.secretNames] };
    for (let i = 0; i < o.count; i++) {
      const slot: Slot = { worker: new Worker(o.path, { workerData: job, resourceLimits: LIMITS, stdout: false, stderr: false }), ready: false, gone: false, open: new Map() };
      slot.worker.on('message', (m: ParseMessage) => {
        if (m.type === 'ready') {
          slot.ready = true;
          return;
        }
        const p = slot.open.get(m.id);
        if (!p) return;
        slot.open.delete(m.id);
        p.resolve(m.type === 'parsed' ? m.answers : here(p.documents));
      });
      // A worker that fails (out of memory, a bug) hands its batches back: they are parsed here.
      const fail = () => {
        if (slot.gone) return;
        slot.gone = true;
        for (const p of slot.open.values()) p.resolve(here(p.documents));
        slot.open.clear();
      };
      slot.worker.on('error', fail);
      slot.worker.on('exit', fail);
      slots.push(slot);
    }
  };
  const free = () => {
    let best: Slot | null = null;
    for (const s of slots) if (s.ready && !s.gone && s.open.size < PER_WORKER && (best === null || s.open.size < best.open.size)) best = s;
    return best;
  };
  const loading = () => slots.some((s) => !s.ready && !s.gone);
  const busy = () => slots.some((s) => s.ready && !s.gone) && free() === null;
  const send = (docs: Document[]): Batch => {
    const slot = free();
    if (slot === null) return { documents: docs, answers: here(docs), done: true };
    const id = nextId++;
    const b: Batch = { documents: docs, answers: [], done: false };
    b.answers = new Promise<ParseAnswer[]>((resolve) => slot.open.set(id, { documents: docs, resolve })).then((a) => {
      b.done = true;
      return a;
    });
    try {
      slot.worker.postMessage({ id, documents: docs } satisfies ParseRequest);
    } catch {
      slot.open.delete(id);
      return { documents: docs, answers: here(docs), done: true };
    }
    return b;
  };
  function* answered(b: Batch, answers: ParseAnswer[]) {
    for (let i = 0; i < b.documents.length; i++) yield { document: b.documents[i] as Document, answer: answers[i] as ParseAnswer };
  }

  try {
    for await (const doc of documents) {
      if (seen++ === o.startAfter) start();
      batch.push(doc);
      chars += doc.text.length;
      if (batch.length < BATCH_DOCUMENTS && chars < BATCH_CHARS) continue;
      queue.push(send(batch));
      batch = [];
      chars = 0;
      // Out in order: what is answered, and the oldest batch whenever every worker has its fill.
      while (queue.length > 0 && ((queue[0] as Batch).done || busy())) {
        const head = queue.shift() as Batch;
        yield* answered(head, await head.answers);
      }
      // Reads do not wait on the event loop: give a loading worker's "ready" a chance to arrive.
      if (loading()) await turn();
    }
    if (batch.length > 0) queue.push(send(batch));
    for (const head of queue.splice(0)) yield* answered(head, await head.answers);
  } finally {
    for (const s of slots) void s.worker.terminate();
  }
}
