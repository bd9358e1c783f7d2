import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditHistory } from '../../src/audit-history.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { auditHistoryBounded, historyWorkerPath } from '../../src/worker/history-job.js';
import { git, stageFiles } from '../helpers/fixture-repo.js';

// Planted values: made up for these tests, never printed by the tool.
const KEY = 'Vb7nM2qW9eR4tY6uI1oP3aS8dF5gH0jKl';
const PROJECT = join(__dirname, '..', '..');
const CLI = join(PROJECT, 'dist', 'cli', 'index.js');
const WORKER = join(PROJECT, 'dist', 'worker', 'index.js');

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function history(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sh-history-worker-'));
  dirs.push(dir);
  git(dir, 'init', '-q');
  let tick = 0;
  const commit = (files: Record<string, string | null>) => {
    stageFiles(dir, files);
    const date = new Date(Date.UTC(2024, 0, 1) + ++tick * 3600_000).toISOString();
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-q', '-m', `c${tick}`], { cwd: dir, env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } });
  };
  commit({ 'app/settings.py': `import os\nJWT_SECRET = os.getenv("JWT_SECRET", "${KEY}")\n` });
  commit({ 'app/settings.py': 'import os\nJWT_SECRET = os.environ["JWT_SECRET"]\n', '.env': `SESSION_SECRET=${KEY}\n` });
  commit({ '.env': null });
  return dir;
}

describe('the history audit in a worker thread', () => {
  it('from the sources (no bundle): runs in this thread, with the same report', async () => {
    expect(historyWorkerPath()).toBeNull();
    const dir = history();
    const config = { ...DEFAULT_CONFIG, rules: {} };
    const strip = (r: Awaited<ReturnType<typeof auditHistory>>) => ({ findings: r.findings, problems: r.problems });
    expect(strip(await auditHistoryBounded(dir, {}, config))).toEqual(strip(await auditHistory(dir, {}, config)));
  });

  // dist/ is built by `npm run build` (the lead commits it): until it holds the worker, the CLI runs the audit in its own thread.
  it.skipIf(!existsSync(WORKER) || !existsSync(CLI))('from dist/: the CLI starts dist/worker/index.js and reports what the sources report, with progress', async () => {
    const dir = history();
    const run = spawnSync('node', [CLI, 'scan', '--history', '--format', 'json', '--fail-on', 'never', '--progress'], { cwd: dir, encoding: 'utf8' });
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as { findings: { ruleId: string; file: string; line: number }[] };
    const inProcess = await auditHistory(dir, {}, { ...DEFAULT_CONFIG, rules: {} });
    const where = (fs: { ruleId: string; file: string; line: number }[]) => fs.map((f) => `${f.ruleId} ${f.file}:${f.line}`).sort();
    expect(where(report.findings)).toEqual(where(inProcess.findings));
    expect(where(report.findings).length).toBeGreaterThan(0);
    expect(run.stderr).toMatch(/history 3\/3 commits/);
    expect(run.stderr).not.toContain(KEY);
  });
});
