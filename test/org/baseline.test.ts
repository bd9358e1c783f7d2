import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { git } from '../helpers/fixture-repo.js';
import { FakeGitHub } from './fake-github.js';
import { BareRepos } from './repos.js';
import { tempDir } from '../helpers/temp.js';

const TOKEN = 'ghs_plantedBaselineToken0123456789ABCDEF';
const ACCEPTED = 'Qm4-org-accepted-planted-v9';
const NEW = 'Wd7-org-new-planted-k3';
const GONE = 'Zx2-org-gone-planted-p8';

const defaulted = (name: string, value: string) => `import os\n${name} = os.getenv("${name}", "${value}")\n`;

const remotes = new BareRepos();

/**
 * A repository whose maintainers accepted a finding with `secret-hygiene baseline` and committed
 * the file, as the docs say: then one accepted secret stayed, one was removed (a stale entry) and
 * a new one was added. `config` is a .secret-hygiene.yml to commit first.
 */
async function acceptedRepo(name: string, baselineFile: string, config?: string): Promise<string> {
  const url = remotes.make(name, [{ 'README.md': `# ${name}\n`, ...(config !== undefined ? { '.secret-hygiene.yml': config } : {}) }]);
  const work = join(remotes.root, 'work', name);
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(work, path)), { recursive: true });
    writeFileSync(join(work, path), text);
  };
  write('app/settings.py', defaulted('JWT_SECRET_KEY', ACCEPTED));
  write('app/old.py', defaulted('SECRET_KEY', GONE));
  const accepted = await cli(work, ['baseline', '--no-gitattributes']);
  expect(accepted.code, accepted.stderr).toBe(0);
  expect(readFileSync(join(work, baselineFile), 'utf8')).toContain('"fingerprint"');
  rmSync(join(work, 'app/old.py'));
  write('app/tokens.py', defaulted('API_TOKEN_SECRET', NEW));
  git(work, 'add', '-A');
  git(work, 'commit', '-q', '-m', 'accept the current findings; add a new one');
  const branch = git(work, 'rev-parse', '--abbrev-ref', 'HEAD').trim();
  git(work, 'push', '-q', join(remotes.root, `${name}.git`), `HEAD:refs/heads/${branch}`);
  return url;
}

const acme: { full_name: string; clone_url: string }[] = [];
const api = new FakeGitHub({ token: TOKEN, orgs: { acme } });
beforeAll(async () => {
  acme.push(
    { full_name: 'acme/defaulted', clone_url: await acceptedRepo('defaulted', '.secret-hygiene-baseline.json') },
    { full_name: 'acme/configured', clone_url: await acceptedRepo('configured', 'security/accepted.json', 'baseline: security/accepted.json\n') },
  );
  await api.start();
});
afterAll(async () => {
  await api.stop();
  remotes.remove();
});

interface Result {
  findings: { ruleId: string; file: string; line: number }[];
  notes: { file: string; message: string }[];
  error?: string;
}

async function orgScan(extra: string[] = []): Promise<{ code: number; stderr: string; read: (name: string) => Result }> {
  const out = tempDir('sh-org-baseline-');
  const r = await cli(out, ['org', 'scan', '--repos', 'acme/defaulted,acme/configured', '--out', '.', ...extra], { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: api.url, RUNNER_TEMP: tempDir('sh-org-work-') });
  return { code: r.code, stderr: r.stderr, read: (name) => JSON.parse(readFileSync(join(out, `${name}.json`), 'utf8')) as Result };
}

const files = (r: Result) => r.findings.map((f) => f.file).sort();

describe('org scan reads each repository baseline as scan does', () => {
  it('.secret-hygiene-baseline.json and the configuration key `baseline:` leave accepted findings out and note stale entries', async () => {
    const { code, stderr, read } = await orgScan();
    expect(code, stderr).toBe(0);
    for (const [name, baseline] of [['acme/defaulted', '.secret-hygiene-baseline.json'], ['acme/configured', 'security/accepted.json']] as const) {
      const result = read(name);
      expect(result.error, name).toBeUndefined();
      // Only the new finding; the baseline file itself is not scanned.
      expect(files(result), name).toEqual(['app/tokens.py']);
      // The entry of the secret removed since matches nothing: said, so it can be pruned.
      expect(result.notes.map((n) => n.file), name).toContain(baseline);
      expect(JSON.stringify(result.notes), name).toMatch(/1 entry .*match|prune/);
      const text = JSON.stringify(result);
      for (const value of [ACCEPTED, NEW, GONE]) expect(text.includes(value), `${name} holds a planted value`).toBe(false);
    }
    expect(stderr).toContain('acme/defaulted: 1 error');
  });

  it('--no-baseline reports every finding, the accepted ones too', async () => {
    const { code, read } = await orgScan(['--no-baseline']);
    expect(code).toBe(0);
    expect(files(read('acme/defaulted'))).toEqual(['app/settings.py', 'app/tokens.py']);
    expect(files(read('acme/configured'))).toEqual(['app/settings.py', 'app/tokens.py']);
    expect(read('acme/defaulted').notes).toEqual([]);
  });

  it('with --history the accepted secret stays out too', async () => {
    const { code, read } = await orgScan(['--history']);
    expect(code).toBe(0);
    // The secret removed since is still in history and was accepted while it was there.
    expect(files(read('acme/defaulted'))).toEqual(['app/tokens.py']);
    expect(files(read('acme/configured'))).toEqual(['app/tokens.py']);
  });
});
