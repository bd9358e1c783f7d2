import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Git's smart HTTP protocol on 127.0.0.1, served by `git http-backend` (CGI) over a directory of
 * bare repositories: what github.com does for clone_url, offline. Every request must carry
 * exactly `Authorization: <expected>`; anything else gets a 401 challenge.
 */
export class GitHttpServer {
  readonly requests: { url: string; authorization: string | undefined; status: number }[] = [];
  url = '';
  private server: Server | null = null;

  constructor(
    private readonly projectRoot: string,
    private readonly authorization: string,
  ) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (req.headers.authorization !== this.authorization) {
        this.requests.push({ url: req.url ?? '', authorization: req.headers.authorization, status: 401 });
        res.writeHead(401, { 'www-authenticate': 'Basic realm="git"' });
        res.end();
        return;
      }
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        GIT_PROJECT_ROOT: this.projectRoot,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: url.pathname,
        QUERY_STRING: url.search.slice(1),
        REQUEST_METHOD: req.method ?? 'GET',
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        REMOTE_USER: 'x-access-token',
        REMOTE_ADDR: '127.0.0.1',
        GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
        HTTP_CONTENT_ENCODING: String(req.headers['content-encoding'] ?? ''),
      };
      const cgi = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'ignore'] });
      req.pipe(cgi.stdin);
      const out: Buffer[] = [];
      cgi.stdout.on('data', (d: Buffer) => out.push(d));
      cgi.on('close', () => {
        const all = Buffer.concat(out);
        const end = all.indexOf('\r\n\r\n');
        const head = all.subarray(0, end).toString('latin1');
        const headers: Record<string, string> = {};
        let status = 200;
        for (const line of head.split('\r\n')) {
          const i = line.indexOf(':');
          const [k, v] = [line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim()];
          if (k === 'status') status = Number(v.split(' ')[0]);
          else if (k) headers[k] = v;
        }
        this.requests.push({ url: req.url ?? '', authorization: req.headers.authorization, status });
        res.writeHead(status, headers);
        res.end(all.subarray(end + 4));
      });
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
