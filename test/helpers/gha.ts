import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { git } from './fixture-repo.js';
import { tempDir } from './temp.js';

export const PROJECT = join(import.meta.dirname, '..', '..');
/**
 * The runner simulator sits in ../shared beside the checkout; a git worktree (elsewhere on disk)
 * finds it beside the main checkout, through the git directory they share.
 */
function findSimulator(): string {
  const beside = join(PROJECT, '..', 'shared', 'clients', 'gha-sim.mjs');
  if (existsSync(beside)) return beside;
  try {
    const common = execFileSync('git', ['rev-parse', '--path-format=absolute', '--git-common-dir'], { cwd: PROJECT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return join(dirname(dirname(common)), 'shared', 'clients', 'gha-sim.mjs');
  } catch {
    return beside;
  }
}
export const GHA_SIM = findSimulator();
export const hasSimulator = existsSync(GHA_SIM);

export interface SimReport {
  conclusion: string;
  exitCode: number;
  annotations: { level: string; message: string; title: string; file: string; line: number; endLine?: number; col?: number; shown: boolean; properties: Record<string, string> }[];
  outputs: Record<string, string>;
  summary: { markdown: string; bytes: number; overLimit: boolean };
  violations: { severity: string; code: string; message: string }[];
  leaks: unknown[];
  masked: unknown[];
  commands: unknown[];
}

/** A temporary git repository built commit by commit: `files` maps paths to contents (null deletes). */
export function makeRepo(): { dir: string; commit(files: Record<string, string | null>, message: string): void; branch(name: string): void; checkout(name: string): void } {
  const dir = tempDir('sh-repo-');
  git(dir, 'init', '-q', '-b', 'main');
  return {
    dir,
    commit(files, message) {
      for (const [p, text] of Object.entries(files)) {
        const abs = join(dir, p);
        if (text === null) {
          git(dir, 'rm', '-q', '--', p);
          continue;
        }
        mkdirSync(dirname(abs), { recursive: true });
        writeFileSync(abs, text);
        git(dir, 'add', '-f', '--', p);
      }
      git(dir, 'commit', '-q', '--allow-empty', '-m', message);
    },
    branch(name) {
      git(dir, 'checkout', '-q', '-b', name);
    },
    checkout(name) {
      git(dir, 'checkout', '-q', name);
    },
  };
}

/** Runs the committed dist/index.js the way the runner does, through ../shared/clients/gha-sim.mjs. */
export function runAction(workspace: string, args: string[]): SimReport {
  const out = join(tempDir('sh-sim-'), 'report.json');
  try {
    execFileSync(process.execPath, [GHA_SIM, '--action', PROJECT, '--workspace', workspace, '--out', out, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
  } catch (err) {
    if (!existsSync(out)) throw new Error(`gha-sim failed: ${String((err as { stderr?: Buffer }).stderr ?? err).slice(0, 500)}`, { cause: err });
  }
  const report = JSON.parse(readFileSync(out, 'utf8')) as SimReport;
  report.annotations = report.annotations.map((a) => ({ ...a, file: a.properties.file ?? a.file, line: Number(a.properties.line ?? a.line) }));
  return report;
}

/** Like runAction, without blocking this process (for tests that serve a fake GitHub API themselves). */
export async function runActionAsync(workspace: string, args: string[]): Promise<SimReport> {
  const out = join(tempDir('sh-sim-'), 'report.json');
  await new Promise<void>((resolvePromise) => {
    execFile(process.execPath, [GHA_SIM, '--action', PROJECT, '--workspace', workspace, '--out', out, ...args], { timeout: 120_000 }, () => resolvePromise());
  });
  if (!existsSync(out)) throw new Error('gha-sim wrote no report');
  const report = JSON.parse(readFileSync(out, 'utf8')) as SimReport;
  report.annotations = report.annotations.map((a) => ({ ...a, file: a.properties.file ?? a.file, line: Number(a.properties.line ?? a.line) }));
  return report;
}
