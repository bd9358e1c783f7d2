import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ruleDocsUrl } from '../core/meta.js';
import type { JsonFinding } from '../reporters/json.js';
import { compareNames } from './list.js';
import type { RepositoryResult } from './scan-repo.js';

/** The merged report, version 1 (docs/org-json-format.md). Additive changes only within a version. */
export interface OrgReport {
  version: 1;
  /** Sorted by name; each repository once. */
  repositories: OrgRepositoryEntry[];
  totals: OrgTotals;
}

export interface OrgRepositoryEntry {
  repository: string;
  url?: string;
  /** The commit scanned; null when the repository is empty or could not be scanned. */
  commit: string | null;
  history?: boolean;
  /** The engine's findings (docs/json-format.md), sorted, de-duplicated; empty when not scanned. */
  findings: JsonFinding[];
  /** Only when it could not be scanned: why. */
  error?: string;
}

export interface SeverityCounts {
  error: number;
  warning: number;
  note: number;
}

export interface OrgTotals {
  repositories: number;
  scanned: number;
  unscannable: number;
  withFindings: number;
  findings: number;
  bySeverity: SeverityCounts;
  /** Keyed by rule id, in id order: findings per severity and how many repositories have any. */
  byRule: Record<string, SeverityCounts & { repositories: number }>;
}

/** A result file that could not be used, and why (reported, never fatal). */
export interface UnreadableFile {
  file: string;
  reason: string;
}

/** Reads every `*.json` result under the directories (shards' artifacts, merged or not). */
export async function readResults(dirs: readonly string[]): Promise<{ results: RepositoryResult[]; unreadable: UnreadableFile[] }> {
  const results: RepositoryResult[] = [];
  const unreadable: UnreadableFile[] = [];
  for (const dir of dirs) {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    const files = entries.filter((e) => e.isFile() && e.name.endsWith('.json')).map((e) => join(e.parentPath, e.name));
    for (const file of files.sort(compareNames)) {
      const name = relative(dir, file) || file;
      let data: unknown;
      try {
        data = JSON.parse(await readFile(file, 'utf8'));
      } catch {
        // JSON.parse quotes the text it fails on; the file's content is not repeated in a log.
        unreadable.push({ file: name, reason: 'not valid JSON' });
        continue;
      }
      if (isRepositoryResult(data)) results.push(data);
      else unreadable.push({ file: name, reason: 'not a repository result of `secret-hygiene org scan` (version 1)' });
    }
  }
  return { results, unreadable };
}

function isRepositoryResult(data: unknown): data is RepositoryResult {
  if (typeof data !== 'object' || data === null) return false;
  const d = data as Record<string, unknown>;
  if (d.version !== 1 || typeof d.repository !== 'string') return false;
  return typeof d.error === 'string' || Array.isArray(d.findings);
}

/** A shard listed in the matrix `org list` printed. */
export interface ExpectedShard {
  shard: number;
  repos: string;
}

/**
 * Merges results into one report: each repository once (a scanned result wins over a failed one
 * for the same repository; findings de-duplicated), sorted by name, with totals. Repositories of
 * the matrix that have no result at all are listed as unscannable, with their shard.
 */
export function mergeResults(results: readonly RepositoryResult[], expected: readonly ExpectedShard[] = []): OrgReport {
  const byName = new Map<string, RepositoryResult[]>();
  for (const r of results) byName.set(r.repository, [...(byName.get(r.repository) ?? []), r]);
  const repositories: OrgRepositoryEntry[] = [];
  for (const [name, candidates] of byName) repositories.push(entryFrom(name, candidates));
  for (const shard of expected) {
    for (const name of shard.repos.split(',').filter(Boolean)) {
      if (byName.has(name)) continue;
      byName.set(name, []);
      repositories.push({ repository: name, commit: null, findings: [], error: `no result: the scan job of shard ${shard.shard} did not write one (see that job's log)` });
    }
  }
  repositories.sort((a, b) => compareNames(a.repository, b.repository));
  return { version: 1, repositories, totals: totalsOf(repositories) };
}

function entryFrom(name: string, candidates: readonly RepositoryResult[]): OrgRepositoryEntry {
  const scanned = candidates.filter((c) => !('error' in c));
  if (scanned.length === 0) {
    const failed = [...candidates].sort((a, b) => compareNames('error' in a ? a.error : '', 'error' in b ? b.error : ''))[0];
    const url = failed?.url;
    return { repository: name, ...(url !== undefined ? { url } : {}), commit: null, findings: [], error: failed && 'error' in failed ? failed.error : 'no result' };
  }
  // The same repository scanned twice (a re-run shard): any fixed choice will do as long as it is stable.
  const chosen = [...scanned].sort((a, b) => compareNames(('commit' in b && b.commit) || '', ('commit' in a && a.commit) || ''))[0];
  if (!chosen || 'error' in chosen) throw new Error('unreachable: a scanned candidate was chosen');
  const seen = new Set<string>();
  const findings = chosen.findings
    .filter((f) => {
      const key = [f.ruleId, f.fingerprint, f.file, f.line, f.column, f.commit?.sha ?? ''].join('\0');
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort(compareFindings);
  return {
    repository: name,
    ...(chosen.url !== undefined ? { url: chosen.url } : {}),
    commit: chosen.commit,
    history: chosen.history,
    findings,
  };
}

function compareFindings(a: JsonFinding, b: JsonFinding): number {
  return compareNames(a.file, b.file) || a.line - b.line || a.column - b.column || compareNames(a.ruleId, b.ruleId) || compareNames(a.fingerprint, b.fingerprint);
}

const SEVERITIES = ['error', 'warning', 'note'] as const;

function isSeverity(s: string): s is (typeof SEVERITIES)[number] {
  return (SEVERITIES as readonly string[]).includes(s);
}

function totalsOf(repositories: readonly OrgRepositoryEntry[]): OrgTotals {
  const bySeverity: SeverityCounts = { error: 0, warning: 0, note: 0 };
  const rules = new Map<string, SeverityCounts & { repositories: number }>();
  for (const r of repositories) {
    const ruleSeen = new Set<string>();
    for (const f of r.findings) {
      const counts = rules.get(f.ruleId) ?? { error: 0, warning: 0, note: 0, repositories: 0 };
      if (isSeverity(f.severity)) {
        counts[f.severity]++;
        bySeverity[f.severity]++;
      }
      if (!ruleSeen.has(f.ruleId)) counts.repositories++;
      ruleSeen.add(f.ruleId);
      rules.set(f.ruleId, counts);
    }
  }
  const byRule: OrgTotals['byRule'] = {};
  for (const id of [...rules.keys()].sort(compareNames)) byRule[id] = rules.get(id) as SeverityCounts & { repositories: number };
  const unscannable = repositories.filter((r) => r.error !== undefined).length;
  return {
    repositories: repositories.length,
    scanned: repositories.length - unscannable,
    unscannable,
    withFindings: repositories.filter((r) => r.findings.length > 0).length,
    findings: repositories.reduce((n, r) => n + r.findings.length, 0),
    bySeverity,
    byRule,
  };
}

export function formatOrgJson(report: OrgReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}

/** GitHub's limit on one step's job summary (docs: "Adding a job summary"). */
export const JOB_SUMMARY_MAX_BYTES = 1024 * 1024;

type Line = { text: string; isRow: boolean };

/**
 * The report as Markdown for a job summary: totals, findings per rule, the repositories that could
 * not be scanned and why, findings per repository, then every finding with a link. Kept within
 * maxBytes (UTF-8) by leaving out whole rows from the end, with a note saying how many.
 */
export function formatOrgMarkdown(report: OrgReport, maxBytes: number = JOB_SUMMARY_MAX_BYTES): string {
  const lines = markdownLines(report);
  const rows = lines.filter((l) => l.isRow).length;
  const note = (omitted: number) =>
    `\n> **Truncated** to stay within the job summary's ${formatBytes(maxBytes)} limit: ${omitted} of ${rows} table rows are not shown. The merged JSON report has every finding.\n`;
  const reserve = Buffer.byteLength(note(rows)) + 16;
  let used = 0;
  const out: string[] = [];
  for (const [i, line] of lines.entries()) {
    const size = Buffer.byteLength(line.text) + 1;
    const isLast = i === lines.length - 1;
    if (used + size + (isLast ? 0 : reserve) > maxBytes) {
      const omitted = lines.slice(i).filter((l) => l.isRow).length;
      return out.join('\n') + '\n' + note(omitted);
    }
    out.push(line.text);
    used += size;
  }
  return out.join('\n') + '\n';
}

function markdownLines(report: OrgReport): Line[] {
  const lines: Line[] = [];
  const text = (t: string) => lines.push({ text: t, isRow: false });
  const row = (cells: readonly (string | number)[]) => lines.push({ text: `| ${cells.join(' | ')} |`, isRow: true });
  const t = report.totals;
  const sev = (c: SeverityCounts) => SEVERITIES.map((s) => `${c[s]} ${s}${c[s] === 1 ? '' : 's'}`).join(', ');

  text('## secret-hygiene: organization audit');
  text('');
  text(
    `${plural(t.repositories, 'repository', 'repositories')}: ${t.scanned} scanned, ${t.unscannable} could not be scanned. ` +
      `${plural(t.findings, 'finding', 'findings')} (${sev(t.bySeverity)}) in ${plural(t.withFindings, 'repository', 'repositories')}.`,
  );

  text('');
  text('### Findings by rule');
  text('');
  if (Object.keys(t.byRule).length === 0) text('No findings.');
  else {
    text('| rule | error | warning | note | repositories |');
    text('|---|---:|---:|---:|---:|');
    for (const [id, c] of Object.entries(t.byRule)) row([`[${cell(id)}](${ruleDocsUrl(id)})`, c.error, c.warning, c.note, c.repositories]);
  }

  const failed = report.repositories.filter((r) => r.error !== undefined);
  if (failed.length > 0) {
    text('');
    text('### Could not be scanned');
    text('');
    text('| repository | reason |');
    text('|---|---|');
    for (const r of failed) row([repoLink(r), cell(r.error ?? '')]);
  }

  const withFindings = report.repositories.filter((r) => r.findings.length > 0);
  if (withFindings.length > 0) {
    text('');
    text('### Findings by repository');
    text('');
    text('| repository | commit | error | warning | note |');
    text('|---|---|---:|---:|---:|');
    for (const r of withFindings) {
      const c = countSeverities(r.findings);
      row([repoLink(r), commitLink(r), c.error, c.warning, c.note]);
    }
    text('');
    text('### Findings');
    for (const r of withFindings) {
      text('');
      text(`#### ${repoLink(r)}`);
      text('');
      text('| severity | rule | location | message |');
      text('|---|---|---|---|');
      for (const f of r.findings) row([f.severity, `[${cell(f.ruleId)}](${ruleDocsUrl(f.ruleId)})`, locationLink(r, f), cell(f.message)]);
    }
  }
  return lines;
}

function countSeverities(findings: readonly JsonFinding[]): SeverityCounts {
  const c: SeverityCounts = { error: 0, warning: 0, note: 0 };
  for (const f of findings) if (isSeverity(f.severity)) c[f.severity]++;
  return c;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function formatBytes(n: number): string {
  return n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MiB` : `${n} bytes`;
}

/** Text safe inside a table cell: no line breaks, no pipes, no Markdown or HTML. */
function cell(s: string): string {
  return s.replace(/\s+/g, ' ').replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`);
}

function urlPath(path: string): string {
  return path
    .split('/')
    .map((p) => encodeURIComponent(p).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
}

function repoLink(r: OrgRepositoryEntry): string {
  return r.url !== undefined && isWebUrl(r.url) ? `[${cell(r.repository)}](${r.url})` : cell(r.repository);
}

function commitLink(r: OrgRepositoryEntry): string {
  if (r.commit === null) return '';
  const short = r.commit.slice(0, 7);
  return r.url !== undefined && isWebUrl(r.url) ? `[${short}](${r.url}/commit/${r.commit})` : short;
}

function locationLink(r: OrgRepositoryEntry, f: JsonFinding): string {
  const label = cell(`${f.file}:${f.line}`) + (f.commit ? ` (${f.commit.sha.slice(0, 7)})` : '');
  const sha = f.commit?.sha ?? r.commit;
  if (r.url === undefined || !isWebUrl(r.url) || sha === null || !/^[0-9a-f]+$/.test(sha)) return label;
  return `[${label}](${r.url}/blob/${sha}/${urlPath(f.file)}#L${f.line})`;
}

function isWebUrl(url: string): boolean {
  return /^https?:\/\/[^\s()<>]+$/.test(url);
}
