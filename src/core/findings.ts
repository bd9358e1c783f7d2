import { createHash } from 'node:crypto';
import { LineIndex } from './lines.js';
import { renderMessage } from './messages.js';
import { holdsSecret, summarizeSecretBudgeted, type SecretFingerprinter } from './redact.js';
import type { ReportDescriptor, RuleMeta } from './rule.js';
import type { Document, FileRole, Finding, Severity } from './types.js';

/**
 * Line indexes and text hashes are built lazily, once per document, and shared by every finding in
 * it: a file with 50k fixable findings must not be hashed 50k times.
 */
export class LineIndexCache {
  private readonly cache = new WeakMap<Document, LineIndex>();
  private readonly hashes = new WeakMap<Document, string>();
  /** How many documents were hashed, and how many characters: the work counters tests read. */
  hashed = 0;
  hashedChars = 0;
  hash(doc: Document): string {
    let h = this.hashes.get(doc);
    if (h === undefined) {
      h = textHash(doc.text);
      this.hashes.set(doc, h);
      this.hashed++;
      this.hashedChars += doc.text.length;
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
 * Turns a rule's report into a Finding: located, severity-tagged, rendered, with the secret
 * summarized (redact.ts decides what of it may be shown). This is the only place a raw secret is
 * seen after the rule, and it does not survive this function. Messages are rendered from the
 * rule's data (key names, paths, reasons), never from the value, and nothing is masked after the
 * fact: a report whose printable parts hold its secret is refused (see `refuseHeldSecret`).
 */
export function buildFinding(
  meta: RuleMeta,
  report: ReportDescriptor,
  severity: Severity,
  lines: LineIndexCache,
  fingerprints: SecretFingerprinter,
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
  if (report.secret !== undefined) refuseHeldSecret(meta.id, report, report.secret);
  const message = renderMessage(template, report.data);
  const secret = report.secret !== undefined ? summarizeSecretBudgeted(report.secret, fingerprints) : undefined;
  // A secret the run's budget of slow hashes could not fingerprint (see SLOW_FINGERPRINT_UNITS) is
  // still reported, without its summary, under an identity of its place: it matches no baseline
  // entry or pin, so it fails the scan rather than hide, and the scan lists it as a problem.
  const identity = secret?.fingerprint ?? (report.secret !== undefined ? `${UNFINGERPRINTED}\0${report.span.start}` : (report.identity ?? report.messageId));
  const fingerprint = findingFingerprint(meta.id, doc.path, identity);
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
      ...(r.message !== undefined ? { message: r.message } : {}),
    })),
    fingerprint,
  };
  if (secret) finding.secret = secret;
  if (report.fix) finding.fix = { ...report.fix, baseHash: lines.hash(doc) };
  if (report.suggestion !== undefined) finding.suggestion = report.suggestion;
  if (doc.commit) finding.commit = { ...doc.commit };
  return finding;
}

const UNFINGERPRINTED = 'unfingerprinted';

/** True for a finding whose secret the budget left without a fingerprint (see `buildFinding`). */
export function isUnfingerprinted(report: ReportDescriptor, finding: Finding): boolean {
  return report.secret !== undefined && finding.secret === undefined;
}

/**
 * A finding's fingerprint: its rule, file and identity (the secret's fingerprint, else what the
 * rule names), hashed. Never a line: an edit above the finding keeps it.
 */
export function findingFingerprint(ruleId: string, path: string, identity: string): string {
  return createHash('sha256').update(`${ruleId}\0${path}\0${identity}`).digest('hex').slice(0, 24);
}

/**
 * A finding's fingerprints under scheme v2, for baselines and pins written before v3: its secret's
 * and its own. Undefined when v2 gave the same (values of the slow tier, findings without a
 * secret) or when the run's budget of slow hashes is spent.
 */
export function olderFingerprintsOf(fingerprints: SecretFingerprinter): (f: Finding) => { secret: string; finding: string } | undefined {
  return (f) => {
    const secret = f.secret !== undefined ? fingerprints.legacyOf(f.secret.fingerprint) : undefined;
    return secret === undefined ? undefined : { secret, finding: findingFingerprint(f.ruleId, f.file, secret) };
  };
}

/** Thrown when a rule hands core a printable text that holds the secret it reports. */
export class SecretInReportError extends Error {
  constructor(ruleId: string, where: string) {
    super(`rule ${ruleId} put the secret value into its ${where}; rules pass key names, paths and reasons, never the value`);
    this.name = 'SecretInReportError';
  }
}

/**
 * The structural guarantee behind "a message never holds the value": every text a rule hands over
 * for printing is checked against the secret it reports, and a report that carries it is refused
 * (the scan lists the rule failure as a problem) rather than printed or masked.
 */
function refuseHeldSecret(ruleId: string, report: ReportDescriptor, value: string): void {
  for (const [name, v] of Object.entries(report.data ?? {})) {
    if (typeof v === 'string' && holdsSecret(v, value)) throw new SecretInReportError(ruleId, `message data '${name}'`);
  }
  for (const r of report.related ?? []) if (r.message !== undefined && holdsSecret(r.message, value)) throw new SecretInReportError(ruleId, 'related note');
  if (report.suggestion !== undefined && holdsSecret(report.suggestion, value)) throw new SecretInReportError(ruleId, 'suggestion');
  if (report.fix) {
    const texts = [report.fix.description, ...(report.fix.commands ?? []), ...report.fix.edits.map((e) => e.text)];
    if (texts.some((t) => holdsSecret(t, value))) throw new SecretInReportError(ruleId, 'fix');
  }
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

/** The lines a report spans, as its finding will have them. */
export function reportLines(report: Pick<ReportDescriptor, 'document' | 'span'>, lines: LineIndexCache): { line: number; endLine: number } {
  const idx = lines.get(report.document);
  return { line: idx.position(report.span.start).line, endLine: idx.position(Math.max(report.span.start, report.span.end)).line };
}

/** True when a finding's lines touch what a diff adds (or the document is not diff-scoped). */
export function isInChange(doc: Document, finding: { line: number; endLine: number }): boolean {
  const changed = doc.changedLines;
  if (changed === undefined || changed === 'all') return true;
  for (let l = finding.line; l <= finding.endLine; l++) if (changed.has(l)) return true;
  return false;
}
