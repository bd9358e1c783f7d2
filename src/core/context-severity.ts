import { createHash } from 'node:crypto';
import { ROLE_PHRASE } from './path-context.js';
import { isPlaceholder } from '../rules/secret-strength.js';
import { isPublicValue } from './public-values.js';
import type { ReportDescriptor, ScannedDocument } from './rule.js';
import type { LocatedFinding } from './scan.js';
import type { Document, FileRole, Finding, SecretAssignment, Severity, Span } from './types.js';

/** The highest severity per non-production context; `off` drops the findings of that context. */
export type ContextLevels = Partial<Record<Exclude<FileRole, 'production'>, Severity | 'off'>>;

/**
 * What a maintainer expects by default: a weak key in a test, a doc or a CI test service is worth
 * knowing (a note) but must not fail the check; dev tooling keeps each rule's own severity.
 */
export const DEFAULT_CONTEXT_LEVELS: ContextLevels = { test: 'note', docs: 'note', 'ci-test': 'note' };

const RANK: Record<Severity, number> = { note: 1, warning: 2, error: 3 };

interface Observed {
  /** SHA-256 of the raw secret, so the value itself is not kept past the report. */
  secretHash?: string;
  evidence: FileRole[];
}

/**
 * Decides the severity of findings outside production code. A finding in a test, docs or CI test
 * context is capped at the level configured for that context, and its message says where it is.
 * It is never lowered when its secret is also set in a production file (the test reveals the
 * production key) or when it rests on production evidence (a token that verifies with a key set
 * in production).
 */
export class ContextSeverity {
  private readonly levels: ContextLevels;
  private readonly productionValues = new Set<string>();
  private readonly docs = new WeakMap<Document, ScannedDocument>();
  /** Per document, the assignments whose parser set a role (CI test services); usually none. */
  private readonly roled = new WeakMap<Document, SecretAssignment[]>();
  private readonly observed = new WeakMap<Finding, Observed>();

  constructor(levels: ContextLevels) {
    this.levels = levels;
  }

  /** Records a document's role and, for production documents, the secret values they set. */
  learn(doc: ScannedDocument): void {
    this.docs.set(doc.document, doc);
    const roled = doc.parsed.assignments.filter((a) => a.context.role !== undefined);
    if (roled.length > 0) this.roled.set(doc.document, roled);
    for (const a of doc.parsed.assignments) {
      if (a.value === undefined || (a.origin !== 'literal' && a.origin !== 'default')) continue;
      if ((a.context.role ?? doc.role) !== 'production' || a.context.isExample) continue;
      // A test that sets `secret` (or `replace-me-with-a-random-string`) reveals nothing of
      // production: everyone knows that value, and the
      // production file that sets it has its own finding (wepublish: nine spec files failed the
      // check for a mock's `'secret'` because a Helm chart's default was `'secret'` too).
      if (isPublicValue(a.value.trim()) || isPlaceholder(a.value)) continue;
      this.productionValues.add(hash(a.value));
    }
  }

  /** The role of the place a report points at: the assignment's when its parser set one, else the document's. */
  roleOf(document: Document, span?: Span): FileRole {
    const role = this.docs.get(document)?.role ?? 'production';
    const roled = span === undefined ? undefined : this.roled.get(document);
    if (roled === undefined || span === undefined) return role;
    const a = roled.find((r) => r.span.start <= span.start && span.end <= r.span.end);
    return a?.context.role ?? role;
  }

  observe(finding: Finding, report: ReportDescriptor): void {
    const o: Observed = { evidence: (report.evidence ?? []).map((d) => this.roleOf(d)) };
    if (report.secret !== undefined) o.secretHash = hash(report.secret);
    this.observed.set(finding, o);
  }

  /** The findings with their final severity and message; findings of an `off` context are dropped. */
  apply(located: readonly LocatedFinding[]): LocatedFinding[] {
    const out: LocatedFinding[] = [];
    for (const l of located) {
      const placed = this.place(l.finding);
      if (placed === l.finding) out.push(l);
      else if (placed !== null) out.push({ ...l, finding: placed });
    }
    return out;
  }

  /** One finding with its final severity and message (null: its context is `off`); a finding this instance observed. */
  place(f: Finding): Finding | null {
    if (f.context === 'production') return f;
    const o = this.observed.get(f);
    const inProduction = (o?.secretHash !== undefined && this.productionValues.has(o.secretHash)) || (o?.evidence.includes('production') ?? false);
    const where = ROLE_PHRASE[f.context];
    if (inProduction) return { ...f, message: `${f.message} (${where}, but the same secret is used in production code or configuration)` };
    const level = this.levels[f.context];
    if (level === 'off') return null;
    if (level === undefined || RANK[level] >= RANK[f.severity]) return { ...f, message: `${f.message} (${where})` };
    return { ...f, severity: level, message: `${f.message} (${where}, so reported as a ${level})` };
  }
}

function hash(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}
