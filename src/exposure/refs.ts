import type { CommitInfo, Problem } from '../core/types.js';
import { BlobReader } from '../sources/cat-file.js';
import { decodeText, isBinary } from '../sources/decode.js';
import { revisionArgs, type HistoryRange } from '../sources/history.js';
import { ObjectSizes } from '../sources/object-sizes.js';
import { runGit } from '../sources/run-git.js';

export interface RefFacts {
  branches: string[];
  tags: string[];
  remotes: string[];
  atHead: boolean;
  /** The newest commit whose tree holds the key: a ref tip that still does, or the last one before a removal. */
  lastHolder?: CommitInfo & { ref?: string };
  removals: (CommitInfo & { file: string })[];
}

/** Tree lookups (`<commit>:<path>`) this step may make, whatever the number of refs and paths. */
const MAX_LOOKUPS = 20_000;
/** Last-holder commits whose dates are asked in one `git show`. */
const MAX_DATED = 500;

/**
 * Which refs still hold the key, whether HEAD does, and where it was taken out. Only the paths
 * that ever held it (from the history walk) are looked at: every file at a ref's tip was
 * introduced by a commit of the history, so no other path can hold it there. The blobs are read
 * through the same `git cat-file` readers as the history.
 */
export async function refFacts(
  root: string,
  paths: readonly string[],
  holds: (text: string) => boolean,
  range: HistoryRange,
  maxFileBytes: number,
  problems: Problem[],
): Promise<RefFacts> {
  const facts: RefFacts = { branches: [], tags: [], remotes: [], atHead: false, removals: [] };
  if (paths.length === 0) return facts;
  const sizes = new ObjectSizes(root);
  const blobs = new BlobReader(root);
  const cache = new Map<string, Promise<boolean>>();
  let lookups = 0;
  let capped = false;
  const holdsAt = (sha: string, path: string): Promise<boolean> => {
    const id = `${sha}:./${path}`;
    let known = cache.get(id);
    if (known) return known;
    if (lookups >= MAX_LOOKUPS) {
      capped = true;
      return Promise.resolve(false);
    }
    lookups++;
    known = sizes.size(id).then(async (size) => {
      if (size === null || size > maxFileBytes) return false;
      const bytes = await blobs.read(id);
      return bytes !== null && !isBinary(bytes) && holds(decodeText(bytes).text);
    });
    cache.set(id, known);
    return known;
  };
  const holdsAnywhere = async (sha: string) => (await Promise.all(paths.map((p) => holdsAt(sha, p)))).some(Boolean);

  try {
    const candidates: (CommitInfo & { ref?: string })[] = [];
    const head = (await runGit(root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], [0, 1])).trim();
    if (head !== '') facts.atHead = await holdsAnywhere(head);

    const listing = await runGit(root, ['for-each-ref', '--format=%(refname)%00%(objectname)%00%(*objectname)%00%(authordate:iso-strict)%00%(*authordate:iso-strict)', 'refs/heads', 'refs/tags', 'refs/remotes']);
    for (const line of listing.split('\n')) {
      const [ref = '', object = '', peeled = '', date = '', peeledDate = ''] = line.split('\0');
      if (ref === '' || ref.endsWith('/HEAD')) continue;
      const sha = peeled !== '' ? peeled : object;
      if (!(await holdsAnywhere(sha))) continue;
      const short = ref.replace(/^refs\/(heads|tags|remotes)\//, '');
      if (ref.startsWith('refs/heads/')) facts.branches.push(short);
      else if (ref.startsWith('refs/tags/')) facts.tags.push(short);
      else facts.remotes.push(short);
      candidates.push({ sha, date: peeled !== '' ? peeledDate : date, ref: short });
    }

    // Where each path lost it: a commit that touches the path, does not hold it there, and has a parent that does.
    const lastBefore = new Set<string>();
    for (const path of paths) {
      const log = await runGit(root, ['log', '--full-history', '--format=%H %aI %P', ...revisionArgs(range), '--', path]);
      // Asked all at once: the cat-file readers answer in order while more questions queue up.
      const found = await Promise.all(
        log.split('\n').map(async (line) => {
          // A root commit has no parents: `%P` is empty, and '' would name the index (`:./path`).
          const [sha = '', date = '', ...parents] = line.split(' ').filter((w) => w !== '');
          if (sha === '' || (await holdsAt(sha, path))) return null;
          const holding = await Promise.all(parents.map((parent) => holdsAt(parent, path)));
          const parent = parents.find((_, i) => holding[i]);
          return parent === undefined ? null : { sha, date, file: path, parent };
        }),
      );
      for (const f of found) {
        if (f === null) continue;
        facts.removals.push({ sha: f.sha, date: f.date, file: f.file });
        lastBefore.add(f.parent);
      }
    }
    if (lastBefore.size > 0) {
      // Dates for the last holders; a bounded list keeps the command line short (the newest is what matters, and removals are few).
      const shown = await runGit(root, ['show', '-s', '--format=%H %aI', ...[...lastBefore].slice(0, MAX_DATED)]);
      for (const line of shown.split('\n')) {
        const [sha = '', date = ''] = line.split(' ');
        if (sha !== '') candidates.push({ sha, date });
      }
    }
    facts.lastHolder = candidates.sort((a, b) => Date.parse(b.date) - Date.parse(a.date))[0];
    facts.removals.sort((a, b) => Date.parse(a.date) - Date.parse(b.date) || (a.file < b.file ? -1 : 1));
    for (const list of [facts.branches, facts.tags, facts.remotes]) list.sort();
  } finally {
    sizes.close();
    blobs.close();
  }
  if (capped) problems.push({ file: '.', reason: `checked at most ${MAX_LOOKUPS} file versions for which refs still hold the key; the branch and tag lists may be incomplete` });
  return facts;
}
