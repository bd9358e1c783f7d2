import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicCredentials } from '../../src/org/redact-token.js';
import { CLI_BUNDLE, cli } from '../helpers/cli.js';
import { git } from '../helpers/fixture-repo.js';
import { FakeGitHub } from './fake-github.js';
import { BareRepos } from './repos.js';
import { tempDir } from '../helpers/temp.js';

/**
 * The whole organization audit as the reusable workflow runs it, offline: `org list` against a
 * fake GitHub API (pages, a fork, an archived repository, a secondary rate limit), `org scan` of
 * each shard into its own directory (the shards' artifacts), then `org report` over all of them.
 */
const TOKEN = 'ghp_plantedE2eToken0123456789ABCDEFabcdef';
const PLANTED_DEFAULT = 'Zx8-org-e2e-default-planted';
const PLANTED_COMPOSE = 'Hb3-org-e2e-compose-planted';

const remotes = new BareRepos();
const urls = {
  api: remotes.make('api', [{ 'app/settings.py': `import os\nJWT_SECRET_KEY = os.getenv("JWT_SECRET_KEY", "${PLANTED_DEFAULT}")\n` }]),
  web: remotes.make('web', [{ 'src/config.py': 'import os\nJWT_SECRET_KEY = os.environ["JWT_SECRET_KEY"]\n' }]),
  worker: remotes.make('worker', [{ 'docker-compose.yml': `services:\n  worker:\n    image: acme/worker\n    environment:\n      JWT_SECRET_KEY: ${PLANTED_COMPOSE}\n` }]),
};
const api = new FakeGitHub({
  token: TOKEN,
  pageSize: 2,
  rateLimitOnce: '/orgs/acme/repos?type=all&page=2',
  orgs: {
    acme: [
      { full_name: 'acme/worker', clone_url: urls.worker },
      { full_name: 'acme/forked-lib', fork: true, clone_url: urls.web },
      { full_name: 'acme/api', clone_url: urls.api },
      { full_name: 'acme/attic', archived: true, clone_url: urls.web },
      { full_name: 'acme/broken', clone_url: remotes.missing('broken') },
      { full_name: 'acme/web', clone_url: urls.web },
    ],
  },
});
beforeAll(() => api.start());
afterAll(async () => {
  await api.stop();
  remotes.remove();
});

type Run = (cwd: string, args: string[], env: NodeJS.ProcessEnv) => Promise<{ code: number; stdout: string; stderr: string }>;

/** Runs list → scan per shard → report in a fresh directory; returns every log and the directory. */
async function pipeline(run: Run, failedShardCode = 2): Promise<{ dir: string; logs: string[]; matrix: { include: { shard: number; repos: string }[] } }> {
  const dir = tempDir('sh-org-e2e-');
  const work = join(dir, 'tmp');
  mkdirSync(work);
  const env = { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: api.url, RUNNER_TEMP: work };
  const logs: string[] = [];
  const step = async (args: string[], code = 0) => {
    const r = await run(dir, args, env);
    logs.push(r.stdout, r.stderr);
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(code);
    return r;
  };
  const list = await step(['org', 'list', '--org', 'acme', '--shard-size', '2']);
  writeFileSync(join(dir, 'matrix.json'), list.stdout);
  const matrix = JSON.parse(list.stdout) as { include: { shard: number; repos: string }[] };
  // The shard holding the unclonable repository fails (exit 2), its results written all the same.
  for (const shard of matrix.include) await step(['org', 'scan', '--repos', shard.repos, '--out', `artifacts/org-audit-shard-${shard.shard}`], shard.repos.split(',').includes('acme/broken') ? failedShardCode : 0);
  await step(['org', 'report', 'artifacts', '--matrix', 'matrix.json', '--format', 'json', '--output', 'out/org-audit.json']);
  const md = await step(['org', 'report', 'artifacts', '--matrix', 'matrix.json', '--format', 'markdown']);
  writeFileSync(join(dir, 'out', 'summary.md'), md.stdout);
  expect(readdirSync(work)).toEqual([]);
  return { dir, logs, matrix };
}

/** Runs the bundle as a user's shell would; asynchronously, since the fake API answers from this process. */
function bundle(bundlePath: string): Run {
  return (cwd, args, env) =>
    new Promise((resolve, reject) => {
      const proc = spawn(process.execPath, [bundlePath, ...args], { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR, ...env } });
      let stdout = '';
      let stderr = '';
      proc.stdout.on('data', (d: Buffer) => void (stdout += d.toString('utf8')));
      proc.stderr.on('data', (d: Buffer) => void (stderr += d.toString('utf8')));
      proc.on('error', reject);
      proc.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

function expectMergedReport(dir: string): void {
  const report = JSON.parse(readFileSync(join(dir, 'out', 'org-audit.json'), 'utf8'));
  const head = (name: string) => git(join(remotes.root, `${name}.git`), 'rev-parse', 'HEAD').trim();
  expect(report.version).toBe(1);
  expect(
    report.repositories.map((r: { repository: string; commit: string | null; error?: string; findings: { ruleId: string; severity: string; file: string; line: number }[] }) => ({
      repository: r.repository,
      commit: r.commit,
      ...(r.error !== undefined ? { error: r.error.replace(/'[^']*'/, "'…'") } : {}),
      findings: r.findings.map((f) => `${f.severity} ${f.ruleId} ${f.file}:${f.line}`),
    })),
  ).toEqual([
    { repository: 'acme/api', commit: head('api'), findings: ['error hardcoded-default app/settings.py:2'] },
    {
      repository: 'acme/broken',
      commit: null,
      error: "could not clone: git clone failed (exit 128): fatal: '…' does not appear to be a git repository fatal: Could not read from remote repository.",
      findings: [],
    },
    { repository: 'acme/web', commit: head('web'), findings: [] },
    { repository: 'acme/worker', commit: head('worker'), findings: ['error weak-secret docker-compose.yml:5'] },
  ]);
  expect(report.totals).toEqual({
    repositories: 4,
    scanned: 3,
    unscannable: 1,
    withFindings: 2,
    findings: 2,
    bySeverity: { error: 2, warning: 0, note: 0 },
    byRule: {
      'hardcoded-default': { error: 1, warning: 0, note: 0, repositories: 1 },
      'weak-secret': { error: 1, warning: 0, note: 0, repositories: 1 },
    },
  });
  const md = readFileSync(join(dir, 'out', 'summary.md'), 'utf8');
  expect(md).toContain('4 repositories: 3 scanned, 1 could not be scanned. 2 findings (2 errors, 0 warnings, 0 notes) in 2 repositories.');
  expect(md).toContain('| [acme/broken](https://github.example/acme/broken) | could not clone: git clone failed');
  expect(md).toContain(`[app/settings.py:2](https://github.example/acme/api/blob/${head('api')}/app/settings.py#L2)`);
}

function expectNoSecrets(dir: string, logs: readonly string[]): void {
  const forms = [TOKEN, basicCredentials(TOKEN), PLANTED_DEFAULT, PLANTED_COMPOSE];
  for (const log of logs) for (const form of forms) expect(log.includes(form), `a log holds ${form.slice(0, 4)}…`).toBe(false);
  const files = filesUnder(dir);
  expect(files.length).toBeGreaterThan(8);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const form of forms) expect(text.includes(form), `${file} holds ${form.slice(0, 4)}…`).toBe(false);
  }
  expect(api.requests.some((q) => q.url.includes(TOKEN))).toBe(false);
}

describe('organization audit end to end', () => {
  it('list → scan on two shards → report gives the merged report, the unclonable repository listed, no secret anywhere', async () => {
    const { dir, logs, matrix } = await pipeline(cli);
    expect(matrix.include).toEqual([
      { shard: 1, repos: 'acme/api,acme/broken' },
      { shard: 2, repos: 'acme/web,acme/worker' },
    ]);
    expect(logs.join('')).toContain('secondary rate limit');
    expect(existsSync(join(dir, 'artifacts/org-audit-shard-1/acme/api.sarif'))).toBe(true);
    expectMergedReport(dir);
    expectNoSecrets(dir, logs);
  });

  // CI rebuilds dist/ before the tests; a checkout whose dist/ predates `org` skips this one.
  const bundlePath = process.env.SECRET_HYGIENE_CLI_BUNDLE ?? CLI_BUNDLE;
  const bundleHasOrg = existsSync(bundlePath) && readFileSync(bundlePath, 'utf8').includes('org list|scan|report');
  it.skipIf(!bundleHasOrg)('does the same through the built bundle, as the reusable workflow runs it', async () => {
    // A dist/ built before `org scan` exited 2 for an unscannable repository still exits 0 there.
    const bundleDir = dirname(bundlePath);
    const exitsTwo = readdirSync(bundleDir).some((f) => f.endsWith('.js') && readFileSync(join(bundleDir, f), 'utf8').includes('connection refused by'));
    const { dir, logs } = await pipeline(bundle(bundlePath), exitsTwo ? 2 : 0);
    expectMergedReport(dir);
    expectNoSecrets(dir, logs);
  });
});
