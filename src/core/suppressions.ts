import { isDotenvPath } from './path-context.js';
import type { LocatedFinding } from './scan.js';
import type { Source } from './source.js';
import type { Document, Finding, Problem } from './types.js';

/**
 * Inline suppressions: SUPPRESSION_MARKER followed by `ignore[rule-id] reason`, in a comment on
 * the finding's line (a trailing comment) or on the line above (a comment on a line of its own).
 *
 * - `ignore[rule-a,rule-b]` names several rules; `ignore[rule-id@1a2b3c4d]` pins the secret: it
 *   only covers a finding whose secret fingerprint (the 8 hex digits the text report shows in
 *   brackets; for findings without a secret, the finding's `fingerprint`) starts with those digits,
 *   so a different secret later put on that line is reported again.
 * - A reason is required: a suppression without one suppresses nothing and is reported.
 * - An unknown rule id is reported; the other ids of the same comment still apply.
 * - The marker counts only after a comment opener of the file's language (`#`, `//`, `/*`, `<!--`,
 *   …), so prose that mentions the syntax (a README) is not a suppression.
 *
 * What is wrong with a suppression is reported as a scan problem (`file`, `line N: …`), visible in
 * every output format; unused suppressions only when asked (`--report-unused-suppressions`).
 */

export const SUPPRESSION_MARKER = 'secret-hygiene:';

export interface SuppressionTarget {
  ruleId: string;
  /** Lower-case hex prefix of the secret's (or the finding's) fingerprint, when pinned. */
  pin?: string;
}

export interface Suppression {
  /** The line the comment is on (1-based). */
  line: number;
  /** The lines it covers: its own, and the next one when the comment stands on a line of its own. */
  firstLine: number;
  lastLine: number;
  targets: SuppressionTarget[];
  reason: string;
}

/** Something wrong with a suppression comment, at its line. */
export interface SuppressionNotice {
  line: number;
  message: string;
}

export interface ParsedSuppressions {
  /** Well-formed suppressions with a reason, keeping only known rule ids. */
  suppressions: Suppression[];
  notices: SuppressionNotice[];
}

const EXAMPLE = '`# secret-hygiene: ignore[hardcoded-default] local demo, never deployed`';
/** How much of a line after the marker is read: ids and a reason, not a whole minified file. */
const MAX_TAIL = 2000;
/** How far before the marker its comment opener is looked for: a comment on a very long line still counts. */
const MAX_PREFIX = 4096;
const ID = /^([a-z0-9][a-z0-9-]{0,63})(?:@([0-9a-fA-F]{1,64}))?$/;
const PIN = /^[0-9a-f]{8,24}$/;

type Opener = { token: string; lineStartOnly?: boolean };
const HASH: Opener[] = [{ token: '#' }];
const SLASH: Opener[] = [{ token: '//' }, { token: '/*' }, { token: '*', lineStartOnly: true }];
const MARKUP: Opener[] = [{ token: '<!--' }];
const DASH: Opener[] = [{ token: '--' }, { token: '/*' }];
const ANY: Opener[] = [...HASH, ...SLASH, ...MARKUP, { token: '--' }, { token: ';', lineStartOnly: true }];

/** The comment openers of a file's language, by its name; every known opener for other files. */
export function commentOpenersFor(path: string): readonly Opener[] {
  const base = (path.split('/').pop() ?? path).toLowerCase();
  if (isDotenvPath(path) || base === 'dockerfile' || base.startsWith('dockerfile.') || base === 'containerfile' || base === 'makefile') return HASH;
  const ext = base.includes('.') ? base.slice(base.lastIndexOf('.') + 1) : '';
  switch (ext) {
    case 'py': case 'pyw': case 'rb': case 'sh': case 'bash': case 'zsh': case 'yml': case 'yaml': case 'toml':
    case 'cfg': case 'conf': case 'env': case 'r': case 'pl': case 'ps1': case 'dockerfile': case 'tf': case 'hcl': case 'ex': case 'exs':
      // HOCON (`application.conf`) takes `//` comments too.
      return ext === 'tf' || ext === 'hcl' || ext === 'conf' ? [...HASH, ...SLASH] : HASH;
    case 'properties':
      return [...HASH, { token: '!', lineStartOnly: true }];
    case 'ini':
      return [...HASH, { token: ';', lineStartOnly: true }];
    case 'js': case 'mjs': case 'cjs': case 'jsx': case 'ts': case 'mts': case 'cts': case 'tsx': case 'go': case 'java':
    case 'kt': case 'kts': case 'cs': case 'swift': case 'scala': case 'rs': case 'c': case 'h': case 'cc': case 'cpp':
    case 'hpp': case 'json': case 'jsonc': case 'json5': case 'groovy': case 'gradle': case 'dart':
      return SLASH;
    case 'php':
      return [...HASH, ...SLASH];
    case 'md': case 'markdown': case 'mdx': case 'html': case 'htm': case 'xml': case 'svg': case 'xhtml':
      return MARKUP;
    case 'sql': case 'lua': case 'hs':
      return DASH;
    default:
      return ANY;
  }
}

/**
 * Every suppression comment of a document, with what is wrong with each. Linear in the text: it
 * looks for the marker with indexOf and reads at most a bounded tail of each marked line.
 */
export function parseSuppressions(path: string, text: string, knownRuleIds: readonly string[]): ParsedSuppressions {
  const out: ParsedSuppressions = { suppressions: [], notices: [] };
  const openers = commentOpenersFor(path);
  let line = 1;
  let lineStart = 0;
  let lineEnd = -1;
  let counted = 0;
  let at = text.indexOf(SUPPRESSION_MARKER);
  while (at !== -1) {
    // Line bookkeeping moves forward only, so many markers on one long line stay linear.
    for (let i = text.indexOf('\n', counted); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    counted = at;
    if (at > lineEnd) {
      const nl = text.indexOf('\n', at);
      lineEnd = nl === -1 ? text.length : nl;
    }
    const windowStart = Math.max(lineStart, at - MAX_PREFIX);
    const placement = commentPlacement(text.slice(windowStart, at), windowStart === lineStart, openers);
    if (placement !== undefined) {
      const tail = text.slice(at + SUPPRESSION_MARKER.length, Math.min(lineEnd, at + SUPPRESSION_MARKER.length + MAX_TAIL));
      readSuppression(tail, line, placement === 'own-line', knownRuleIds, out);
    }
    at = text.indexOf(SUPPRESSION_MARKER, at + SUPPRESSION_MARKER.length);
  }
  return out;
}

/** Whether the marker follows a comment opener, and whether that comment stands on its own line. */
function commentPlacement(prefix: string, isWholeLine: boolean, openers: readonly Opener[]): 'own-line' | 'trailing' | undefined {
  if (isWholeLine) {
    const lead = prefix.trimStart();
    for (const o of openers) {
      if (lead.startsWith(o.token)) return 'own-line';
    }
  }
  for (const o of openers) {
    if (!o.lineStartOnly && prefix.includes(o.token)) return 'trailing';
  }
  return undefined;
}

function readSuppression(tail: string, line: number, ownLine: boolean, knownRuleIds: readonly string[], out: ParsedSuppressions): void {
  const m = /^[ \t]{0,16}ignore\[([^\]\r\n]{0,400})\]/.exec(tail);
  if (!m) {
    // `secret-hygiene:` followed by something else is just a comment that mentions the tool.
    if (/^[ \t]{0,16}ignore\b/.test(tail)) {
      out.notices.push({ line, message: `malformed suppression: write the rule ids in brackets and a reason, e.g. ${EXAMPLE}` });
    }
    return;
  }
  const written = `ignore[${m[1] ?? ''}]`;
  const targets: SuppressionTarget[] = [];
  const items = (m[1] ?? '').split(',').map((s) => s.trim());
  if (items.every((s) => s === '')) {
    out.notices.push({ line, message: `suppression ${written} names no rule: write the rule id, e.g. ${EXAMPLE}` });
    return;
  }
  for (const item of items) {
    const id = ID.exec(item);
    if (!id || id[1] === undefined) {
      out.notices.push({ line, message: `suppression ${written}: '${item.slice(0, 40)}' is not a rule id (write rule-id, or rule-id@ and 8 to 24 hex digits of the fingerprint)` });
      continue;
    }
    const pin = id[2]?.toLowerCase();
    if (pin !== undefined && !PIN.test(pin)) {
      out.notices.push({ line, message: `suppression ${written}: the pin of '${id[1]}' must be 8 to 24 hex digits of the secret's fingerprint (the text report shows 8 in brackets)` });
      continue;
    }
    if (!knownRuleIds.includes(id[1])) {
      out.notices.push({ line, message: `suppression ${written}: unknown rule id '${id[1]}', so it suppresses nothing; rule ids: ${knownRuleIds.join(', ')}` });
      continue;
    }
    targets.push(pin !== undefined ? { ruleId: id[1], pin } : { ruleId: id[1] });
  }
  const reason = reasonOf(tail.slice(m[0].length));
  if (reason === '') {
    out.notices.push({ line, message: `suppression ${written} has no reason, so it suppresses nothing: say why after the brackets, e.g. ${EXAMPLE}` });
    return;
  }
  if (targets.length === 0) return;
  out.suppressions.push({ line, firstLine: line, lastLine: ownLine ? line + 1 : line, targets, reason });
}

/** The reason: the rest of the comment without its closing token or a separator the author put first. */
function reasonOf(rest: string): string {
  let r = rest;
  const next = r.indexOf(SUPPRESSION_MARKER);
  if (next !== -1) r = r.slice(0, next);
  r = r.replace(/\r$/, '').trim();
  for (const close of ['*/', '-->', '#}', '%}', '}}']) {
    if (r.endsWith(close)) r = r.slice(0, -close.length).trimEnd();
  }
  r = r.replace(/^[-:—–]+/, '').trim();
  return /[\p{L}\p{N}]/u.test(r) ? r : '';
}

/**
 * The fingerprints a finding had under an older scheme (see `legacyFingerprintSecret`): a pin
 * written then still covers it. Asked for only when a pin matches none of the current ones.
 */
export type OlderFingerprints = (finding: Finding) => readonly string[];

/** The suppression target that covers a finding, if any. */
export function matchSuppression(
  finding: Finding,
  suppressions: readonly Suppression[],
  older?: OlderFingerprints,
): { suppression: Suppression; target: SuppressionTarget } | undefined {
  for (const s of suppressions) {
    const covers = (finding.line >= s.firstLine && finding.line <= s.lastLine) || (finding.endLine >= s.firstLine && finding.endLine <= s.lastLine);
    if (!covers) continue;
    for (const t of s.targets) {
      if (t.ruleId !== finding.ruleId) continue;
      if (t.pin !== undefined && !isPinned(finding, t.pin, older)) continue;
      return { suppression: s, target: t };
    }
  }
  return undefined;
}

function isPinned(finding: Finding, pin: string, older: OlderFingerprints | undefined): boolean {
  if (finding.secret?.fingerprint.startsWith(pin) || finding.fingerprint.startsWith(pin)) return true;
  return older?.(finding).some((f) => f.startsWith(pin)) ?? false;
}

interface DocumentSuppressions {
  path: string;
  /** The commit of the version, in a history audit: a notice says which version it is in. */
  commit?: string;
  parsed: ParsedSuppressions;
  /** For diff-like scans: is this line one the change adds (only those are reported on)? */
  isChanged: (line: number) => boolean;
  used: Set<SuppressionTarget>;
}

export interface SuppressionFilter {
  /** The same source, noting the suppression comments of every document it yields. */
  observe(source: Source): Source;
  /** The scan's post-processing step: drops suppressed findings. */
  apply(located: readonly LocatedFinding[]): Finding[];
  /** What is wrong with the suppressions seen, and, when asked, the ones that matched nothing. */
  problems(options: { reportUnused: boolean }): Problem[];
}

/**
 * Suppressions over one scan. Documents are read once, by the scan; this only notes the marker
 * comments (the documents without one cost one indexOf).
 */
export function createSuppressionFilter(knownRuleIds: readonly string[], older?: OlderFingerprints): SuppressionFilter {
  const byDocument = new WeakMap<Document, DocumentSuppressions>();
  const all: DocumentSuppressions[] = [];

  const note = (doc: Document) => {
    if (!doc.text.includes(SUPPRESSION_MARKER)) return;
    const changed = doc.changedLines;
    const entry: DocumentSuppressions = {
      path: doc.path,
      ...(doc.commit ? { commit: doc.commit.sha } : {}),
      parsed: parseSuppressions(doc.path, doc.text, knownRuleIds),
      isChanged: changed === undefined || changed === 'all' ? () => true : (line) => changed.has(line),
      used: new Set(),
    };
    if (entry.parsed.suppressions.length === 0 && entry.parsed.notices.length === 0) return;
    byDocument.set(doc, entry);
    all.push(entry);
  };

  return {
    observe(source: Source): Source {
      return {
        get problems() {
          return source.problems;
        },
        get bytesRead() {
          return source.bytesRead;
        },
        get filesListed() {
          return source.filesListed;
        },
        facts: () => source.facts(),
        async *documents() {
          for await (const doc of source.documents()) {
            note(doc);
            yield doc;
          }
        },
      };
    },
    apply(located) {
      const kept: Finding[] = [];
      for (const { finding, document } of located) {
        const entry = byDocument.get(document);
        const match = entry ? matchSuppression(finding, entry.parsed.suppressions, older) : undefined;
        if (entry && match) entry.used.add(match.target);
        else kept.push(finding);
      }
      return kept;
    },
    problems({ reportUnused }) {
      const out: Problem[] = [];
      for (const entry of all) {
        for (const n of entry.parsed.notices) {
          if (entry.isChanged(n.line)) out.push({ file: entry.path, reason: `line ${n.line}${entry.commit ? ` (commit ${entry.commit.slice(0, 12)})` : ''}: ${n.message}` });
        }
        if (!reportUnused) continue;
        for (const s of entry.parsed.suppressions) {
          // In a diff scan a finding on an unchanged line is never seen: judge only comments whose lines all changed.
          let judged = true;
          for (let l = s.firstLine; l <= s.lastLine; l++) if (!entry.isChanged(l)) judged = false;
          if (!judged) continue;
          for (const t of s.targets) {
            if (entry.used.has(t)) continue;
            const written = t.pin !== undefined ? `${t.ruleId}@${t.pin}` : t.ruleId;
            out.push({
              file: entry.path,
              reason: `line ${s.line}: unused suppression ignore[${written}]: no ${t.ruleId} finding${t.pin !== undefined ? ' with that fingerprint' : ''} on ${s.lastLine > s.firstLine ? 'this line or the next' : 'this line'}; remove it${t.pin !== undefined ? ' (if the secret changed, review the new finding instead)' : ''}`,
            });
          }
        }
      }
      return out;
    },
  };
}
