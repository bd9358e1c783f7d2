import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retryDelay } from '../../src/org/api.js';
import { isRepositoryName, MAX_MATRIX_JOBS, selectRepositories, shardRepositories, splitList } from '../../src/org/list.js';
import { cli } from '../helpers/cli.js';
import { FakeGitHub } from './fake-github.js';

const TOKEN = 'gho_fakeOrgAuditToken0123456789abcdefXYZ';

const names = (n: number) => Array.from({ length: n }, (_, i) => `acme/r${String(i).padStart(5, '0')}`);

describe('shardRepositories', () => {
  it('is empty for no repositories', () => {
    expect(shardRepositories([])).toEqual({ shardSize: 0, isRaised: false, include: [] });
  });
  it('keeps order and balances shards', () => {
    const s = shardRepositories(['a/1', 'a/2', 'a/3', 'a/4', 'a/5'], 2);
    expect(s.include).toEqual([
      { shard: 1, repos: 'a/1,a/2' },
      { shard: 2, repos: 'a/3,a/4' },
      { shard: 3, repos: 'a/5' },
    ]);
    expect(s.shardSize).toBe(2);
  });
  it('never makes more than 256 shards, raising the requested size', () => {
    const s = shardRepositories(names(10_000), 10);
    expect(s.include.length).toBeLessThanOrEqual(MAX_MATRIX_JOBS);
    expect(s.isRaised).toBe(true);
    expect(s.shardSize).toBe(40);
    expect(s.include.flatMap((x) => x.repos.split(','))).toEqual(names(10_000));
    const one = shardRepositories(names(257), 1);
    expect(one.include).toHaveLength(129);
  });
  it('honours a size that fits', () => {
    const s = shardRepositories(names(100), 25);
    expect(s.include).toHaveLength(4);
    expect(s.isRaised).toBe(false);
  });
});

describe('selectRepositories', () => {
  const repos = [
    { fullName: 'acme/api', fork: false, archived: false, topics: ['backend'] },
    { fullName: 'acme/fork-of-x', fork: true, archived: false, topics: [] },
    { fullName: 'acme/old', fork: false, archived: true, topics: ['backend'] },
    { fullName: 'acme/legacy-web', fork: false, archived: false, topics: ['frontend'] },
    { fullName: 'acme/Billing', fork: false, archived: false, topics: ['Backend'] },
  ];
  const none = { includeForks: false, includeArchived: false, topics: [], exclude: [] };
  it('leaves out forks and archived repositories by default, sorted by name', () => {
    const s = selectRepositories(repos, none);
    expect(s.repositories).toEqual(['acme/Billing', 'acme/api', 'acme/legacy-web']);
    expect(s.left).toEqual({ forks: 1, archived: 1, topic: 0, excluded: 0 });
  });
  it('includes them when asked', () => {
    expect(selectRepositories(repos, { ...none, includeForks: true, includeArchived: true }).repositories).toHaveLength(5);
  });
  it('filters by topic (any, case-insensitive) and excludes by glob over owner/name or name', () => {
    expect(selectRepositories(repos, { ...none, topics: ['backend'] }).repositories).toEqual(['acme/Billing', 'acme/api']);
    expect(selectRepositories(repos, { ...none, exclude: ['legacy-*'] }).repositories).toEqual(['acme/Billing', 'acme/api']);
    expect(selectRepositories(repos, { ...none, exclude: ['acme/{api,billing}'] }).repositories).toEqual(['acme/legacy-web']);
  });
});

describe('helpers', () => {
  it('splits lists on commas and spaces, not inside braces', () => {
    expect(splitList(['a,b  c', 'acme/{x,y}', '', '\nd\n'])).toEqual(['a', 'b', 'c', 'acme/{x,y}', 'd']);
  });
  it('accepts owner/name only', () => {
    expect(isRepositoryName('acme/api.v2')).toBe(true);
    for (const bad of ['acme', 'acme/../x', 'acme/..', '../x', 'a/b/c', 'acme/a b', '-x/y;rm']) expect(isRepositoryName(bad), bad).toBe(false);
  });
  it('computes rate-limit waits from GitHub headers', () => {
    expect(retryDelay(403, { 'retry-after': '1' }, 'secondary rate limit', 0, 0)).toBe(1000);
    expect(retryDelay(429, { 'retry-after': '30' }, '', 0, 0)).toBe(30_000);
    expect(retryDelay(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '100' }, 'API rate limit exceeded', 0, 95_000)).toBe(6000);
    expect(retryDelay(403, {}, 'You have exceeded a secondary rate limit', 0, 0)).toBe(60_000);
    expect(retryDelay(403, {}, 'Resource not accessible by integration', 0, 0)).toBeNull();
    expect(retryDelay(404, {}, 'Not Found', 0, 0)).toBeNull();
    expect(retryDelay(502, {}, '', 2, 0)).toBe(4000);
    expect(retryDelay(500, {}, '', 3, 0)).toBeNull();
  });
});

describe('org list against a fake GitHub API', () => {
  const api = new FakeGitHub({
    token: TOKEN,
    pageSize: 2,
    rateLimitOnce: '/orgs/acme/repos?type=all&page=2',
    orgs: {
      acme: [
        { full_name: 'acme/web' },
        { full_name: 'acme/api', topics: ['backend'] },
        { full_name: 'acme/forked-lib', fork: true },
        { full_name: 'acme/attic', archived: true },
        { full_name: 'acme/billing', topics: ['backend'] },
        { full_name: 'acme/legacy-admin' },
        { full_name: 'acme/docs' },
      ],
    },
  });
  beforeAll(() => api.start());
  afterAll(() => api.stop());
  const env = () => ({ GITHUB_TOKEN: TOKEN, GITHUB_API_URL: api.url });

  it('follows Link pages, waits out a secondary rate limit, filters and shards', async () => {
    const r = await cli('/', ['org', 'list', '--org', 'acme', '--shard-size', '2', '--exclude', 'legacy-*'], env());
    expect(r.stderr).toContain('secondary rate limit');
    expect(r.stderr).toContain('waiting 1 s');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      include: [
        { shard: 1, repos: 'acme/api,acme/billing' },
        { shard: 2, repos: 'acme/docs,acme/web' },
      ],
    });
    expect(r.stderr).toContain('4 of 7 repositories (left out: 1 fork, 1 archived, 1 excluded), 2 shards of up to 2');
    const pages = api.requests.filter((q) => q.url.startsWith('/orgs/acme/repos'));
    expect(pages.map((q) => q.status)).toEqual([200, 403, 200, 200, 200]);
    expect(api.requests.every((q) => !q.url.includes(TOKEN))).toBe(true);
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });

  it('keeps forks and archived repositories on request, and filters by topic', async () => {
    const all = await cli('/', ['org', 'list', '--org', 'acme', '--include-forks', '--include-archived'], env());
    expect(JSON.parse(all.stdout).include).toEqual([{ shard: 1, repos: 'acme/api,acme/attic,acme/billing,acme/docs,acme/forked-lib,acme/legacy-admin,acme/web' }]);
    const topic = await cli('/', ['org', 'list', '--org', 'acme', '--topic', 'backend'], env());
    expect(JSON.parse(topic.stdout).include).toEqual([{ shard: 1, repos: 'acme/api,acme/billing' }]);
  });

  it('fails clearly on an unknown organization (exit 2)', async () => {
    const r = await cli('/', ['org', 'list', '--org', 'nope'], env());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("organization 'nope' was not found");
    expect(r.stdout).toBe('');
  });

  it('fails clearly on a bad token (exit 2), without printing it', async () => {
    const wrong = 'gho_wrongTokenValue9876543210zyxwvu';
    const r = await cli('/', ['org', 'list', '--org', 'acme'], { GITHUB_TOKEN: wrong, GITHUB_API_URL: api.url });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('token was rejected (401 Bad credentials)');
    expect(r.stderr + r.stdout).not.toContain(wrong);
  });

  it('asks for GITHUB_TOKEN and checks its options', async () => {
    const noToken = await cli('/', ['org', 'list', '--org', 'acme'], { GITHUB_API_URL: api.url });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('set GITHUB_TOKEN');
    expect((await cli('/', ['org', 'list'], env())).stderr).toContain('--org takes');
    expect((await cli('/', ['org', 'list', '--org', 'acme', '--shard-size', '0'], env())).stderr).toContain('--shard-size takes');
    expect((await cli('/', ['org', 'list', '--help'], env())).stdout).toContain('--include-forks');
    expect((await cli('/', ['org', 'nope'], env())).code).toBe(2);
  });
});
