import type { SecretNameMatcher } from '../core/secret-names.js';
import type { Document, ParsedDocument } from '../core/types.js';

export interface ParseOptions {
  names: SecretNameMatcher;
  /**
   * Upper bound on the nodes YAML aliases may bring into a walk, per document (hostile input:
   * billion laughs). Bounds the work done, not the number of alias uses a real file makes.
   */
  maxYamlAliasNodes: number;
}

/** A parser turns one document into secret assignments. It never throws: failures go to `problems`. */
export type Parser = (doc: Document, options: ParseOptions) => ParsedDocument;

export function emptyParse(format: ParsedDocument['format']): ParsedDocument {
  return { format, assignments: [], uses: [], problems: [] };
}
