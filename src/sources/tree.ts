import type { ProjectFacts } from '../core/rule.js';
import type { Source } from '../core/source.js';
import type { Document, Problem } from '../core/types.js';
import { BlobReader } from './cat-file.js';
import { decodeText, isBinary } from './decode.js';
import { runGit } from './run-git.js';
import { excludeMatcher } from './exclude-matcher.js';

export interface TreeOptions {
  root: string;
  /** The commit whose tree is read. */
  rev: string;
  maxFileBytes: number;
  exclude: readonly string[];
  /** Which files are worth reading at all (a parser exists for the path). */
  isScannable: (path: string) => boolean;
}

/**
 * The files of one commit as committed (not the working tree), through one `git ls-tree` and one
 * `git cat-file --batch`. Paths are relative to `root`, like git's own listing from there.
 */
export function treeSource(options: TreeOptions): Source {
  const problems: Problem[] = [];
  const stats = { bytesRead: 0 };
  const isExcluded = excludeMatcher(options.exclude);

  return {
    problems,
    get bytesRead() {
      return stats.bytesRead;
    },
    facts(): Promise<ProjectFacts> {
      return Promise.resolve({ isGitRepo: true, gitignoreText: null, dotenvUncovered: [] });
    },
    async *documents(): AsyncGenerator<Document> {
      const listing = await runGit(options.root, ['ls-tree', '-r', '-z', '--long', options.rev, '--']);
      const reader = new BlobReader(options.root);
      try {
        for (const entry of listing.split('\0')) {
          // <mode> SP <type> SP <object> SP+ <size> TAB <path>
          const tab = entry.indexOf('\t');
          if (tab === -1) continue;
          const [mode = '', type, object, size] = entry.slice(0, tab).trim().split(/ +/);
          const path = entry.slice(tab + 1);
          if (type !== 'blob' || !mode.startsWith('100') || object === undefined) continue;
          if (!options.isScannable(path) || isExcluded(path)) continue;
          if (Number(size) > options.maxFileBytes) {
            problems.push({ file: path, reason: `skipped: ${size} bytes is over the size cap of ${options.maxFileBytes}` });
            continue;
          }
          const bytes = await reader.read(object);
          if (!bytes) continue;
          stats.bytesRead += bytes.length;
          if (isBinary(bytes)) {
            problems.push({ file: path, reason: 'skipped: binary file' });
            continue;
          }
          const { text, hasBom } = decodeText(bytes);
          yield { path, text, hasBom, origin: 'history', tracked: true };
        }
      } finally {
        reader.close();
      }
    },
  };
}
