import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditHistory } from '../../src/audit-history.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { auditHistoryBounded, historyWorkerPath } from '../../src/worker/history-job.js';
import { datedHistory } from '../helpers/fixture-repo.js';

// Planted values: made up for these tests, never printed by the tool.
const KEY = 'Vb7nM2qW9eR4tY6uI1oP3aS8dF5gH0jKl';
const PROJECT = join(__dirname, '..', '..');
const CLI = join(PROJECT, 'dist', 'cli', 'index.js');
const WORKER = join(PROJECT, 'dist', 'worker', 'index.js');

function history(): string {
  const { dir, commit } = datedHistory('sh-history-worker-');
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

  // Guessable values take the slow fingerprint (scrypt): the worker's are the ones this thread computes, none left pending.
  it.skipIf(!existsSync(WORKER))('from dist/: slow fingerprints computed in the worker are the ones this thread computes', async () => {
    const { dir, commit } = datedHistory('sh-history-worker-slow-');
    commit({ 'app/settings.py': 'SECRET_KEY = "changeme"\n', 'tests/test_app.py': 'import pytest\n\nSECRET_KEY = "devkey"\n' });
    for (let i = 0; i < 3; i++) commit({ [`app/extra${i}.py`]: `JWT_SECRET_KEY = "letmein${i}"\n` });
    commit({ 'app/settings.py': 'SECRET_KEY = "changeme"\nDEBUG = False\n' });
    const config = { ...DEFAULT_CONFIG, rules: {} };
    const inWorker = await auditHistoryBounded(dir, {}, config, { workerPath: WORKER });
    const here = await auditHistory(dir, {}, config);
    const secrets = (r: typeof here) => r.findings.map((f) => `${f.ruleId} ${f.file}:${f.line} ${f.secret?.fingerprint ?? '-'} ${f.fingerprint}`);
    expect(secrets(inWorker)).toEqual(secrets(here));
    const slow = inWorker.findings.filter((f) => f.ruleId === 'weak-secret');
    expect(slow.length).toBeGreaterThanOrEqual(5);
    for (const f of slow) expect(f.secret?.fingerprint).toMatch(/^[0-9a-f]{20,}$/);
  });

  // The committed bundle serves as the worker; the limits are made tiny so that this history exceeds them.
  it.skipIf(!existsSync(WORKER))('a worker that reaches its heap limit stops with a message saying what to do, and the process lives on', async () => {
    const { dir, commit } = datedHistory('sh-history-worker-oom-');
    // A large JSON file mentioning a secret word in every value (no secret key: nothing to report): all of it is parsed, and each version is a new string.
    const big = (n: number) => `{\n${Array.from({ length: 12_000 }, (_, i) => `  "label_${i}": "Your secret ${i} expired (version ${n})",`).join('\n')}\n  "last": 1\n}\n`;
    for (let n = 0; n < 2; n++) commit({ 'config/sessions.json': big(n) });
    const config = { ...DEFAULT_CONFIG, rules: {} };
    const run = auditHistoryBounded(dir, {}, config, { workerPath: WORKER, limits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 } });
    await expect(run).rejects.toThrow(/reached its memory limit \(a heap of 16 MiB\).*--since/);
    // The same history within the default limits.
    const whole = await auditHistoryBounded(dir, {}, config, { workerPath: WORKER });
    expect(whole.stats.files).toBe(2);
  });
});
