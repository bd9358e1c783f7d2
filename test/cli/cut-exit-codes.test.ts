import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { MAX_TOKENS_PER_FILE } from '../../src/parsers/jwt-tokens.js';
import { cli } from '../helpers/cli.js';
import { git } from '../helpers/fixture-repo.js';
import { hasSimulator, makeRepo, runAction } from '../helpers/gha.js';
import { tempDir } from '../helpers/temp.js';

/**
 * Honest exit codes when a cap cuts work: what a cap left unchecked may hide a secret (a token
 * behind 1,000 decoys), so a run with a cut is not clean. It exits 1, as a finding does, and lists
 * each cut as a problem marked `cut`; only --fail-on never lets it pass.
 */
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const sign = (payload: unknown, key: string) => {
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${head}.${createHmac('sha256', key).update(head).digest('base64url')}`;
};
/** More distinct tokens of a strong key than a file's cap: no finding, only a cut. */
const decoys = () => Array.from({ length: MAX_TOKENS_PER_FILE + 2 }, (_, i) => `Authorization: Bearer ${sign({ sub: `u${i}`, exp: 4102444800 }, 'Hx7Qm2Vt9Lp4Rw8Ks3Zn6Yd1Bf5Gj0AcQ7eWzzzz')}`).join('\n') + '\n';

type Report = { findings: unknown[]; problems: { file: string; reason: string; cut?: boolean }[] };

describe('a cap that cut work fails the run', () => {
  it('JWTs over the per-file cap: exit 1 with no finding, the cut listed; --fail-on never exits 0', async () => {
    const dir = tempDir('sh-cut-');
    writeFileSync(join(dir, 'requests.http'), decoys());
    const r = await cli(dir, ['scan', '--format', 'json']);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.findings).toEqual([]);
    expect(report.problems).toContainEqual({ file: 'requests.http', reason: expect.stringMatching(/^2 more distinct JWTs not checked/), cut: true });
    expect(r.code).toBe(1);
    expect((await cli(dir, ['scan', '--fail-on', 'never'])).code).toBe(0);
  });

  it('a key over the length cap: exit 1 with no finding; an over-size file stays a problem that does not fail', async () => {
    const dir = tempDir('sh-cut-key-');
    writeFileSync(join(dir, '.env.example'), `${'A'.repeat(5000)}_JWT_SECRET=\${JWT_SECRET}\n`);
    const r = await cli(dir, ['scan', '--format', 'json']);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.findings).toEqual([]);
    expect(report.problems).toContainEqual({ file: '.env.example', reason: expect.stringMatching(/^1 key longer than 1024 characters not checked/), cut: true });
    expect(r.code).toBe(1);
    // Files over max-file-bytes (configurable, met by real repositories) are skipped, not cut.
    const big = tempDir('sh-cut-big-');
    writeFileSync(join(big, 'bundle.js'), 'x'.repeat(3 * 1024 * 1024));
    const b = await cli(big, ['scan', '--format', 'json']);
    expect((JSON.parse(b.stdout) as Report).problems.every((p) => p.cut === undefined)).toBe(true);
    expect(b.code).toBe(0);
  });

  it('the pre-commit check (--staged) blocks a commit that only adds a decoy flood', async () => {
    const dir = tempDir('sh-cut-staged-');
    git(dir, 'init', '-q');
    writeFileSync(join(dir, 'requests.http'), decoys());
    git(dir, 'add', '-A');
    const r = await cli(dir, ['scan', '--staged', '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/not checked: over the cap of 1000 per file/);
  });
});

describe("the scan's HMAC budget: a decoy flood cannot hide a token, and what it leaves unverified is a cut", () => {
  /** n distinct tokens of a strong key: each costs the full per-token cap of candidates and verifies with none. */
  const flood = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `Authorization: Bearer ${sign({ sub: `${tag}${i}`, exp: 4102444800 }, 'Hx7Qm2Vt9Lp4Rw8Ks3Zn6Yd1Bf5Gj0AcQ7eWzzzz')}`);

  it('900 decoys (under the per-file cap) spend the budget: the cut is listed and fails the run, which exited 0', async () => {
    const dir = tempDir('sh-hmac-cut-');
    writeFileSync(join(dir, 'requests.http'), flood(900, 'u').join('\n') + '\n');
    const r = await cli(dir, ['scan', '--format', 'json']);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.findings).toEqual([]);
    expect(report.problems).toContainEqual({ file: 'requests.http', reason: expect.stringMatching(/^\d+ distinct JWTs not verified against every candidate key: the scan's budget of 300000 HMACs was spent/), cut: true });
    expect(r.code).toBe(1);
  });

  it('a token signed with "secret" after 900 decoys in its own file is still proven (published keys are tried on every token first)', async () => {
    const dir = tempDir('sh-hmac-behind-');
    writeFileSync(join(dir, 'requests.http'), [...flood(900, 'u'), `Authorization: Bearer ${sign({ sub: 'admin', exp: 4102444800 }, 'secret')}`].join('\n') + '\n');
    const r = await cli(dir, ['scan', '--format', 'json']);
    const report = JSON.parse(r.stdout) as Omit<Report, 'findings'> & { findings: { file: string; ruleId: string; line: number }[] };
    expect(report.findings.filter((f) => f.ruleId === 'jwt-forgeable').map((f) => [f.file, f.line])).toEqual([['requests.http', 901]]);
    expect(report.problems.some((p) => p.file === 'requests.http' && p.cut === true && /not verified against every candidate key/.test(p.reason))).toBe(true);
    expect(r.code).toBe(1);
  });

  it("999 decoys in one file do not starve another file's token signed with a repository key (files take turns)", async () => {
    const dir = tempDir('sh-hmac-turns-');
    const key = 'not-a-real-key-turns-Qm2Xr9Lp4Vz8Kd1W';
    writeFileSync(join(dir, '.env.example'), `JWT_SECRET=${key}\n`);
    writeFileSync(join(dir, 'a-decoys.http'), flood(999, 'd').join('\n') + '\n');
    writeFileSync(join(dir, 'z-admin.http'), `Authorization: Bearer ${sign({ sub: 'admin', exp: 4102444800 }, key)}\n`);
    const r = await cli(dir, ['scan', '--format', 'json']);
    const report = JSON.parse(r.stdout) as Omit<Report, 'findings'> & { findings: { file: string; ruleId: string }[] };
    expect(report.findings.filter((f) => f.ruleId === 'jwt-forgeable').map((f) => f.file)).toEqual(['z-admin.http']);
    const cuts = report.problems.filter((p) => p.cut === true && /not verified/.test(p.reason)).map((p) => p.file);
    expect(cuts).toEqual(['a-decoys.http']);
    expect(r.code).toBe(1);
  });

  it('--staged (the hook): a committed flood outside the change is neither verified nor a cut (it would block every unrelated commit); one in the change is', async () => {
    const dir = tempDir('sh-hmac-staged-');
    git(dir, 'init', '-q');
    // Over the per-file cap of distinct tokens, and far over the scan's HMAC budget.
    writeFileSync(join(dir, 'requests.http'), flood(MAX_TOKENS_PER_FILE + 2, 'c').join('\n') + '\n');
    writeFileSync(join(dir, 'a.py'), 'x = 1\n');
    git(dir, 'add', '-A');
    git(dir, '-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'base');
    // An unrelated change: the flood is only context, and nothing in it could be reported.
    writeFileSync(join(dir, 'a.py'), 'x = 2\n');
    git(dir, 'add', '-A');
    const unrelated = await cli(dir, ['scan', '--staged', '--format', 'json']);
    expect((JSON.parse(unrelated.stdout) as Report).problems.filter((p) => p.cut === true)).toEqual([]);
    expect(unrelated.code).toBe(0);
    // A flood in the change: its tokens are verified, and what the budget left is a cut (there only).
    writeFileSync(join(dir, 'more.http'), flood(850, 'n').join('\n') + '\n');
    git(dir, 'add', '-A');
    const added = await cli(dir, ['scan', '--staged', '--format', 'json']);
    const cuts = (JSON.parse(added.stdout) as Report).problems.filter((p) => p.cut === true).map((p) => [p.file, p.reason.replace(/^\d+ /, 'N ').slice(0, 60)]);
    expect(cuts).toEqual([['more.http', 'N distinct JWTs not verified against every candidate key: th']]);
    expect(added.code).toBe(1);
  });

  it('SECRET_HYGIENE_HMAC_BUDGET lowers the budget (never raises it), and the cut names it', async () => {
    const dir = tempDir('sh-hmac-env-');
    writeFileSync(join(dir, 'requests.http'), flood(3, 'e').join('\n') + '\n');
    expect((await cli(dir, ['scan'])).code).toBe(0);
    vi.stubEnv('SECRET_HYGIENE_HMAC_BUDGET', '500');
    try {
      const r = await cli(dir, ['scan', '--format', 'json']);
      expect((JSON.parse(r.stdout) as Report).problems).toContainEqual({ file: 'requests.http', reason: expect.stringMatching(/^3 distinct JWTs not verified .* budget of 500 HMACs/), cut: true });
      expect(r.code).toBe(1);
      vi.stubEnv('SECRET_HYGIENE_HMAC_BUDGET', '999999999');
      expect((await cli(dir, ['scan'])).code).toBe(0);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe.skipIf(!hasSimulator)('the Action when a cap cut work', () => {
  it('fails the step saying a cap cut the work, with no finding', () => {
    const repo = makeRepo();
    repo.commit({ 'README.md': 'app\n' }, 'base');
    repo.branch('feature');
    repo.commit({ 'docs/requests.http': decoys() }, 'feature');
    const r = runAction(repo.dir, ['--event', 'pull_request', '--base', 'main', '--head', 'feature', '--action-files', 'git', '--checkout', 'full']);
    // The one error is the step's failure, saying why: no finding was annotated.
    expect(r.annotations.filter((a) => a.level === 'error').map((a) => a.message)).toEqual([expect.stringMatching(/1 file not checked in full: a cap on hostile input cut the work/)]);
    expect(r.conclusion).toBe('failure');
  });
});
