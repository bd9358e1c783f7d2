import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isScannable } from '../../src/audit-history.js';
import { cloneRepository, gitEnv } from '../../src/org/clone.js';
import { basicCredentials } from '../../src/org/redact-token.js';
import { cli } from '../helpers/cli.js';
import { git } from '../helpers/fixture-repo.js';
import { FakeGitHub } from './fake-github.js';
import { BareRepos } from './repos.js';
import { tempDir } from '../helpers/temp.js';

const TOKEN = 'ghs_plantedScanToken0123456789ABCDEFabcd';
const PLANTED = 'Qm4-org-scan-planted-v9';

const remotes = new BareRepos();
const apiUrl = remotes.make('api', [
  { 'app/settings.py': 'import os\nDEBUG = False\n' },
  { 'app/settings.py': `import os\nJWT_SECRET_KEY = os.getenv("JWT_SECRET_KEY", "${PLANTED}")\n`, 'logo.png': '\x89PNG\r\n\x1a\n' + 'x'.repeat(64) },
]);
const historyUrl = remotes.make('old-leak', [
  { 'app/settings.py': `import os\nSECRET_KEY = os.getenv("SECRET_KEY", "${PLANTED}")\n` },
  { 'app/settings.py': 'import os\nSECRET_KEY = os.environ["SECRET_KEY"]\n' },
]);
const assetsUrl = remotes.make('assets', [
  { 'app/settings.py': 'import os\nDEBUG = True\n', 'art/logo.png': '\x89PNG\r\n\x1a\n' + 'y'.repeat(64) },
  { 'app/settings.py': 'import os\nDEBUG = False\n', 'art/logo.png': null },
]);
const webUrl = remotes.make('web', [{ 'src/config.py': 'import os\nJWT_SECRET_KEY = os.environ["JWT_SECRET_KEY"]\n' }]);

const api = new FakeGitHub({
  token: TOKEN,
  orgs: {
    acme: [
      { full_name: 'acme/api', clone_url: apiUrl },
      { full_name: 'acme/old-leak', clone_url: historyUrl },
      { full_name: 'acme/web', clone_url: webUrl },
      { full_name: 'acme/broken', clone_url: remotes.missing('broken') },
    ],
  },
});
beforeAll(() => api.start());
afterAll(async () => {
  await api.stop();
  remotes.remove();
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe('org scan', () => {
  it('scans each repository into DIR/<owner>/<name>.json and .sarif; an unclonable or unknown one is recorded, not fatal', async () => {
    const out = tempDir('sh-org-out-');
    const work = tempDir('sh-org-work-');
    const r = await cli(out, ['org', 'scan', '--repos', 'acme/api,acme/broken', '--repos', 'acme/ghost,acme/web', '--out', 'results'], { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: api.url, RUNNER_TEMP: work });
    expect(r.code).toBe(2);
    const results = join(out, 'results');
    const read = (name: string) => JSON.parse(readFileSync(join(results, `${name}.json`), 'utf8'));

    const scanned = read('acme/api');
    const head = git(join(remotes.root, 'api.git'), 'rev-parse', 'HEAD').trim();
    expect(scanned).toMatchObject({ version: 1, repository: 'acme/api', url: 'https://github.example/acme/api', commit: head, history: false });
    expect(scanned.findings.map((f: { ruleId: string; file: string; line: number }) => [f.ruleId, f.file, f.line])).toContainEqual(['hardcoded-default', 'app/settings.py', 2]);
    expect(existsSync(join(results, 'acme/api.sarif'))).toBe(true);
    expect(JSON.parse(readFileSync(join(results, 'acme/api.sarif'), 'utf8')).runs[0].results.length).toBe(scanned.findings.length);

    expect(read('acme/web')).toMatchObject({ repository: 'acme/web', findings: [] });
    const broken = read('acme/broken');
    expect(broken.error).toMatch(/^could not clone: git clone failed \(exit 128\): fatal: .*does not appear to be a git repository/);
    expect(broken.findings).toBeUndefined();
    expect(existsSync(join(results, 'acme/broken.sarif'))).toBe(false);
    expect(read('acme/ghost').error).toContain('repository acme/ghost was not found (404)');

    expect(r.stderr).toContain('[1/4] acme/api: 1 error');
    expect(r.stderr).toContain('[2/4] acme/broken: could not be scanned: could not clone');
    expect(r.stderr).toContain('2 of 4 repositories scanned, 2 could not be scanned');
    // Clones are removed; nothing anywhere holds the token or the planted secret.
    expect(readdirSync(work)).toEqual([]);
    for (const file of filesUnder(results)) {
      const text = readFileSync(file, 'utf8');
      for (const form of [TOKEN, basicCredentials(TOKEN), PLANTED]) expect(text.includes(form), `${file} holds ${form.slice(0, 4)}`).toBe(false);
    }
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
    expect(api.requests.every((q) => !q.url.includes(TOKEN))).toBe(true);
  });

  it('with --history finds a secret removed since, at the commit that added it', async () => {
    const out = tempDir('sh-org-out-');
    const r = await cli(out, ['org', 'scan', '--repos', 'acme/old-leak', '--history', '--out', '.'], { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: api.url });
    expect(r.code).toBe(0);
    const result = JSON.parse(readFileSync(join(out, 'acme/old-leak.json'), 'utf8'));
    expect(result.history).toBe(true);
    const finding = result.findings.find((f: { ruleId: string }) => f.ruleId === 'hardcoded-default');
    expect(finding.commit.stillPresent).toBe(false);
    expect(JSON.stringify(result)).not.toContain(PLANTED);
  });

  it('stops with exit 2 when the token is rejected', async () => {
    const out = tempDir('sh-org-out-');
    const r = await cli(out, ['org', 'scan', '--repos', 'acme/api', '--out', '.'], { GITHUB_TOKEN: 'wrong-token-value', GITHUB_API_URL: api.url });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('401 Bad credentials');
    expect(r.stderr).not.toContain('wrong-token-value');
  });

  it('checks its options', async () => {
    const env = { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: api.url };
    expect((await cli('/', ['org', 'scan', '--out', 'x'], env)).stderr).toContain('--repos');
    expect((await cli('/', ['org', 'scan', '--repos', 'acme/../etc', '--out', 'x'], env)).stderr).toContain('owner/name');
    expect((await cli('/', ['org', 'scan', '--repos', 'acme/api'], env)).stderr).toContain('--out DIR');
    expect((await cli('/', ['org', 'scan', '--help'], env)).stdout).toContain('--history');
  });
});

describe('cloneRepository', () => {
  it('sends the token only as a header scoped to the clone host, never in the URL or on disk', () => {
    const env = gitEnv(new URL('https://github.example/acme/api.git'), TOKEN, { PATH: '/bin', GIT_TRACE_CURL: '1', GIT_CONFIG_COUNT: '1' });
    expect(env.GIT_TRACE_CURL).toBeUndefined();
    expect(env.GIT_TERMINAL_PROMPT).toBe('0');
    expect(env.GIT_CONFIG_COUNT).toBe('2');
    expect(env.GIT_CONFIG_KEY_1).toBe('http.https://github.example/.extraHeader');
    expect(env.GIT_CONFIG_VALUE_1).toBe(`Authorization: Basic ${basicCredentials(TOKEN)}`);
    expect(gitEnv(new URL('file:///tmp/x.git'), TOKEN, {}).GIT_CONFIG_COUNT).toBe('1');
  });

  it('makes a depth-1 clone whose config holds no token', async () => {
    const dir = join(tempDir('sh-org-clone-'), 'repo');
    const { commit } = await cloneRepository({ url: apiUrl, dir, token: TOKEN, history: false });
    expect(commit).toBe(git(join(remotes.root, 'api.git'), 'rev-parse', 'HEAD').trim());
    expect(commit).toMatch(/^[0-9a-f]{40}$/);
    expect(git(dir, 'rev-list', '--count', 'HEAD').trim()).toBe('1');
    const config = readFileSync(join(dir, '.git', 'config'), 'utf8');
    expect(config).not.toContain(TOKEN);
    expect(config).not.toContain(basicCredentials(TOKEN));
    expect(git(dir, 'remote', 'get-url', 'origin').trim()).toBe(apiUrl);
  });

  it('makes a blobless clone for history and fetches the blobs of scannable paths in one go', async () => {
    const dir = join(tempDir('sh-org-clone-'), 'repo');
    await cloneRepository({ url: assetsUrl, dir, token: TOKEN, history: true, isScannable });
    expect(git(dir, 'config', 'remote.origin.promisor').trim()).toBe('true');
    expect(git(dir, 'rev-list', '--count', '--all').trim()).toBe('2');
    const missing = git(dir, 'rev-list', '--objects', '--all', '--missing=print').split('\n').filter((l) => l.startsWith('?'));
    // The old version of app/settings.py was fetched; the deleted image, which nothing reads, was not.
    const oldSettings = git(dir, 'rev-parse', 'HEAD~1:app/settings.py').trim();
    const oldImage = git(join(remotes.root, 'assets.git'), 'rev-parse', 'HEAD~1:art/logo.png').trim();
    expect(missing).toEqual([`?${oldImage}`]);
    expect(missing).not.toContain(`?${oldSettings}`);
  });

  it('refuses clone URLs with credentials or odd schemes', async () => {
    const dir = join(tempDir('sh-org-clone-'), 'repo');
    await expect(cloneRepository({ url: 'https://user:pw@github.example/a/b.git', dir, history: false })).rejects.toThrow('carries credentials');
    await expect(cloneRepository({ url: 'ext::sh -c touch% /tmp/pwned', dir, history: false })).rejects.toThrow('not supported');
  });
});
