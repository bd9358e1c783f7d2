import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SLOW_FINGERPRINT_UNITS_ENV } from '../../src/core/redact.js';
import { cli } from '../helpers/cli.js';
import { hasSimulator, runAction } from '../helpers/gha.js';
import { buildHostileRepo, forgedCommands, gitEnv, WORKFLOW_COMMAND_NAMES, type HostileRepo } from '../helpers/hostile-repo.mjs';
import { tempDir } from '../helpers/temp.js';

/**
 * Issue 15: one repository holding every attack at once (links out of the root to a file holding
 * a marker, names that carry workflow commands, fix's old predictable temporary names linked to the
 * pre-commit hook, oversized files, a decoy flood of JWTs, work that used to grow faster than the
 * input, an unreadable directory), run through every face: scan, scan --staged, scan --history,
 * fix --write and the Action. Each must finish with an honest exit code, list the work a cap cut
 * as problems, print nothing of the outside file, write nothing outside the root, and let no
 * forged workflow command through. bench/hostile-repo.mjs runs the same repository at the sizes
 * the issue measured.
 */

/** A slow-fingerprint budget small enough for a test run (the default is about 8 s, by design); still spent by the short defaults. */
const SLOW_UNITS = '64';

type Problem = { file: string; reason: string; cut?: true };
type Report = { findings: { file: string; ruleId: string; line: number }[]; problems: Problem[] };

let h: HostileRepo;
let outsideBefore: [string, string][];

beforeAll(() => {
  h = buildHostileRepo(tempDir('sh-hostile-'));
  outsideBefore = h.outsideSnapshot();
  vi.stubEnv(SLOW_FINGERPRINT_UNITS_ENV, SLOW_UNITS);
});

afterAll(() => {
  vi.unstubAllEnvs();
  h.restore();
});

/** Nothing of the outside file, no stack trace, no "this is a bug". */
function expectSilentAboutOutside(out: string): void {
  expect(out.includes(h.marker), 'printed the outside file').toBe(false);
  expect(out.includes(h.marker.slice(0, 14)), 'printed part of the outside file').toBe(false);
  expect(out).not.toMatch(/internal error|this is a bug|\n\s+at .*\(.*:\d+:\d+\)/);
}

async function scanJson(cwd: string, args: string[]): Promise<{ code: number; report: Report; out: string }> {
  const r = await cli(cwd, [...args, '--format', 'json']);
  const out = r.stdout + r.stderr;
  expectSilentAboutOutside(out);
  return { code: r.code, report: JSON.parse(r.stdout) as Report, out };
}

const hasProblem = (report: Report, file: string | RegExp, reason: RegExp, cut?: true) =>
  report.problems.some((p) => (typeof file === 'string' ? p.file === file : file.test(p.file)) && reason.test(p.reason) && p.cut === cut);

/** What every scan of the whole repository must show: the findings the attacks hid, and each cut. */
function expectFoundAndCut(report: Report, { history = false } = {}): void {
  const found = (file: string, rule: string) => report.findings.some((f) => f.file === file && f.ruleId === rule);
  // The token signed with "secret" behind the decoy flood.
  expect(found('docs/requests.http', 'jwt-forgeable')).toBe(true);
  // History reports each distinct leak once (the weak "changeme" at its first file).
  expect(found('config/.env', history ? 'committed-dotenv' : 'weak-secret')).toBe(true);
  for (const name of WORKFLOW_COMMAND_NAMES) expect(report.findings.some((f) => f.file === name), JSON.stringify(name)).toBe(true);
  // Cut work, listed (each fails the run).
  expect(hasProblem(report, 'keys/.env', /^1 key longer than 1024 characters not checked/, true)).toBe(true);
  expect(hasProblem(report, 'config/.env', /more weak-secret finding\(s\) not reported: over the cap of 1000 per rule and file/, true)).toBe(true);
  expect(hasProblem(report, 'app/settings.py', /findings reported without their secret's preview and fingerprint: this run's budget of slow fingerprints \(64 units/, true)).toBe(true);
}

describe('a hostile repository through every face (issue 15)', () => {
  it('scan: exit 1, the hidden findings found, every cut listed, the oversized file a problem that is not a cut', async () => {
    const { code, report } = await scanJson(h.repo, ['scan', '.']);
    expectFoundAndCut(report);
    expect(hasProblem(report, 'public/bundle.js', /skipped/)).toBe(true);
    expect(report.findings.some((f) => f.file.startsWith('vendor/') || f.file === '.env.production')).toBe(false);
    expect(code).toBe(1);
    // The text report too.
    const text = await cli(h.repo, ['scan', '.']);
    expectSilentAboutOutside(text.stdout + text.stderr);
    expect(text.code).toBe(1);
  });

  it('scan --staged (the pre-commit hook): exit 1, the same findings and cuts', async () => {
    const staged = h.stagedCopy(join(h.top, 'staged'));
    const { code, report } = await scanJson(staged, ['scan', '--staged', '.']);
    expectFoundAndCut(report);
    expect(code).toBe(1);
  });

  it('scan --history, of the work tree and of the bare clone: exit 1, the same cuts', async () => {
    const tree = await scanJson(h.repo, ['scan', '--history', '.']);
    expectFoundAndCut(tree.report, { history: true });
    expect(tree.code).toBe(1);
    const bare = await scanJson(h.top, ['scan', '--history', h.bare]);
    expect(hasProblem(bare.report, 'keys/.env', /^1 key longer than 1024 characters not checked/, true)).toBe(true);
    expect(bare.code).toBe(1);
  });

  it('a bare repository scanned as a tree, and an output path that cannot be written: exit 2 saying what to do', async () => {
    const bare = await cli(h.top, ['scan', h.bare]);
    expectSilentAboutOutside(bare.stdout + bare.stderr);
    expect(bare.stderr).toMatch(/bare git repository/);
    expect(bare.code).toBe(2);
    const output = await cli(h.repo, ['scan', '.', '--output', '/proc/x/y.json']);
    expectSilentAboutOutside(output.stdout + output.stderr);
    expect(output.code).toBe(2);
  });

  it.each(['linked config', 'pathological globs'] as const)('%s: scan, scan --staged and fix --write refuse it with exit 2, quoting nothing of it', async (variant) => {
    const dir = h.stagedCopy(join(h.top, `variant-${variant.replace(/ /g, '-')}`));
    h.variants[variant](dir);
    for (const args of [['scan', '.'], ['scan', '--staged', '.'], ['fix', '--write', '.']]) {
      const r = await cli(dir, args);
      expectSilentAboutOutside(r.stdout + r.stderr);
      expect(r.stderr, args.join(' ')).toMatch(/\.secret-hygiene\.yml/);
      expect(r.code, args.join(' ')).toBe(2);
    }
    expect(h.wroteThroughLinks(dir)).toBe(false);
  });

  it('linked baseline: scan and scan --staged refuse it with exit 2; fix, which reads no baseline, goes on; nothing of it is quoted', async () => {
    const dir = h.stagedCopy(join(h.top, 'variant-linked-baseline'));
    h.variants['linked baseline'](dir);
    for (const args of [['scan', '.'], ['scan', '--staged', '.']]) {
      const r = await cli(dir, args);
      expectSilentAboutOutside(r.stdout + r.stderr);
      expect(r.stderr, args.join(' ')).toMatch(/\.secret-hygiene-baseline\.json/);
      expect(r.code, args.join(' ')).toBe(2);
    }
    const fix = await cli(dir, ['fix', '--write', '.']);
    expectSilentAboutOutside(fix.stdout + fix.stderr);
    expect(fix.code).toBe(1);
    expect(lstatSync(join(dir, '.secret-hygiene-baseline.json')).isSymbolicLink()).toBe(true);
    expect(h.wroteThroughLinks(dir)).toBe(false);
  });

  it('fix --write: repairs the fixable file in place, writes through no planted link, changes nothing outside', async () => {
    const dir = join(h.top, 'fixed');
    spawnSync('git', ['clone', '-q', '--branch', 'feature', h.repo, dir], { env: gitEnv() });
    const dry = await cli(dir, ['fix', '.']);
    expectSilentAboutOutside(dry.stdout + dry.stderr);
    const r = await cli(dir, ['fix', '--write', '.']);
    expectSilentAboutOutside(r.stdout + r.stderr);
    // Something could not be fixed (the linked .gitignore, the cut findings): not clean.
    expect(r.code).toBe(1);
    expect(h.wroteThroughLinks(dir)).toBe(false);
    expect(existsSync(join(dir, '.git', 'hooks', 'pre-commit'))).toBe(false);
    expect(lstatSync(join(dir, 'app', 'settings.py')).isFile()).toBe(true);
    expect(readFileSync(join(dir, 'app', 'settings.py'), 'utf8')).toContain('os.environ["JWT_SECRET"]');
    expect(h.outsideSnapshot()).toEqual(outsideBefore);
    // Named through the linked directory, the outside file is refused, not rewritten.
    const through = await cli(dir, ['fix', '--write', 'vendor/settings.py']);
    expectSilentAboutOutside(through.stdout + through.stderr);
    expect(through.stderr).toMatch(/vendor.*symbolic link/);
    expect(through.code).toBe(2);
    expect(h.outsideSnapshot()).toEqual(outsideBefore);
  });

  it.skipIf(!hasSimulator)('the Action on the pull request: fails, accepts no forged command, prints nothing of the outside file', () => {
    const r = runAction(h.repo, [
      '--event', 'pull_request', '--base', 'main', '--head', 'feature', '--action-files', 'git', '--checkout', 'full',
      '--forbid', h.marker, '--env', `${SLOW_FINGERPRINT_UNITS_ENV}=${SLOW_UNITS}`,
    ]);
    expect(r.leaks).toEqual([]);
    const forged = forgedCommands(r.commands as { command: string; format?: string; properties?: Record<string, string>; data?: string }[]);
    expect(forged, JSON.stringify(forged).slice(0, 300)).toEqual([]);
    expect(r.violations.filter((v) => v.severity === 'error'), JSON.stringify(r.violations).slice(0, 300)).toEqual([]);
    expect(r.annotations.some((a) => a.file === 'docs/requests.http')).toBe(true);
    expect(r.annotations.some((a) => a.level === 'error' && /not checked in full: a cap on hostile input cut the work/.test(a.message))).toBe(true);
    expect(r.conclusion).toBe('failure');
  });

  it('nothing was written outside the root by any face', () => {
    expect(h.outsideSnapshot()).toEqual(outsideBefore);
    expect(h.wroteThroughLinks(h.repo)).toBe(false);
    rmSync(join(h.top, 'fixed'), { recursive: true, force: true });
  });
});
