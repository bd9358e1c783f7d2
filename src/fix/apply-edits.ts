import type { TextEdit } from '../core/types.js';

export interface EditResult {
  text: string;
  applied: TextEdit[];
  /** Edits that overlap one already taken; a later pass (after a rescan) may apply them. */
  skipped: TextEdit[];
}

/**
 * Applies text edits the way eslint does: identical edits count once, overlapping ones after the
 * first are skipped for a later pass, the rest are applied in one pass.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): EditResult {
  const unique = new Map<string, TextEdit>();
  for (const e of edits) unique.set(`${e.start}\0${e.end}\0${e.text}`, e);
  const sorted = [...unique.values()].sort((a, b) => a.start - b.start || a.end - b.end);
  const applied: TextEdit[] = [];
  const skipped: TextEdit[] = [];
  let lastEnd = -1;
  for (const e of sorted) {
    if (e.start < lastEnd || e.start > text.length || e.end > text.length || e.end < e.start) {
      skipped.push(e);
      continue;
    }
    applied.push(e);
    lastEnd = Math.max(e.end, e.start === e.end ? e.start + 0.5 : e.end);
  }
  // One forward pass over sorted, non-overlapping edits: slicing the whole text once per edit
  // would copy it once per edit (50k edits on a 2 MB file).
  const parts: string[] = [];
  let at = 0;
  for (const e of applied) {
    parts.push(text.slice(at, e.start), e.text);
    at = e.end;
  }
  parts.push(text.slice(at));
  return { text: parts.join(''), applied, skipped };
}
