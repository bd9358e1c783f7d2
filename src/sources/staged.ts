import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import picomatch from 'picomatch';
import type { ProjectFacts } from '../core/rule.js';
import type { Source } from '../core/source.js';
import type { Document, Problem } from '../core/types.js';
import { BlobReader } from './cat-file.js';
import { decodeText, isBinary } from './decode.js';
import { parseUnifiedDiff, type ChangedLines } from './diff-lines.js';
import { runGit } from './run-git.js';
import { DOTENV_PROBES, type WorktreeOptions } from './worktree.js';

export interface StagedOptions extends WorktreeOptions {
  /** Which staged files are worth reading at all (a parser exists for the path). */
  isScannable: (path: string) => boolean;
  /**
   * Given the documents the commit changes, the strings whose mention makes another staged file
   * context for the cross-file rules (the secret values the change adds: another file holding one
   * of them is what those rules compare). Nothing else is read, so a commit that adds no secret
   * value reads no other file, and a hook stays fast in a large repository. Default: none.
   */
  contextNeedles?: (changed: readonly Document[]) => string[];
}

/** The start of every JWT. */
const TOKEN_START = 'eyJ';

/**
 * What `git commit` would record: the index. Files the commit changes carry the lines it adds
 * (`git diff --cached`), so only findings on those lines are reported; other staged files that
 * hold one of the needles come along as context, with no changed lines. Paths are relative to
 * `root`, which may be a subdirectory of the repository.
 */
export function stagedSource(options: StagedOptions): Source {
  const problems: Problem[] = [];
  const stats = { bytesRead: 0 };
  const isExcluded = options.exclude.length > 0 ? picomatch([...options.exclude], { dot: true }) : () => false;
  const wanted = (path: string) => options.isScannable(path) && !isExcluded(path);

  return {
    problems,
    get bytesRead() {
      return stats.bytesRead;
    },
    async facts(): Promise<ProjectFacts> {
      const [gitignoreText, ignored] = await Promise.all([
        readFile(join(options.root, '.gitignore'), 'utf8').catch(() => null),
        // --no-index: whether the names would be ignored if created, tracked or not; exit 1 = none is.
        runGit(options.root, ['check-ignore', '--no-index', '--', ...DOTENV_PROBES], [0, 1]),
      ]);
      const covered = new Set(ignored.split('\n').map((l) => l.trim()));
      return { isGitRepo: true, gitignoreText, dotenvUncovered: DOTENV_PROBES.filter((p) => !covered.has(p)) };
    },
    async *documents(): AsyncGenerator<Document> {
      // --text: a file marked `-diff` in .gitattributes still shows its added lines.
      const diff = await runGit(options.root, [
        'diff', '--cached', '--unified=0', '--text', '--no-color', '--no-ext-diff', '--no-textconv', '-M',
        '--relative', '--src-prefix=a/', '--dst-prefix=b/', '--', '.',
      ]);
      const changed = parseUnifiedDiff(diff);
      const staged: Document[] = [];
      // Any staged text file can carry a token (docs, .http files, fixtures), not only the ones a parser reads.
      const carries = (p: string) => !isExcluded(p);
      // A binary file no parser reads is skipped silently (an image is not a problem to report).
      const quiet = (p: string) => !wanted(p);
      for await (const doc of readIndex(options, [...changed.keys()].filter(carries), changed, problems, stats, quiet)) staged.push(doc);
      yield* staged;
      const args = ['grep', '--cached', '-l', '-z', '-I', '-F', '--no-color'];
      if (staged.some((d) => d.text.includes(TOKEN_START)) && options.contentWords !== undefined && options.contentWords.length > 0) {
        // An added token is checked against every key in the repository: every file that may set one is context.
        args.push('-i');
        for (const w of options.contentWords) args.push('-e', w);
      } else {
        const needles = [...new Set(options.contextNeedles?.(staged) ?? [])].filter((n) => n !== '' && !n.includes('\n'));
        if (needles.length === 0) return;
        // A token elsewhere may verify with a key the commit adds.
        for (const n of [...needles, TOKEN_START]) args.push('-e', n);
      }
      const listed = await runGit(options.root, [...args, '--', '.'], [0, 1]);
      const context = listed.split('\0').filter((p) => p !== '' && !changed.has(p) && carries(p));
      yield* readIndex(options, context.sort(), changed, problems, stats, quiet);
    },
  };
}

async function* readIndex(
  options: StagedOptions,
  paths: readonly string[],
  changed: ChangedLines,
  problems: Problem[],
  stats: { bytesRead: number },
  quiet: (path: string) => boolean = () => false,
): AsyncGenerator<Document> {
  if (paths.length === 0) return;
  const reader = new BlobReader(options.root);
  try {
    // Every request is written before the first answer is awaited: one round trip for them all.
    // `:./path` is the index entry of a path relative to the current directory.
    const blobs = paths.map((p) => reader.read(`:./${p}`));
    // Awaited in order below, where a failure is thrown; this keeps the ones not reached (the
    // consumer stopped early) from becoming unhandled rejections.
    for (const b of blobs) b.catch(() => undefined);
    for (let i = 0; i < paths.length; i++) {
      const path = paths[i] as string;
      const bytes = await blobs[i];
      if (!bytes) continue; // a submodule, or an unmerged path: nothing the commit records as text
      stats.bytesRead += bytes.length;
      if (bytes.length > options.maxFileBytes) {
        problems.push({ file: path, reason: `skipped: ${bytes.length} bytes is over the size cap of ${options.maxFileBytes}` });
        continue;
      }
      if (isBinary(bytes)) {
        if (!quiet(path)) problems.push({ file: path, reason: 'skipped: binary file' });
        continue;
      }
      const { text, hasBom } = decodeText(bytes);
      yield { path, text, hasBom, origin: 'staged', tracked: true, changedLines: changed.get(path) ?? new Set<number>() };
    }
  } finally {
    reader.close();
  }
}
