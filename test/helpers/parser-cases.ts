import { createSecretNameMatcher } from '../../src/core/secret-names.js';
import type { Document, SecretAssignment, TextEdit } from '../../src/core/types.js';

/** Shared by the parser tests: options, documents, and a readable summary of an assignment. */
export const options = { names: createSecretNameMatcher(), maxYamlAliasNodes: 100_000 };

export function docOf(path: string, text: string): Document {
  return { path, text, origin: 'worktree', hasBom: false };
}

export function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/** The assignment plus the 1-based line its span starts on and the text it covers. */
export function summary(text: string, a: SecretAssignment): Record<string, unknown> {
  return { ...a, line: lineOf(text, a.span.start), spanText: text.slice(a.span.start, a.span.end) };
}

/** Applies edits back to front (tests only: overlapping edits are the fixer's concern). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((x, y) => y.start - x.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
