import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasSimulator, makeRepo, runActionAsync } from '../helpers/gha.js';

/**
 * The committed Action posting fixes as one-click suggestions to a recorded GitHub API: a fake
 * REST server on 127.0.0.1 (no network) that keeps review comments like GitHub does.
 */
interface Comment {
  id: number;
  body: string;
  path: string;
  line: number;
}

const PLANTED = 'Tz8-default-kq2w-planted';
let server: Server;
let api = '';
const comments: Comment[] = [];
const reviews: { body: string; commit_id: string; comments: { path: string; line: number; side: string; body: string }[] }[] = [];
let nextId = 1;

async function body(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text ? JSON.parse(text) : {};
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      res.setHeader('content-type', 'application/json');
      if (req.method === 'GET' && /\/repos\/acme\/api\/pulls\/1\/comments$/.test(url.pathname)) {
        res.end(JSON.stringify(comments.map((c) => ({ ...c, original_line: c.line }))));
      } else if (req.method === 'POST' && /\/repos\/acme\/api\/pulls\/1\/reviews$/.test(url.pathname)) {
        const r = (await body(req)) as (typeof reviews)[number];
        reviews.push(r);
        for (const c of r.comments) comments.push({ id: nextId++, body: c.body, path: c.path, line: c.line });
        res.end(JSON.stringify({ id: reviews.length }));
      } else if (req.method === 'PATCH' && /\/pulls\/comments\/\d+$/.test(url.pathname)) {
        const id = Number(url.pathname.split('/').pop());
        const c = comments.find((x) => x.id === id);
        if (c) c.body = ((await body(req)) as { body: string }).body;
        res.end(JSON.stringify(c ?? {}));
      } else if (req.method === 'DELETE' && /\/pulls\/comments\/\d+$/.test(url.pathname)) {
        const id = Number(url.pathname.split('/').pop());
        comments.splice(comments.findIndex((x) => x.id === id), 1);
        res.statusCode = 204;
        res.end();
      } else {
        res.statusCode = 404;
        res.end(JSON.stringify({ message: 'Not Found' }));
      }
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe.skipIf(!hasSimulator)('Action suggestions', () => {
  it('posts one review of suggestion blocks, exact and secret-free, and does not duplicate on a re-run', async () => {
    const repo = makeRepo();
    repo.commit({ 'app/settings.py': 'import os\n\nDEBUG = False\n' }, 'base');
    repo.branch('feature');
    repo.commit({ 'app/settings.py': `import os\n\nJWT_SECRET_KEY = os.getenv("JWT_SECRET_KEY", "${PLANTED}")\nDEBUG = False\n` }, 'feature');
    const args = ['--event', 'pull_request', '--base', 'main', '--head', 'feature', '--checkout', 'shallow', '--repository', 'acme/api', '--input', 'suggestions=true', '--env', `GITHUB_API_URL=${api}`, '--forbid', PLANTED];
    const first = await runActionAsync(repo.dir, args);
    expect(first.violations.filter((v) => v.severity === 'error')).toEqual([]);
    expect(reviews).toHaveLength(1);
    expect(reviews[0]?.comments).toHaveLength(1);
    const c = reviews[0]?.comments[0];
    expect(c?.path).toBe('app/settings.py');
    expect(c?.line).toBe(3);
    expect(c?.side).toBe('RIGHT');
    expect(c?.body).toContain('```suggestion\nJWT_SECRET_KEY = os.environ["JWT_SECRET_KEY"]\n```');
    expect(JSON.stringify(reviews)).not.toContain(PLANTED);
    expect(first.summary.markdown).toContain('one-click suggestions');

    const second = await runActionAsync(repo.dir, args);
    expect(second.violations.filter((v) => v.severity === 'error')).toEqual([]);
    expect(reviews).toHaveLength(1);
    expect(comments).toHaveLength(1);
  });
});
