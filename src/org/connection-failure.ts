/**
 * What went wrong when a request never got an answer. Octokit reports every such failure as
 * "status 500" with no response; the reason is in the error's `cause` chain (undici's `fetch
 * failed` wrapping the socket's error, or the abort signal's TimeoutError). People need the
 * reason, not a made-up server error: a typo in GITHUB_API_URL, a proxy, a firewall.
 */
export interface ConnectionFailure {
  /** Says what happened, naming the host (never a URL with credentials: the API URL has none). */
  text: string;
  /** Whether trying again can help (a name that does not exist, or a bad certificate, will not change). */
  retry: boolean;
}

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  status?: unknown;
  response?: unknown;
  cause?: unknown;
}

const DNS_PERMANENT = new Set(['ENOTFOUND', 'EAI_NONAME', 'EAI_NODATA']);
const DNS_TEMPORARY = new Set(['EAI_AGAIN', 'EAI_FAIL']);
const TIMEOUTS = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const RESETS = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ECONNABORTED']);
const UNREACHABLE = new Set(['ENETUNREACH', 'EHOSTUNREACH', 'EHOSTDOWN', 'ENETDOWN']);

/** The errors of the cause chain, outermost first (bounded: a cycle or a deep chain stops it). */
function chain(err: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  let e: unknown = err;
  while (typeof e === 'object' && e !== null && out.length < 8 && !out.includes(e as ErrorLike)) {
    out.push(e as ErrorLike);
    e = (e as ErrorLike).cause;
  }
  return out;
}

/**
 * The failure to connect behind a request error, or null when the server answered (its status,
 * even 500, is then real). `host` is the API's host[:port]; `timeoutMs` what the request allowed.
 */
export function connectionFailure(err: unknown, host: string, timeoutMs: number): ConnectionFailure | null {
  const errors = chain(err);
  const top = errors[0];
  if (top === undefined || top.response !== undefined) return null;
  const codes = errors.map((e) => (typeof e.code === 'string' ? e.code : ''));
  const has = (set: Set<string>) => codes.some((c) => set.has(c));
  const limit = timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`;
  if (errors.some((e) => e.name === 'TimeoutError') || has(TIMEOUTS)) return { text: `no answer from ${host} (timed out after ${limit})`, retry: true };
  if (has(DNS_PERMANENT)) return { text: `could not resolve ${hostname(host)} (no such host name)`, retry: false };
  if (has(DNS_TEMPORARY)) return { text: `could not resolve ${hostname(host)} (the name server did not answer)`, retry: true };
  if (codes.includes('ECONNREFUSED')) return { text: `connection refused by ${host}`, retry: true };
  if (has(RESETS)) return { text: `the connection to ${host} was closed before an answer`, retry: true };
  if (has(UNREACHABLE)) return { text: `${host} is unreachable from this network`, retry: true };
  const tls = codes.find((c) => /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/.test(c));
  if (tls !== undefined) return { text: `the TLS connection to ${host} failed (${tls}); check the certificate, or NODE_EXTRA_CA_CERTS for a private CA`, retry: false };
  // No status from a server and no known code: a failure below HTTP all the same, said as such.
  if (top.status === 500) {
    const code = codes.find((c) => c !== '');
    const innermost = errors[errors.length - 1];
    const detail = code ?? (typeof innermost?.message === 'string' ? innermost.message.slice(0, 200) : 'no reason given');
    return { text: `could not connect to ${host} (${detail})`, retry: true };
  }
  return null;
}

function hostname(host: string): string {
  return host.replace(/:\d+$/, '');
}
