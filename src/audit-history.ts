import { auditSource, fingerprinterFor, type AuditOptions } from './audit.js';
import type { ResolvedConfig } from './config/types.js';
import { ContextSeverity } from './core/context-severity.js';
import { compareFindings } from './core/findings.js';
import type { SecretFingerprinter } from './core/redact.js';
import type { Source } from './core/source.js';
import type { Document, Finding, ParsedDocument, Problem, ScanResult } from './core/types.js';
import { createContentFilter, parserFor } from './parsers/index.js';
import { languageOf } from './parsers/code/index.js';
import { hasPrivateKeyHint, isKeyFilePath } from './parsers/private-keys.js';
import { RULES } from './rules/index.js';
import { countCommits, historySource, type HistoryRange } from './sources/history.js';
import { BlobReader } from './sources/cat-file.js';
import { decodeText } from './sources/decode.js';
import { blankInertJsonEntries } from './sources/inert-edits.js';
import { runGit } from './sources/run-git.js';
import { treeSource } from './sources/tree.js';
import { detached } from './core/detached.js';

export interface HistoryAuditOptions extends HistoryRange {
  /** Commits read so far of the total selected; called often, so throttle any output. */
  onProgress?: (done: number, total: number) => void;
  /** Accepted findings (by fingerprint): left out, like in any other scan. */
  baseline?: AuditOptions['baseline'];
  /** The number of commits the range selects, when the caller has counted them already. */
  commitCount?: number;
  /** Documents per engine run; lower only in tests. */
  batchDocuments?: number;
  /** Judge every version whole (the report is the same; tests compare the two). */
  wholeVersions?: boolean;
  /** Filled in at the end: versions read, and those not judged again because their edit was inert. */
  counters?: { versions: number; unchanged: number; readAgain?: number };
}

/**
 * Committed JWTs are proven against every key the history ever held (jwt-forgeable), a question
 * across batches: a version is set aside when it brings a token, or a literal value of a
 * secret-named key at a path and key, not seen before (so a key is one place however many versions
 * hold it, and memory grows with what the history holds, not with its length), and the versions set
 * aside are judged together once the history has streamed. Bounded all the same; past the bound,
 * a problem says so.
 */
const PROOF_MAX_CHARS = 32 * 1024 * 1024;
const PROOF_RULE = 'jwt-forgeable';

/**
 * The engine keeps each batch's documents until its end; a batch ends at whichever comes first.
 * What a batch holds is most of what the audit holds, and V8 lets garbage grow in proportion to
 * what is held before it collects: 4M characters (not 16M) took formbricks' peak, audited in one
 * process, from 332 to 287 MiB.
 */
const BATCH_DOCUMENTS = 2000;
const BATCH_CHARS = 4 * 1024 * 1024;

/**
 * Audits every version of every file the selected commits recorded. Each distinct leaked secret
 * is reported once, at the commit that introduced it, with whether it is still at HEAD.
 *
 * - Only document rules run: project rules judge one tree's configuration (reuse across files,
 *   .gitignore coverage), which means nothing across versions from different years.
 * - The history streams through the engine in batches, so memory is bounded by a batch, not by
 *   the history; findings are merged across batches, first introduction winning.
 * - "Distinct" is the rule and the secret's fingerprint (so a moved or copied secret is one
 *   finding), or the finding's own fingerprint (rule, file) for findings without a value, such
 *   as a committed .env.
 * - "Still present" means a scan of HEAD's committed tree finds the same secret (or the same
 *   value-less finding); fixes are dropped: their offsets are into old versions.
 */
export async function auditHistory(root: string, options: HistoryAuditOptions, config: ResolvedConfig): Promise<ScanResult> {
  const started = Date.now();
  const leakConfig = documentRulesOnly(config);
  const base = { root, maxFileBytes: config.maxFileBytes, exclude: config.exclude, isScannable };
  // The work tree's content filter: a version no rule can care about skips the engine entirely.
  const mentions = createContentFilter(config.secretNames);
  // The count (for progress) and HEAD's scan (for stillPresent) do not depend on the history: they
  // run while it streams instead of before and after it.
  // One fingerprinter for every batch: a value met in many versions is hashed once (the hash is slow on purpose).
  const fingerprints = await fingerprinterFor(root, options.baseline);
  // One set of context levels for every batch, applied once the history has streamed: a test's
  // secret that a production version sets anywhere in the history is not lowered, whichever batch
  // each fell in (so the report does not depend on where batches end).
  const contextSeverity = new ContextSeverity(config.contexts ?? {});
  const audit = { fingerprints, contextSeverity, ...(options.baseline ? { baseline: options.baseline } : {}) };
  const counted = options.commitCount !== undefined ? Promise.resolve(options.commitCount) : countCommits(root, options);
  const atHead = counted.then(() => presentAtHead(root, base, config, fingerprints));
  atHead.catch(() => undefined);
  let total: number | undefined;
  counted.then(
    (n) => void (total = n),
    () => undefined,
  );
  // Commits read, and the last count shown (none until the total is known).
  let read = 0;
  let shown = 0;
  const history = historySource({
    ...base,
    mentions,
    tokensOnly,
    ...options,
    ...(options.onProgress
      ? {
          onCommit: (done: number) => {
            read = done;
            if (total === undefined) return;
            options.onProgress?.(done, total);
            shown = done;
          },
        }
      : {}),
  });
  // Per distinct finding, the first of each context (test, docs, production...), in history order: a
  // context whose findings are `off` drops its own, and the next context's first is the one reported.
  const first = new Map<string, Finding[]>();
  // Versions set aside for the proof, by path and blob: a history version is noted, not kept (its
  // blob is read again at the end, and only when some version held a token), so a history of
  // 300 kB i18n files whose `api_key` labels change does not hold them all.
  const proof = new Map<string, Document>();
  let proofChars = 0;
  const proofSeen = new Set<string>();
  let proofFull = false;
  let proofTokens = false;
  const proofWanted = config.rules[PROOF_RULE] !== 'off';
  const setAsideForProof = (doc: Document, parsed: ParsedDocument) => {
    const fresh: string[] = [];
    for (const j of parsed.jwts ?? []) fresh.push(`t\0${j.token}`);
    for (const a of parsed.assignments) {
      if ((a.origin === 'literal' || a.origin === 'default') && a.value) fresh.push(`k\0${doc.path}\0${a.keyId}\0${a.value}`);
    }
    const key = `${doc.path}\0${doc.blob ?? doc.text}`;
    if (!fresh.some((k) => !proofSeen.has(k)) || proof.has(key)) return;
    if (proofChars + doc.text.length > PROOF_MAX_CHARS) {
      if (!proofFull) history.problems.push({ file: doc.path, reason: `tokens not proven against keys from this version on: the versions set aside for jwt-forgeable reached ${PROOF_MAX_CHARS / 1024 / 1024}M characters (scan a shorter range with --since)`, cut: true });
      proofFull = true;
      return;
    }
    // Copies: a key made of a token or a value cut from this version must not keep the version alive.
    for (const k of fresh) proofSeen.add(detached(k));
    if ((parsed.jwts?.length ?? 0) > 0) proofTokens = true;
    proof.set(key, doc.blob === undefined ? doc : { ...doc, text: '' });
    proofChars += doc.text.length;
  };
  // What is wrong with a suppression comment, once per file and notice: at the first version that has it.
  const suppressionProblems = new Map<string, Problem>();
  const noteSuppressionProblems = (problems: readonly Problem[]) => {
    for (const p of problems) {
      const key = `${p.file}\0${p.reason.replace(/^line \d+(?: \(commit [0-9a-f]+\))?: /, '')}`;
      if (!suppressionProblems.has(key)) suppressionProblems.set(key, p);
    }
  };
  let files = 0;
  const iterator = history.documents()[Symbol.asyncIterator]();
  let exhausted = false;
  try {
    while (!exhausted) {
      // The order each commit first appears in this batch: the engine's findings come back sorted by file.
      const order = new Map<string, number>();
      const batch: Source = {
        problems: history.problems,
        get bytesRead() {
          return history.bytesRead;
        },
        facts: () => history.facts(),
        async *documents(): AsyncGenerator<Document> {
          let count = 0;
          let chars = 0;
          while (count < (options.batchDocuments ?? BATCH_DOCUMENTS) && chars < BATCH_CHARS) {
            const next = await iterator.next();
            if (next.done) {
              exhausted = true;
              return;
            }
            const sha = next.value.commit?.sha ?? '';
            if (!order.has(sha)) order.set(sha, order.size);
            count++;
            chars += next.value.text.length;
            yield next.value;
          }
        },
      };
      const result = await auditSource(root, batch, leakConfig, {
        ...audit,
        onSuppressionProblems: noteSuppressionProblems,
        ...(process.env.SH_HP ? { parseInWorkers: true } : {}),
        ...(process.env.SH_DF ? { deferSlowFingerprints: true } : {}),
        ...(proofWanted ? { onParsed: setAsideForProof } : {}),
      });
      files += result.stats.files;
      const byCommit = (f: Finding) => order.get(f.commit?.sha ?? '') ?? Number.MAX_SAFE_INTEGER;
      for (const f of [...result.findings].sort((a, b) => byCommit(a) - byCommit(b))) {
        const key = distinctKey(f);
        const candidates = first.get(key);
        if (!candidates) first.set(key, [f]);
        else if (!candidates.some((c) => c.context === f.context)) candidates.push(f);
      }
    }
  } catch (err) {
    // A bad range: the count's error (git's message) is the one to report, as when it ran first.
    await counted;
    throw err;
  } finally {
    await iterator.return?.(undefined);
  }
  if (options.counters) {
    options.counters.versions = history.filesListed ?? 0;
    options.counters.unchanged = history.versionsUnchanged;
    options.counters.readAgain = history.versionsReadAgain;
  }
  total = await counted;
  if (shown !== read) options.onProgress?.(read, total);

  // Without a token there is nothing to prove, whatever keys the history held.
  const proofDocs = proofTokens && proofWanted ? await readAgain(root, [...proof.values()], options.wholeVersions === true ? null : mentions) : new Map<string, Document>();
  if (proofDocs.size > 0) {
    const proven = await auditSource(root, listSource([...proofDocs.values()], history.problems), onlyRule(config, PROOF_RULE), audit);
    for (const f of proven.findings) {
      const key = distinctKey(f);
      // Documents were set aside in history order; keep the earliest commit for each token.
      const candidates = (first.get(key) ?? []).filter((c) => c.context !== f.context || !f.commit || !c.commit || c.commit.date <= f.commit.date);
      if (!candidates.some((c) => c.context === f.context)) candidates.push(f);
      const date = (x: Finding) => x.commit?.date ?? '';
      first.set(key, candidates.sort((a, b) => (date(a) < date(b) ? -1 : date(a) > date(b) ? 1 : 0)));
    }
  }

  // The full rule set at HEAD: a token still there is found by jwt-forgeable, a project rule.
  const present = await atHead;
  const placed: Finding[] = [];
  for (const candidates of first.values()) {
    for (const c of candidates) {
      const p = contextSeverity.place(c);
      if (p === null) continue;
      placed.push(p);
      break;
    }
  }
  const tokensAtHead = await provenTokensAtHead(root, placed.filter((f) => f.ruleId === PROOF_RULE), proofDocs);
  const findings = placed.map((f) => {
    const { fix: _fix, ...rest } = f;
    const stillPresent =
      f.ruleId === PROOF_RULE
        ? tokensAtHead.has(f.fingerprint)
        : f.secret
          ? present.secrets.has(f.secret.fingerprint)
          : present.findings.has(f.fingerprint);
    return { ...rest, ...(f.commit ? { commit: { ...f.commit, stillPresent } } : {}) };
  });
  return {
    root,
    findings: findings.sort(compareFindings),
    problems: distinctProblems([...history.problems, ...suppressionProblems.values()]),
    stats: { files: Math.max(files, history.filesListed ?? 0), bytes: history.bytesRead, ms: Date.now() - started },
  };
}

/**
 * A version no parser reads and no code rule reads (a CHANGES.rst, a page): what can be judged in it
 * is its JWTs, and its private keys, which it has none of.
 */
function tokensOnly(path: string, text: string): boolean {
  return parserFor(path, text) === null && languageOf(path) === undefined && !isKeyFilePath(path) && !hasPrivateKeyHint(text);
}

/**
 * The documents set aside for the proof, with the texts of history versions read again from their
 * blobs, as the engine saw them (JSON with its inert entries blanked, when versions were compared).
 */
async function readAgain(root: string, docs: readonly Document[], mentions: ((text: string) => boolean) | null): Promise<Map<string, Document>> {
  const out = new Map<string, Document>();
  const blobs = new BlobReader(root);
  try {
    const reads = docs.map((d) => (d.blob === undefined ? Promise.resolve(null) : blobs.read(d.blob)));
    for (const r of reads) r.catch(() => undefined);
    for (const [i, d] of docs.entries()) {
      let doc = d;
      if (d.blob !== undefined) {
        const bytes = await reads[i];
        // Read once already: gone now only if the repository changed under the audit.
        if (!bytes) continue;
        const text = decodeText(bytes).text;
        doc = { ...d, text: mentions ? blankInertJsonEntries(d.path, text, mentions) : text };
      }
      out.set(`${doc.path}\0${doc.blob ?? doc.text}`, doc);
    }
  } finally {
    blobs.close();
  }
  return out;
}

/** Text files where tokens are written down besides config and code: docs, request collections, pages. */
const TOKEN_CARRIERS = /\.(md|markdown|rst|txt|http|rest|html?|xml|csv|har|postman_collection\.json|ipynb|sh|bash|zsh|ps1|ini|cfg|conf|toml|vue|svelte)$/i;

/** Names without an extension that are never scripts: the history does not read them for a shebang. */
const NOT_SCRIPTS = /^(license|licence|copying|notice|authors|contributors|changelog|changes|readme|codeowners|owners|version|procfile|gemfile|podfile|brewfile|vagrantfile|caddyfile|head|orig_head|fetch_head|packed-refs)$/i;

/**
 * Files a parser reads (nothing else can hold a secret assignment), key files, files that carry
 * tokens, and names without an extension (`bin/start`, `docker/entrypoint`): those are read for
 * their first line, and a shell shebang makes them scripts, as in a tree scan. What a history audit reads.
 */
export function isScannable(path: string): boolean {
  if (parserFor(path, '') !== null || isKeyFilePath(path) || TOKEN_CARRIERS.test(path)) return true;
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base !== '' && !base.includes('.') && !NOT_SCRIPTS.test(base);
}

/**
 * A proven token is still present when HEAD's tree still holds its text, even if the key that
 * proves it is gone from HEAD: the key is in history, and the token still grants access.
 */
async function provenTokensAtHead(root: string, proofs: Finding[], docs: ReadonlyMap<string, Document>): Promise<Set<string>> {
  const out = new Set<string>();
  for (const f of proofs) {
    const doc = [...docs.values()].find((d) => d.path === f.file && d.commit?.sha === f.commit?.sha);
    if (!doc || f.line !== f.endLine) continue;
    const line = doc.text.split('\n')[f.line - 1] ?? '';
    const token = line.slice(f.column - 1, f.endColumn - 1);
    if (token.length < 20) continue;
    const hit = await runGit(root, ['grep', '-l', '-F', '-e', token, 'HEAD', '--'], [0, 1]);
    if (hit.trim() !== '') out.add(f.fingerprint);
  }
  return out;
}

function onlyRule(config: ResolvedConfig, id: string): ResolvedConfig {
  const rules: ResolvedConfig['rules'] = {};
  for (const r of RULES) rules[r.meta.id] = r.meta.id === id ? (config.rules[id] ?? r.meta.defaultSeverity) : 'off';
  return { ...config, rules };
}

/** A source over documents already in memory. */
function listSource(docs: Document[], problems: Problem[]): Source {
  return {
    problems,
    bytesRead: 0,
    facts: async () => ({ isGitRepo: true, gitignoreText: null, dotenvUncovered: [] }),
    async *documents() {
      yield* docs;
    },
  };
}

function documentRulesOnly(config: ResolvedConfig): ResolvedConfig {
  const rules = { ...config.rules };
  for (const r of RULES) if (r.meta.scope === 'project') rules[r.meta.id] = 'off';
  return { ...config, rules };
}

function distinctKey(f: Finding): string {
  return f.secret ? `${f.ruleId}\0secret\0${f.secret.fingerprint}` : `${f.ruleId}\0finding\0${f.fingerprint}`;
}

/** Secrets and value-less findings in HEAD's committed tree (none when there is no commit yet). */
async function presentAtHead(
  root: string,
  base: { root: string; maxFileBytes: number; exclude: readonly string[]; isScannable: (p: string) => boolean },
  config: ResolvedConfig,
  fingerprints: SecretFingerprinter,
): Promise<{ secrets: Set<string>; findings: Set<string> }> {
  const secrets = new Set<string>();
  const findings = new Set<string>();
  const head = await runGit(root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], [0, 1]);
  if (head.trim() === '') return { secrets, findings };
  const result = await auditSource(root, treeSource({ ...base, rev: head.trim() }), config, { fingerprints });
  for (const f of result.findings) {
    if (f.secret) secrets.add(f.secret.fingerprint);
    findings.add(f.fingerprint);
  }
  return { secrets, findings };
}

function distinctProblems(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems
    .filter((p) => {
      const key = `${p.file}\0${p.reason}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.reason < b.reason ? -1 : 1));
}
