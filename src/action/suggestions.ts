import type { Finding } from '../core/types.js';
import { applyEdits } from '../fix/apply-edits.js';
import { LineIndex } from '../core/lines.js';

/** One pull-request review comment carrying a GitHub ```suggestion block. */
export interface SuggestionComment {
  path: string;
  /** Last line of the range the suggestion replaces (RIGHT side). */
  line: number;
  /** First line, when the range spans several lines. */
  startLine?: number;
  body: string;
  /** Stable identity, written into the body as a marker so re-runs find their own comments. */
  fingerprint: string;
}

export const MARKER_PREFIX = '<!-- secret-hygiene:';

/**
 * Turns findings whose fix edits only their own file into suggestion comments: the lines the
 * edits touch, rewritten. The replaced text is never echoed (it holds the secret); only the new
 * lines are, and a fix never writes a secret.
 */
export function suggestionsFor(findings: readonly Finding[], readText: (file: string) => string | null, prefix = ''): SuggestionComment[] {
  const out: SuggestionComment[] = [];
  for (const f of findings) {
    const fix = f.fix;
    if (!fix || fix.edits.length === 0 || fix.edits.some((e) => e.file !== f.file)) continue;
    const text = readText(f.file);
    if (text === null) continue;
    const idx = new LineIndex(text);
    const first = Math.min(...fix.edits.map((e) => idx.position(e.start).line));
    const last = Math.max(...fix.edits.map((e) => idx.position(Math.max(e.start, e.end - 1)).line));
    const rangeStart = idx.lineStart(first);
    const rangeEnd = last < idx.lineCount ? idx.lineStart(last + 1) : text.length;
    const slice = text.slice(rangeStart, rangeEnd);
    const local = fix.edits.map((e) => ({ ...e, start: e.start - rangeStart, end: e.end - rangeStart }));
    const result = applyEdits(slice, local);
    if (result.skipped.length > 0) continue;
    const replacement = result.text.replace(/\r?\n$/, '').replace(/\r\n/g, '\n');
    const fence = replacement.includes('```') ? '~~~~' : '```';
    const body = [
      `**${f.ruleId}**: ${f.message}`,
      '',
      `${fence}suggestion`,
      replacement,
      fence,
      '',
      fix.removesCommittedValue ? '_The value removed here is in git history once merged or pushed: rotate it (`secret-hygiene generate`)._' : '',
      ...(fix.commands && fix.commands.length > 0 ? ['Then run:', '```sh', ...fix.commands, '```'] : []),
      `${MARKER_PREFIX}${f.fingerprint} -->`,
    ]
      .filter((l, i, a) => !(l === '' && a[i - 1] === ''))
      .join('\n');
    out.push({ path: prefix + f.file, line: last, ...(first !== last ? { startLine: first } : {}), body, fingerprint: f.fingerprint });
  }
  return out;
}
