import type { Finding, Span, TextEdit } from '../core/types.js';
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

/** Where secret literals stand in a file's text (from the parsers); none when unknown. */
export type SecretSpansOf = (file: string, text: string) => readonly Span[];

/**
 * Turns findings whose fix edits only their own file into suggestion comments: the lines the
 * edits touch, rewritten. The replaced text is never echoed (it holds the secret); only the new
 * lines are, and a fix never writes a secret. A suggestion replaces whole lines, so another secret
 * on those lines would be repeated in it: the other fixes on the same lines are folded into the
 * suggestion, and when a secret literal would still stand in the new lines, no suggestion is made
 * (the annotation remains).
 */
export function suggestionsFor(
  findings: readonly Finding[],
  readText: (file: string) => string | null,
  prefix = '',
  secretSpans: SecretSpansOf = () => [],
): SuggestionComment[] {
  const out: SuggestionComment[] = [];
  const offered = new Set<string>();
  const ownFileFix = (f: Finding) => f.fix !== undefined && f.fix.edits.length > 0 && f.fix.edits.every((e) => e.file === f.file);
  for (const f of findings) {
    const fix = f.fix;
    if (!fix || !ownFileFix(f)) continue;
    const text = readText(f.file);
    if (text === null) continue;
    const idx = new LineIndex(text);
    const lineOf = (offset: number) => idx.position(offset).line;
    const lastLineOf = (e: { start: number; end: number }) => lineOf(Math.max(e.start, e.end - 1));
    const first = Math.min(...fix.edits.map((e) => lineOf(e.start)));
    const last = Math.max(...fix.edits.map(lastLineOf));
    // Fixes of other findings whose edits stay within these lines ride along.
    const companions = findings.filter(
      (o) => o !== f && o.file === f.file && ownFileFix(o) && (o.fix?.edits ?? []).every((e) => lineOf(e.start) >= first && lastLineOf(e) <= last),
    );
    const edits = dedupeEdits([...fix.edits, ...companions.flatMap((o) => o.fix?.edits ?? [])]);
    const rangeStart = idx.lineStart(first);
    const rangeEnd = last < idx.lineCount ? idx.lineStart(last + 1) : text.length;
    const key = `${f.file}\0${rangeStart}\0${rangeEnd}`;
    if (offered.has(key)) continue;
    // A secret on these lines that no edit replaces would be printed in the suggestion.
    const uncovered = secretSpans(f.file, text).some(
      (sp) => sp.end > rangeStart && sp.start < rangeEnd && !edits.some((e) => e.start <= sp.start && e.end >= sp.end),
    );
    if (uncovered) continue;
    const slice = text.slice(rangeStart, rangeEnd);
    const local = edits.map((e) => ({ ...e, start: e.start - rangeStart, end: e.end - rangeStart }));
    const result = applyEdits(slice, local);
    if (result.skipped.length > 0) continue;
    offered.add(key);
    const all = [f, ...companions];
    const replacement = result.text.replace(/\r?\n$/, '').replace(/\r\n/g, '\n');
    const fence = replacement.includes('```') ? '~~~~' : '```';
    const commands = [...new Set(all.flatMap((o) => o.fix?.commands ?? []))];
    const body = [
      ...all.map((o) => `**${o.ruleId}**: ${o.message}`),
      '',
      `${fence}suggestion`,
      replacement,
      fence,
      '',
      all.some((o) => o.fix?.removesCommittedValue) ? '_The value removed here is in git history once merged or pushed: rotate it (`secret-hygiene generate`)._' : '',
      ...(commands.length > 0 ? ['Then run:', '```sh', ...commands, '```'] : []),
      `${MARKER_PREFIX}${f.fingerprint} -->`,
    ]
      .filter((l, i, a) => !(l === '' && a[i - 1] === ''))
      .join('\n');
    out.push({ path: prefix + f.file, line: last, ...(first !== last ? { startLine: first } : {}), body, fingerprint: f.fingerprint });
  }
  return out;
}

function dedupeEdits(edits: readonly TextEdit[]): TextEdit[] {
  const seen = new Set<string>();
  return edits.filter((e) => {
    const k = `${e.start}\0${e.end}\0${e.text}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
