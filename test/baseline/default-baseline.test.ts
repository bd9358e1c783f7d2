import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliProcess } from '../helpers/cli.js';
import { git } from '../helpers/fixture-repo.js';
import { hasSimulator, makeRepo, runAction } from '../helpers/gha.js';
import { tempDir } from '../helpers/temp.js';

/**
 * The baseline `secret-hygiene baseline` writes is read by default (CLI process and the Action
 * through the runner simulator; the pre-commit hook in test/precommit): accepting findings once is
 * enough. `--no-baseline` and the Action's `baseline: none` read none, the configuration's
 * `baseline` names another file, and an entry that matches nothing any more is a note.
 */
const BASELINE = '.secret-hygiene-baseline.json';
const APP = 'import os\nJWT_SECRET = os.getenv("JWT_SECRET", "Zp4-default-baseline-planted")\n';

function repo(files: Record<string, string>): string {
  const dir = tempDir('sh-default-baseline-');
  git(dir, 'init', '-q');
  write(dir, files);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'init');
  return dir;
}

function write(dir: string, files: Record<string, string>): void {
  for (const [p, t] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), t);
  }
}

interface Report {
  findings: { file: string; ruleId: string }[];
  problems: unknown[];
  notes: { file: string; message: string }[];
}
const json = (dir: string, ...args: string[]) => {
  const r = cliProcess(dir, ['scan', '--format', 'json', ...args]);
  expect(r.code, r.stderr).not.toBe(2);
  return { code: r.code, report: JSON.parse(r.stdout) as Report };
};

describe('the default baseline, through the CLI process', () => {
  it('scan reads the file `baseline` wrote; --no-baseline reports every finding', () => {
    const dir = repo({ 'app/config.py': APP });
    expect(cliProcess(dir, ['scan']).code).toBe(1);
    const accept = cliProcess(dir, ['baseline']);
    expect(accept.code).toBe(0);
    expect(accept.stdout).toContain(`Wrote ${BASELINE}: 1 entry (1 new finding accepted, 0 kept).`);
    expect(accept.stdout).toContain('`secret-hygiene scan`, the pre-commit hook and the Action read it by default');

    const scan = cliProcess(dir, ['scan']);
    expect(scan.code, scan.stdout).toBe(0);
    expect(scan.stdout).toMatch(/^secret-hygiene: no findings in \d+ files? \(\d+ ms\)\n$/);
    expect(json(dir, '--no-baseline').report.findings.map((f) => f.ruleId)).toEqual(['hardcoded-default']);
    expect(cliProcess(dir, ['scan', '--no-baseline']).code).toBe(1);
    // Change scans read it too: an accepted finding on a changed (reformatted) line stays accepted.
    write(dir, { 'app/config.py': `# touched\n${APP.replace('", "', '",   "')}` });
    git(dir, 'add', '-A');
    expect(cliProcess(dir, ['scan', '--staged']).code).toBe(0);
    expect(cliProcess(dir, ['scan', '--diff', 'HEAD']).code).toBe(0);
    expect(cliProcess(dir, ['scan', '--staged', '--no-baseline']).code).toBe(1);
  });

  it('an entry that matches nothing any more is a note, not a file left unread', () => {
    const dir = repo({ 'app/config.py': APP });
    cliProcess(dir, ['baseline']);
    write(dir, { 'app/config.py': APP.replace('Zp4-default', 'Zp5-changed') });
    const text = cliProcess(dir, ['scan']);
    expect(text.code).toBe(1);
    const lines = text.stdout.trim().split('\n');
    expect(lines).toContainEqual(
      expect.stringMatching(/^ {2}note \.secret-hygiene-baseline\.json: the entry for hardcoded-default in app\/config\.py \(fingerprint [0-9a-f]{8}\) matches no finding \(fixed, changed or moved\); remove it with `secret-hygiene baseline --prune`$/),
    );
    expect(text.stdout).not.toMatch(/problem|not read in full/);
    expect(lines.at(-1)).toMatch(/^secret-hygiene: 1 finding \(1 error, 0 warnings, 0 notes\) in \d+ files?, 1 rule;/);
    const { report } = json(dir);
    expect(report.problems).toEqual([]);
    expect(report.notes).toHaveLength(1);
    expect(report.notes[0]?.file).toBe(BASELINE);
    // Only a full scan sees every finding: a change scan never calls an entry stale.
    git(dir, 'add', '-A');
    expect(json(dir, '--staged').report.notes).toEqual([]);
  });

  it('the configuration\'s `baseline` names another file: baseline writes it, scan reads it, and it must exist', () => {
    const dir = repo({ 'app/config.py': APP, '.secret-hygiene.yml': 'baseline: security/accepted-findings.json\n' });
    const accept = cliProcess(dir, ['baseline']);
    expect(accept.code, accept.stderr).toBe(0);
    expect(accept.stdout).toContain('Wrote security/accepted-findings.json: 1 entry');
    expect(existsSync(join(dir, BASELINE))).toBe(false);
    expect(cliProcess(dir, ['scan']).code).toBe(0);
    expect(cliProcess(dir, ['scan', '--no-baseline']).code).toBe(1);
    // The baseline named is never scanned itself.
    expect(json(dir, '--no-baseline').report.findings.map((f) => f.file)).toEqual(['app/config.py']);
    rmSync(join(dir, 'security', 'accepted-findings.json'));
    const missing = cliProcess(dir, ['scan']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('secret-hygiene scan: security/accepted-findings.json: no such baseline file. Write one with `secret-hygiene baseline` (it accepts every current finding).\n');
    const bad = repo({ '.secret-hygiene.yml': 'baseline: ../outside.json\n' });
    const refused = cliProcess(bad, ['scan']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('baseline (line 1): must be a path inside the scanned directory');
  });
});

describe.skipIf(!hasSimulator)('the default baseline, through the Action (gha-sim)', () => {
  it('read with the input empty; `baseline: none` reads none', () => {
    const repo = makeRepo();
    repo.commit({ 'README.md': '# app\n' }, 'base');
    repo.commit({ 'app/config.py': APP }, 'legacy default');
    const accept = cliProcess(repo.dir, ['baseline']);
    expect(accept.code, accept.stderr).toBe(0);
    git(repo.dir, 'add', '-A');
    git(repo.dir, 'commit', '-q', '-m', 'accept the legacy default');
    const args = ['--event', 'push', '--branch', 'main', '--before', 'HEAD~1', '--after', 'HEAD', '--action-files', 'git', '--input', 'mode=full'];
    const read = runAction(repo.dir, args);
    expect(read.conclusion, JSON.stringify(read.violations)).toBe('success');
    expect(read.outputs.findings).toBe('0');
    const none = runAction(repo.dir, [...args, '--input', 'baseline=none']);
    expect(none.conclusion).toBe('failure');
    expect(none.outputs.findings).toBe('1');
    expect(none.annotations.filter((a) => a.file).map((a) => `${a.file} ${a.title}`)).toEqual(['app/config.py hardcoded-default']);
  });
});
