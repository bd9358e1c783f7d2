import { ruleDocsUrl } from '../core/meta.js';
import { plural } from './text.js';
import type { RuleMeta } from '../core/rule.js';
import type { Finding, ScanResult, Severity } from '../core/types.js';

/** The runner shows 10 annotations per type per step (actions/runner ExecutionContext `_maxCountPerIssueType`). */
export const ANNOTATIONS_PER_LEVEL = 10;
/** GITHUB_STEP_SUMMARY is refused over 1 MiB; keep well under it. */
export const SUMMARY_BUDGET_BYTES = 900 * 1024;

export interface Annotation {
  level: Severity;
  message: string;
  title: string;
  file: string;
  startLine: number;
  endLine: number;
  startColumn?: number;
  endColumn?: number;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, note: 2 };

/**
 * Within a severity, what is proven or already exposed comes first: a committed token shown to be
 * forgeable, then key material committed as it is (a private key, a tracked .env, a literal secret in code, a
 * manifest or CI file), then the rest. Rules not listed keep their place after these.
 */
const IMPORTANCE = ['jwt-forgeable', 'committed-private-key', 'committed-dotenv', 'hardcoded-secret', 'plaintext-manifest-secret', 'ci-plaintext-secret', 'jwt-unsigned'];
const importance = (f: Finding): number => {
  const i = IMPORTANCE.indexOf(f.ruleId);
  return i === -1 ? IMPORTANCE.length : i;
};

/** Severity, then importance (see IMPORTANCE), then the report's order (file, line): the annotations the runner shows. */
export function byImportance(a: Finding, b: Finding): number {
  return RANK[a.severity] - RANK[b.severity] || importance(a) - importance(b);
}

/**
 * Annotations, most severe and most important first (byImportance), at most 10 per level (less
 * `reservedErrors` for errors); when a level has more, its last shown annotation says how many
 * are left out. `prefix` maps scan-root paths to workspace paths.
 */
export function toAnnotations(findings: readonly Finding[], prefix = '', reservedErrors = 0): Annotation[] {
  const sorted = [...findings].sort(byImportance);
  const out: Annotation[] = [];
  for (const level of ['error', 'warning', 'note'] as const) {
    const ofLevel = sorted.filter((f) => f.severity === level);
    // A failing step adds its own error annotation; leave it a slot so it is shown too.
    const limit = ANNOTATIONS_PER_LEVEL - (level === 'error' ? reservedErrors : 0);
    const shown = ofLevel.slice(0, limit);
    shown.forEach((f, i) => {
      const more = ofLevel.length - shown.length;
      const tail = i === shown.length - 1 && more > 0 ? `\n\n(${more} more ${more === 1 ? level : `${level}s`} not annotated: the runner shows 10 per type; these are the most important, and the job summary lists all.)` : '';
      const a: Annotation = {
        level,
        // Titles are not masked by the runner: the rule id only, never data.
        title: f.ruleId,
        message: f.message + tail,
        file: prefix + f.file,
        startLine: f.line,
        endLine: f.endLine,
      };
      if (f.line === f.endLine) {
        a.startColumn = f.column;
        a.endColumn = Math.max(f.column, f.endColumn - 1);
      }
      out.push(a);
    });
  }
  return out;
}

export interface SummaryContext {
  /** `https://github.com/owner/repo/blob/<sha>/` or undefined when unknown. */
  blobBase?: string;
  prefix?: string;
  /** What the run did: "scanned the 3 files this pull request changes (base fetched)". */
  scope: string;
  extraNotes?: string[];
}

/** The job summary: totals per rule and severity, the findings with links, each rule's fix in two lines. */
export function formatSummary(result: ScanResult, rules: readonly RuleMeta[], ctx: SummaryContext): string {
  const f = result.findings;
  const lines: string[] = [];
  lines.push(`## secret-hygiene: ${f.length === 0 ? 'no findings' : plural(f.length, 'finding')}`, '');
  lines.push(ctx.scope, '');
  for (const n of ctx.extraNotes ?? []) lines.push(`> ${n}`, '');
  if (f.length > 0) {
    const byRule = new Map<string, Record<Severity, number>>();
    for (const x of f) {
      const c = byRule.get(x.ruleId) ?? { error: 0, warning: 0, note: 0 };
      c[x.severity]++;
      byRule.set(x.ruleId, c);
    }
    lines.push('| rule | errors | warnings | notes |', '|---|---:|---:|---:|');
    for (const [id, c] of [...byRule].sort(([a], [b]) => (a < b ? -1 : 1))) {
      lines.push(`| [${id}](${ruleDocsUrl(id)}) | ${c.error} | ${c.warning} | ${c.note} |`);
    }
    lines.push('');
    if (f.length > ANNOTATIONS_PER_LEVEL) {
      lines.push(`The runner shows at most ${ANNOTATIONS_PER_LEVEL} annotations per severity; every finding is listed below.`, '');
    }
    lines.push('| severity | where | rule | finding |', '|---|---|---|---|');
    const footer: string[] = [''];
    const fixes = [...new Set(f.map((x) => x.ruleId))].sort();
    footer.push('### How to fix', '');
    for (const id of fixes) {
      const meta = rules.find((r) => r.id === id);
      if (meta) footer.push(`**${id}**: ${meta.help.replace(/\s*\n\s*/g, ' ')}`, '');
    }
    const footerText = footer.join('\n');
    let used = Buffer.byteLength(lines.join('\n') + footerText, 'utf8');
    let shown = 0;
    for (const x of f) {
      const path = (ctx.prefix ?? '') + x.file;
      const where = ctx.blobBase ? `[${escapeCell(path)}:${x.line}](${ctx.blobBase}${path.split('/').map(encodeURIComponent).join('/')}#L${x.line})` : `${escapeCell(path)}:${x.line}`;
      const row = `| ${x.severity} | ${where} | ${x.ruleId} | ${escapeCell(x.message)} |`;
      const size = Buffer.byteLength(row, 'utf8') + 1;
      if (used + size > SUMMARY_BUDGET_BYTES - 200) break;
      lines.push(row);
      used += size;
      shown++;
    }
    if (shown < f.length) lines.push('', `_${plural(f.length - shown, 'more finding')} left out to keep this summary under GitHub's 1 MiB limit; run \`npx secret-hygiene scan\` locally for all of them._`);
    lines.push(footerText);
  }
  const notes = result.notes ?? [];
  if (notes.length > 0) {
    lines.push('', `<details><summary>${plural(notes.length, 'note')}</summary>`, '');
    for (const n of notes.slice(0, 200)) lines.push(`- \`${n.file}\`: ${escapeCell(n.message)}`);
    lines.push('', '</details>');
  }
  if (result.problems.length > 0) {
    lines.push('', `<details><summary>${plural(result.problems.length, 'file')} skipped or not parsed</summary>`, '');
    for (const p of result.problems.slice(0, 200)) lines.push(`- \`${p.file}\`: ${escapeCell(p.reason)}`);
    lines.push('', '</details>');
  }
  return lines.join('\n') + '\n';
}

function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
