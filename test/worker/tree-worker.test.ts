import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wordlistFromText, reviveWordlist } from '../../src/config/weak-values-file.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { auditTreeBounded } from '../../src/worker/tree-job.js';
import { datedHistory, stagedRepo } from '../helpers/fixture-repo.js';

// Planted values: made up for these tests, never printed by the tool.
const KEY = 'Wc8nL3qX9eT4rY7uJ1oQ2aS6dG5hF0kMz';
const LISTED = 'orchid-lantern-velvet-morning';
const PROJECT = join(__dirname, '..', '..');
const CLI = join(PROJECT, 'dist', 'cli', 'index.js');
const WORKER = join(PROJECT, 'dist', 'worker', 'index.js');
const built = existsSync(CLI) && existsSync(WORKER);

function repository(): string {
  return stagedRepo('sh-tree-worker-', {
    'app/settings.py': `import os\nJWT_SECRET = os.getenv("JWT_SECRET", "${KEY}")\nSECRET_KEY = "${LISTED}"\n`,
    'deploy/k8s/app.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\nstringData:\n  SESSION_SECRET: changeme\n',
    'weak.txt': `${LISTED}\n`,
    '.secret-hygiene.yml': 'weak-values-file: weak.txt\n',
  });
}

function scanJson(dir: string, threshold: string, extra: string[] = []) {
  const run = spawnSync('node', [CLI, 'scan', '--format', 'json', '--fail-on', 'never', '--no-baseline', ...extra], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, SECRET_HYGIENE_BOUNDED_SCAN_FILES: threshold },
  });
  expect(run.status, run.stderr).toBe(0);
  const report = JSON.parse(run.stdout) as { findings: unknown[]; problems: unknown[]; stats: { ms?: number } };
  delete report.stats.ms;
  return { report, stderr: run.stderr };
}

describe('a large tree is scanned in a worker under heap limits', () => {
  it.skipIf(!built)('from dist/: the report is the one the scan makes in its own thread, weak-values-file included, with progress', () => {
    const dir = repository();
    const inWorker = scanJson(dir, '1', ['--progress']);
    const inThread = scanJson(dir, '0');
    expect(inWorker.report).toEqual(inThread.report);
    const rules = (inWorker.report.findings as { ruleId: string; line: number; file: string }[]).map((f) => `${f.ruleId} ${f.file}:${f.line}`);
    // The listed value is judged weak in the worker too: its wordlist crossed as data and was rebuilt.
    expect(rules).toContain('weak-secret app/settings.py:3');
    expect(rules.length).toBeGreaterThan(2);
    expect(inWorker.stderr).toMatch(/files/);
    expect(inWorker.stderr + inThread.stderr).not.toContain(KEY);
  });

  it.skipIf(!built)('a worker that reaches its heap limit stops with a message saying what to do', async () => {
    const dir = repository();
    const big = `{\n${Array.from({ length: 20_000 }, (_, i) => `  "label_${i}": "Your secret ${i} expired",`).join('\n')}\n  "last": 1\n}\n`;
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'messages.json'), big);
    const config = { ...DEFAULT_CONFIG, rules: {} };
    process.env.SECRET_HYGIENE_BOUNDED_SCAN_FILES = '1';
    try {
      const run = auditTreeBounded(dir, config, {}, undefined, { workerPath: WORKER, limits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 2 } });
      await expect(run).rejects.toThrow(/the scan reached its memory limit \(a heap of 8 MiB\).*exclude/);
      // Below the threshold, or without a bundle, the caller scans in its own thread.
      process.env.SECRET_HYGIENE_BOUNDED_SCAN_FILES = '1000000';
      expect(await auditTreeBounded(dir, config, {}, undefined, { workerPath: WORKER })).toBeNull();
      expect(await auditTreeBounded(dir, config, {}, undefined, { workerPath: null })).toBeNull();
    } finally {
      delete process.env.SECRET_HYGIENE_BOUNDED_SCAN_FILES;
    }
  });

  it.skipIf(!built)('from dist/: a history audit (its own worker) judges with weak-values-file too', () => {
    const { dir, commit } = datedHistory('sh-history-wordlist-');
    commit({ '.secret-hygiene.yml': 'weak-values-file: weak.txt\n', 'weak.txt': `${LISTED}\n`, 'app/settings.py': `SECRET_KEY = "${LISTED}"\n` });
    const run = spawnSync('node', [CLI, 'scan', '--history', '--format', 'json', '--fail-on', 'never', '--no-baseline'], { cwd: dir, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { findings: { ruleId: string }[]; problems: { reason: string }[] };
    // Before, every rule failed on every version in the worker ("weakList.has is not a function").
    expect(report.problems.filter((p) => /failed/.test(p.reason))).toEqual([]);
    expect(report.findings.map((f) => f.ruleId)).toContain('weak-secret');
  });

  it('a wordlist copied to a worker thread is rebuilt with its lookup', () => {
    const list = wordlistFromText(`${LISTED}\n# a comment\nanother-value\n`, 'test');
    const copied = structuredClone(list);
    expect(typeof (copied as { has?: unknown }).has).toBe('undefined');
    const revived = reviveWordlist(copied);
    expect(revived?.has(LISTED)).toBe(true);
    expect(revived?.has('not-listed-value')).toBe(false);
    expect(revived?.size).toBe(2);
    expect(reviveWordlist(list)).toBe(list);
    expect(reviveWordlist(undefined)).toBeUndefined();
  });
});
