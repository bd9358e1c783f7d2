import type { SecretNameMatcher } from '../core/secret-names.js';
import type { Document, ParsedDocument } from '../core/types.js';

export interface ParseOptions {
  names: SecretNameMatcher;
  /** Upper bound on YAML alias expansion (hostile input: billion-laughs). */
  maxYamlAliasCount: number;
}

/** A parser turns one document into secret assignments. It never throws: failures go to `problems`. */
export type Parser = (doc: Document, options: ParseOptions) => ParsedDocument;

export function emptyParse(format: ParsedDocument['format']): ParsedDocument {
  return { format, assignments: [], uses: [], problems: [] };
}
