export const id = 949;
export const ids = [949];
export const modules = {

/***/ 6949:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  orgCommand: () => (/* binding */ orgCommand),
  orgHelp: () => (/* binding */ orgHelp),
  orgListHelp: () => (/* binding */ orgListHelp),
  orgReportHelp: () => (/* binding */ orgReportHelp),
  orgScanHelp: () => (/* binding */ orgScanHelp)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 22 modules
var github = __webpack_require__(2413);
;// CONCATENATED MODULE: ./lib/org/connection-failure.js
const DNS_PERMANENT = new Set(['ENOTFOUND', 'EAI_NONAME', 'EAI_NODATA']);
const DNS_TEMPORARY = new Set(['EAI_AGAIN', 'EAI_FAIL']);
const TIMEOUTS = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
const RESETS = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ECONNABORTED']);
const UNREACHABLE = new Set(['ENETUNREACH', 'EHOSTUNREACH', 'EHOSTDOWN', 'ENETDOWN']);
/** The errors of the cause chain, outermost first (bounded: a cycle or a deep chain stops it). */
function chain(err) {
    const out = [];
    let e = err;
    while (typeof e === 'object' && e !== null && out.length < 8 && !out.includes(e)) {
        out.push(e);
        e = e.cause;
    }
    return out;
}
/**
 * The failure to connect behind a request error, or null when the server answered (its status,
 * even 500, is then real). `host` is the API's host[:port]; `timeoutMs` what the request allowed.
 */
function connectionFailure(err, host, timeoutMs) {
    const errors = chain(err);
    const top = errors[0];
    if (top === undefined || top.response !== undefined)
        return null;
    const codes = errors.map((e) => (typeof e.code === 'string' ? e.code : ''));
    const has = (set) => codes.some((c) => set.has(c));
    const limit = timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`;
    if (errors.some((e) => e.name === 'TimeoutError') || has(TIMEOUTS))
        return { text: `no answer from ${host} (timed out after ${limit})`, retry: true };
    if (has(DNS_PERMANENT))
        return { text: `could not resolve ${hostname(host)} (no such host name)`, retry: false };
    if (has(DNS_TEMPORARY))
        return { text: `could not resolve ${hostname(host)} (the name server did not answer)`, retry: true };
    if (codes.includes('ECONNREFUSED'))
        return { text: `connection refused by ${host}`, retry: true };
    if (has(RESETS))
        return { text: `the connection to ${host} was closed before an answer`, retry: true };
    if (has(UNREACHABLE))
        return { text: `${host} is unreachable from this network`, retry: true };
    const tls = codes.find((c) => /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/.test(c));
    if (tls !== undefined)
        return { text: `the TLS connection to ${host} failed (${tls}); check the certificate, or NODE_EXTRA_CA_CERTS for a private CA`, retry: false };
    // No status from a server and no known code: a failure below HTTP all the same, said as such.
    if (top.status === 500) {
        const code = codes.find((c) => c !== '');
        const innermost = errors[errors.length - 1];
        const detail = code ?? (typeof innermost?.message === 'string' ? innermost.message.slice(0, 200) : 'no reason given');
        return { text: `could not connect to ${host} (${detail})`, retry: true };
    }
    return null;
}
function hostname(host) {
    return host.replace(/:\d+$/, '');
}

;// CONCATENATED MODULE: ./lib/org/redact-token.js
/**
 * The forms a token takes on its way to GitHub: as given, and inside the `Authorization: Basic`
 * header git sends (base64 of `x-access-token:TOKEN`).
 */
function tokenForms(token) {
    if (token === '')
        return [];
    return [token, basicCredentials(token)];
}
/** The value of an `Authorization: Basic` header for a token, as git over HTTPS expects it. */
function basicCredentials(token) {
    return Buffer.from(`x-access-token:${token}`, 'utf8').toString('base64');
}
/** Replaces every form of the token in text (defence in depth: no message should hold it anyway). */
function redactToken(text, token) {
    let out = text;
    for (const form of tokenForms(token ?? ''))
        out = out.split(form).join('***');
    return out;
}

;// CONCATENATED MODULE: ./lib/org/api.js



/**
 * A GitHub API answer that ends the operation: a rejected token (401), an unknown organization
 * or repository (404), a refusal that is not a rate limit (403). The message names what to do;
 * it never holds the token.
 */
class GitHubApiError extends Error {
    status;
    constructor(message, status) {
        super(message);
        this.status = status;
        this.name = 'GitHubApiError';
    }
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
/**
 * How long to wait before retrying a failed request, or null when retrying cannot help.
 * GitHub's rules (docs: "Rate limits for the REST API"): a 403 or 429 with `retry-after` waits
 * that many seconds; with `x-ratelimit-remaining: 0`, until `x-ratelimit-reset` (epoch seconds);
 * a secondary rate limit naming no time waits at least a minute. Server errors back off briefly.
 */
function retryDelay(status, headers, message, attempt, now) {
    if (status === 403 || status === 429) {
        const retryAfter = Number(headers['retry-after']);
        if (headers['retry-after'] !== undefined && Number.isFinite(retryAfter) && retryAfter >= 0)
            return retryAfter * 1000;
        if (String(headers['x-ratelimit-remaining']) === '0' && headers['x-ratelimit-reset'] !== undefined) {
            const reset = Number(headers['x-ratelimit-reset']) * 1000;
            if (Number.isFinite(reset))
                return Math.max(0, reset - now) + 1000;
        }
        if (/secondary rate limit|abuse/i.test(message))
            return SECONDARY_DEFAULT_WAIT_MS;
        return null;
    }
    // Only a server's own answer: a connection failure (which Octokit also calls 500) is told apart first.
    if (status >= 500 && status <= 599 && attempt < SERVER_ERROR_RETRIES)
        return 2 ** attempt * 1000;
    return null;
}
function responseMessage(err) {
    const data = err.response?.data;
    return typeof data?.message === 'string' ? data.message : (err.message ?? 'no message');
}
/** A client over `@actions/github`'s Octokit, with retries on rate limits and server errors. */
function createGitHubClient(options) {
    const apiUrl = (options.apiUrl ?? '').trim() || DEFAULT_API_URL;
    const sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    const now = options.now ?? Date.now;
    const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    const octokit = (0,github/* getOctokit */.Q)(options.token, { baseUrl: apiUrl.replace(/\/+$/, '') });
    const clean = (text) => redactToken(text, options.token);
    const host = hostOf(apiUrl);
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    /** Retries made before a request's final error, for its message. */
    const retriesMade = new WeakMap();
    octokit.hook.wrap('request', async (request, requestOptions) => {
        for (let attempt = 0;; attempt++) {
            try {
                // In place: the inner hooks are bound to this very object and ignore an argument.
                requestOptions.request = { ...requestOptions.request, signal: AbortSignal.timeout(timeoutMs) };
                return await request(requestOptions);
            }
            catch (err) {
                const e = err;
                const status = e.status ?? 0;
                const failure = connectionFailure(err, host, timeoutMs);
                // The number of retries said ("retry N of M") is the number this kind of failure gets.
                let limit;
                let wait;
                let what;
                if (failure !== null) {
                    limit = failure.retry ? Math.min(CONNECTION_RETRIES, maxRetries) : 0;
                    wait = 2 ** attempt * 1000;
                    what = failure.text;
                }
                else {
                    limit = status >= 500 ? Math.min(SERVER_ERROR_RETRIES, maxRetries) : maxRetries;
                    wait = retryDelay(status, e.response?.headers ?? {}, responseMessage(e), attempt, now());
                    what = status >= 500 ? `GitHub API answered with a server error (${status})` : `GitHub API answered with a rate limit (${status}: ${clean(responseMessage(e))})`;
                }
                if (attempt >= limit || wait === null || wait > MAX_WAIT_MS) {
                    if (typeof err === 'object' && err !== null)
                        retriesMade.set(err, attempt);
                    throw err;
                }
                options.onWait?.(`${what}; waiting ${Math.ceil(wait / 1000)} s before retry ${attempt + 1} of ${limit}.`);
                await sleep(wait);
            }
        }
    });
    const unreachable = (failure, err, what) => {
        const retries = typeof err === 'object' && err !== null ? (retriesMade.get(err) ?? 0) : 0;
        const tried = retries > 0 ? ` (after ${retries} ${retries === 1 ? 'retry' : 'retries'})` : '';
        return new GitHubApiError(`${what}: ${failure.text}${tried}. Check the network, and GITHUB_API_URL (now ${apiUrl}).`, 0);
    };
    const fail = (err, what, notFound) => {
        const e = err;
        const status = e.status ?? 0;
        const failure = connectionFailure(err, host, timeoutMs);
        if (failure !== null)
            throw unreachable(failure, err, what);
        const message = clean(responseMessage(e));
        if (status === 401) {
            throw new GitHubApiError(`the token was rejected (401 ${message}) at ${apiUrl}. Set GITHUB_TOKEN to a valid token: a fine-grained token with read-only Metadata and Contents access to the organization's repositories, or a GitHub App installation token.`, 401);
        }
        if (status === 404)
            throw new GitHubApiError(notFound, 404);
        if (status === 403)
            throw new GitHubApiError(`${what}: forbidden (403 ${message}). Does the token have read access to it?`, 403);
        if (status === 0)
            throw new GitHubApiError(`${what}: cannot reach ${apiUrl}: ${clean(e.message ?? String(err))}. Check GITHUB_API_URL and the network.`, 0);
        throw new GitHubApiError(`${what}: GitHub API error ${status} (${message}).`, status);
    };
    return {
        async listOrgRepositories(org) {
            try {
                const repos = await octokit.paginate(octokit.rest.repos.listForOrg, { org, type: 'all', per_page: 100 });
                return repos.map((r) => ({ fullName: r.full_name, fork: r.fork, archived: r.archived === true, topics: [...(r.topics ?? [])] }));
            }
            catch (err) {
                return fail(err, `listing the repositories of '${org}'`, `organization '${org}' was not found at ${apiUrl} (404), or the token cannot see it. Check --org, and that the token's resource owner is the organization.`);
            }
        },
        async getRepository(fullName) {
            const [owner = '', repo = ''] = fullName.split('/');
            try {
                const { data } = await octokit.rest.repos.get({ owner, repo });
                return { fullName: data.full_name, cloneUrl: data.clone_url, htmlUrl: data.html_url };
            }
            catch (err) {
                return fail(err, `reading ${fullName}`, `repository ${fullName} was not found (404), or the token cannot read it.`);
            }
        },
    };
}
/** host[:port] of the API URL, for messages; the URL itself when it does not parse. */
function hostOf(apiUrl) {
    try {
        return new URL(apiUrl).host;
    }
    catch {
        return apiUrl;
    }
}

// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __webpack_require__(4006);
;// CONCATENATED MODULE: ./lib/org/list.js

/** GitHub's limit on the jobs one matrix may generate (docs: "Using a matrix for your jobs"). */
const MAX_MATRIX_JOBS = 256;
/** Repositories per scan job when not asked: enough to amortize a job's start-up (checkout, Node). */
const DEFAULT_SHARD_SIZE = 10;
/** Applies the filter; a repository left out is counted under the first reason that applies. */
function selectRepositories(repos, filter) {
    const isExcluded = filter.exclude.length > 0 ? picomatch([...filter.exclude], { nocase: true, dot: true }) : () => false;
    const topics = new Set(filter.topics.map((t) => t.toLowerCase()));
    const left = { forks: 0, archived: 0, topic: 0, excluded: 0 };
    const kept = new Set();
    for (const r of repos) {
        if (r.fork && !filter.includeForks)
            left.forks++;
        else if (r.archived && !filter.includeArchived)
            left.archived++;
        else if (topics.size > 0 && !r.topics.some((t) => topics.has(t.toLowerCase())))
            left.topic++;
        else if (isExcluded(r.fullName) || isExcluded(r.fullName.slice(r.fullName.indexOf('/') + 1)))
            left.excluded++;
        else
            kept.add(r.fullName);
    }
    return { repositories: [...kept].sort(compareNames), left };
}
/** Byte order, so every machine sorts the same way. */
function compareNames(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
/**
 * Splits sorted repositories into at most 256 shards of at most `shardSize`
 * (max(requested, ceil(n/256))), balanced so that sizes differ by at most one.
 */
function shardRepositories(repositories, requested = DEFAULT_SHARD_SIZE) {
    const n = repositories.length;
    const minimum = Math.ceil(n / MAX_MATRIX_JOBS);
    const size = Math.max(requested, minimum, 1);
    const count = Math.ceil(n / size);
    const include = [];
    let start = 0;
    for (let i = 0; i < count; i++) {
        const take = Math.floor(n / count) + (i < n % count ? 1 : 0);
        include.push({ shard: i + 1, repos: repositories.slice(start, start + take).join(',') });
        start += take;
    }
    const largest = count === 0 ? 0 : Math.ceil(n / count);
    return { shardSize: largest, isRaised: minimum > requested, include };
}
/** Splits option values that may each hold several items, separated by commas or white space. */
function splitList(values) {
    const out = [];
    for (const v of values) {
        let depth = 0;
        let item = '';
        for (const ch of v) {
            // Commas inside {a,b} belong to a glob.
            if (ch === '{')
                depth++;
            else if (ch === '}')
                depth = Math.max(0, depth - 1);
            if ((ch === ',' && depth === 0) || /\s/.test(ch)) {
                if (item !== '')
                    out.push(item);
                item = '';
            }
            else
                item += ch;
        }
        if (item !== '')
            out.push(item);
    }
    return out;
}
const NAME = /^[A-Za-z0-9_.-]+$/;
/** Checks `owner/name` (and that neither part could walk out of an output directory). */
function isRepositoryName(name) {
    const parts = name.split('/');
    return parts.length === 2 && parts.every((p) => NAME.test(p) && p !== '.' && p !== '..');
}

// EXTERNAL MODULE: ./lib/core/meta.js
var meta = __webpack_require__(4566);
;// CONCATENATED MODULE: ./lib/org/report.js




/** Reads every `*.json` result under the directories (shards' artifacts, merged or not). */
async function readResults(dirs) {
    const results = [];
    const unreadable = [];
    for (const dir of dirs) {
        const entries = await (0,promises_.readdir)(dir, { recursive: true, withFileTypes: true });
        const files = entries.filter((e) => e.isFile() && e.name.endsWith('.json')).map((e) => (0,external_node_path_.join)(e.parentPath, e.name));
        for (const file of files.sort(compareNames)) {
            const name = (0,external_node_path_.relative)(dir, file) || file;
            let data;
            try {
                data = JSON.parse(await (0,promises_.readFile)(file, 'utf8'));
            }
            catch {
                // JSON.parse quotes the text it fails on; the file's content is not repeated in a log.
                unreadable.push({ file: name, reason: 'not valid JSON' });
                continue;
            }
            if (isRepositoryResult(data))
                results.push(data);
            else
                unreadable.push({ file: name, reason: 'not a repository result of `secret-hygiene org scan` (version 1)' });
        }
    }
    return { results, unreadable };
}
function isRepositoryResult(data) {
    if (typeof data !== 'object' || data === null)
        return false;
    const d = data;
    if (d.version !== 1 || typeof d.repository !== 'string')
        return false;
    return typeof d.error === 'string' || Array.isArray(d.findings);
}
/**
 * Merges results into one report: each repository once (a scanned result wins over a failed one
 * for the same repository; findings de-duplicated), sorted by name, with totals. Repositories of
 * the matrix that have no result at all are listed as unscannable, with their shard.
 */
function mergeResults(results, expected = []) {
    const byName = new Map();
    for (const r of results)
        byName.set(r.repository, [...(byName.get(r.repository) ?? []), r]);
    const repositories = [];
    for (const [name, candidates] of byName)
        repositories.push(entryFrom(name, candidates));
    for (const shard of expected) {
        for (const name of shard.repos.split(',').filter(Boolean)) {
            if (byName.has(name))
                continue;
            byName.set(name, []);
            repositories.push({ repository: name, commit: null, findings: [], error: `no result: the scan job of shard ${shard.shard} did not write one (see that job's log)` });
        }
    }
    repositories.sort((a, b) => compareNames(a.repository, b.repository));
    return { version: 1, repositories, totals: totalsOf(repositories) };
}
function entryFrom(name, candidates) {
    const scanned = candidates.filter((c) => !('error' in c));
    if (scanned.length === 0) {
        const failed = [...candidates].sort((a, b) => compareNames('error' in a ? a.error : '', 'error' in b ? b.error : ''))[0];
        const url = failed?.url;
        return { repository: name, ...(url !== undefined ? { url } : {}), commit: null, findings: [], error: failed && 'error' in failed ? failed.error : 'no result' };
    }
    // The same repository scanned twice (a re-run shard): any fixed choice will do as long as it is stable.
    const chosen = [...scanned].sort((a, b) => compareNames(('commit' in b && b.commit) || '', ('commit' in a && a.commit) || ''))[0];
    if (!chosen || 'error' in chosen)
        throw new Error('unreachable: a scanned candidate was chosen');
    const seen = new Set();
    const findings = chosen.findings
        .filter((f) => {
        const key = [f.ruleId, f.fingerprint, f.file, f.line, f.column, f.commit?.sha ?? ''].join('\0');
        if (seen.has(key))
            return false;
        seen.add(key);
        return true;
    })
        .sort(compareFindings);
    return {
        repository: name,
        ...(chosen.url !== undefined ? { url: chosen.url } : {}),
        commit: chosen.commit,
        history: chosen.history,
        findings,
    };
}
function compareFindings(a, b) {
    return compareNames(a.file, b.file) || a.line - b.line || a.column - b.column || compareNames(a.ruleId, b.ruleId) || compareNames(a.fingerprint, b.fingerprint);
}
const SEVERITIES = ['error', 'warning', 'note'];
function isSeverity(s) {
    return SEVERITIES.includes(s);
}
function totalsOf(repositories) {
    const bySeverity = { error: 0, warning: 0, note: 0 };
    const rules = new Map();
    for (const r of repositories) {
        const ruleSeen = new Set();
        for (const f of r.findings) {
            const counts = rules.get(f.ruleId) ?? { error: 0, warning: 0, note: 0, repositories: 0 };
            if (isSeverity(f.severity)) {
                counts[f.severity]++;
                bySeverity[f.severity]++;
            }
            if (!ruleSeen.has(f.ruleId))
                counts.repositories++;
            ruleSeen.add(f.ruleId);
            rules.set(f.ruleId, counts);
        }
    }
    const byRule = {};
    for (const id of [...rules.keys()].sort(compareNames))
        byRule[id] = rules.get(id);
    const unscannable = repositories.filter((r) => r.error !== undefined).length;
    return {
        repositories: repositories.length,
        scanned: repositories.length - unscannable,
        unscannable,
        withFindings: repositories.filter((r) => r.findings.length > 0).length,
        findings: repositories.reduce((n, r) => n + r.findings.length, 0),
        bySeverity,
        byRule,
    };
}
function formatOrgJson(report) {
    return JSON.stringify(report, null, 2) + '\n';
}
/** GitHub's limit on one step's job summary (docs: "Adding a job summary"). */
const JOB_SUMMARY_MAX_BYTES = 1024 * 1024;
/**
 * The report as Markdown for a job summary: totals, findings per rule, the repositories that could
 * not be scanned and why, findings per repository, then every finding with a link. Kept within
 * maxBytes (UTF-8) by leaving out whole rows from the end, with a note saying how many.
 */
function formatOrgMarkdown(report, maxBytes = JOB_SUMMARY_MAX_BYTES) {
    const lines = markdownLines(report);
    const rows = lines.filter((l) => l.isRow).length;
    const note = (omitted) => `\n> **Truncated** to stay within the job summary's ${formatBytes(maxBytes)} limit: ${omitted} of ${rows} table rows are not shown. The merged JSON report has every finding.\n`;
    const reserve = Buffer.byteLength(note(rows)) + 16;
    let used = 0;
    const out = [];
    for (const [i, line] of lines.entries()) {
        const size = Buffer.byteLength(line.text) + 1;
        const isLast = i === lines.length - 1;
        if (used + size + (isLast ? 0 : reserve) > maxBytes) {
            const omitted = lines.slice(i).filter((l) => l.isRow).length;
            return out.join('\n') + '\n' + note(omitted);
        }
        out.push(line.text);
        used += size;
    }
    return out.join('\n') + '\n';
}
function markdownLines(report) {
    const lines = [];
    const text = (t) => lines.push({ text: t, isRow: false });
    const row = (cells) => lines.push({ text: `| ${cells.join(' | ')} |`, isRow: true });
    const t = report.totals;
    const sev = (c) => SEVERITIES.map((s) => `${c[s]} ${s}${c[s] === 1 ? '' : 's'}`).join(', ');
    text('## secret-hygiene: organization audit');
    text('');
    text(`${plural(t.repositories, 'repository', 'repositories')}: ${t.scanned} scanned, ${t.unscannable} could not be scanned. ` +
        `${plural(t.findings, 'finding', 'findings')} (${sev(t.bySeverity)}) in ${plural(t.withFindings, 'repository', 'repositories')}.`);
    text('');
    text('### Findings by rule');
    text('');
    if (Object.keys(t.byRule).length === 0)
        text('No findings.');
    else {
        text('| rule | error | warning | note | repositories |');
        text('|---|---:|---:|---:|---:|');
        for (const [id, c] of Object.entries(t.byRule))
            row([`[${cell(id)}](${(0,meta/* ruleDocsUrl */.h)(id)})`, c.error, c.warning, c.note, c.repositories]);
    }
    const failed = report.repositories.filter((r) => r.error !== undefined);
    if (failed.length > 0) {
        text('');
        text('### Could not be scanned');
        text('');
        text('| repository | reason |');
        text('|---|---|');
        for (const r of failed)
            row([repoLink(r), cell(r.error ?? '')]);
    }
    const withFindings = report.repositories.filter((r) => r.findings.length > 0);
    if (withFindings.length > 0) {
        text('');
        text('### Findings by repository');
        text('');
        text('| repository | commit | error | warning | note |');
        text('|---|---|---:|---:|---:|');
        for (const r of withFindings) {
            const c = countSeverities(r.findings);
            row([repoLink(r), commitLink(r), c.error, c.warning, c.note]);
        }
        text('');
        text('### Findings');
        for (const r of withFindings) {
            text('');
            text(`#### ${repoLink(r)}`);
            text('');
            text('| severity | rule | location | message |');
            text('|---|---|---|---|');
            for (const f of r.findings)
                row([f.severity, `[${cell(f.ruleId)}](${(0,meta/* ruleDocsUrl */.h)(f.ruleId)})`, locationLink(r, f), cell(f.message)]);
        }
    }
    return lines;
}
function countSeverities(findings) {
    const c = { error: 0, warning: 0, note: 0 };
    for (const f of findings)
        if (isSeverity(f.severity))
            c[f.severity]++;
    return c;
}
function plural(n, one, many) {
    return `${n} ${n === 1 ? one : many}`;
}
function formatBytes(n) {
    return n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MiB` : `${n} bytes`;
}
/** Text safe inside a table cell: no line breaks, no pipes, no Markdown or HTML. */
function cell(s) {
    return s.replace(/\s+/g, ' ').replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`);
}
function urlPath(path) {
    return path
        .split('/')
        .map((p) => encodeURIComponent(p).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
        .join('/');
}
function repoLink(r) {
    return r.url !== undefined && isWebUrl(r.url) ? `[${cell(r.repository)}](${r.url})` : cell(r.repository);
}
function commitLink(r) {
    if (r.commit === null)
        return '';
    const short = r.commit.slice(0, 7);
    return r.url !== undefined && isWebUrl(r.url) ? `[${short}](${r.url}/commit/${r.commit})` : short;
}
function locationLink(r, f) {
    const label = cell(`${f.file}:${f.line}`) + (f.commit ? ` (${f.commit.sha.slice(0, 7)})` : '');
    const sha = f.commit?.sha ?? r.commit;
    if (r.url === undefined || !isWebUrl(r.url) || sha === null || !/^[0-9a-f]+$/.test(sha))
        return label;
    return `[${label}](${r.url}/blob/${sha}/${urlPath(f.file)}#L${f.line})`;
}
function isWebUrl(url) {
    return /^https?:\/\/[^\s()<>]+$/.test(url);
}

// EXTERNAL MODULE: ./lib/audit.js + 5 modules
var audit = __webpack_require__(7891);
// EXTERNAL MODULE: ./lib/baseline/file.js
var file = __webpack_require__(425);
// EXTERNAL MODULE: ./lib/audit-history.js + 1 modules
var audit_history = __webpack_require__(4098);
// EXTERNAL MODULE: ./lib/worker/history-job.js
var history_job = __webpack_require__(6736);
// EXTERNAL MODULE: ./lib/config/load.js + 4 modules
var load = __webpack_require__(1647);
// EXTERNAL MODULE: ./lib/sources/worktree.js + 2 modules
var worktree = __webpack_require__(6256);
// EXTERNAL MODULE: ./lib/reporters/json.js
var json = __webpack_require__(846);
// EXTERNAL MODULE: ./lib/reporters/sarif.js
var sarif = __webpack_require__(8011);
// EXTERNAL MODULE: ./lib/rules/index.js + 27 modules
var rules = __webpack_require__(8068);
// EXTERNAL MODULE: ./lib/version.js
var version = __webpack_require__(3411);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
;// CONCATENATED MODULE: ./lib/org/clone.js




/** A clone that failed; the message holds git's own reason, never the token. */
class CloneError extends Error {
    constructor(message) {
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
async function cloneRepository(options) {
    const url = parseCloneUrl(options.url);
    const env = gitEnv(url, options.token, process.env);
    const run = (args, cwd, input) => runGit(args, { cwd, env, token: options.token, timeoutMs: options.timeoutMs ?? CLONE_TIMEOUT_MS, ...(input !== undefined ? { input } : {}) });
    const args = options.history ? ['clone', '--quiet', '--filter=blob:none'] : ['clone', '--quiet', '--depth', '1', '--no-tags'];
    await run([...args, '--', options.url, options.dir], process.cwd());
    await checkNoTokenOnDisk(options.dir, options.token);
    if (options.history && options.isScannable)
        await fetchScannableBlobs(options.dir, options.isScannable, run);
    const head = (await run(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], options.dir).catch(() => '')).trim();
    return { commit: /^[0-9a-f]{40,64}$/.test(head) ? head : null };
}
function parseCloneUrl(raw) {
    let url;
    try {
        url = new URL(raw);
    }
    catch {
        throw new CloneError(`the clone URL '${raw}' is not a URL.`);
    }
    if (!SCHEMES.has(url.protocol))
        throw new CloneError(`the clone URL's scheme '${url.protocol}' is not supported (https, http or file).`);
    if (url.username !== '' || url.password !== '')
        throw new CloneError('the clone URL carries credentials; refusing to use it (the token is sent as a header instead).');
    return url;
}
/**
 * The environment git runs in: the process's, without tracing (GIT_TRACE_CURL would print the
 * header), with prompts and credential helpers off, and the header scoped to the clone's origin.
 */
function gitEnv(url, token, base) {
    const env = {};
    for (const [k, v] of Object.entries(base)) {
        if (/^GIT_(TRACE|CURL_VERBOSE|CONFIG_(COUNT|KEY_|VALUE_|PARAMETERS))/.test(k))
            continue;
        env[k] = v;
    }
    const config = [['credential.helper', '']];
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
async function checkNoTokenOnDisk(dir, token) {
    if (!token)
        return;
    const config = await (0,promises_.readFile)((0,external_node_path_.join)(dir, '.git', 'config'), 'utf8');
    if (tokenForms(token).some((form) => config.includes(form)))
        throw new CloneError(`the clone's .git/config holds the token; the clone was not used.`);
}
/**
 * A blobless clone fetches a missing blob the moment a command reads it, one request per blob
 * and without the header (the engine's git processes do not carry it). So the blobs every history
 * commit records under a scannable path are fetched here, in one request, as git's own lazy fetch
 * would (`fetch --stdin` of object ids).
 */
async function fetchScannableBlobs(dir, isScannable, run) {
    const log = await run(['log', '--all', '--format=', '--raw', '-z', '-c', '--no-renames', '--root', '--no-abbrev', '--no-color', '--no-ext-diff', '--no-textconv'], dir);
    const wanted = new Set();
    const tokens = log.split('\0');
    for (let i = 0; i < tokens.length - 1; i++) {
        const meta = (tokens[i] ?? '').replace(/^\n+/, '');
        if (!meta.startsWith(':'))
            continue;
        const path = tokens[++i] ?? '';
        const parts = meta.replace(/^:+/, '').split(' ');
        const ids = parts.filter((p) => /^[0-9a-f]{40,64}$/.test(p));
        const modes = parts.filter((p) => /^[0-7]{6}$/.test(p));
        const blob = ids[ids.length - 1] ?? '';
        const mode = modes[modes.length - 1] ?? '';
        if ((mode === '100644' || mode === '100755') && !/^0+$/.test(blob) && isScannable(path))
            wanted.add(blob);
    }
    if (wanted.size === 0)
        return;
    const missing = (await run(['rev-list', '--objects', '--all', '--missing=print'], dir))
        .split('\n')
        .filter((l) => l.startsWith('?'))
        .map((l) => l.slice(1).trim())
        .filter((id) => wanted.has(id));
    if (missing.length === 0)
        return;
    await run(['-c', 'fetch.negotiationAlgorithm=noop', 'fetch', '--quiet', '--no-tags', '--no-write-fetch-head', '--recurse-submodules=no', '--filter=blob:none', '--stdin', 'origin'], dir, missing.join('\n') + '\n');
}
function runGit(args, o) {
    return new Promise((resolve, reject) => {
        const proc = (0,external_node_child_process_.spawn)('git', args, { cwd: o.cwd, env: o.env, stdio: ['pipe', 'pipe', 'pipe'], timeout: o.timeoutMs });
        const out = [];
        let err = '';
        proc.stdout.on('data', (d) => out.push(d));
        proc.stderr.setEncoding('utf8');
        proc.stderr.on('data', (d) => void (err = (err + d).slice(-8000)));
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
function gitReason(stderr) {
    const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
    const important = lines.filter((l) => /^(fatal|error):/.test(l));
    return (important.length > 0 ? important : lines.slice(-1)).join(' ').slice(0, 500);
}

;// CONCATENATED MODULE: ./lib/org/scan-repo.js















/**
 * Resolves, clones and scans one repository. Anything that goes wrong with this repository
 * (not found, clone failed, bad configuration, engine error) becomes its recorded reason; only
 * a rejected token (401), which would fail every repository the same way, is thrown.
 */
async function scanRepository(fullName, options) {
    let url;
    const dir = await (0,promises_.mkdtemp)((0,external_node_path_.join)(options.workDir, 'sh-org-'));
    try {
        const info = await options.client.getRepository(fullName);
        url = info.htmlUrl;
        const root = (0,external_node_path_.join)(dir, 'repo');
        let commit;
        try {
            ({ commit } = await cloneRepository({ url: info.cloneUrl, dir: root, token: options.token, history: options.history, isScannable: audit_history/* isScannable */.I }));
        }
        catch (err) {
            throw new Error(`could not clone: ${err.message}`, { cause: err });
        }
        const loaded = await (0,load/* loadConfig */.Z9)(root);
        // The repository's own baseline, read as `scan` reads it: the configuration's `baseline`, else
        // .secret-hygiene-baseline.json when it is there; the file itself is not scanned. A baseline
        // that cannot be read is this repository's reason, like a bad configuration.
        const chosen = options.noBaseline === true ? undefined : (0,file/* chooseBaseline */.hf)({ root, cwd: root, configured: loaded.baselineFile });
        const config = chosen !== undefined ? (0,load/* withExcludedFile */.$F)(loaded, root, chosen.file) : loaded;
        const baseline = chosen !== undefined ? { ...(await (0,file/* readBaseline */.mF)(chosen.file, chosen.shown, root)), name: chosen.shown } : undefined;
        const scan = options.history
            ? await (0,history_job/* auditHistoryBounded */.tu)(root, baseline !== undefined ? { baseline } : {}, config)
            : // A tree scan sees every finding, so it reports the entries that match none (as a full `scan` does).
                await (0,audit/* auditSource */.L7)(root, (0,worktree/* worktreeSource */.H)((0,audit/* worktreeOptions */.Qm)(root, config)), config, baseline !== undefined ? { baseline, reportUnusedBaseline: true } : {});
        const { version: _version, ...report } = (0,json/* toJsonReport */.Ow)(scan);
        const result = { version: 1, repository: fullName, url, commit, history: options.history, ...report };
        return { result, sarif: (0,sarif/* formatSarif */.z)(scan, rules/* RULES */.y.map((r) => r.meta), (0,version/* packageVersion */.T)()) };
    }
    catch (err) {
        if (err instanceof GitHubApiError && err.status === 401)
            throw err;
        const reason = redactToken(err.message ?? String(err), options.token);
        return { result: { version: 1, repository: fullName, ...(url !== undefined ? { url } : {}), error: reason }, sarif: null };
    }
    finally {
        await (0,promises_.rm)(dir, { recursive: true, force: true });
    }
}

// EXTERNAL MODULE: ./lib/cli/io.js
var cli_io = __webpack_require__(8908);
// EXTERNAL MODULE: ./lib/cli/parse-command.js + 1 modules
var parse_command = __webpack_require__(5642);
// EXTERNAL MODULE: ./lib/cli/usage-error.js
var usage_error = __webpack_require__(4934);
;// CONCATENATED MODULE: ./lib/cli/commands/org.js












const orgHelp = `Usage: secret-hygiene org list --org NAME [options]
       secret-hygiene org scan --repos acme/api,acme/web --out DIR [--history]
       secret-hygiene org report DIR... [--format markdown|json] [--output FILE]

Audits every repository of a GitHub organization, in shards that GitHub Actions runs as
matrix jobs (see .github/workflows/org-audit.yml). The token comes from GITHUB_TOKEN (read-only
is enough); GITHUB_API_URL points at GitHub Enterprise. Repositories are named owner/name.

Commands:
  list     print a matrix of shards ({"include":[{"shard":1,"repos":"a/b,a/c"}]})
  scan     clone and scan repositories, writing DIR/<owner>/<name>.json and .sarif
  report   merge every shard's results into one report

Run 'secret-hygiene org <command> --help' for a command's options.
`;
const orgListHelp = `Usage: secret-hygiene org list --org NAME [options]

Lists the organization's repositories through the GitHub REST API and prints a matrix of shards
for GitHub Actions: {"include":[{"shard":1,"repos":"owner/a,owner/b"}]}, repositories sorted by
name, never more than 256 shards (GitHub's matrix limit). Waits and retries on rate limits.

Options:
  --org NAME            the organization (required)
  --include-forks       keep forks (left out by default)
  --include-archived    keep archived repositories (left out by default)
  --topic T             keep only repositories with topic T (repeatable: any of them)
  --exclude GLOB        leave out repositories matching GLOB, over owner/name or name
                        (repeatable; commas or spaces separate several)
  --shard-size N        repositories per shard (default 10; raised when it would need more than 256)

Environment: GITHUB_TOKEN (required), GITHUB_API_URL (default https://api.github.com).
Exit codes: 0 printed, 2 usage error, bad token or unknown organization.
`;
const orgScanHelp = `Usage: secret-hygiene org scan --repos acme/api,acme/web --out DIR [--history]

Scans each repository: resolves its clone URL through the GitHub API, clones it (depth 1; with
--history a blobless partial clone of every ref), scans it with its own .secret-hygiene.yml, and
writes DIR/<owner>/<name>.json (the JSON report plus repository and commit) and DIR/<owner>/<name>.sarif.
Each repository's own baseline is read as \`scan\` reads it (its configuration's \`baseline\`, else
.secret-hygiene-baseline.json when it has one): accepted findings are left out, entries that match
nothing are listed as notes. A repository that cannot be resolved, cloned or scanned (its
configuration or baseline unreadable too) is written with the reason instead, and the others go
on. The token is sent to git as an HTTP header, never in a URL.

Options:
  --repos LIST     owner/name repositories, comma-separated (repeatable)
  --out DIR        where results go (created if needed)
  --history        audit every commit of every ref instead of the default branch's tree
  --no-baseline    report every finding, those the repositories' baselines accept too

Environment: GITHUB_TOKEN (required), GITHUB_API_URL (default https://api.github.com),
RUNNER_TEMP (where clones are made; default the system's temporary directory).
Exit codes: 0 every repository was scanned (findings or not), 2 usage error, bad token, or any
repository could not be scanned (the others are still scanned and every result file is written).
`;
const orgReportHelp = `Usage: secret-hygiene org report DIR... [--format markdown|json] [--output FILE]

Merges the results \`org scan\` wrote under each DIR (the shards' artifacts, downloaded into one
directory or several) into one report: each repository once, sorted by name, findings
de-duplicated, counts per rule and severity, and the repositories that could not be scanned and
why. The JSON is a documented contract (docs/org-json-format.md); the Markdown fits a job summary
(1 MiB), leaving out whole rows from the end with a note when it must.

Options:
  --format markdown|json   output format (default: markdown)
  --output FILE            write the report to FILE instead of stdout
  --matrix FILE            the matrix \`org list\` printed: its repositories without a result are
                           listed as not scanned (a shard job that failed before writing any)
  --max-bytes N            the Markdown size limit (default: 1048576)

Exit codes: 0 written, 2 usage error.
`;
const SUBCOMMANDS = {
    list: orgList,
    scan: orgScan,
    report: orgReport,
};
/** `secret-hygiene org <list|scan|report>`. */
async function orgCommand(argv, io) {
    const [sub, ...rest] = argv;
    if (sub === '--help' || sub === '-h' || sub === 'help') {
        io.stdout(orgHelp);
        return usage_error/* EXIT */.dc.clean;
    }
    if (sub === '--version' || sub === '-V') {
        io.stdout((0,version/* packageVersion */.T)() + '\n');
        return usage_error/* EXIT */.dc.clean;
    }
    if (sub === undefined)
        throw new usage_error/* UsageError */.eb(`name a subcommand: ${Object.keys(SUBCOMMANDS).join(', ')}. See 'secret-hygiene org --help'.`);
    const run = SUBCOMMANDS[sub];
    if (!run) {
        const isWord = /^[a-z][a-z-]{0,29}$/.test(sub);
        const suggestion = isWord ? (0,parse_command/* suggestSimilar */.Sr)(sub, Object.keys(SUBCOMMANDS)) : undefined;
        const shown = isWord ? ` '${sub}'${suggestion !== undefined ? ` (did you mean ${suggestion}?)` : ''}` : ' (not shown: it does not look like a subcommand)';
        throw new usage_error/* UsageError */.eb(`unknown subcommand${shown}. Subcommands: ${Object.keys(SUBCOMMANDS).join(', ')}. See 'secret-hygiene org --help'.`);
    }
    const token = io.env.GITHUB_TOKEN ?? '';
    try {
        return await run(rest, io);
    }
    catch (err) {
        if (err instanceof GitHubApiError) {
            io.stderr(`secret-hygiene org ${sub}: ${redactToken(err.message, token)}\n`);
            return usage_error/* EXIT */.dc.error;
        }
        if (err instanceof Error)
            err.message = redactToken(err.message, token);
        throw err;
    }
}
/** The client the commands use: the token from GITHUB_TOKEN, the API from GITHUB_API_URL. */
function clientFrom(io) {
    const token = io.env.GITHUB_TOKEN ?? '';
    if (token.trim() === '') {
        throw new usage_error/* UsageError */.eb('set GITHUB_TOKEN to a token that can read the organization\'s repositories (a fine-grained token with read-only Metadata and Contents, or a GitHub App installation token).');
    }
    return createGitHubClient({ token, apiUrl: io.env.GITHUB_API_URL, onWait: (m) => io.stderr(`secret-hygiene: ${m}\n`) });
}
async function orgList(argv, io) {
    const parsed = (0,parse_command/* parseCommand */.RM)('secret-hygiene org list', argv, io, {
        org: { type: 'string' },
        'include-forks': { type: 'boolean', default: false },
        'include-archived': { type: 'boolean', default: false },
        topic: { type: 'string', multiple: true, default: [] },
        exclude: { type: 'string', multiple: true, default: [] },
        'shard-size': { type: 'string' },
    }, orgListHelp);
    if (parsed === null)
        return usage_error/* EXIT */.dc.clean;
    const { values, positionals } = parsed;
    if (positionals.length > 0)
        throw new usage_error/* UsageError */.eb(`org list takes no positional arguments (${(0,usage_error/* notShown */.d5)(positionals.length)}); name the organization with --org NAME.`);
    const org = values.org?.trim() ?? '';
    if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(org))
        throw new usage_error/* UsageError */.eb(`--org takes an organization's login (letters, digits and -), e.g. --org acme.`);
    let shardSize;
    if (values['shard-size'] !== undefined) {
        if (!/^[1-9][0-9]{0,6}$/.test(values['shard-size']))
            throw new usage_error/* UsageError */.eb(`--shard-size takes a positive number of repositories, e.g. --shard-size 50.`);
        shardSize = Number(values['shard-size']);
    }
    const client = clientFrom(io);
    const all = await client.listOrgRepositories(org);
    const selection = selectRepositories(all, {
        includeForks: values['include-forks'],
        includeArchived: values['include-archived'],
        topics: splitList(values.topic),
        exclude: splitList(values.exclude),
    });
    const invalid = selection.repositories.filter((r) => !isRepositoryName(r));
    if (invalid.length > 0)
        throw new GitHubApiError(`the API listed repository names that are not owner/name: ${invalid.slice(0, 5).join(', ')}.`, 0);
    const sharding = shardRepositories(selection.repositories, shardSize);
    const { left } = selection;
    const leftOut = [
        left.forks > 0 && `${left.forks} fork${left.forks === 1 ? '' : 's'}`,
        left.archived > 0 && `${left.archived} archived`,
        left.topic > 0 && `${left.topic} without the topic`,
        left.excluded > 0 && `${left.excluded} excluded`,
    ].filter(Boolean);
    io.stderr(`secret-hygiene org list: ${org}: ${selection.repositories.length} of ${all.length} repositories` +
        (leftOut.length > 0 ? ` (left out: ${leftOut.join(', ')})` : '') +
        `, ${sharding.include.length} shard${sharding.include.length === 1 ? '' : 's'} of up to ${sharding.shardSize}` +
        (sharding.isRaised ? ` (raised from ${shardSize ?? 'the default'} to stay within GitHub's 256-job matrix limit)` : '') +
        '.\n');
    io.stdout(JSON.stringify({ include: sharding.include }) + '\n');
    return usage_error/* EXIT */.dc.clean;
}
async function orgScan(argv, io) {
    const parsed = (0,parse_command/* parseCommand */.RM)('secret-hygiene org scan', argv, io, {
        repos: { type: 'string', multiple: true, default: [] },
        out: { type: 'string' },
        history: { type: 'boolean', default: false },
        'no-baseline': { type: 'boolean', default: false },
    }, orgScanHelp);
    if (parsed === null)
        return usage_error/* EXIT */.dc.clean;
    const { values, positionals } = parsed;
    if (positionals.length > 0)
        throw new usage_error/* UsageError */.eb(`org scan takes no positional arguments (${(0,usage_error/* notShown */.d5)(positionals.length)}); name repositories with --repos owner/a,owner/b.`);
    const repos = [...new Set(splitList(values.repos))];
    if (repos.length === 0)
        throw new usage_error/* UsageError */.eb('name the repositories to scan with --repos owner/a,owner/b.');
    const invalid = repos.filter((r) => !isRepositoryName(r));
    if (invalid.length > 0)
        throw new usage_error/* UsageError */.eb(`--repos takes owner/name repositories separated by commas, e.g. --repos acme/api,acme/web (${invalid.length} ${invalid.length === 1 ? 'entry is' : 'entries are'} not: not shown).`);
    if (values.out === undefined || values.out.trim() === '')
        throw new usage_error/* UsageError */.eb('name the output directory with --out DIR.');
    const out = (0,external_node_path_.resolve)(io.cwd, values.out);
    const client = clientFrom(io);
    const token = io.env.GITHUB_TOKEN;
    const workDir = io.env.RUNNER_TEMP?.trim() || (0,external_node_os_.tmpdir)();
    let failed = 0;
    for (const [i, name] of repos.entries()) {
        const started = Date.now();
        const { result, sarif } = await scanRepository(name, { client, token, history: values.history, noBaseline: values['no-baseline'], workDir });
        const [owner = '', repo = ''] = name.split('/');
        await (0,cli_io/* writeOutput */.zh)((0,external_node_path_.join)(out, owner, `${repo}.json`), JSON.stringify(result, null, 2) + '\n');
        if (sarif !== null)
            await (0,cli_io/* writeOutput */.zh)((0,external_node_path_.join)(out, owner, `${repo}.sarif`), sarif);
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        if ('error' in result) {
            failed++;
            io.stderr(`[${i + 1}/${repos.length}] ${name}: could not be scanned: ${redactToken(result.error, token)}\n`);
        }
        else {
            const counts = ['error', 'warning', 'note'].map((s) => [s, result.findings.filter((f) => f.severity === s).length]).filter(([, n]) => n > 0);
            const what = counts.length === 0 ? 'no findings' : counts.map(([s, n]) => `${n} ${s}${n === 1 ? '' : 's'}`).join(', ');
            io.stderr(`[${i + 1}/${repos.length}] ${name}: ${what} at ${result.commit?.slice(0, 12) ?? '(empty repository)'} in ${seconds} s\n`);
        }
    }
    io.stderr(`secret-hygiene org scan: ${repos.length - failed} of ${repos.length} repositories scanned${failed > 0 ? `, ${failed} could not be scanned (recorded with the reason)` : ''}; results in ${values.out}.\n`);
    // An audit with holes is not a clean audit: the shard's job fails, visibly; the workflow still
    // uploads the results (if: always()) and the report lists the repositories and their reasons.
    return failed > 0 ? usage_error/* EXIT */.dc.error : usage_error/* EXIT */.dc.clean;
}
const REPORT_FORMATS = ['markdown', 'json'];
async function orgReport(argv, io) {
    const parsed = (0,parse_command/* parseCommand */.RM)('secret-hygiene org report', argv, io, {
        format: { type: 'string', default: 'markdown' },
        output: { type: 'string' },
        matrix: { type: 'string' },
        'max-bytes': { type: 'string' },
    }, orgReportHelp);
    if (parsed === null)
        return usage_error/* EXIT */.dc.clean;
    const { values, positionals } = parsed;
    const format = values.format;
    if (!REPORT_FORMATS.includes(format))
        throw new usage_error/* UsageError */.eb(`--format must be one of ${REPORT_FORMATS.join(', ')}; see 'secret-hygiene org report --help'.`);
    if (positionals.length === 0)
        throw new usage_error/* UsageError */.eb('name the directory of results, e.g. secret-hygiene org report results/.');
    let maxBytes = JOB_SUMMARY_MAX_BYTES;
    if (values['max-bytes'] !== undefined) {
        if (!/^[1-9][0-9]{0,9}$/.test(values['max-bytes']))
            throw new usage_error/* UsageError */.eb(`--max-bytes takes a positive number of bytes, e.g. --max-bytes 1048576.`);
        maxBytes = Number(values['max-bytes']);
    }
    const dirs = positionals.map((p) => (0,external_node_path_.resolve)(io.cwd, p));
    for (const [i, dir] of dirs.entries()) {
        const st = await (0,promises_.stat)(dir).catch(() => null);
        if (st === null)
            throw new usage_error/* UsageError */.eb(`${(0,usage_error/* nthArgument */.KD)(i)} names no directory (not shown: it may be a value); give the directories of \`org scan\` results.`);
        if (!st.isDirectory())
            throw new usage_error/* UsageError */.eb(`'${positionals[i]}' is not a directory of \`org scan\` results.`);
    }
    const expected = values.matrix === undefined ? [] : await readMatrix((0,external_node_path_.resolve)(io.cwd, values.matrix), values.matrix);
    const { results, unreadable } = await readResults(dirs);
    for (const u of unreadable)
        io.stderr(`secret-hygiene org report: skipped ${u.file}: ${u.reason}\n`);
    if (results.length === 0 && expected.length === 0)
        io.stderr(`secret-hygiene org report: no repository results under ${positionals.join(', ')}.\n`);
    const report = mergeResults(results, expected);
    const text = format === 'json' ? formatOrgJson(report) : formatOrgMarkdown(report, maxBytes);
    if (values.output !== undefined)
        await (0,cli_io/* writeOutput */.zh)((0,external_node_path_.resolve)(io.cwd, values.output), text);
    else
        io.stdout(text);
    return usage_error/* EXIT */.dc.clean;
}
/** The shards of a matrix file written by \`org list\`. */
async function readMatrix(file, shown) {
    let data;
    try {
        data = JSON.parse(await (0,promises_.readFile)(file, 'utf8'));
    }
    catch (err) {
        throw new usage_error/* UsageError */.eb(`--matrix ${shown}: cannot read it as JSON (${err.message}); give the file \`org list\` printed.`);
    }
    const include = data.include;
    const isShard = (s) => typeof s === 'object' && s !== null && typeof s.shard === 'number' && typeof s.repos === 'string';
    if (!Array.isArray(include) || !include.every(isShard))
        throw new usage_error/* UsageError */.eb(`--matrix ${shown}: expected {"include":[{"shard":1,"repos":"owner/a,owner/b"}]}, as \`org list\` prints.`);
    return include;
}


/***/ })

};
