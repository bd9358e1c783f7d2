import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicCredentials } from '../../src/org/redact-token.js';
import { cli } from '../helpers/cli.js';
import { FakeGitHub } from './fake-github.js';
import { GitHttpServer } from './git-http.js';
import { BareRepos } from './repos.js';
import { tempDir } from '../helpers/temp.js';

/**
 * Clones over git's smart HTTP protocol from a server that demands the token as a header, as
 * GitHub does: proves the header is sent (a clone without it fails), including for the batched
 * blob fetch of a blobless history clone, and that the token is never part of a URL.
 */
const TOKEN = 'ghs_plantedHttpCloneToken0123456789abcdEF';
const PLANTED = 'Jw5-http-clone-planted-k2';

const remotes = new BareRepos();
remotes.make('api', [
  { 'app/settings.py': `import os\nSECRET_KEY = os.getenv("SECRET_KEY", "${PLANTED}")\n`, 'art/logo.png': '\x89PNG\r\n\x1a\n' + 'z'.repeat(64) },
  { 'app/settings.py': 'import os\nSECRET_KEY = os.environ["SECRET_KEY"]\n', 'art/logo.png': null },
]);
const gitServer = new GitHttpServer(remotes.root, `Basic ${basicCredentials(TOKEN)}`);
let api: FakeGitHub;

beforeAll(async () => {
  await gitServer.start();
  api = new FakeGitHub({ token: TOKEN, orgs: { acme: [{ full_name: 'acme/api', clone_url: `${gitServer.url}/api.git` }] } });
  await api.start();
});
afterAll(async () => {
  await api.stop();
  await gitServer.stop();
  remotes.remove();
});

describe('org scan over HTTP', () => {
  for (const history of [false, true]) {
    it(`clones with the token as a header${history ? ' (blobless, history)' : ' (depth 1)'}, never in a URL`, async () => {
      const out = tempDir('sh-org-http-');
      const work = tempDir('sh-org-http-work-');
      const before = gitServer.requests.length;
      const r = await cli(out, ['org', 'scan', '--repos', 'acme/api', '--out', '.', ...(history ? ['--history'] : [])], { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: api.url, RUNNER_TEMP: work });
      expect(r.code).toBe(0);
      const result = JSON.parse(readFileSync(join(out, 'acme', 'api.json'), 'utf8'));
      expect(result.error).toBeUndefined();
      if (history) expect(result.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('hardcoded-default');
      else expect(result.findings).toEqual([]);
      const requests = gitServer.requests.slice(before);
      expect(requests.length).toBeGreaterThan(1);
      expect(requests.every((q) => q.status === 200 && q.authorization === `Basic ${basicCredentials(TOKEN)}`)).toBe(true);
      expect(requests.some((q) => q.url.includes(TOKEN) || q.url.includes(basicCredentials(TOKEN)))).toBe(false);
      // Connections: the clone; with history also the checkout's blobs and the one batched fetch of old blobs.
      expect(requests.filter((q) => q.url.includes('/info/refs')).length).toBe(history ? 3 : 1);
      expect(readdirSync(work)).toEqual([]);
      const text = readFileSync(join(out, 'acme', 'api.json'), 'utf8') + r.stdout + r.stderr;
      for (const form of [TOKEN, basicCredentials(TOKEN), PLANTED]) expect(text.includes(form)).toBe(false);
    });
  }

  it('records a repository the token cannot clone, without prompting or printing the token', async () => {
    const other = 'ghs_otherTokenTheGitServerRejects0123456';
    const api2 = new FakeGitHub({ token: other, orgs: { acme: [{ full_name: 'acme/api', clone_url: `${gitServer.url}/api.git` }] } });
    await api2.start();
    try {
      const out = tempDir('sh-org-http-');
      const r = await cli(out, ['org', 'scan', '--repos', 'acme/api', '--out', '.'], { GITHUB_TOKEN: other, GITHUB_API_URL: api2.url });
      expect(r.code).toBe(2);
      const result = JSON.parse(readFileSync(join(out, 'acme', 'api.json'), 'utf8'));
      expect(result.error).toMatch(/^could not clone: git clone failed \(exit 128\): fatal: /);
      expect(JSON.stringify(result) + r.stderr).not.toContain(other);
      expect(JSON.stringify(result) + r.stderr).not.toContain(basicCredentials(other));
    } finally {
      await api2.stop();
    }
  });
});
