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
  const counts = { error: 0, warning: 0, note: 0 };
  for (const f of result.findings) counts[f.severity]++;
  const ruleSet = new Set(result.findings.map((f) => f.ruleId));
  const total = result.findings.length;
  // Findings are findings; what could not be read is counted in files (a run-level note has file '.').
  const unreadFiles = new Set(result.problems.map((p) => p.file).filter((f) => f !== '.')).size;
  const unread = result.problems.length === 0 ? '' : unreadFiles > 0 ? `; ${plural(unreadFiles, 'file')} not read in full (listed above)` : '; see the notes above';
  if (total === 0) {
    lines.push(`secret-hygiene: no findings in ${plural(result.stats.files, 'file')}${unread} (${result.stats.ms} ms)`);
  } else {
    const fixable = result.findings.filter((f) => f.fix && f.fix.edits.length > 0).length;
    lines.push(
      `secret-hygiene: ${plural(total, 'finding')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.note, 'note')}) in ${plural(result.stats.files, 'file')}, ${plural(ruleSet.size, 'rule')}${unread}` +
        (fixable > 0 ? `; ${fixable} fixable with \`secret-hygiene fix\`.` : '.') +
        ` Rule docs: ${[...ruleSet].sort().map((id) => ruleDocsLink(rules, id)).join(', ')}`,
    );
  }
  return lines.join('\n') + '\n';
}
