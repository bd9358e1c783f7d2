import { spawn } from 'node:child_process';
import dns from 'node:dns';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubClient, GitHubApiError } from '../../src/org/api.js';
import { CLI_BUNDLE, cli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

/**
 * Requests that get no answer: a port nothing listens on, a host name that does not resolve, a
 * server that never answers; and servers that answer 502 or rate limits forever. All on 127.0.0.1
 * or with name lookup replaced (test/org/no-dns.mjs): no network.
 */
const TOKEN = 'ghp_plantedConnToken0123456789ABCDEFabcdef';

/** A port that was free a moment ago: connecting to it is refused. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const servers: Server[] = [];
async function serve(handler: (res: ServerResponse) => void): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  const s = createServer((_req, res) => {
    hits++;
    handler(res);
  });
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, hits: () => hits };
}
afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
});

/** The API client with its waits recorded instead of slept. */
function client(apiUrl: string, extra: { timeoutMs?: number } = {}) {
  const waits: number[] = [];
  const said: string[] = [];
  const c = createGitHubClient({ token: TOKEN, apiUrl, sleep: async (ms) => void waits.push(ms), onWait: (m) => said.push(m), ...extra });
  return { c, waits, said };
}

async function failure(p: Promise<unknown>): Promise<GitHubApiError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GitHubApiError);
  return err as GitHubApiError;
}

describe('GitHub API client: failures without an answer say what happened', () => {
  it('a refused connection: two retries, announced as 1 of 2 and 2 of 2, then the reason', async () => {
    const port = await closedPort();
    const { c, waits, said } = client(`http://127.0.0.1:${port}`);
    const err = await failure(c.listOrgRepositories('acme'));
    expect(err.message).toBe(`listing the repositories of 'acme': connection refused by 127.0.0.1:${port} (after 2 retries). Check the network, and GITHUB_API_URL (now http://127.0.0.1:${port}).`);
    expect(said).toEqual([
      `connection refused by 127.0.0.1:${port}; waiting 1 s before retry 1 of 2.`,
      `connection refused by 127.0.0.1:${port}; waiting 2 s before retry 2 of 2.`,
    ]);
    expect(waits).toEqual([1000, 2000]);
  });

  it('a server that never answers: timed out, retried twice', async () => {
    const silent = await serve(() => undefined);
    const { c, said } = client(silent.url, { timeoutMs: 200 });
    const err = await failure(c.getRepository('acme/api'));
    const host = new URL(silent.url).host;
    expect(err.message).toContain(`reading acme/api: no answer from ${host} (timed out after 200 ms) (after 2 retries).`);
    expect(said).toHaveLength(2);
    expect(silent.hits()).toBe(3);
  });

  it('a server error is a server error: three retries, said as N of 3, and the request is made four times', async () => {
    const bad = await serve((res) => {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end('{"message":"Bad Gateway"}');
    });
    const { c, waits, said } = client(bad.url);
    const err = await failure(c.listOrgRepositories('acme'));
    expect(err.message).toContain('GitHub API error 502');
    expect(said.map((m) => m.replace(/.*(retry \d+ of \d+)\.$/, '$1'))).toEqual(['retry 1 of 3', 'retry 2 of 3', 'retry 3 of 3']);
    expect(said[0]).toContain('server error (502)');
    expect(waits).toEqual([1000, 2000, 4000]);
    expect(bad.hits()).toBe(4);
  });

  it('a rate limit that never lifts: retry N of the configured maximum, exactly that many', async () => {
    const limited = await serve((res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '0' });
      res.end('{"message":"API rate limit exceeded"}');
    });
    const waits: number[] = [];
    const said: string[] = [];
    const c = createGitHubClient({ token: TOKEN, apiUrl: limited.url, maxRetries: 4, sleep: async (ms) => void waits.push(ms), onWait: (m) => said.push(m) });
    await failure(c.getRepository('acme/api'));
    expect(said.map((m) => /retry (\d+ of \d+)/.exec(m)?.[1])).toEqual(['1 of 4', '2 of 4', '3 of 4', '4 of 4']);
    expect(limited.hits()).toBe(5);
  });

  describe('an unknown host name (lookups fail as ENOTFOUND, no name server asked)', () => {
    const original = dns.lookup;
    let lookups: string[] = [];
    beforeAll(() => {
      (dns as { lookup: unknown }).lookup = (hostname: string, options: unknown, callback?: (err: Error) => void) => {
        lookups.push(hostname);
        const cb = (typeof options === 'function' ? options : callback) as (err: Error) => void;
        process.nextTick(() => cb(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', syscall: 'getaddrinfo', hostname })));
      };
    });
    afterEach(() => void (lookups = []));
    afterAll(() => void ((dns as { lookup: unknown }).lookup = original));

    it('says it could not resolve the host, and does not retry what cannot change', async () => {
      const { c, said } = client('https://api.github.com');
      const err = await failure(c.listOrgRepositories('acme'));
      expect(err.message).toBe("listing the repositories of 'acme': could not resolve api.github.com (no such host name). Check the network, and GITHUB_API_URL (now https://api.github.com).");
      expect(said).toEqual([]);
      expect(lookups).toEqual(['api.github.com']);
    });

    it('org list (the CLI, default API URL): exit 2 with that line, never "server error (500)"', async () => {
      const r = await cli('/', ['org', 'list', '--org', 'acme'], { GITHUB_TOKEN: TOKEN });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe("secret-hygiene org list: listing the repositories of 'acme': could not resolve api.github.com (no such host name). Check the network, and GITHUB_API_URL (now https://api.github.com).\n");
      expect(r.stdout).toBe('');
    });
  });
});

describe('org scan exits 2 when a repository could not be scanned', () => {
  it('records the reason per repository (in-process CLI)', async () => {
    const port = await closedPort();
    const out = tempDir('sh-org-conn-');
    const r = await cli(out, ['org', 'scan', '--repos', 'acme/api', '--out', 'results'], { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: `http://127.0.0.1:${port}` });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`[1/1] acme/api: could not be scanned: reading acme/api: connection refused by 127.0.0.1:${port} (after 2 retries).`);
    expect(r.stderr).toContain('0 of 1 repositories scanned, 1 could not be scanned');
    expect(r.stderr).not.toMatch(/server error|\(500\)/);
    expect(JSON.parse(readFileSync(join(out, 'results', 'acme', 'api.json'), 'utf8')).error).toContain('connection refused by');
  });
});

// CI rebuilds dist/ before the tests; a checkout whose dist/ predates these messages skips them.
// The org commands live in a chunk the bundle loads on demand, so every chunk is looked at.
const bundleDir = dirname(CLI_BUNDLE);
const bundleKnows = existsSync(bundleDir) && readdirSync(bundleDir).some((f) => f.endsWith('.js') && readFileSync(join(bundleDir, f), 'utf8').includes('connection refused by'));

function bundle(cwd: string, args: string[], env: NodeJS.ProcessEnv, nodeArgs: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [...nodeArgs, CLI_BUNDLE, ...args], { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR, ...env } });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => void (stdout += d.toString('utf8')));
    proc.stderr.on('data', (d: Buffer) => void (stderr += d.toString('utf8')));
    proc.on('error', reject);
    proc.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe.skipIf(!bundleKnows)('the built CLI, as a user or the workflow runs it', () => {
  it('org list against a port nothing listens on: the retries said, then connection refused, exit 2', async () => {
    const port = await closedPort();
    const r = await bundle('/', ['org', 'list', '--org', 'acme'], { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: `http://127.0.0.1:${port}` });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      `secret-hygiene: connection refused by 127.0.0.1:${port}; waiting 1 s before retry 1 of 2.`,
      `secret-hygiene: connection refused by 127.0.0.1:${port}; waiting 2 s before retry 2 of 2.`,
      `secret-hygiene org list: listing the repositories of 'acme': connection refused by 127.0.0.1:${port} (after 2 retries). Check the network, and GITHUB_API_URL (now http://127.0.0.1:${port}).`,
    ]);
    expect(r.stdout).toBe('');
  });

  it('org list and org scan where api.github.com does not resolve: said so, no retry, exit 2', async () => {
    const noDns = ['--import', join(import.meta.dirname, 'no-dns.mjs')];
    const list = await bundle('/', ['org', 'list', '--org', 'acme'], { GITHUB_TOKEN: TOKEN }, noDns);
    expect(list.code).toBe(2);
    expect(list.stderr).toBe("secret-hygiene org list: listing the repositories of 'acme': could not resolve api.github.com (no such host name). Check the network, and GITHUB_API_URL (now https://api.github.com).\n");
    const out = tempDir('sh-org-conn-');
    const scan = await bundle(out, ['org', 'scan', '--repos', 'acme/api,acme/web', '--out', 'results'], { GITHUB_TOKEN: TOKEN }, noDns);
    expect(scan.code).toBe(2);
    expect(scan.stderr).toContain('[2/2] acme/web: could not be scanned: reading acme/web: could not resolve api.github.com (no such host name).');
    expect(scan.stderr).toContain('0 of 2 repositories scanned, 2 could not be scanned');
    expect(existsSync(join(out, 'results', 'acme', 'web.json'))).toBe(true);
    expect(scan.stdout + scan.stderr).not.toContain(TOKEN);
  });
});
