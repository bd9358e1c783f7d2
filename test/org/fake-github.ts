import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A repository as the fake API serves it. */
export interface FakeRepo {
  full_name: string;
  fork?: boolean;
  archived?: boolean;
  topics?: string[];
  clone_url?: string;
}

export interface FakeGitHubOptions {
  /** The only token the API accepts (`Authorization: token X`); anything else is a 401. */
  token: string;
  orgs: Record<string, FakeRepo[]>;
  /** Repositories per page of an organization listing (GitHub's is per_page, up to 100). */
  pageSize?: number;
  /** Answer the first request whose path and query equal this with a secondary rate limit (403, retry-after: 1). */
  rateLimitOnce?: string;
}

export interface RecordedRequest {
  method: string;
  url: string;
  authorization: string | undefined;
  status: number;
}

/**
 * A small GitHub REST API on 127.0.0.1 (no network): organization listings paginated with Link
 * headers, repository lookups, Bad credentials for any other token, 404 for unknown names, and
 * one secondary-rate-limit answer on demand.
 */
export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  url = '';
  private server: Server | null = null;
  private rateLimited = false;

  constructor(private readonly options: FakeGitHubOptions) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        this.requests.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, status });
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      };
      if (req.headers.authorization !== `token ${this.options.token}`) {
        send(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
        return;
      }
      if (this.options.rateLimitOnce === url.pathname + url.search && !this.rateLimited) {
        this.rateLimited = true;
        send(403, { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' }, { 'retry-after': '1' });
        return;
      }
      const orgMatch = /^\/orgs\/([^/]+)\/repos$/.exec(url.pathname);
      if (req.method === 'GET' && orgMatch) {
        const repos = this.options.orgs[decodeURIComponent(orgMatch[1] ?? '')];
        if (!repos) {
          send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest/repos/repos#list-organization-repositories' });
          return;
        }
        const size = this.options.pageSize ?? 100;
        const page = Number(url.searchParams.get('page') ?? '1');
        const pages = Math.max(1, Math.ceil(repos.length / size));
        const link = (p: number) => {
          const u = new URL(`${this.url}${url.pathname}`);
          u.searchParams.set('type', url.searchParams.get('type') ?? 'all');
          u.searchParams.set('page', String(p));
          return u.toString();
        };
        const rels = [page < pages && `<${link(page + 1)}>; rel="next"`, `<${link(pages)}>; rel="last"`].filter(Boolean).join(', ');
        send(200, repos.slice((page - 1) * size, page * size).map((r) => this.listing(r)), { link: rels });
        return;
      }
      const repoMatch = /^\/repos\/([^/]+)\/([^/]+)$/.exec(url.pathname);
      if (req.method === 'GET' && repoMatch) {
        const name = `${repoMatch[1]}/${repoMatch[2]}`;
        const repo = Object.values(this.options.orgs).flat().find((r) => r.full_name === name);
        if (!repo) send(404, { message: 'Not Found' });
        else send(200, { ...this.listing(repo), default_branch: 'main' });
        return;
      }
      send(404, { message: 'Not Found' });
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  private listing(r: FakeRepo) {
    const [owner = '', name = ''] = r.full_name.split('/');
    return {
      name,
      full_name: r.full_name,
      owner: { login: owner },
      fork: r.fork === true,
      archived: r.archived === true,
      topics: r.topics ?? [],
      clone_url: r.clone_url ?? `https://github.example/${r.full_name}.git`,
      html_url: `https://github.example/${r.full_name}`,
    };
  }
}
