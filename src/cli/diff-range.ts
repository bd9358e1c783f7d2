import { runGit } from '../sources/run-git.js';
import { UsageError } from './usage-error.js';

/** What `--diff` compares: from `base` to `head` (undefined: the working tree). */
export interface DiffRange {
  base: string;
  head?: string;
}

/** `--diff` as written: two ends and how they are joined, each end possibly empty (git reads HEAD). */
interface RangeSpec {
  left: string;
  right: string | undefined;
  /** `...`: the change since the merge base of both ends, as `git diff A...B` reads it. */
  mergeBase: boolean;
}

const EXAMPLE = 'e.g. --diff origin/main...HEAD (the change since the branch left main), --diff origin/main..HEAD, or --diff origin/main (to the working tree)';

/**
 * Splits a range as git does: `...` first, then `..` (ref names cannot contain `..`, so the first
 * occurrence is the separator). An empty end is HEAD. A revision never starts with `-` (it would be
 * read as an option), never starts or ends with `.`, and holds no whitespace; anything else is a usage error saying what to write.
 */
export function parseDiffRange(diff: string): RangeSpec {
  const bad = () => new UsageError(`--diff takes BASE...HEAD, BASE..HEAD or BASE (what was given is not shown: it may be a value); ${EXAMPLE}.`);
  let spec: RangeSpec;
  const three = diff.indexOf('...');
  const two = diff.indexOf('..');
  if (three !== -1) spec = { left: diff.slice(0, three), right: diff.slice(three + 3), mergeBase: true };
  else if (two !== -1) spec = { left: diff.slice(0, two), right: diff.slice(two + 2), mergeBase: false };
  else spec = { left: diff, right: undefined, mergeBase: false };
  const ends = [spec.left, spec.right ?? ''];
  if (ends.every((e) => e === '')) throw bad();
  // No ref name starts or ends with '.' (git check-ref-format): `main....x` is a typo, not `main...` and `.x`.
  for (const end of ends) if (end.includes('..') || end.startsWith('-') || end.startsWith('.') || end.endsWith('.') || /\s/.test(end)) throw bad();
  return spec;
}

/**
 * Resolves `--diff` to two commits (or a commit and the working tree), so a typo or a missing
 * merge base is a usage error naming what to do, before any work starts.
 */
export async function resolveDiffRange(root: string, diff: string): Promise<DiffRange> {
  const spec = parseDiffRange(diff);
  const left = spec.left === '' ? 'HEAD' : spec.left;
  if (spec.right === undefined) return { base: await commitOf(root, left, 'BASE') };
  const right = spec.right === '' ? 'HEAD' : spec.right;
  const [from, to] = [await commitOf(root, left, 'BASE'), await commitOf(root, right, 'HEAD')];
  if (!spec.mergeBase) return { base: from, head: right };
  let base: string;
  try {
    base = (await runGit(root, ['merge-base', '--end-of-options', from, to])).trim();
  } catch {
    base = '';
  }
  if (base === '') {
    throw new UsageError(
      `--diff ${diff}: '${left}' and '${right}' have no common ancestor here, so there is no merge base to diff from. In a shallow clone, fetch the history first (git fetch --unshallow, or fetch-depth: 0 on actions/checkout); otherwise compare the two commits directly with --diff ${left}..${right}.`,
    );
  }
  return { base, head: right };
}

/** The commit `rev` names; one that names none is not repeated (it may be a value typed into the wrong place). */
async function commitOf(root: string, rev: string, end: 'BASE' | 'HEAD'): Promise<string> {
  try {
    return (await runGit(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`])).trim();
  } catch {
    throw new UsageError(
      `--diff: its ${end} end names no commit in ${root} (not shown: it may be a value). Check it with git log -1 <${end}>; in a shallow clone, fetch it first (git fetch --depth=1 origin <${end}>).`,
    );
  }
}
