import type { ParseAnswer } from '../core/scan.js';
import type { Document } from '../core/types.js';

/** What a parse worker is given: the configuration's secret names (its parser is built from them). */
export interface ParseJob {
  kind: 'parse';
  secretNames: readonly string[];
}

/** From the scan to a worker: a batch of documents to parse. */
export interface ParseRequest {
  id: number;
  documents: Document[];
}

/**
 * From a worker to the scan: it is ready (its bundle loaded), a batch's answers in the batch's
 * order, or a batch it could not send back (an answer that does not clone), which the scan then
 * parses itself.
 */
export type ParseMessage = { type: 'ready' } | { type: 'parsed'; id: number; answers: ParseAnswer[] } | { type: 'refused'; id: number };
