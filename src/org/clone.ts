import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { basicCredentials, redactToken, tokenForms } from './redact-token.js';

export interface CloneOptions {
  /** The repository's `clone_url` (https; http and file:// for tests and mirrors). */
  url: string;
  /** Where to clone (must not exist yet, or be empty). */
  dir: string;
  /** Sent as an HTTP header, never in the URL; none for public repositories. */
  token?: string | undefined;
  /**
   * A blobless partial clone of every ref (history audits) instead of a depth-1 clone of the
   * default branch; the blobs of the paths `isScannable` accepts are then fetched in one batch.
   */
  history: boolean;
  isScannable?: (path: string) => boolean;
  timeoutMs?: number;
}

/** A clone that failed; the message holds git's own reason, never the token. */
export class CloneError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CloneError';
  }
}

const CLONE_TIMEOUT_MS = 30 * 60_000;
const SCHEMES = new Set(['https:', 'http:', 'file:']);

/**
 * Clones a repository for scanning and returns its HEAD commit (null for an empty repository).
 *
 * The token travels as `http.<origin>/.extraHeader` (`Authorization: Basic` of
 * `x-access-token:TOKEN`, what GitHub accepts for installation and personal tokens), set through
 * GIT_CONFIG_COUNT/KEY/VALUE: it is not in the URL, not on git's command line (so not in `ps`),
 * not written to `.git/config`, and only sent to the clone URL's own host.
 */
export async function cloneRepository(options: CloneOptions): Promise<{ commit: string | null }> {
  const url = parseCloneUrl(options.url);
  const env = gitEnv(url, options.token, process.env);
  const run = (args: string[], cwd: string, input?: string) => runGit(args, { cwd, env, token: options.token, timeoutMs: options.timeoutMs ?? CLONE_TIMEOUT_MS, ...(input !== undefined ? { input } : {}) });
  const args = options.history ? ['clone', '--quiet', '--filter=blob:none'] : ['clone', '--quiet', '--depth', '1', '--no-tags'];
  await run([...args, '--', options.url, options.dir], process.cwd());
  await checkNoTokenOnDisk(options.dir, options.token);
  if (options.history && options.isScannable) await fetchScannableBlobs(options.dir, options.isScannable, run);
  const head = (await run(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], options.dir).catch(() => '')).trim();
  return { commit: /^[0-9a-f]{40,64}$/.test(head) ? head : null };
}

function parseCloneUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CloneError(`the clone URL '${raw}' is not a URL.`);
  }
  if (!SCHEMES.has(url.protocol)) throw new CloneError(`the clone URL's scheme '${url.protocol}' is not supported (https, http or file).`);
  if (url.username !== '' || url.password !== '') throw new CloneError('the clone URL carries credentials; refusing to use it (the token is sent as a header instead).');
  return url;
}

/**
 * The environment git runs in: the process's, without tracing (GIT_TRACE_CURL would print the
 * header), with prompts and credential helpers off, and the header scoped to the clone's origin.
 */
export function gitEnv(url: URL, token: string | undefined, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(base)) {
    if (/^GIT_(TRACE|CURL_VERBOSE|CONFIG_(COUNT|KEY_|VALUE_|PARAMETERS))/.test(k)) continue;
    env[k] = v;
  }
  const config: [string, string][] = [['credential.helper', '']];
  if (token && (url.protocol === 'https:' || url.protocol === 'http:')) {
    config.push([`http.${url.protocol}//${url.host}/.extraHeader`, `Authorization: Basic ${basicCredentials(token)}`]);
  }
  env.GIT_TERMINAL_PROMPT = '0';
  env.GIT_CONFIG_COUNT = String(config.length);
  config.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key;
    env[`GIT_CONFIG_VALUE_${i}`] = value;
  });
  return env;
}

/** Defence in depth: the clone's configuration (its remote URL) must not hold the token in any form. */
async function checkNoTokenOnDisk(dir: string, token: string | undefined): Promise<void> {
  if (!token) return;
  const config = await readFile(join(dir, '.git', 'config'), 'utf8');
  if (tokenForms(token).some((form) => config.includes(form))) throw new CloneError(`the clone's .git/config holds the token; the clone was not used.`);
}

type Run = (args: string[], cwd: string, input?: string) => Promise<string>;

/**
 * A blobless clone fetches a missing blob the moment a command reads it, one request per blob
 * and without the header (the engine's git processes do not carry it). So the blobs every history
 * commit records under a scannable path are fetched here, in one request, as git's own lazy fetch
 * would (`fetch --stdin` of object ids).
 */
async function fetchScannableBlobs(dir: string, isScannable: (path: string) => boolean, run: Run): Promise<void> {
  const log = await run(['log', '--all', '--format=', '--raw', '-z', '-c', '--no-renames', '--root', '--no-abbrev', '--no-color', '--no-ext-diff', '--no-textconv'], dir);
  const wanted = new Set<string>();
  const tokens = log.split('\0');
  for (let i = 0; i < tokens.length - 1; i++) {
    const meta = (tokens[i] ?? '').replace(/^\n+/, '');
    if (!meta.startsWith(':')) continue;
    const path = tokens[++i] ?? '';
    const parts = meta.replace(/^:+/, '').split(' ');
    const ids = parts.filter((p) => /^[0-9a-f]{40,64}$/.test(p));
    const modes = parts.filter((p) => /^[0-7]{6}$/.test(p));
    const blob = ids[ids.length - 1] ?? '';
    const mode = modes[modes.length - 1] ?? '';
    if ((mode === '100644' || mode === '100755') && !/^0+$/.test(blob) && isScannable(path)) wanted.add(blob);
  }
  if (wanted.size === 0) return;
  const missing = (await run(['rev-list', '--objects', '--all', '--missing=print'], dir))
    .split('\n')
    .filter((l) => l.startsWith('?'))
    .map((l) => l.slice(1).trim())
    .filter((id) => wanted.has(id));
  if (missing.length === 0) return;
  await run(['-c', 'fetch.negotiationAlgorithm=noop', 'fetch', '--quiet', '--no-tags', '--no-write-fetch-head', '--recurse-submodules=no', '--filter=blob:none', '--stdin', 'origin'], dir, missing.join('\n') + '\n');
}

function runGit(args: string[], o: { cwd: string; env: NodeJS.ProcessEnv; token: string | undefined; timeoutMs: number; input?: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const proc = spawn('git', args, { cwd: o.cwd, env: o.env, stdio: ['pipe', 'pipe', 'pipe'], timeout: o.timeoutMs });
    const out: Buffer[] = [];
    let err = '';
    proc.stdout.on('data', (d: Buffer) => out.push(d));
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (d: string) => void (err = (err + d).slice(-8000)));
    proc.on('error', (e) => reject(new CloneError(`cannot run git: ${e.message}`)));
    proc.on('close', (code, signal) => {
      if (code === 0) {
        resolve(Buffer.concat(out).toString('utf8'));
        return;
      }
      const reason = gitReason(err) || (signal ? `killed by ${signal}${signal === 'SIGTERM' ? ' (timed out)' : ''}` : 'no message');
      reject(new CloneError(redactToken(`git ${args.find((a) => !a.startsWith('-') && !a.includes('=')) ?? ''} failed (exit ${code ?? signal}): ${reason}`, o.token)));
    });
    proc.stdin.on('error', () => undefined);
    proc.stdin.end(o.input ?? '');
  });
}

/** git's fatal/error lines, else its last line: what a person needs to see why it failed. */
function gitReason(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const important = lines.filter((l) => /^(fatal|error):/.test(l));
  return (important.length > 0 ? important : lines.slice(-1)).join(' ').slice(0, 500);
}
