import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp.js';

/**
 * Fixture trees are real repository layouts stored under test/fixtures. Files git treats
 * specially are stored under plain names so they do not act on this repository: `gitignore`
 * becomes `.gitignore` in the copy. A `.fixture.json` may list `untracked` paths (left out of
 * the index) and `git: false` (a plain directory, no repository).
 */
export interface FixtureOptions {
  untracked?: string[];
  git?: boolean;
}

export function materializeFixture(dir: string): string {
  const tmp = tempDir('sh-fixture-');
  cpSync(dir, tmp, { recursive: true });
  renameDotfiles(tmp);
  const optionsFile = join(tmp, '.fixture.json');
  const options: FixtureOptions = existsSync(optionsFile) ? (JSON.parse(readFileSync(optionsFile, 'utf8')) as FixtureOptions) : {};
  rmSync(optionsFile, { force: true });
  if (options.git !== false) {
    git(tmp, 'init', '-q');
    git(tmp, 'add', '-A', '-f');
    for (const p of options.untracked ?? []) git(tmp, 'rm', '-q', '--cached', '--', p);
  }
  return tmp;
}

function renameDotfiles(dir: string): void {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) renameDotfiles(p);
    else if (name === 'gitignore') renameSync(p, join(dir, '.gitignore'));
  }
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Writes and stages the given files in a repository; `null` deletes (git rm). Committing is the caller's. */
export function stageFiles(dir: string, files: Record<string, string | Buffer | null>): void {
  for (const [p, t] of Object.entries(files)) {
    if (t === null) git(dir, 'rm', '-q', '--', p);
    else {
      mkdirSync(join(dir, p, '..'), { recursive: true });
      writeFileSync(join(dir, p), t);
      git(dir, 'add', '--', p);
    }
  }
}

/** A new repository (removed after the test file) holding `files`, all staged and none committed. */
export function stagedRepo(prefix: string, files: Record<string, string | Buffer>): string {
  const dir = tempDir(prefix);
  for (const [p, t] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), t);
  }
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  return dir;
}

/**
 * A new repository whose commits are an hour apart from 2024-01-01, so history reports (which
 * order and date versions by commit) are the same on every run. `commit` returns the new sha.
 */
export function datedHistory(prefix: string): { dir: string; commit: (files: Record<string, string | null>) => string } {
  const dir = tempDir(prefix);
  git(dir, 'init', '-q');
  let tick = 0;
  const commit = (files: Record<string, string | null>): string => {
    stageFiles(dir, files);
    const date = new Date(Date.UTC(2024, 0, 1) + ++tick * 3600_000).toISOString();
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-q', '-m', `c${tick}`], { cwd: dir, env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } });
    return git(dir, 'rev-parse', 'HEAD').trim();
  };
  return { dir, commit };
}
