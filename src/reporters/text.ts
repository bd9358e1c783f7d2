import { escapeControlChars as shown } from '../core/control-chars.js';
import type { RuleMeta } from '../core/rule.js';
import { ruleDocsUrl } from '../core/meta.js';
import type { Finding, ScanResult, Severity } from '../core/types.js';

export interface TextOptions {
  color: boolean;
  /** List every skipped file rather than a count. */
  verbose?: boolean;
}

/** A rule's published docs page (a user's repository has no docs/rules/ of its own). */
function ruleDocsLink(rules: readonly RuleMeta[], id: string): string {
  return rules.some((r) => r.id === id) ? ruleDocsUrl(id) : id;
}

/** "1 file", "2 files": counts read as sentences. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Notes shown before the total without --verbose (a baseline of hundreds of fixed entries is one count). */
const MAX_NOTES = 10;

const COLORS = { red: 31, yellow: 33, cyan: 36, dim: 2, bold: 1 } as const;

/**
 * Human output: findings grouped by file, each with where, what, and how to fix; then the skipped
 * files and a one-line total. Colour only when asked (a TTY without NO_COLOR).
 */
export function formatText(result: ScanResult, rules: readonly RuleMeta[], options: TextOptions): string {
  const paint = (c: keyof typeof COLORS, s: string) => (options.color ? `\u001b[${COLORS[c]}m${s}\u001b[0m` : s);
  const sev = (s: Severity) => (s === 'error' ? paint('red', 'error') : s === 'warning' ? paint('yellow', 'warning') : paint('cyan', 'note'));
  const lines: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of result.findings) {
    let list = byFile.get(f.file);
    if (!list) byFile.set(f.file, (list = []));
    list.push(f);
  }
  for (const [name, findings] of byFile) {
    // A file name from the repository may hold line breaks or terminal escapes: one visible line.
    const file = shown(name);
    lines.push(paint('bold', file));
    for (const f of findings) {
      const secret = f.secret ? paint('dim', ` [${f.secret.preview} ${f.secret.length} chars, ${f.secret.fingerprint.slice(0, 8)}]`) : '';
      const commit = f.commit ? paint('dim', ` (commit ${f.commit.sha.slice(0, 12)} ${f.commit.date.slice(0, 10)}${f.commit.stillPresent === false ? ', deleted since: still in history, rotate it' : ''})`) : '';
      lines.push(`  ${file}:${f.line}:${f.column}  ${sev(f.severity)}  ${f.message}  ${paint('dim', f.ruleId)}${secret}${commit}`);
      for (const r of f.related) lines.push(paint('dim', `      related: ${shown(r.file)}:${r.line}${r.message ? ` (${r.message})` : ''}`));
      if (f.fix && f.fix.edits.length > 0) lines.push(paint('dim', `      fixable: run \`secret-hygiene fix --write\` (${f.fix.description})`));
    }
    lines.push('');
  }
  if (result.problems.length > 0) {
    if (options.verbose) {
      lines.push(paint('bold', 'Skipped'));
      for (const p of result.problems) lines.push(`  ${shown(p.file)}: ${p.reason}`);
    } else {
      const parseErrors = result.problems.filter((p) => !p.reason.startsWith('skipped:'));
      for (const p of parseErrors) lines.push(`  ${paint('yellow', 'problem')} ${shown(p.file)}: ${p.reason}`);
      const skipped = result.problems.length - parseErrors.length;
      if (skipped > 0) lines.push(paint('dim', `${plural(skipped, 'file')} skipped (binary or over the size cap; --verbose lists them)`));
    }
  }
  const notes = result.notes ?? [];
  const shownNotes = options.verbose ? notes : notes.slice(0, MAX_NOTES);
  for (const n of shownNotes) lines.push(`  ${paint('cyan', 'note')} ${shown(n.file)}: ${n.message}`);
  if (shownNotes.length < notes.length) lines.push(paint('dim', `${plural(notes.length - shownNotes.length, 'more note')} (--verbose lists them)`));
  const fixable = result.findings.filter((f) => f.fix && f.fix.edits.length > 0).length;
  const ruleIds = [...new Set(result.findings.map((f) => f.ruleId))].sort();
  lines.push(
    `secret-hygiene: ${totalSentence(result, 'above')}` +
      (result.findings.length === 0 ? ` (${result.stats.ms} ms)` : (fixable > 0 ? `; ${fixable} fixable with \`secret-hygiene fix\`.` : '.') + ` Rule docs: ${ruleIds.map((id) => ruleDocsLink(rules, id)).join(', ')}`),
  );
  return lines.join('\n') + '\n';
}

/**
 * The counts of a scan as one sentence: "1 finding (1 error, 0 warnings, 0 notes) in 1 file,
 * 1 rule", or "no findings in 3 files"; files that could not be read are counted apart, with
 * `where` saying where they are listed. Shared by the text total and the stderr line of --output.
 */
export function totalSentence(result: ScanResult, where: 'above' | 'in the report'): string {
  const counts = { error: 0, warning: 0, note: 0 };
  for (const f of result.findings) counts[f.severity]++;
  const rules = new Set(result.findings.map((f) => f.ruleId)).size;
  // Findings are findings; what could not be read is counted in files (a run-level note has file '.').
  const unreadFiles = new Set(result.problems.map((p) => p.file).filter((f) => f !== '.')).size;
  const unread = result.problems.length === 0 ? '' : unreadFiles > 0 ? `; ${plural(unreadFiles, 'file')} not read in full (listed ${where})` : `; see the notes ${where}`;
  const files = plural(result.stats.files, 'file');
  if (result.findings.length === 0) return `no findings in ${files}${unread}`;
  return `${plural(result.findings.length, 'finding')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.note, 'note')}) in ${files}, ${plural(rules, 'rule')}${unread}`;
}
