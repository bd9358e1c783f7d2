import type {
  Document,
  Environment,
  FileRole,
  Finding,
  FixProposal,
  ParsedDocument,
  SecretAssignment,
  Severity,
  Span,
} from './types.js';
import type { WeakValueLookup } from '../rules/secret-strength.js';

/**
 * A rule's metadata, eslint/secretlint style. The docs link is derived from the id, never typed.
 * Message templates use `{{name}}` placeholders and say what is wrong *and* how to fix it.
 */
export interface RuleMeta {
  id: string;
  description: string;
  defaultSeverity: Severity;
  scope: 'document' | 'project';
  messages: Record<string, string>;
  /** The fix in two short lines, for summaries and docs. */
  help: string;
  /** True when some of its findings carry a mechanical fix. */
  fixable: boolean;
}

/** Everything a rule needs from configuration; resolved once per scan. */
export interface RuleSettings {
  /** Minimum secret length in bytes when no algorithm says otherwise (RFC 7518 §3.2: 32 for HS256). */
  minSecretBytes: number;
  /** Extra known-weak values from config, compared exactly. */
  extraWeakValues: readonly string[];
  /** The configuration's weak-values wordlist, as a lookup of hashes. */
  weakList?: WeakValueLookup;
  /** HMACs jwt-forgeable may compute in this scan (lowered by SECRET_HYGIENE_HMAC_BUDGET); its default otherwise. */
  hmacBudget?: number;
}

/** One parsed document as rules see it. */
export interface ScannedDocument {
  document: Document;
  parsed: ParsedDocument;
  environment?: Environment;
  isExample: boolean;
  /** What the file is for (production, test, docs, dev tooling), from its path and content. */
  role: FileRole;
}

/** Facts about the repository that rules may not fetch themselves (rules do no I/O). */
export interface ProjectFacts {
  isGitRepo: boolean;
  /** The root .gitignore's text, or null when there is none. */
  gitignoreText: string | null;
  /**
   * Which of `.env`, `.env.local`, `.env.production` git would NOT ignore if created at the root
   * (empty when all are covered).
   */
  dotenvUncovered: string[];
}

/** A rule's report; core turns it into a located, redacted, severity-tagged Finding. */
export interface ReportDescriptor {
  messageId: string;
  /** Placeholder values. Never a secret value: core checks and refuses. */
  data?: Record<string, string | number>;
  /** The document the finding is in (project rules report into any document of the scan). */
  document: Document;
  span: Span;
  /**
   * The raw secret involved, so core (and only core) derives the preview and fingerprint, and
   * decides from the value alone whether it is public enough to show whole.
   */
  secret?: string;
  /**
   * Extra identity for findings without a secret (e.g. the dotenv file path), so baselines can
   * key them without line numbers.
   */
  identity?: string;
  /** Overrides the rule's default severity for this report (a config severity still wins). */
  severity?: Severity;
  related?: { document: Document; span: Span; message?: string }[];
  fix?: FixProposal;
  /** A manual step in words, when no mechanical fix is safe. */
  suggestion?: string;
  /**
   * Documents the finding rests on besides its own (the file holding the key a committed token
   * verifies with): when one of them is production, the finding keeps its production severity.
   */
  evidence?: Document[];
}

export interface DocumentRuleContext {
  doc: ScannedDocument;
  settings: RuleSettings;
  project: ProjectFacts;
  report(descriptor: ReportDescriptor): void;
}

export interface ProjectRuleContext {
  docs: readonly ScannedDocument[];
  settings: RuleSettings;
  project: ProjectFacts;
  report(descriptor: ReportDescriptor): void;
  /**
   * Work a cap on hostile input cut in a document (tokens a scan budget left unverified): core
   * lists it as a problem marked `cut`, which fails the run. The reason names counts and caps,
   * never content.
   */
  reportCut(document: Document, reason: string): void;
  /**
   * Whether a report at `span` would be kept: a diff-scoped scan (--staged, --diff, scan FILE)
   * keeps only what the change adds, and its context documents report nothing. Work whose every
   * report would be dropped need not be done, and what a cap leaves undone there is no cut.
   */
  isReported(document: Document, span: Span): boolean;
}

export interface DocumentRule {
  meta: RuleMeta & { scope: 'document' };
  check(ctx: DocumentRuleContext): void;
  /**
   * Called once after every document was seen, with this rule's findings, when a repair depends on
   * other files (the Secret a repository already has): it may replace a finding's fix or suggestion.
   * Never adds or drops findings.
   */
  refine?(ctx: { docs: readonly ScannedDocument[]; findings: readonly Finding[] }): void;
}

export interface ProjectRule {
  meta: RuleMeta & { scope: 'project' };
  check(ctx: ProjectRuleContext): void;
}

export type Rule = DocumentRule | ProjectRule;

export function isDocumentRule(rule: Rule): rule is DocumentRule {
  return rule.meta.scope === 'document';
}

export function isProjectRule(rule: Rule): rule is ProjectRule {
  return rule.meta.scope === 'project';
}

/** Helpers for rule files. */
export function allAssignments(docs: readonly ScannedDocument[]): { doc: ScannedDocument; a: SecretAssignment }[] {
  const out: { doc: ScannedDocument; a: SecretAssignment }[] = [];
  for (const doc of docs) for (const a of doc.parsed.assignments) out.push({ doc, a });
  return out;
}
