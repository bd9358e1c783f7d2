import type { ProjectFacts } from './rule.js';
import type { Document, Problem } from './types.js';

/**
 * Where documents come from: the working tree, the index, a diff range, the history. A source only
 * yields text; it never parses or judges it.
 */
export interface Source {
  documents(): AsyncIterable<Document>;
  /** Repository facts rules may not fetch themselves. Called once, before documents are read. */
  facts(): Promise<ProjectFacts>;
  /** Files skipped or unreadable, filled in while documents are yielded. */
  readonly problems: Problem[];
  /** Bytes read, for stats. */
  readonly bytesRead: number;
  /** Files the source considered (when it skips reading some); stats report this over files read. */
  readonly filesListed?: number;
}
