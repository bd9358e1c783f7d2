import { isDotenvPath } from '../core/path-context.js';
import { SUPPRESSION_MARKER } from '../core/suppressions.js';
import type { ProjectFacts } from '../core/rule.js';
import type { Source } from '../core/source.js';
import type { Document, Problem } from '../core/types.js';
import { BlobReader } from './cat-file.js';
import { decodeText, isBinary } from './decode.js';
import { blankInertJsonEntries, isInertEdit, isInertTokenEdit } from './inert-edits.js';
import { logCommits, type CommitChange, type LoggedCommit } from './git-log.js';
import { ObjectSizes } from './object-sizes.js';
import type { Outline } from './line-reader.js';
import type { Mentions } from './python-edits.js';
import { runGit } from './run-git.js';
import { excludeMatcher } from './exclude-matcher.js';
import { VersionsRead } from './versions-read.js';

/** Which commits a history scan walks. */
export interface HistoryRange {
  /** A revision or range (`main`, `v1.0..HEAD`); default: every branch, tag and remote ref. */
  range?: string;
  /** Only commits more recent than this (anything `git log --since` takes: `2024-01-01`, `6 months ago`). */
  since?: string;
  /** Only the N most recent commits. */
  maxCount?: number;
}

export interface HistoryOptions extends HistoryRange {
  root: string;
  maxFileBytes: number;
  exclude: readonly string[];
  /** Which files are worth reading at all (a parser exists for the path). */
  isScannable: (path: string) => boolean;
  /**
   * Which texts can concern a rule (the work tree's `git grep` words); dotenv files always do.
   * Others are read but not yielded, as a work-tree scan never reads them. Default: all.
   */
  mentions?: Mentions;
  /** Called after each commit is read, with the number of commits read so far. */
  onCommit?: (done: number) => void;
  /**
   * Judge every version whole, even one whose edit no rule can judge (see inert-edits.ts). The
   * report is the same either way; tests compare the two.
   */
  wholeVersions?: boolean;
  /**
   * Whether a version is judged for its tokens only (no parser reads it, it holds no private key):
   * such a version whose token lines are its predecessor's is not judged again (isInertTokenEdit).
   */
  tokensOnly?: (path: string, text: string) => boolean;
}

/** The `git log`/`git rev-list` arguments that select the commits of `range`. */
export function revisionArgs(range: HistoryRange): string[] {
  const args: string[] = [];
  if (range.since !== undefined) args.push(`--since=${range.since}`);
  if (range.maxCount !== undefined) args.push(`--max-count=${range.maxCount}`);
  if (range.range === undefined) args.push('--exclude=refs/stash', '--all');
  else {
    // A revision starting with '-' would be read as an option.
    if (range.range.startsWith('-') || /\s/.test(range.range)) throw new Error(`not a revision range: '${range.range}'`);
    args.push(range.range);
  }
  return args;
}

/** How many commits `range` selects (for progress); throws with git's message on a bad range. */
export async function countCommits(root: string, range: HistoryRange): Promise<number> {
  return Number((await runGit(root, ['rev-list', '--count', ...revisionArgs(range), '--'])).trim());
}

/**
 * Every version of every file the selected commits recorded, oldest first, each read once per
 * path: a file is read again only when its content (its blob) changes or it moves. Each document
 * carries the commit that introduced that version; all of its lines count. Nothing is kept
 * between commits but the ids already read, so memory does not grow with the size of history.
 */
/** A history's documents, and how many versions were not judged again (their edit was inert). */
export interface HistorySource extends Source {
  readonly versionsUnchanged: number;
  /** Versions read again from git to compare their child with (no longer kept in memory). */
  readonly versionsReadAgain: number;
}

export function historySource(options: HistoryOptions): HistorySource {
  const problems: Problem[] = [];
  const stats = { bytesRead: 0, versions: 0, unchanged: 0, reread: 0 };
  // Asked once per version, and only of versions kept or compared (not of every version read).
  const isTokensOnly = (path: string, v: KeptVersion) => (v.tokensOnly ??= options.tokensOnly?.(path, v.text) === true);
  const previous =
    options.wholeVersions || !options.mentions
      ? null
      : new PreviousVersions(PREVIOUS_CHARS, (path, v) => (/\.(json|ya?ml|py)$/i.test(path) && !isMinifiedJson(path, v.text)) || isTokensOnly(path, v));
  // Paths with a problem (a parse error names a line): their versions are always judged.
  const problemFiles = new Set<string>();
  let problemsSeen = 0;
  /**
   * Whether this version's judgement is its predecessor's: the version it replaces (a parent's) was
   * read earlier in this audit (kept in memory, or read again), judged without a problem, and the
   * edit is inert. The engine has judged
   * every earlier version by the time the next one is asked for, so its problems are known.
   */
  const isUnchangedJudgement = async (change: CommitChange, version: KeptVersion, mentions: Mentions, again: ParentReader): Promise<boolean> => {
    if (!previous?.comparable(change.path, version)) return false;
    // Any parent's version will do: a version whose edit over it is inert adds nothing to its judgement.
    const parents = change.oldBlobs ?? [];
    const gone: string[] = [];
    for (const blob of parents) {
      const before = previous.get(change.path, blob);
      if (!before) gone.push(blob);
      else if (isInertOver(change, before, version, mentions)) return true;
    }
    if (gone.length === 0) return false;
    // A parent no longer kept: any version of the path this audit judged (or found inert over one
    // it judged) will do as well, as the new version's findings would be that version's, which the
    // report has from its earlier commit. On a history of hundreds of branches the version read
    // last of a locale file is most often a sibling's, a few lines away: compared before the
    // parent is read again from git. (Not when a parent is kept: a version whose edit over its
    // parent is not inert is rarely inert over an older one, and the comparison would cost each
    // judged version a second diff.)
    for (const before of previous.kept(change.path)) {
      if (!parents.includes(before.blob) && isInertOver(change, before, version, mentions)) return true;
    }
    for (const blob of gone) {
      const before = await readBefore(change.path, blob, again);
      if (before && isInertOver(change, before, version, mentions)) return true;
    }
    return false;
  };
  /**
   * A parent's version no longer kept (another branch's versions came between, or the budget
   * evicted it) is read again, when this audit read it as text: its judgement is known. One that
   * is not (a range's first commits) has no judgement to share.
   */
  const readBefore = async (path: string, blob: string, again: ParentReader): Promise<KeptVersion | undefined> => {
    if (!seen.wasText(blob, path)) return undefined;
    const bytes = await again.read(blob);
    if (!bytes) return undefined;
    stats.reread++;
    return { blob, text: decodeText(bytes).text };
  };
  // Each version read, and whether as text: each of those was judged, or its edit was inert.
  let seen = new VersionsRead();
  const isInertOver = (change: CommitChange, before: KeptVersion, version: KeptVersion, mentions: Mentions): boolean => {
    for (; problemsSeen < problems.length; problemsSeen++) problemFiles.add((problems[problemsSeen] as Problem).file);
    // A suppression comment's notices name its line: a version that has one is judged, so each is seen as whole versions see it.
    if (isMarked(before) || isMarked(version) || problemFiles.has(change.path)) return false;
    if (isTokensOnly(change.path, before) && isTokensOnly(change.path, version)) return isInertTokenEdit(change.path, before.text, version.text);
    return isInertEdit(change.path, before.text, version.text, mentions, { before, after: version });
  };
  const isExcluded = excludeMatcher(options.exclude);
  const reported = new Set<string>();
  const skip = (path: string, reason: string) => {
    // Once per path and reason: a binary file changed in 500 commits is one problem.
    const key = `${path}\0${reason}`;
    if (reported.has(key)) return;
    reported.add(key);
    problems.push({ file: path, reason });
  };
  // Each version on its own (path and commit): a partial or damaged clone must not pass for a clean history.
  const missing = (path: string, sha: string) =>
    skip(path, `not scanned: its version in commit ${sha.slice(0, 12)} is missing from the repository (a partial or damaged clone): fetch the missing objects (git fetch --refetch) or check with git fsck, then scan again`);

  return {
    problems,
    get bytesRead() {
      return stats.bytesRead;
    },
    /** Text versions read, including those no rule could care about (not yielded). */
    get filesListed() {
      return stats.versions;
    },
    /** Versions not judged again: their edit was inert, so their judgement is their predecessor's. */
    get versionsUnchanged() {
      return stats.unchanged;
    },
    get versionsReadAgain() {
      return stats.reread;
    },
    facts(): Promise<ProjectFacts> {
      // Only document rules apply to history: these facts describe a working tree, not a commit.
      return Promise.resolve({ isGitRepo: true, gitignoreText: null, dotenvUncovered: [] });
    },
    async *documents(): AsyncGenerator<Document> {
      seen = new VersionsRead();
      const sizes = new ObjectSizes(options.root);
      const blobs = new BlobReader(options.root);
      // Parents' versions read again: their own process (started when first needed), so they do not wait behind the reads ahead.
      const again: ParentReader & { reader: BlobReader | null } = {
        reader: null,
        read(blob) {
          return (this.reader ??= new BlobReader(options.root)).read(blob);
        },
      };
      const log = logCommits(options.root, ['--relative', ...revisionArgs(options)])[Symbol.asyncIterator]();
      // Commits whose blobs are asked for ahead of the consumer, oldest first: git looks them up
      // while the rules work on earlier ones, instead of two waits on git for every commit.
      const ahead: Pending[] = [];
      let readsIssued = 0; // ahead[0 .. readsIssued) have their blob reads in flight
      let blobsAhead = 0;
      let bytesAhead = 0;
      const issueReads = () => {
        for (let p = ahead[readsIssued]; p?.sizes; p = ahead[readsIssued]) {
          const sized = p.sizes;
          const bytes = sized.reduce<number>((n, size) => n + (size !== null && size <= options.maxFileBytes ? size : 0), 0);
          // The oldest commit is always read, however big: it is the one the consumer waits for.
          if (readsIssued > 0 && bytesAhead + bytes > AHEAD_BYTES) return;
          p.bytes = bytes;
          bytesAhead += bytes;
          p.reads = p.fresh.map((c, i) => {
            const size = sized[i];
            if (size === null || size === undefined) {
              missing(c.path, p.commit.sha);
              return null;
            }
            if (size > options.maxFileBytes) {
              skip(c.path, `skipped: a version of ${size} bytes is over the size cap of ${options.maxFileBytes}`);
              return null;
            }
            const read = blobs.read(c.blob);
            // Awaited in order below, where a failure is thrown; this keeps the ones not reached (the
            // consumer stopped early) from becoming unhandled rejections.
            read.catch(() => undefined);
            return read;
          });
          readsIssued++;
        }
      };
      let logDone = false;
      let done = 0;
      try {
        for (;;) {
          while (!logDone && blobsAhead < AHEAD_BLOBS && ahead.length < AHEAD_COMMITS) {
            const next = await log.next();
            if (next.done === true) {
              logDone = true;
              break;
            }
            const commit = next.value;
            const fresh = commit.changes.filter((c) => {
              if (!isRegularFile(c) || !options.isScannable(c.path) || isExcluded(c.path)) return false;
              return seen.firstTime(c.blob, c.path);
            });
            const p: Pending = { commit, fresh, sizes: null, sized: Promise.resolve(), reads: null, bytes: 0 };
            if (fresh.length > 0) {
              p.sized = Promise.all(fresh.map((c) => sizes.size(c.blob))).then((s) => {
                p.sizes = s;
                issueReads();
              });
              p.sized.catch(() => undefined);
            } else {
              p.sizes = [];
            }
            ahead.push(p);
            blobsAhead += fresh.length;
          }
          issueReads();
          const head = ahead[0];
          if (!head) break;
          await head.sized;
          issueReads();
          const reads = head.reads ?? [];
          for (let i = 0; i < head.fresh.length; i++) {
            const read = reads[i];
            const bytes = await read;
            const change = head.fresh[i] as CommitChange;
            if (!bytes) {
              // Sized but gone when read (a concurrent gc); an oversized one was reported already.
              if (read) missing(change.path, head.commit.sha);
              continue;
            }
            stats.bytesRead += bytes.length;
            if (isBinary(bytes)) {
              skip(change.path, 'skipped: binary file');
              continue;
            }
            const { text, hasBom } = decodeText(bytes);
            stats.versions++;
            if (previous) seen.markText(change.blob, change.path);
            if (options.mentions && !isDotenvPath(change.path)) {
              const mentions = options.mentions;
              const mentioned = mentions(text);
              const version: KeptVersion = { blob: change.blob, text };
              const unchanged = !mentioned || (await isUnchangedJudgement(change, version, mentions, again));
              previous?.set(change.path, version);
              if (unchanged) {
                if (mentioned) stats.unchanged++;
                continue;
              }
            }
            // The parser sees a JSON version without its inert entries; the rules see the same lines and offsets.
            const judged = previous && options.mentions ? blankInertJsonEntries(change.path, text, options.mentions) : text;
            yield { path: change.path, text: judged, hasBom, origin: 'history', tracked: true, commit: { sha: head.commit.sha, date: head.commit.date }, blob: change.blob };
          }
          ahead.shift();
          readsIssued--;
          blobsAhead -= head.fresh.length;
          bytesAhead -= head.bytes;
          issueReads();
          options.onCommit?.(++done);
        }
      } finally {
        await log.return?.(undefined);
        sizes.close();
        blobs.close();
        again.reader?.close();
      }
    },
  };
}

/**
 * Characters of JSON, YAML, Python and token-only versions kept to compare the next version with
 * (the oldest go first). A version evicted is read again from git when its child is compared.
 */
const PREVIOUS_CHARS = 8 * 1024 * 1024;
const VERSIONS_PER_PATH = 2;

/**
 * The versions read last of JSON, YAML, Python and token-only paths, so a version can be compared
 * with the one it replaces, on whichever branch that was read. Bounded in characters, the oldest
 * read going first: a version evicted is judged whole next time, nothing is lost.
 */
/** A version kept to compare the next with, and whether it holds a suppression comment (asked once). */
interface KeptVersion {
  blob: string;
  text: string;
  marked?: boolean;
  /** Judged for its tokens only (HistoryOptions.tokensOnly), asked when it matters. */
  tokensOnly?: boolean;
  /** Its lines' starts and indentation, once an edit of it or over it asked (built once per version, kept as long as it is). */
  outline?: Outline;
}

/** Searched once per version, not again when it is the one the next version replaces (a 20,000-line i18n file is 1 MB a search). */
function isMarked(v: KeptVersion): boolean {
  return (v.marked ??= v.text.includes(SUPPRESSION_MARKER));
}

class PreviousVersions {
  /** By path and blob: a version's parent may be on another branch than the version read last. */
  private readonly byVersion = new Map<string, KeptVersion>();
  /** Each path's kept versions, oldest first. */
  private readonly byPath = new Map<string, string[]>();
  private chars = 0;

  constructor(
    private readonly maxChars: number,
    /** Which versions an edit of can be inert: JSON, YAML, Python, texts judged for tokens only. */
    private readonly comparableVersion: (path: string, v: KeptVersion) => boolean,
  ) {}

  comparable(path: string, version: KeptVersion): boolean {
    return this.comparableVersion(path, version);
  }

  /** The path's kept versions, the one read last first. */
  kept(path: string): KeptVersion[] {
    const out: KeptVersion[] = [];
    const keys = this.byPath.get(path) ?? [];
    for (let i = keys.length - 1; i >= 0; i--) {
      const v = this.byVersion.get(keys[i] as string);
      if (v) out.push(v);
    }
    return out;
  }

  get(path: string, blob: string | undefined): KeptVersion | undefined {
    if (blob === undefined) return undefined;
    // Not moved up when asked for: a version its child was compared with is the one needed least.
    return this.byVersion.get(`${path}\0${blob}`);
  }

  set(path: string, version: KeptVersion): void {
    const text = version.text;
    if (text.length > this.maxChars / 4 || !this.comparable(path, version)) return;
    const key = `${path}\0${version.blob}`;
    if (this.byVersion.has(key)) return;
    this.byVersion.set(key, version);
    this.chars += text.length;
    // A few versions of each path: enough for the branches a path is edited on at once.
    const keys = this.byPath.get(path) ?? [];
    keys.push(key);
    this.byPath.set(path, keys);
    if (keys.length > VERSIONS_PER_PATH) {
      const gone = keys.shift() as string;
      const e = this.byVersion.get(gone);
      if (e) {
        this.byVersion.delete(gone);
        this.chars -= e.text.length;
      }
    }
    for (const [k, e] of this.byVersion) {
      if (this.chars <= this.maxChars) break;
      this.byVersion.delete(k);
      this.chars -= e.text.length;
    }
  }
}

/**
 * JSON whose first line is long (a Lottie animation, a generated bundle on one line): no edit of it
 * is inert (an inert edit changes whole entries of a pretty-printed mapping), so it is neither
 * compared nor kept. Only the first MAX_FIRST_LINE characters are searched.
 */
function isMinifiedJson(path: string, text: string): boolean {
  return text.length > MAX_FIRST_LINE && text.lastIndexOf('\n', MAX_FIRST_LINE) === -1 && /\.json$/i.test(path);
}

const MAX_FIRST_LINE = 4096;

/** Reads the blob of a version read earlier, to compare the version that replaces it with. */
interface ParentReader {
  read(blob: string): Promise<Buffer | null>;
}

/** How far reading runs ahead of the consumer: bounded, so memory does not grow with history. */
const AHEAD_COMMITS = 1024;
const AHEAD_BLOBS = 4096;
const AHEAD_BYTES = 8 * 1024 * 1024;

/** A commit whose blobs are being looked up: first their sizes, then (when small enough) their bytes. */
interface Pending {
  commit: LoggedCommit;
  /** The versions it introduces that are read. */
  fresh: CommitChange[];
  /** Each version's size (null: missing), once git has answered. */
  sizes: (number | null)[] | null;
  /** Settles when `sizes` is known; rejects when git failed. */
  sized: Promise<void>;
  /** Each version's bytes (null: not read), once asked for. */
  reads: (Promise<Buffer | null> | null)[] | null;
  /** The bytes asked for. */
  bytes: number;
}

/** Regular files only: a symlink's blob is its target path, a submodule's id is a commit. */
function isRegularFile(change: CommitChange): boolean {
  return change.mode === '100644' || change.mode === '100755' || change.mode === '100664';
}
