import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createGitHubClient, GitHubApiError, type GitHubClient } from '../../org/api.js';
import { isRepositoryName, selectRepositories, shardRepositories, splitList } from '../../org/list.js';
import { redactToken } from '../../org/redact-token.js';
import { formatOrgJson, formatOrgMarkdown, JOB_SUMMARY_MAX_BYTES, mergeResults, readResults, type ExpectedShard } from '../../org/report.js';
import { scanRepository } from '../../org/scan-repo.js';
import { writeOutput, type CliIO } from '../io.js';
import { parseCommand, suggestSimilar } from '../parse-command.js';
import { EXIT, notShown, nthArgument, UsageError } from '../usage-error.js';
import { packageVersion } from '../../version.js';

export const orgHelp = `Usage: secret-hygiene org list --org NAME [options]
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

export const orgListHelp = `Usage: secret-hygiene org list --org NAME [options]

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

export const orgScanHelp = `Usage: secret-hygiene org scan --repos acme/api,acme/web --out DIR [--history]

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

export const orgReportHelp = `Usage: secret-hygiene org report DIR... [--format markdown|json] [--output FILE]

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

type Subcommand = (argv: string[], io: CliIO) => Promise<number>;

const SUBCOMMANDS: Record<string, Subcommand> = {
  list: orgList,
  scan: orgScan,
  report: orgReport,
};

/** `secret-hygiene org <list|scan|report>`. */
export async function orgCommand(argv: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    io.stdout(orgHelp);
    return EXIT.clean;
  }
  if (sub === '--version' || sub === '-V') {
    io.stdout(packageVersion() + '\n');
    return EXIT.clean;
  }
  if (sub === undefined) throw new UsageError(`name a subcommand: ${Object.keys(SUBCOMMANDS).join(', ')}. See 'secret-hygiene org --help'.`);
  const run = SUBCOMMANDS[sub];
  if (!run) {
    const isWord = /^[a-z][a-z-]{0,29}$/.test(sub);
    const suggestion = isWord ? suggestSimilar(sub, Object.keys(SUBCOMMANDS)) : undefined;
    const shown = isWord ? ` '${sub}'${suggestion !== undefined ? ` (did you mean ${suggestion}?)` : ''}` : ' (not shown: it does not look like a subcommand)';
    throw new UsageError(`unknown subcommand${shown}. Subcommands: ${Object.keys(SUBCOMMANDS).join(', ')}. See 'secret-hygiene org --help'.`);
  }
  const token = io.env.GITHUB_TOKEN ?? '';
  try {
    return await run(rest, io);
  } catch (err) {
    if (err instanceof GitHubApiError) {
      io.stderr(`secret-hygiene org ${sub}: ${redactToken(err.message, token)}\n`);
      return EXIT.error;
    }
    if (err instanceof Error) err.message = redactToken(err.message, token);
    throw err;
  }
}

/** The client the commands use: the token from GITHUB_TOKEN, the API from GITHUB_API_URL. */
function clientFrom(io: CliIO): GitHubClient {
  const token = io.env.GITHUB_TOKEN ?? '';
  if (token.trim() === '') {
    throw new UsageError('set GITHUB_TOKEN to a token that can read the organization\'s repositories (a fine-grained token with read-only Metadata and Contents, or a GitHub App installation token).');
  }
  return createGitHubClient({ token, apiUrl: io.env.GITHUB_API_URL, onWait: (m) => io.stderr(`secret-hygiene: ${m}\n`) });
}

async function orgList(argv: string[], io: CliIO): Promise<number> {
  const parsed = parseCommand(
    'secret-hygiene org list',
    argv,
    io,
    {
      org: { type: 'string' },
      'include-forks': { type: 'boolean', default: false },
      'include-archived': { type: 'boolean', default: false },
      topic: { type: 'string', multiple: true, default: [] },
      exclude: { type: 'string', multiple: true, default: [] },
      'shard-size': { type: 'string' },
    },
    orgListHelp,
  );
  if (parsed === null) return EXIT.clean;
  const { values, positionals } = parsed;
  if (positionals.length > 0) throw new UsageError(`org list takes no positional arguments (${notShown(positionals.length)}); name the organization with --org NAME.`);
  const org = values.org?.trim() ?? '';
  if (!/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(org)) throw new UsageError(`--org takes an organization's login (letters, digits and -), e.g. --org acme.`);
  let shardSize: number | undefined;
  if (values['shard-size'] !== undefined) {
    if (!/^[1-9][0-9]{0,6}$/.test(values['shard-size'])) throw new UsageError(`--shard-size takes a positive number of repositories, e.g. --shard-size 50.`);
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
  if (invalid.length > 0) throw new GitHubApiError(`the API listed repository names that are not owner/name: ${invalid.slice(0, 5).join(', ')}.`, 0);
  const sharding = shardRepositories(selection.repositories, shardSize);
  const { left } = selection;
  const leftOut = [
    left.forks > 0 && `${left.forks} fork${left.forks === 1 ? '' : 's'}`,
    left.archived > 0 && `${left.archived} archived`,
    left.topic > 0 && `${left.topic} without the topic`,
    left.excluded > 0 && `${left.excluded} excluded`,
  ].filter(Boolean);
  io.stderr(
    `secret-hygiene org list: ${org}: ${selection.repositories.length} of ${all.length} repositories` +
      (leftOut.length > 0 ? ` (left out: ${leftOut.join(', ')})` : '') +
      `, ${sharding.include.length} shard${sharding.include.length === 1 ? '' : 's'} of up to ${sharding.shardSize}` +
      (sharding.isRaised ? ` (raised from ${shardSize ?? 'the default'} to stay within GitHub's 256-job matrix limit)` : '') +
      '.\n',
  );
  io.stdout(JSON.stringify({ include: sharding.include }) + '\n');
  return EXIT.clean;
}

async function orgScan(argv: string[], io: CliIO): Promise<number> {
  const parsed = parseCommand(
    'secret-hygiene org scan',
    argv,
    io,
    {
      repos: { type: 'string', multiple: true, default: [] },
      out: { type: 'string' },
      history: { type: 'boolean', default: false },
      'no-baseline': { type: 'boolean', default: false },
    },
    orgScanHelp,
  );
  if (parsed === null) return EXIT.clean;
  const { values, positionals } = parsed;
  if (positionals.length > 0) throw new UsageError(`org scan takes no positional arguments (${notShown(positionals.length)}); name repositories with --repos owner/a,owner/b.`);
  const repos = [...new Set(splitList(values.repos))];
  if (repos.length === 0) throw new UsageError('name the repositories to scan with --repos owner/a,owner/b.');
  const invalid = repos.filter((r) => !isRepositoryName(r));
  if (invalid.length > 0) throw new UsageError(`--repos takes owner/name repositories separated by commas, e.g. --repos acme/api,acme/web (${invalid.length} ${invalid.length === 1 ? 'entry is' : 'entries are'} not: not shown).`);
  if (values.out === undefined || values.out.trim() === '') throw new UsageError('name the output directory with --out DIR.');
  const out = resolve(io.cwd, values.out);
  const client = clientFrom(io);
  const token = io.env.GITHUB_TOKEN;
  const workDir = io.env.RUNNER_TEMP?.trim() || tmpdir();
  let failed = 0;
  for (const [i, name] of repos.entries()) {
    const started = Date.now();
    const { result, sarif } = await scanRepository(name, { client, token, history: values.history, noBaseline: values['no-baseline'], workDir });
    const [owner = '', repo = ''] = name.split('/');
    await writeOutput(join(out, owner, `${repo}.json`), JSON.stringify(result, null, 2) + '\n');
    if (sarif !== null) await writeOutput(join(out, owner, `${repo}.sarif`), sarif);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if ('error' in result) {
      failed++;
      io.stderr(`[${i + 1}/${repos.length}] ${name}: could not be scanned: ${redactToken(result.error, token)}\n`);
    } else {
      const counts = ['error', 'warning', 'note'].map((s) => [s, result.findings.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
      const what = counts.length === 0 ? 'no findings' : counts.map(([s, n]) => `${n} ${s}${n === 1 ? '' : 's'}`).join(', ');
      io.stderr(`[${i + 1}/${repos.length}] ${name}: ${what} at ${result.commit?.slice(0, 12) ?? '(empty repository)'} in ${seconds} s\n`);
    }
  }
  io.stderr(`secret-hygiene org scan: ${repos.length - failed} of ${repos.length} repositories scanned${failed > 0 ? `, ${failed} could not be scanned (recorded with the reason)` : ''}; results in ${values.out}.\n`);
  // An audit with holes is not a clean audit: the shard's job fails, visibly; the workflow still
  // uploads the results (if: always()) and the report lists the repositories and their reasons.
  return failed > 0 ? EXIT.error : EXIT.clean;
}

const REPORT_FORMATS = ['markdown', 'json'] as const;

async function orgReport(argv: string[], io: CliIO): Promise<number> {
  const parsed = parseCommand(
    'secret-hygiene org report',
    argv,
    io,
    {
      format: { type: 'string', default: 'markdown' },
      output: { type: 'string' },
      matrix: { type: 'string' },
      'max-bytes': { type: 'string' },
    },
    orgReportHelp,
  );
  if (parsed === null) return EXIT.clean;
  const { values, positionals } = parsed;
  const format = values.format as (typeof REPORT_FORMATS)[number];
  if (!REPORT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}; see 'secret-hygiene org report --help'.`);
  if (positionals.length === 0) throw new UsageError('name the directory of results, e.g. secret-hygiene org report results/.');
  let maxBytes = JOB_SUMMARY_MAX_BYTES;
  if (values['max-bytes'] !== undefined) {
    if (!/^[1-9][0-9]{0,9}$/.test(values['max-bytes'])) throw new UsageError(`--max-bytes takes a positive number of bytes, e.g. --max-bytes 1048576.`);
    maxBytes = Number(values['max-bytes']);
  }
  const dirs = positionals.map((p) => resolve(io.cwd, p));
  for (const [i, dir] of dirs.entries()) {
    const st = await stat(dir).catch(() => null);
    if (st === null) throw new UsageError(`${nthArgument(i)} names no directory (not shown: it may be a value); give the directories of \`org scan\` results.`);
    if (!st.isDirectory()) throw new UsageError(`'${positionals[i]}' is not a directory of \`org scan\` results.`);
  }
  const expected = values.matrix === undefined ? [] : await readMatrix(resolve(io.cwd, values.matrix), values.matrix);
  const { results, unreadable } = await readResults(dirs);
  for (const u of unreadable) io.stderr(`secret-hygiene org report: skipped ${u.file}: ${u.reason}\n`);
  if (results.length === 0 && expected.length === 0) io.stderr(`secret-hygiene org report: no repository results under ${positionals.join(', ')}.\n`);
  const report = mergeResults(results, expected);
  const text = format === 'json' ? formatOrgJson(report) : formatOrgMarkdown(report, maxBytes);
  if (values.output !== undefined) await writeOutput(resolve(io.cwd, values.output), text);
  else io.stdout(text);
  return EXIT.clean;
}

/** The shards of a matrix file written by \`org list\`. */
async function readMatrix(file: string, shown: string): Promise<ExpectedShard[]> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`--matrix ${shown}: cannot read it as JSON (${(err as Error).message}); give the file \`org list\` printed.`);
  }
  const include = (data as { include?: unknown }).include;
  const isShard = (s: unknown): s is ExpectedShard => typeof s === 'object' && s !== null && typeof (s as ExpectedShard).shard === 'number' && typeof (s as ExpectedShard).repos === 'string';
  if (!Array.isArray(include) || !include.every(isShard)) throw new UsageError(`--matrix ${shown}: expected {"include":[{"shard":1,"repos":"owner/a,owner/b"}]}, as \`org list\` prints.`);
  return include;
}
