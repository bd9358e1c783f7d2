import { createHash } from 'node:crypto';
import { LineIndex } from './lines.js';
import { renderMessage } from './messages.js';
import { scrub, summarizeSecret } from './redact.js';
import type { ReportDescriptor, RuleMeta } from './rule.js';
import type { Document, FileRole, Finding, Severity } from './types.js';

/**
 * Line indexes and text hashes are built lazily, once per document, and shared by every finding in
 * it: a file with 50k fixable findings must not be hashed 50k times.
 */
export class LineIndexCache {
  private readonly cache = new WeakMap<Document, LineIndex>();
  private readonly hashes = new WeakMap<Document, string>();
  /** How many documents were hashed: the work counter tests read. */
  hashed = 0;
  hash(doc: Document): string {
    let h = this.hashes.get(doc);
    if (h === undefined) {
      h = textHash(doc.text);
      this.hashes.set(doc, h);
      this.hashed++;
    }
    return h;
  }
  get(doc: Document): LineIndex {
    let idx = this.cache.get(doc);
    if (!idx) {
      idx = new LineIndex(doc.text);
      this.cache.set(doc, idx);
    }
    return idx;
  }
}

/**
 * Turns a rule's report into a Finding: located, severity-tagged, rendered and redacted. This is
 * the only place a raw secret is seen after the rule, and it does not survive this function.
 */
export function buildFinding(
  meta: RuleMeta,
  report: ReportDescriptor,
  severity: Severity,
  lines: LineIndexCache,
  context: FileRole = 'production',
): Finding {
  const doc = report.document;
  const idx = lines.get(doc);
  const start = idx.position(report.span.start);
  // A span ending right after a newline ends on the previous line.
  const endOffset = Math.max(report.span.start, report.span.end);
  const end = idx.position(endOffset);
  const template = meta.messages[report.messageId];
  if (template === undefined) throw new Error(`rule ${meta.id} reported unknown messageId '${report.messageId}'`);
  const secrets = report.secret !== undefined && !report.secretIsPublic ? [report.secret] : [];
  const message = scrub(renderMessage(template, report.data), secrets);
  const secret = report.secret !== undefined ? summarizeSecret(report.secret, report.secretIsPublic === true) : undefined;
  const identity = secret?.fingerprint ?? report.identity ?? report.messageId;
  const fingerprint = createHash('sha256')
    .update(`${meta.id}\0${doc.path}\0${identity}`)
    .digest('hex')
    .slice(0, 24);
  const finding: Finding = {
    ruleId: meta.id,
    severity,
    context,
    messageId: report.messageId,
    message,
    file: doc.path,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    related: (report.related ?? []).map((r) => ({
      file: r.document.path,
      line: lines.get(r.document).position(r.span.start).line,
      ...(r.message !== undefined ? { message: scrub(r.message, secrets) } : {}),
    })),
    fingerprint,
  };
  if (secret) finding.secret = secret;
  if (report.fix) finding.fix = { ...report.fix, baseHash: lines.hash(doc) };
  if (report.suggestion !== undefined) finding.suggestion = scrub(report.suggestion, secrets);
  if (doc.commit) finding.commit = { ...doc.commit };
  return finding;
}

/** The hash fixes carry of the text their offsets refer to. */
export function textHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 32);
}

/** Deterministic order: file, line, column, rule, message. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    cmp(a.ruleId, b.ruleId) ||
    cmp(a.messageId, b.messageId) ||
    cmp(a.fingerprint, b.fingerprint)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True when a finding's lines touch what a diff adds (or the document is not diff-scoped). */
export function isInChange(doc: Document, finding: Finding): boolean {
  const changed = doc.changedLines;
  if (changed === undefined || changed === 'all') return true;
  for (let l = finding.line; l <= finding.endLine; l++) if (changed.has(l)) return true;
  return false;
}
