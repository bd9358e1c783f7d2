import { getOctokit } from '@actions/github';
import { connectionFailure, type ConnectionFailure } from './connection-failure.js';
import { redactToken } from './redact-token.js';

/** A repository as the organization listing gives it: only what filtering needs. */
export interface OrgRepository {
  /** `owner/name`. */
  fullName: string;
  fork: boolean;
  archived: boolean;
  topics: string[];
}

/** What scanning one repository needs from `GET /repos/{owner}/{repo}`. */
export interface RepositoryInfo {
  fullName: string;
  cloneUrl: string;
  htmlUrl: string;
}

/** The REST calls the org commands make; tests and other faces may pass their own. */
export interface GitHubClient {
  listOrgRepositories(org: string): Promise<OrgRepository[]>;
  getRepository(fullName: string): Promise<RepositoryInfo>;
}

/**
 * A GitHub API answer that ends the operation: a rejected token (401), an unknown organization
 * or repository (404), a refusal that is not a rate limit (403). The message names what to do;
 * it never holds the token.
 */
export class GitHubApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'GitHubApiError';
  }
}

export interface GitHubClientOptions {
  token: string;
  /** `GITHUB_API_URL` (GitHub Enterprise: `https://HOST/api/v3`); default https://api.github.com. */
  apiUrl?: string | undefined;
  /** Waits between retries; tests pass one that records instead of sleeping. */
  sleep?: (ms: number) => Promise<void>;
  /** Says why and how long it waits (a rate limit), once per wait. */
  onWait?: (message: string) => void;
  /** Current time in ms (for `x-ratelimit-reset`). */
  now?: () => number;
  /** Retries of one request after rate limits (server errors and connection failures retry fewer times, never more). */
  maxRetries?: number;
  /** How long one request may take before it counts as timed out. */
  timeoutMs?: number;
}

const DEFAULT_API_URL = 'https://api.github.com';
/** GitHub asks for at least a minute after a secondary rate limit that names no time. */
const SECONDARY_DEFAULT_WAIT_MS = 60_000;
/** A primary limit resets within the hour; a longer wait means a clock or header problem. */
const MAX_WAIT_MS = 65 * 60_000;
const DEFAULT_MAX_RETRIES = 6;
const SERVER_ERROR_RETRIES = 3;
/** A refused or dropped connection: two quick retries (a restart, a blip), then say what happened. */
const CONNECTION_RETRIES = 2;
const DEFAULT_TIMEOUT_MS = 30_000;

type Headers = Record<string, string | number | undefined>;

/**
 * How long to wait before retrying a failed request, or null when retrying cannot help.
 * GitHub's rules (docs: "Rate limits for the REST API"): a 403 or 429 with `retry-after` waits
 * that many seconds; with `x-ratelimit-remaining: 0`, until `x-ratelimit-reset` (epoch seconds);
 * a secondary rate limit naming no time waits at least a minute. Server errors back off briefly.
 */
export function retryDelay(status: number, headers: Headers, message: string, attempt: number, now: number): number | null {
  if (status === 403 || status === 429) {
    const retryAfter = Number(headers['retry-after']);
    if (headers['retry-after'] !== undefined && Number.isFinite(retryAfter) && retryAfter >= 0) return retryAfter * 1000;
    if (String(headers['x-ratelimit-remaining']) === '0' && headers['x-ratelimit-reset'] !== undefined) {
      const reset = Number(headers['x-ratelimit-reset']) * 1000;
      if (Number.isFinite(reset)) return Math.max(0, reset - now) + 1000;
    }
    if (/secondary rate limit|abuse/i.test(message)) return SECONDARY_DEFAULT_WAIT_MS;
    return null;
  }
  // Only a server's own answer: a connection failure (which Octokit also calls 500) is told apart first.
  if (status >= 500 && status <= 599 && attempt < SERVER_ERROR_RETRIES) return 2 ** attempt * 1000;
  return null;
}

interface RequestErrorLike {
  status?: number;
  message?: string;
  response?: { headers?: Headers; data?: unknown };
}

function responseMessage(err: RequestErrorLike): string {
  const data = err.response?.data as { message?: unknown } | undefined;
  return typeof data?.message === 'string' ? data.message : (err.message ?? 'no message');
}

/** A client over `@actions/github`'s Octokit, with retries on rate limits and server errors. */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const apiUrl = (options.apiUrl ?? '').trim() || DEFAULT_API_URL;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = options.now ?? Date.now;
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  const octokit = getOctokit(options.token, { baseUrl: apiUrl.replace(/\/+$/, '') });
  const clean = (text: string) => redactToken(text, options.token);

  const host = hostOf(apiUrl);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  /** Retries made before a request's final error, for its message. */
  const retriesMade = new WeakMap<object, number>();

  octokit.hook.wrap('request', async (request, requestOptions) => {
    for (let attempt = 0; ; attempt++) {
      try {
        // In place: the inner hooks are bound to this very object and ignore an argument.
        requestOptions.request = { ...requestOptions.request, signal: AbortSignal.timeout(timeoutMs) };
        return await request(requestOptions);
      } catch (err) {
        const e = err as RequestErrorLike;
        const status = e.status ?? 0;
        const failure = connectionFailure(err, host, timeoutMs);
        // The number of retries said ("retry N of M") is the number this kind of failure gets.
        let limit: number;
        let wait: number | null;
        let what: string;
        if (failure !== null) {
          limit = failure.retry ? Math.min(CONNECTION_RETRIES, maxRetries) : 0;
          wait = 2 ** attempt * 1000;
          what = failure.text;
        } else {
          limit = status >= 500 ? Math.min(SERVER_ERROR_RETRIES, maxRetries) : maxRetries;
          wait = retryDelay(status, e.response?.headers ?? {}, responseMessage(e), attempt, now());
          what = status >= 500 ? `GitHub API answered with a server error (${status})` : `GitHub API answered with a rate limit (${status}: ${clean(responseMessage(e))})`;
        }
        if (attempt >= limit || wait === null || wait > MAX_WAIT_MS) {
          if (typeof err === 'object' && err !== null) retriesMade.set(err, attempt);
          throw err;
        }
        options.onWait?.(`${what}; waiting ${Math.ceil(wait / 1000)} s before retry ${attempt + 1} of ${limit}.`);
        await sleep(wait);
      }
    }
  });

  const unreachable = (failure: ConnectionFailure, err: unknown, what: string): GitHubApiError => {
    const retries = typeof err === 'object' && err !== null ? (retriesMade.get(err) ?? 0) : 0;
    const tried = retries > 0 ? ` (after ${retries} ${retries === 1 ? 'retry' : 'retries'})` : '';
    return new GitHubApiError(`${what}: ${failure.text}${tried}. Check the network, and GITHUB_API_URL (now ${apiUrl}).`, 0);
  };

  const fail = (err: unknown, what: string, notFound: string): never => {
    const e = err as RequestErrorLike;
    const status = e.status ?? 0;
    const failure = connectionFailure(err, host, timeoutMs);
    if (failure !== null) throw unreachable(failure, err, what);
    const message = clean(responseMessage(e));
    if (status === 401) {
      throw new GitHubApiError(
        `the token was rejected (401 ${message}) at ${apiUrl}. Set GITHUB_TOKEN to a valid token: a fine-grained token with read-only Metadata and Contents access to the organization's repositories, or a GitHub App installation token.`,
        401,
      );
    }
    if (status === 404) throw new GitHubApiError(notFound, 404);
    if (status === 403) throw new GitHubApiError(`${what}: forbidden (403 ${message}). Does the token have read access to it?`, 403);
    if (status === 0) throw new GitHubApiError(`${what}: cannot reach ${apiUrl}: ${clean(e.message ?? String(err))}. Check GITHUB_API_URL and the network.`, 0);
    throw new GitHubApiError(`${what}: GitHub API error ${status} (${message}).`, status);
  };

  return {
    async listOrgRepositories(org) {
      try {
        const repos = await octokit.paginate(octokit.rest.repos.listForOrg, { org, type: 'all', per_page: 100 });
        return repos.map((r) => ({ fullName: r.full_name, fork: r.fork, archived: r.archived === true, topics: [...(r.topics ?? [])] }));
      } catch (err) {
        return fail(err, `listing the repositories of '${org}'`, `organization '${org}' was not found at ${apiUrl} (404), or the token cannot see it. Check --org, and that the token's resource owner is the organization.`);
      }
    },
    async getRepository(fullName) {
      const [owner = '', repo = ''] = fullName.split('/');
      try {
        const { data } = await octokit.rest.repos.get({ owner, repo });
        return { fullName: data.full_name, cloneUrl: data.clone_url, htmlUrl: data.html_url };
      } catch (err) {
        return fail(err, `reading ${fullName}`, `repository ${fullName} was not found (404), or the token cannot read it.`);
      }
    },
  };
}

/** host[:port] of the API URL, for messages; the URL itself when it does not parse. */
function hostOf(apiUrl: string): string {
  try {
    return new URL(apiUrl).host;
  } catch {
    return apiUrl;
  }
}
