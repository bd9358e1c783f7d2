import { buildFinding, compareFindings, findingFingerprint, isInChange, isUnfingerprinted, LineIndexCache, reportLines, SecretInReportError } from './findings.js';
import { isPendingFingerprint, type SecretFingerprinter } from './redact.js';
import { isDocumentRule, isProjectRule, type ReportDescriptor, type Rule, type RuleSettings, type ScannedDocument } from './rule.js';
import type { SecretNameMatcher } from './secret-names.js';
import type { Source } from './source.js';
import type { Document, Environment, FileRole, Finding, ParsedDocument, ScanResult, Severity } from './types.js';
import { environmentOf, isDotenvPath, isExamplePath, roleOfDocument } from './path-context.js';
import { ContextSeverity, type ContextLevels } from './context-severity.js';

/**
 * Findings one rule may report in one document; the rest are cut and counted in a problem. A
 * repository can make a file of 100k identical lines (200k findings, every one the same problem);
 * per rule, so that a flood of one rule's findings cannot push another rule's out.
 */
export const MAX_FINDINGS_PER_RULE_AND_FILE = 1000;

/** Keys longer than this are left out of the rules and listed as a problem. */
export const MAX_KEY_CHARS = 1024;

/** Turns one document into a ParsedDocument; supplied by the parsers layer (core does not know formats). */
export type DocumentParser = (doc: Document) => ParsedDocument;

/** A document's parse, or why the parser failed on it (parsers must not throw; if one does, the file is a problem). */
export type ParseAnswer = { parsed: ParsedDocument } | { error: string };

/**
 * Parses a stream of documents, possibly ahead of the rules and elsewhere (worker threads), giving
 * back each document with its answer in the order the stream gave them: whatever runs the parser,
 * the report is the same.
 */
export type ParseAhead = (documents: AsyncIterable<Document>, parse: DocumentParser) => AsyncIterable<{ document: Document; answer: ParseAnswer }>;

/** The parse of one document, with a thrown error turned into its answer. */
export function parseOne(parse: DocumentParser, doc: Document): ParseAnswer {
  try {
    return { parsed: parse(doc) };
  } catch (err) {
    return { error: errorText(err) };
  }
}

async function* parseInline(documents: AsyncIterable<Document>, parse: DocumentParser): AsyncIterable<{ document: Document; answer: ParseAnswer }> {
  for await (const document of documents) yield { document, answer: parseOne(parse, document) };
}

export interface ScanRequest {
  root: string;
  source: Source;
  rules: readonly Rule[];
  /** Per-rule severity overrides ('off' rules must already be left out of `rules`). */
  severities: Readonly<Record<string, Severity>>;
  settings: RuleSettings;
  parse: DocumentParser;
  names: SecretNameMatcher;
  /** Fingerprints secret values for this run (keyed by the repository, memoized per value). */
  fingerprints: SecretFingerprinter;
  /**
   * The highest severity a finding gets in each non-production context (`off` drops it). A finding
   * whose secret is also set in production, or whose proof rests on a production key, keeps its own.
   */
  contexts?: ContextLevels;
  /**
   * Post-processing over located findings while their documents are still at hand (inline
   * suppressions read the comment on the line). Returns the findings to keep.
   */
  postProcess?: (located: readonly LocatedFinding[]) => Finding[];
  /**
   * Context levels shared across runs, which the caller applies (`place`) once they have all run:
   * a history audit runs the engine a batch at a time, and whether a test's secret is also set in
   * production is a question of the whole history, not of the batch a version fell in.
   */
  contextSeverity?: ContextSeverity;
  /** Sees each document's parse (a history audit notes what a later, cross-batch rule needs). */
  onParsed?: (document: Document, parsed: ParsedDocument) => void;
  /** Runs `parse` over the documents (worker threads for a full scan); else each is parsed here as it is read. */
  parseAhead?: ParseAhead;
  /** Slow fingerprints on libuv's threads while this one parses (a tree scanned in the main thread; see SecretFingerprinter.defer). */
  deferSlowFingerprints?: boolean;
}

/** A finding with the document it is in (and whose text suppressions read). */
export interface LocatedFinding {
  finding: Finding;
  document: Document;
}

/**
 * The engine: every document through the parser and the document rules as it streams in; the
 * documents that hold assignments are kept for the project rules (reuse across files). Findings
 * come out located, redacted, filtered to what a diff adds, de-duplicated and sorted.
 */
export async function scan(req: ScanRequest): Promise<ScanResult> {
  const started = Date.now();
  const lines = new LineIndexCache();
  const located: LocatedFinding[] = [];
  const kept: ScannedDocument[] = [];
  const problems = req.source.problems;
  const documentRules = req.rules.filter(isDocumentRule);
  const projectRules = req.rules.filter(isProjectRule);
  const keepDocuments = projectRules.length > 0 || documentRules.some((r) => r.refine !== undefined);
  let files = 0;
  const unfingerprinted = new Map<string, number>();
  // Per document and rule: how many findings it reported, and how many the cap cut.
  const reported = new WeakMap<Document, Map<string, number>>();
  const cut = new Map<string, Map<string, number>>();

  const contexts = req.contextSeverity ?? new ContextSeverity(req.contexts ?? {});
  const collect = (rule: Rule) => (report: ReportDescriptor) => {
    const severity = req.severities[rule.meta.id] ?? report.severity ?? rule.meta.defaultSeverity;
    // Outside what a diff adds, a report is dropped before its (deliberately slow) fingerprint is paid for.
    if (!isInChange(report.document, reportLines(report, lines))) return;
    if (isOverCap(report.document, rule.meta.id)) return;
    let finding: Finding;
    try {
      finding = buildFinding(rule.meta, report, severity, lines, req.fingerprints, contexts.roleOf(report.document, report.span));
    } catch (err) {
      if (!(err instanceof SecretInReportError)) throw err;
      problems.push({ file: report.document.path, reason: err.message });
      return;
    }
    if (isUnfingerprinted(report, finding)) unfingerprinted.set(report.document.path, (unfingerprinted.get(report.document.path) ?? 0) + 1);
    located.push({ finding, document: report.document });
    contexts.observe(finding, report);
  };

  const isOverCap = (doc: Document, ruleId: string): boolean => {
    let byRule = reported.get(doc);
    if (!byRule) reported.set(doc, (byRule = new Map()));
    const n = (byRule.get(ruleId) ?? 0) + 1;
    byRule.set(ruleId, n);
    if (n <= MAX_FINDINGS_PER_RULE_AND_FILE) return false;
    let byPath = cut.get(doc.path);
    if (!byPath) cut.set(doc.path, (byPath = new Map()));
    byPath.set(ruleId, (byPath.get(ruleId) ?? 0) + 1);
    return true;
  };

  if (req.deferSlowFingerprints) req.fingerprints.defer();
  const project = await req.source.facts();
  for await (const { document, answer } of (req.parseAhead ?? parseInline)(req.source.documents(), req.parse)) {
    files++;
    if ('error' in answer) {
      // Parsers must not throw; if one does, the file is a problem, not the end of the scan.
      problems.push({ file: document.path, reason: `could not be parsed: ${answer.error}` });
      continue;
    }
    let parsed = answer.parsed;
    for (const p of parsed.problems) problems.push({ file: document.path, reason: p });
    // A context document of a diff-scoped scan (no line of it in the change) reports nothing, so
    // what a parser's cap cut from it hides nothing this run would report: listed, not failing.
    const canReport = document.changedLines === undefined || document.changedLines === 'all' || document.changedLines.size > 0;
    for (const p of parsed.cuts ?? []) problems.push(canReport ? { file: document.path, reason: p, cut: true } : { file: document.path, reason: p });
    const long = parsed.assignments.filter((a) => a.key.length > MAX_KEY_CHARS).length;
    if (long > 0) {
      // No real variable name is this long; rules compare and search keys, so they stay bounded.
      parsed = { ...parsed, assignments: parsed.assignments.filter((a) => a.key.length <= MAX_KEY_CHARS) };
      problems.push({ file: document.path, reason: `${long} ${long === 1 ? 'key' : 'keys'} longer than ${MAX_KEY_CHARS} characters not checked (no real variable name is that long)`, cut: true });
    }
    req.onParsed?.(document, parsed);
    let role: FileRole | undefined;
    let environment: { of: Environment | undefined } | undefined;
    const scanned: ScannedDocument = {
      document,
      parsed,
      isExample: isExamplePath(document.path),
      // Both asked for only where a value or a report needs them: the role's content tests read the
      // whole file, the environment tries every word of the path, and most documents a scan reads
      // (manifests that reference secrets) never need either.
      get role(): FileRole {
        return (role ??= roleOfDocument(document.path, document.text));
      },
      get environment(): Environment | undefined {
        return (environment ??= { of: environmentOf(document.path) }).of;
      },
    };
    contexts.learn(scanned);
    // Document rules see every document (a committed .env or a JWT needs no secret-named key);
    // they return early on what does not concern them.
    for (const rule of documentRules) {
      runRule(rule.meta.id, problems, document.path, () =>
        rule.check({ doc: scanned, settings: req.settings, project, report: collect(rule) }),
      );
    }
    // Project rules need documents that bind secrets or hold JWTs, and dotenv files.
    // Kubernetes documents naming Secrets are kept for the repairs that reuse those names; nothing
    // is kept when no rule reads the kept documents (a history audit runs no project rule).
    if (keepDocuments && (parsed.assignments.length > 0 || (parsed.jwts?.length ?? 0) > 0 || (parsed.kubernetesSecrets?.length ?? 0) > 0 || isDotenvPath(document.path))) kept.push(scanned);
  }

  for (const rule of projectRules) {
    runRule(rule.meta.id, problems, '.', () =>
      rule.check({
        docs: kept,
        settings: req.settings,
        project,
        report: collect(rule),
        reportCut: (document, reason) => problems.push({ file: document.path, reason, cut: true }),
        isReported: (document, span) => isInChange(document, reportLines({ document, span }, lines)),
      }),
    );
  }

  for (const rule of documentRules) {
    if (!rule.refine) continue;
    const own = located.filter((l) => l.finding.ruleId === rule.meta.id).map((l) => l.finding);
    if (own.length === 0) continue;
    runRule(rule.meta.id, problems, '.', () => rule.refine?.({ docs: kept, findings: own }));
  }

  for (const [file, n] of unfingerprinted) problems.push({ file, reason: unfingerprintedReason(n, req.fingerprints.slowBudget), cut: true });
  for (const [file, byRule] of cut) {
    for (const [ruleId, n] of byRule) {
      problems.push({ file, reason: `${n} more ${ruleId} finding(s) not reported: over the cap of ${MAX_FINDINGS_PER_RULE_AND_FILE} per rule and file (fix the ones reported, then scan again)`, cut: true });
    }
  }
  const settledAs = await req.fingerprints.settle();
  for (const { finding } of located) {
    if (finding.secret === undefined || !isPendingFingerprint(finding.secret.fingerprint)) continue;
    // In place: the context levels know their findings by identity.
    finding.secret.fingerprint = settledAs(finding.secret.fingerprint);
    finding.fingerprint = findingFingerprint(finding.ruleId, finding.file, finding.secret.fingerprint);
  }
  const placed = req.contextSeverity ? located : contexts.apply(located);
  const findings = req.postProcess ? req.postProcess(placed) : placed.map((l) => l.finding);
  return {
    root: req.root,
    findings: dedupe(findings).sort(compareFindings),
    problems: [...problems].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.reason < b.reason ? -1 : 1)),
    stats: { files: Math.max(files, req.source.filesListed ?? 0), bytes: req.source.bytesRead, ms: Date.now() - started },
  };
}

function unfingerprintedReason(n: number, budget: number): string {
  return (
    `${n} ${n === 1 ? 'finding' : 'findings'} reported without their secret's preview and fingerprint: this run's budget of slow fingerprints ` +
    `(${budget} units; short and guessable values are fingerprinted with scrypt so that a report cannot give them away) was spent. ` +
    `They match no baseline entry or pin; scan a narrower path to fingerprint them`
  );
}

function runRule(id: string, problems: Source['problems'], file: string, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    // A rule bug must not hide every other finding; it is surfaced as a problem.
    problems.push({ file, reason: `rule ${id} failed: ${errorText(err)}` });
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}\0${f.file}\0${f.line}\0${f.column}\0${f.fingerprint}\0${f.messageId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
