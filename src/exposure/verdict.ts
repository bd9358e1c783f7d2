import type { CollectedExposure } from './collect.js';

/** The one line an incident ticket starts with: who can read the key, since when, and where it still is. */
export function verdictOf(r: CollectedExposure): string {
  const searched = r.scope.git
    ? r.scope.limit
      ? `the working tree and the ${plural(r.scope.commits, 'commit')} searched (${r.scope.limit}; older history was not searched)`
      : `the working tree and the ${plural(r.scope.commits, 'commit')} of every branch and tag`
    : `the ${plural(r.scope.textsRead, 'file')} of this directory (not a git repository: there is no history to search)`;
  if (!r.exposed) {
    const local = [...new Set(r.roles.filter((x) => x.ignored).map((x) => x.file))];
    const where = local.length > 0 ? ` Only ${listed(local, 4)}, which git ignores, holds it.` : '';
    return `This key appears nowhere in ${searched}, in none of its forms (${r.scope.forms.join(', ')}), and no committed token verifies with it.${where}`;
  }
  const tokens = r.tokens.length > 0 ? ` ${plural(r.tokens.length, 'committed token')} ${r.tokens.length === 1 ? 'verifies' : 'verify'} with it.` : '';
  if (r.firstCommit) {
    const where: string[] = [];
    if (r.atHead) where.push('at HEAD');
    const refs = [...r.refs.branches.map((b) => `branch ${b}`), ...r.refs.tags.map((t) => `tag ${t}`), ...r.refs.remotes.map((t) => `remote branch ${t}`)];
    if (refs.length > 0) where.push(`on ${listed(refs, 6)}`);
    const still =
      where.length > 0
        ? `, and it still is: ${where.join(', ')}`
        : r.lastCommit
          ? `; no branch or tag holds it any more (last in ${short(r.lastCommit.sha)}, ${day(r.lastCommit.date)}), but the history keeps it`
          : '';
    return `This key is public to anyone who can read the repository since ${day(r.firstCommit.date)} (commit ${short(r.firstCommit.sha)})${still}.${tokens} Rotate it: taking it out of the files does not make it secret again.`;
  }
  const inTree = r.files.filter((f) => f.inWorktree).map((f) => f.file);
  if (inTree.length > 0) {
    return `This key is not in the history, but the working tree holds it in ${listed(inTree, 4)}: it is one commit away from being public.${tokens}`;
  }
  return `The key itself is in none of ${searched}, but ${plural(r.tokens.length, 'committed token')} ${r.tokens.length === 1 ? 'verifies' : 'verify'} with it: anyone who reads ${r.tokens.length === 1 ? 'it' : 'them'} holds a valid credential until the key changes.`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function short(sha: string): string {
  return sha.slice(0, 7);
}

/** The calendar day of an ISO date as the author wrote it (`2024-03-02`). */
export function day(iso: string): string {
  return iso.slice(0, 10);
}

export function listed(items: readonly string[], max: number): string {
  if (items.length <= max) return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}
