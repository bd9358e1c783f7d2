import { spawn } from 'node:child_process';
import { readFile, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import ignore from 'ignore';
import { gitignoreAppendEdit, patternsFor } from '../rules/gitignore-fix.js';
import { writeFileAtomic } from './atomic-write.js';
import { decodeFileText, encodeFileText } from './env-file.js';

/**
 * Makes sure git will not pick up a file that holds secrets: the root .gitignore of the repository
 * containing it (or, outside a repository, the .gitignore beside it) must ignore it. Only a
 * `.gitignore` counts: `.git/info/exclude` and a global excludes file protect this clone only,
 * while the next developer's `.env` needs the entry that travels with the repository.
 */

/** Where a file sits relative to the root whose .gitignore must cover it. */
export interface FileLocation {
  /** Absolute path of the file, its directory resolved through symlinks. */
  file: string;
  /** The work tree's top level, or the file's directory outside a repository. */
  root: string;
  /** The file relative to `root`, `/`-separated. */
  rel: string;
  inRepo: boolean;
}

export type IgnoreOutcome =
  | { status: 'covered'; gitignore: string }
  | { status: 'added'; gitignore: string; patterns: string[] }
  /** We added entries, but a rule with higher precedence (a nested .gitignore's `!` line) still un-ignores it. */
  | { status: 'uncovered'; gitignore: string; patterns: string[]; overriddenBy?: string };

interface GitRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs git in `cwd`; null when git cannot be started (not installed). */
function runGit(cwd: string, args: string[], input?: string): Promise<GitRun | null> {
  return new Promise((resolvePromise) => {
    const child = spawn('git', args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', () => resolvePromise(null));
    child.on('close', (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

/** Finds the root whose .gitignore must cover `file` (an absolute path whose directory exists). */
export async function locateFile(file: string): Promise<FileLocation> {
  const dir = await realpath(dirname(file));
  const real = join(dir, basename(file));
  const top = await runGit(dir, ['rev-parse', '--show-toplevel']);
  if (top && top.code === 0 && top.stdout.trim() !== '') {
    const root = await realpath(top.stdout.trim());
    return { file: real, root, rel: toPosix(relative(root, real)), inRepo: true };
  }
  return { file: real, root: dir, rel: basename(file), inRepo: false };
}

/** True when git tracks the file: a .gitignore entry would then not keep it out of commits. */
export async function isTrackedByGit(loc: FileLocation): Promise<boolean> {
  if (!loc.inRepo) return false;
  const r = await runGit(loc.root, ['--literal-pathspecs', 'ls-files', '-z', '--', loc.rel]);
  if (r === null || r.code !== 0) throw new Error(`git ls-files failed in ${loc.root}: ${r?.stderr.trim() ?? 'git not found'}`);
  return r.stdout.length > 0;
}

interface Coverage {
  covered: boolean;
  /** The file holding the last pattern that matched, when one did. */
  source?: string;
  pattern?: string;
}

async function coverage(loc: FileLocation): Promise<Coverage> {
  if (!loc.inRepo) {
    const text = await readFile(join(loc.root, '.gitignore'), 'utf8').catch(() => '');
    return { covered: ignore().add(text).ignores(loc.rel), source: '.gitignore' };
  }
  // -v -n reports the deciding pattern and its file (negations included); --no-index so a
  // tracked file is judged too; -z with --stdin so odd file names need no quoting.
  const r = await runGit(loc.root, ['check-ignore', '-v', '-n', '-z', '--stdin', '--no-index'], loc.rel + '\0');
  if (r === null || (r.code !== 0 && r.code !== 1)) {
    throw new Error(`git check-ignore failed in ${loc.root}: ${r?.stderr.trim() ?? 'git not found'}`);
  }
  const [source = '', , pattern = ''] = r.stdout.split('\0');
  if (pattern === '') return { covered: false };
  const inRepoGitignore = !isAbsolute(source) && !source.startsWith('.git/') && basename(source) === '.gitignore';
  return { covered: inRepoGitignore && !pattern.startsWith('!'), source, pattern };
}

/** Appends lines to the root .gitignore, keeping its bytes and line endings. */
async function appendToGitignore(path: string, build: (text: string) => string | null): Promise<boolean> {
  const st = await stat(path).catch(() => null);
  const bytes = st ? await readFile(path) : Buffer.alloc(0);
  const { text, encoding } = decodeFileText(bytes);
  const addition = build(text);
  if (addition === null) return false;
  await writeFileAtomic(path, encodeFileText(text + addition, encoding), {
    mode: st ? st.mode & 0o7777 : 0o644,
    ...(st ? { owner: { uid: st.uid, gid: st.gid } } : {}),
  });
  return true;
}

/**
 * Checks that the file is ignored and, when it is not, appends entries to the root .gitignore:
 * the dotenv patterns the `fix` command uses for `.env*` names (`.env`, `.env.*`, `!.env.example`),
 * else the file's own anchored path; the anchored path again if an earlier `!` line still wins.
 */
export async function ensureGitignored(loc: FileLocation): Promise<IgnoreOutcome> {
  const gitignore = join(loc.root, '.gitignore');
  const first = await coverage(loc);
  if (first.covered) return { status: 'covered', gitignore: first.source ? join(loc.root, first.source) : gitignore };

  const added: string[] = [];
  const wanted = patternsFor(loc.rel);
  await appendToGitignore(gitignore, (text) => {
    const edit = gitignoreAppendEdit(text, wanted);
    if (edit === null) return null;
    added.push(...wanted.filter((p) => edit.text.split(/\r?\n/).includes(p)));
    return edit.text;
  });
  let after = await coverage(loc);
  if (!after.covered) {
    // A `!pattern` after ours, or our pattern already present but negated later: the file's own
    // anchored path, appended last, wins within this .gitignore.
    const anchored = '/' + loc.rel;
    await appendToGitignore(gitignore, (text) => {
      const eol = text.includes('\r\n') ? '\r\n' : '\n';
      const lead = text.length > 0 && !text.endsWith('\n') ? eol : '';
      return `${lead}${anchored}${eol}`;
    });
    added.push(anchored);
    after = await coverage(loc);
  }
  if (after.covered) return { status: 'added', gitignore, patterns: added };
  const overriddenBy = after.source ? (isAbsolute(after.source) ? after.source : join(loc.root, after.source)) : undefined;
  return { status: 'uncovered', gitignore, patterns: added, ...(overriddenBy ? { overriddenBy } : {}) };
}
