import type { MessagePort } from 'node:worker_threads';
import { parseOne } from '../core/scan.js';
import { createSecretNameMatcher } from '../core/secret-names.js';
import { createDocumentParser } from '../parsers/index.js';
import type { ParseJob, ParseMessage, ParseRequest } from './parse-job.js';

/** A parse worker's loop (see parse-pool.ts): answers each batch it is sent, in order. */
export function serveParses(port: MessagePort, job: ParseJob): void {
  const parse = createDocumentParser(createSecretNameMatcher(job.secretNames), job.secretNames);
  const post = (m: ParseMessage) => port.postMessage(m);
  port.on('message', (req: ParseRequest) => {
    const answers = req.documents.map((doc) => parseOne(parse, doc));
    try {
      post({ type: 'parsed', id: req.id, answers });
    } catch {
      // Nothing a parser returns should fail to clone; if something does, the scan parses the batch itself.
      post({ type: 'refused', id: req.id });
    }
  });
  post({ type: 'ready' });
}
