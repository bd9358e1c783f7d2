import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NO_REPOSITORY_KEY } from '../core/redact.js';
import { runGit } from './run-git.js';

/** The baseline file's name, repeated here so sources do not import the baseline layer. */
const DEFAULT_BASELINE = '.secret-hygiene-baseline.json';
const MAX_BASELINE_BYTES = 64 * 1024 * 1024;

/**
 * The key fingerprints of secrets found under `root` are salted with (see `fingerprintSecret` in
 * core/redact.ts), in this order:
 * 1. `recorded`: the key the baseline file in use records;
 * 2. the key `root`'s own `.secret-hygiene-baseline.json` records (a regular file, not a link);
 * 3. in a git repository with its full history: `git:` + the root commit's sha (the smallest one
 *    when the history has several roots), the same in every full clone;
 * 4. otherwise (no git, no commit yet, a shallow clone whose root commit is not there):
 *    NO_REPOSITORY_KEY.
 * A committed baseline records the key it was written with, so a shallow CI checkout fingerprints
 * like the full clone that wrote it.
 */
export async function repositoryKey(root: string, recorded?: string): Promise<string> {
  if (recorded !== undefined && recorded !== '') return recorded;
  const fromBaseline = await recordedKeyIn(join(root, DEFAULT_BASELINE));
  if (fromBaseline !== undefined) return fromBaseline;
  return (await gitRootKey(root)) ?? NO_REPOSITORY_KEY;
}

/** `git:<root commit sha>` in a full clone, undefined when git cannot tell (no repo, no commit, shallow). */
export async function gitRootKey(root: string): Promise<string | undefined> {
  try {
    const shallow = (await runGit(root, ['rev-parse', '--is-shallow-repository'])).trim();
    // A shallow clone's boundary commits look parentless: they are not the repository's root.
    if (shallow !== 'false') return undefined;
    const roots = (await runGit(root, ['rev-list', '--max-parents=0', 'HEAD'])).split('\n').filter((l) => /^[0-9a-f]{40,64}$/.test(l));
    roots.sort();
    return roots[0] === undefined ? undefined : `git:${roots[0]}`;
  } catch {
    // Not a repository, or no commit yet: there is no identity to read, and the fallback applies.
    return undefined;
  }
}

/** The `repository` a baseline file records, or undefined (missing, a link, unreadable, older format). */
async function recordedKeyIn(file: string): Promise<string | undefined> {
  const st = await lstat(file).catch(() => null);
  if (!st?.isFile() || st.size > MAX_BASELINE_BYTES) return undefined;
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return undefined;
  return recordedKeyOf(text);
}

/** The `"repository"` field of a baseline text, without parsing the whole file (it may be large). */
export function recordedKeyOf(text: string): string | undefined {
  const m = /^\s*"repository":\s*"([^"\\\n]{1,200})"/m.exec(text.slice(0, 4096));
  return m?.[1];
}
