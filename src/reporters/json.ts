import type { Finding, ScanResult } from '../core/types.js';

/**
 * The JSON contract, version 1 (docs/json-format.md). Additive changes only within a version;
 * `file` is relative to the scanned root and `/`-separated, lines and columns are 1-based,
 * `endColumn` is exclusive, findings are sorted by file, line, column, rule.
 */
export interface JsonReport {
  version: 1;
  findings: JsonFinding[];
  problems: { file: string; reason: string }[];
  /** Notes of the run that are not files left unread (baseline entries matching nothing). Always written; optional for readers of older reports. */
  notes?: { file: string; message: string }[];
  stats: { files: number; bytes: number; ms: number };
}

export interface JsonFinding {
  ruleId: string;
  severity: string;
  /** Where the finding is: production, test, docs, ci-test or dev (docs/json-format.md). Always written; optional for readers of older reports. */
  context?: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  messageId: string;
  fingerprint: string;
  secret?: { preview: string; length: number; fingerprint: string };
  related: { file: string; line: number; message?: string }[];
  fixable: boolean;
  suggestion?: string;
  commit?: { sha: string; date: string; stillPresent?: boolean };
}

export function toJsonFinding(f: Finding): JsonFinding {
  const out: JsonFinding = {
    ruleId: f.ruleId,
    severity: f.severity,
    context: f.context,
    file: f.file,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    message: f.message,
    messageId: f.messageId,
    fingerprint: f.fingerprint,
    related: f.related.map((r) => ({ ...r })),
    fixable: f.fix !== undefined && f.fix.edits.length > 0,
  };
  if (f.secret) out.secret = { ...f.secret };
  if (f.suggestion !== undefined) out.suggestion = f.suggestion;
  if (f.commit) out.commit = { ...f.commit };
  return out;
}

export function toJsonReport(result: ScanResult): JsonReport {
  return {
    version: 1,
    findings: result.findings.map(toJsonFinding),
    problems: result.problems.map((p) => ({ ...p })),
    notes: (result.notes ?? []).map((n) => ({ ...n })),
    stats: { ...result.stats },
  };
}

export function formatJson(result: ScanResult): string {
  return JSON.stringify(toJsonReport(result), null, 2) + '\n';
}
