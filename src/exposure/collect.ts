import type { ResolvedConfig } from '../config/types.js';
import { createSecretNameMatcher, normalizeKey } from '../core/secret-names.js';
import type { AssignmentContext, CommitInfo, Document, ParsedDocument, Problem } from '../core/types.js';
import { createDocumentParser } from '../parsers/index.js';
import { countCommits, historySource, type HistoryRange } from '../sources/history.js';
import { isGitWorkTree } from '../sources/git.js';
import { worktreeSource } from '../sources/worktree.js';
import { readDocuments, type FileToRead } from '../sources/read-files.js';
import { runGit } from '../sources/run-git.js';
import { isDotenvPath } from '../core/path-context.js';
import { frameworksIn, sortedFrameworks } from './frameworks.js';
import { needlesOf, SEARCHED_FORMS, type Needle } from './forms.js';
import type { HeldKey } from './held-key.js';
import { refFacts } from './refs.js';
import { MAX_COMMITS_LISTED, MAX_LINES_LISTED, type ExposureReport, type FileExposure, type Framework, type LineExposure, type Role, type RoleKind, type SecretStoreUse, type Seen, type TokenExposure } from './report.js';
import { bindingsOf, findOccurrences, lineAt, lineStartsOf, type Binding } from './scan-text.js';
import { TokenVerifier } from './tokens.js';

export interface ExposureOptions extends HistoryRange {
  /** Commits read so far of the total; called often, so throttle any output. */
  onProgress?: (done: number, total: number) => void;
  /** The number of commits the range selects, when the caller counted them already. */
  commitCount?: number;
  /** Names the key is known by besides those found bound to it (the variable it was read from). */
  names?: readonly string[];
  /** The file the key was read from, relative to the root, when it lies inside: not a place it leaked to. */
  keyFile?: string;
}

/** The report without its verdict and runbook (see verdict.ts, runbook.ts). */
export type CollectedExposure = Omit<ExposureReport, 'verdict' | 'runbook'>;

/**
 * Finds every place `key` has been: the working tree, then every version of every text file in
 * the history (every branch, tag and remote ref, through historySource's bounded reader), then
 * which refs still hold it. Memory grows with the places found, not with the history.
 */
export async function collectExposure(root: string, key: HeldKey, config: ResolvedConfig, options: ExposureOptions = {}): Promise<CollectedExposure> {
  const needles = needlesOf(key);
  const acc = new Accumulator(key, needles, config);
  const problems: Problem[] = [];
  const git = await isGitWorkTree(root);

  const worktree = worktreeSource({ root, maxFileBytes: config.maxFileBytes, exclude: [] });
  for await (const doc of worktree.documents()) {
    if (doc.path === options.keyFile) continue;
    acc.examine(doc, null);
    frameworksIn(doc.text, acc.frameworks);
  }
  problems.push(...worktree.problems);
  // Dotenv files git ignores are not exposure, but they are where the live key is set, so the
  // runbook's `generate --rotate` names them.
  if (git) {
    const ignored = await ignoredDotenvFiles(root);
    for await (const doc of readDocuments(root, ignored, { maxFileBytes: config.maxFileBytes }, problems, { bytesRead: 0 })) acc.examineIgnored(doc);
  }

  let commits = 0;
  let facts: Awaited<ReturnType<typeof refFacts>> | null = null;
  if (git) {
    const total = options.commitCount ?? (await countCommits(root, options));
    commits = total;
    const mentions = (text: string) => text.includes('eyJ') || needles.some((n) => text.includes(n.text));
    const history = historySource({
      root,
      maxFileBytes: config.maxFileBytes,
      exclude: [],
      isScannable: () => true,
      mentions,
      ...rangeOf(options),
      ...(options.onProgress ? { onCommit: (done: number) => options.onProgress?.(done, total) } : {}),
    });
    for await (const doc of history.documents()) acc.examine(doc, doc.commit ?? null);
    acc.textsRead += history.filesListed ?? 0;
    problems.push(...history.problems);
    facts = await refFacts(root, [...acc.historyPaths].sort(), (text) => needles.some((n) => text.includes(n.text)), options, config.maxFileBytes, problems);
  }
  if (acc.tokens.skipped > 0) problems.push({ file: '.', reason: `${acc.tokens.skipped} committed tokens were not verified: the budget of HMAC computations ran out` });

  const files = acc.fileList();
  const tokens = acc.tokenList();
  const first = acc.firstCommit;
  const report: CollectedExposure = {
    version: 1,
    key: key.summary,
    exposed: files.length > 0 || tokens.length > 0,
    scope: { git, commits, ...(limitOf(options) ? { limit: limitOf(options) as string } : {}), textsRead: acc.textsRead, forms: [...SEARCHED_FORMS] },
    ...(first ? { firstCommit: first } : {}),
    ...(facts?.lastHolder ? { lastCommit: facts.lastHolder } : {}),
    atHead: facts?.atHead ?? false,
    inWorktree: files.some((f) => f.inWorktree),
    refs: { branches: facts?.branches ?? [], tags: facts?.tags ?? [], remotes: facts?.remotes ?? [] },
    removals: facts?.removals ?? [],
    files,
    roles: acc.roleList(),
    names: acc.nameList(),
    uses: acc.useList(options.names ?? []),
    tokens,
    frameworks: sortedFrameworks(acc.frameworks),
    problems: distinctProblems(problems),
  };
  return report;
}

function rangeOf(o: HistoryRange): HistoryRange {
  const r: HistoryRange = {};
  if (o.range !== undefined) r.range = o.range;
  if (o.since !== undefined) r.since = o.since;
  if (o.maxCount !== undefined) r.maxCount = o.maxCount;
  return r;
}

function limitOf(o: HistoryRange): string | undefined {
  const parts = [o.range !== undefined ? `range ${o.range}` : '', o.since !== undefined ? `since ${o.since}` : '', o.maxCount !== undefined ? `the ${o.maxCount} most recent commits` : ''].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** Where a place was seen: the working tree (commit null) or a commit of the history. */
function newSeen(): Seen {
  return { inWorktree: false, commits: [], commitCount: 0 };
}

function see(seen: Seen, commit: CommitInfo | null): void {
  if (commit === null) {
    seen.inWorktree = true;
    return;
  }
  if (seen.commits.some((c) => c.sha === commit.sha)) return;
  seen.commitCount++;
  if (seen.commits.length < MAX_COMMITS_LISTED) seen.commits.push({ sha: commit.sha, date: commit.date });
}

/** Records a line a place was seen at: the working tree's is the one shown, else the newest version's (history streams oldest first). */
function atLine(place: { line: number; lines: number[]; inWorktree: boolean }, line: number, commit: CommitInfo | null): void {
  if (commit === null || !place.inWorktree) place.line = line;
  if (!place.lines.includes(line) && place.lines.length < MAX_LINES_LISTED) place.lines.push(line);
}

function sortLines<P extends { lines: number[] }>(p: P): P {
  return { ...p, lines: [...p.lines].sort((a, b) => a - b) };
}

/** Gathers places, roles and tokens as documents stream past; keeps no text. */
class Accumulator {
  readonly frameworks = new Set<Framework>();
  readonly historyPaths = new Set<string>();
  readonly tokens: TokenVerifier;
  textsRead = 0;
  firstCommit: CommitInfo | undefined;
  private readonly files = new Map<string, FileExposure & { byPlace: Map<string, LineExposure> }>();
  private readonly roles = new Map<string, Role>();
  private readonly names = new Set<string>();
  private readonly signed = new Map<string, TokenExposure & { byPlace: Map<string, TokenExposure['places'][number]> }>();
  private readonly parse;
  private readonly storeUses: (SecretStoreUse & { keyId: string })[] = [];

  constructor(
    private readonly key: HeldKey,
    private readonly needles: readonly Needle[],
    config: ResolvedConfig,
  ) {
    this.tokens = new TokenVerifier(key);
    this.parse = createDocumentParser(createSecretNameMatcher(config.secretNames), config.secretNames);
  }

  examine(doc: Document, commit: CommitInfo | null): void {
    if (commit === null) this.textsRead++;
    let parsed: ParsedDocument | null | undefined;
    const parse = () => (parsed === undefined ? (parsed = this.parsed(doc)) : parsed);
    if (commit === null && (doc.text.includes('secrets.') || doc.text.includes('secretKeyRef'))) this.collectUses(doc, parse());
    const occurrences = findOccurrences(doc.text, this.needles);
    if (occurrences.length > 0) {
      if (commit !== null) {
        this.historyPaths.add(doc.path);
        if (!this.firstCommit || Date.parse(commit.date) < Date.parse(this.firstCommit.date)) this.firstCommit = { sha: commit.sha, date: commit.date };
      }
      let file = this.files.get(doc.path);
      if (!file) this.files.set(doc.path, (file = { file: doc.path, places: [], byPlace: new Map(), ...newSeen() }));
      see(file, commit);
      if (commit === null && doc.tracked !== undefined) file.tracked = doc.tracked;
      const p = parse();
      const bindings = p ? bindingsOf(p.assignments, this.key, doc.text) : [];
      for (const o of occurrences) {
        const binding = bindings.find((b) => b.line === o.line);
        const name = binding?.key ?? o.name;
        // One row per way the file holds it, however its line moves across versions (edits above it).
        const id = `${o.form}\0${o.writtenAs}\0${name ?? ''}`;
        let place = file.byPlace.get(id);
        if (!place) {
          place = { line: o.line, lines: [], form: o.form, writtenAs: o.writtenAs, ...(name !== undefined ? { name } : {}), ...newSeen() };
          file.byPlace.set(id, place);
        }
        atLine(place, o.line, commit);
        see(place, commit);
        if (name !== undefined) this.names.add(name);
      }
      for (const b of bindings) this.addRole(doc.path, b, commit);
    }
    if (doc.text.includes('eyJ')) {
      for (const t of this.tokens.signedIn(doc.text)) {
        let entry = this.signed.get(t.token.fingerprint);
        if (!entry) this.signed.set(t.token.fingerprint, (entry = { alg: t.alg, token: t.token, places: [], byPlace: new Map() }));
        let place = entry.byPlace.get(doc.path);
        if (!place) entry.byPlace.set(doc.path, (place = { file: doc.path, line: t.line, lines: [], ...newSeen() }));
        atLine(place, t.line, commit);
        see(place, commit);
      }
    }
  }

  /** An ignored file: only the settings that bind the key are kept (it is no place anyone else can read). */
  examineIgnored(doc: Document): void {
    if (findOccurrences(doc.text, this.needles, 1).length === 0) return;
    const p = this.parsed(doc);
    for (const b of p ? bindingsOf(p.assignments, this.key, doc.text) : []) this.addRole(doc.path, b, null, true);
  }

  private parsed(doc: Document): ParsedDocument | null {
    try {
      return this.parse(doc);
    } catch {
      // A parser failing on odd input still leaves the textual places, which are reported.
      return null;
    }
  }

  /** Settings that read a secret-named variable from a store; kept until the key's names are known. */
  private collectUses(doc: Document, parsed: ParsedDocument | null): void {
    for (const a of parsed?.assignments ?? []) {
      if (a.origin !== 'managed') continue;
      const text = doc.text.slice(a.span.start, Math.min(a.span.end, a.span.start + 2000));
      const line = lineAt(lineStartsOf(doc.text), a.span.start);
      if (a.context.format === 'ci') {
        const secret = /secrets\.([A-Za-z_][A-Za-z0-9_]*)/.exec(text)?.[1];
        if (secret === undefined) continue;
        this.storeUses.push({ kind: 'ci-secret', file: doc.path, line, name: a.key, keyId: a.keyId, secret, ...(a.context.ci?.job !== undefined ? { job: a.context.ci.job } : {}) });
      } else if (a.context.kubernetes) {
        const secret = /\bname:\s*["']?([A-Za-z0-9][A-Za-z0-9.-]*)/.exec(text)?.[1];
        const secretKey = /\bkey:\s*["']?([A-Za-z0-9._-]+)/.exec(text)?.[1];
        if (secret === undefined) continue;
        const k = a.context.kubernetes;
        this.storeUses.push({
          kind: 'kubernetes-secret',
          file: doc.path,
          line,
          name: a.key,
          keyId: a.keyId,
          secret,
          ...(secretKey !== undefined ? { secretKey } : {}),
          workload: { kind: k.kind, ...(k.name !== undefined ? { name: k.name } : {}), ...(k.namespace !== undefined ? { namespace: k.namespace } : {}) },
        });
      }
    }
  }

  /** The store uses of a name the key is bound to (or of the variable it was read from). */
  useList(extraNames: readonly string[]): SecretStoreUse[] {
    const ids = new Set([...this.names, ...extraNames].map(normalizeKey));
    return this.storeUses
      .filter((u) => ids.has(u.keyId))
      .map(({ keyId: _keyId, ...u }) => u)
      .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  }

  private addRole(file: string, b: Binding, commit: CommitInfo | null, ignored = false): void {
    const kind = roleKind(b.context);
    const k8s = b.context.kubernetes;
    const id = [kind, file, b.keyId, b.context.service ?? '', k8s?.namespace ?? '', k8s?.name ?? '', b.context.ci?.job ?? ''].join('\0');
    let role = this.roles.get(id);
    if (!role) {
      role = { kind, file, line: b.line, name: b.key, keyId: b.keyId, origin: b.origin, isExample: b.context.isExample, ...newSeen() };
      if (b.encoding) role.encoding = b.encoding;
      if (ignored) role.ignored = true;
      if (b.context.service !== undefined) role.service = b.context.service;
      if (k8s) role.kubernetes = { kind: k8s.kind, ...(k8s.name !== undefined ? { name: k8s.name } : {}), ...(k8s.namespace !== undefined ? { namespace: k8s.namespace } : {}) };
      if (b.context.ci) role.ci = { system: b.context.ci.system, ...(b.context.ci.job !== undefined ? { job: b.context.ci.job } : {}) };
      this.roles.set(id, role);
    }
    // The working tree's line is the one to edit; else the newest version's.
    if (commit === null || !role.inWorktree) role.line = b.line;
    see(role, commit);
    if (!ignored) this.names.add(b.key);
  }

  fileList(): FileExposure[] {
    return [...this.files.values()]
      .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
      .map(({ byPlace, ...f }) => ({ ...f, places: [...byPlace.values()].map(sortLines).sort((a, b) => a.line - b.line || (a.form < b.form ? -1 : a.form > b.form ? 1 : 0)) }));
  }

  roleList(): Role[] {
    const order: RoleKind[] = ['dotenv', 'compose', 'kubernetes', 'ci', 'code', 'config'];
    return [...this.roles.values()].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line);
  }

  nameList(): string[] {
    return [...this.names].sort();
  }

  tokenList(): TokenExposure[] {
    return [...this.signed.values()]
      .map(({ byPlace, ...t }) => ({ ...t, places: [...byPlace.values()].map(sortLines).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line)) }))
      .sort((a, b) => ((a.places[0]?.file ?? '') < (b.places[0]?.file ?? '') ? -1 : 1));
  }
}

/** Dotenv files git ignores (an ignored directory is listed as one entry, not walked). */
async function ignoredDotenvFiles(root: string): Promise<FileToRead[]> {
  const out = await runGit(root, ['ls-files', '-z', '--others', '--ignored', '--exclude-standard', '--directory', '--no-empty-directory'], [0]).catch(() => '');
  return out
    .split('\0')
    .filter((p) => p !== '' && !p.endsWith('/') && isDotenvPath(p))
    .sort()
    .map((path) => ({ path, tracked: false, ignored: true }));
}

function roleKind(context: AssignmentContext): RoleKind {
  switch (context.format) {
    case 'dotenv':
      return 'dotenv';
    case 'compose':
      return 'compose';
    case 'kubernetes':
    case 'helm':
      return context.kubernetes ? 'kubernetes' : 'config';
    case 'ci':
      return 'ci';
    case 'code':
    case 'dockerfile':
      return 'code';
    default:
      return 'config';
  }
}

function distinctProblems(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems
    .filter((p) => {
      const id = `${p.file}\0${p.reason}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    })
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.reason < b.reason ? -1 : 1));
}
