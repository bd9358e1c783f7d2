import { gitAt } from '../sources/git.js';

export type Scope =
  | { kind: 'full'; reason: string }
  | { kind: 'diff'; base: string; head?: string; reason: string };

const ZERO = /^0+$/;

/**
 * What a run should scan, from the event: a pull request or merge group its change, a push the
 * pushed range, anything else the whole tree. Makes sure the base commit is present: the default
 * `actions/checkout` is a depth-1 clone of the test merge commit, so the PR's base is usually
 * missing and is fetched (depth 1) with the credentials checkout left behind.
 */
export async function resolveScope(
  root: string,
  eventName: string,
  event: Record<string, unknown>,
  mode: 'auto' | 'diff' | 'full',
  log: (m: string) => void,
): Promise<Scope> {
  if (mode === 'full') return { kind: 'full', reason: 'mode: full' };
  let base: string | undefined;
  let what = '';
  if (eventName === 'pull_request' || eventName === 'pull_request_target') {
    const pr = event.pull_request as { base?: { sha?: string }; number?: number } | undefined;
    base = pr?.base?.sha;
    what = `pull request #${pr?.number ?? '?'}`;
  } else if (eventName === 'merge_group') {
    const mg = event.merge_group as { base_sha?: string } | undefined;
    base = mg?.base_sha;
    what = 'merge group';
  } else if (eventName === 'push') {
    const before = event.before as string | undefined;
    if (before && !ZERO.test(before)) base = before;
    what = 'push';
    if (!base) {
      if (mode === 'diff') log('This push created a branch (no "before" commit): scanning the whole tree.');
      return { kind: 'full', reason: 'a new branch was pushed: the whole tree is scanned' };
    }
  }
  if (!base) {
    if (mode === 'diff') log(`Event '${eventName}' has no base commit to diff against: scanning the whole tree.`);
    return { kind: 'full', reason: `event '${eventName}': the whole tree is scanned` };
  }
  if (!(await hasCommit(root, base))) {
    log(`The base commit ${base.slice(0, 12)} of this ${what} is not in the checkout (a shallow clone); fetching it with depth 1.`);
    try {
      await gitAt(root).raw(['fetch', '--no-tags', '--no-recurse-submodules', '--depth=1', 'origin', base]);
    } catch (err) {
      log(`Could not fetch the base commit (${firstLine(err)}); scanning the whole tree instead. Set 'fetch-depth: 0' on actions/checkout to avoid this.`);
      return { kind: 'full', reason: `the base of this ${what} could not be fetched: the whole tree is scanned` };
    }
    if (!(await hasCommit(root, base))) {
      return { kind: 'full', reason: `the base of this ${what} is unavailable (force push?): the whole tree is scanned` };
    }
  }
  return { kind: 'diff', base, reason: `${what}: findings on the lines it adds, with the whole tree as context (base ${base.slice(0, 12)})` };
}

async function hasCommit(root: string, sha: string): Promise<boolean> {
  try {
    await gitAt(root).raw(['cat-file', '-e', `${sha}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}

function firstLine(err: unknown): string {
  return String(err instanceof Error ? err.message : err).split('\n')[0] ?? '';
}
