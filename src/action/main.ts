import { join, resolve, relative, sep } from 'node:path';
import { readToolFile } from '../fs/tool-file.js';
import { writeReportFile } from '../fs/write-file.js';
import { auditSource, worktreeOptions } from '../audit.js';
import { chooseBaseline, readBaseline } from '../baseline/file.js';
import { loadConfig, withExcludedFile } from '../config/load.js';
import { failsAt, failsOnCut, type ResolvedConfig } from '../config/types.js';
import { formatSarif, rootRelative } from '../reporters/sarif.js';
import { formatSummary, toAnnotations } from '../reporters/github.js';
import { formatText, plural } from '../reporters/text.js';
import { RULES } from '../rules/index.js';
import { addedSecretValues } from '../change-context.js';
import { diffSource } from '../sources/diff.js';
import { worktreeSource } from '../sources/worktree.js';
import { packageVersion } from '../version.js';
import { githubIO } from './github-io.js';
import { InputError, readInputs } from './inputs.js';
import type { ActionIO } from './io.js';
import { resolveScope } from './scope.js';
import { checkEnv, describeFailure } from '../secrets/check-env.js';
import type { Finding } from '../core/types.js';
import { createSecretNameMatcher } from '../core/secret-names.js';
import { secretSpans } from '../fix/redacted-diff.js';
import { createDocumentParser } from '../parsers/index.js';
import { decodeText } from '../sources/decode.js';
import { octokitReviewClient } from './octokit-review.js';
import { publishSuggestions } from './review.js';
import { suggestionsFor } from './suggestions.js';


/** The Action: scan what the event changed (whole tree as context), annotate, summarise, output. */
export async function run(io: ActionIO = githubIO()): Promise<void> {
  try {
    await runChecked(io);
  } catch (err) {
    if (err instanceof InputError) io.setFailed(err.message);
    else io.setFailed(`secret-hygiene failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function runChecked(io: ActionIO): Promise<void> {
  const inputs = readInputs(io.getInput);
  const workspace = io.env.GITHUB_WORKSPACE ?? process.cwd();
  const root = resolve(workspace, inputs.path);
  const prefixRel = relative(workspace, root).split(sep).join('/');
  const prefix = prefixRel === '' ? '' : prefixRel + '/';
  // `config` and `baseline` are paths relative to the workspace, like `sarif-file`; the fail-on input wins over the file.
  const loaded = await loadConfig(root, inputs.config === '' ? undefined : resolve(workspace, inputs.config));
  // `baseline: none` reads none; empty reads the one `secret-hygiene baseline` writes (or the configuration names), when there is one.
  const chosen = chooseBaseline({ root, cwd: workspace, given: inputs.baseline === '' || inputs.baseline === 'none' ? undefined : inputs.baseline, none: inputs.baseline === 'none', configured: loaded.baselineFile });
  const baselineFile = chosen?.file;
  const base = baselineFile !== undefined ? withExcludedFile(loaded, root, baselineFile) : loaded;
  const config: ResolvedConfig = { ...base, failOn: inputs.failOn ?? base.failOn };
  const preflightFailures = preflight(io, inputs.checkEnv, inputs.checkEnvDistinct, config);
  if (!inputs.scan) {
    if (preflightFailures.length > 0) io.setFailed(preflightFailures.join('\n'));
    return;
  }

  const scope = await resolveScope(root, io.env.GITHUB_EVENT_NAME ?? '', io.event, inputs.mode, io.info);
  io.info(`secret-hygiene ${packageVersion()}: ${scope.reason}.`);
  const sourceOptions = worktreeOptions(root, config);
  // A PR's cost grows with its diff: the changed files, plus the files holding a value it adds.
  const source =
    scope.kind === 'diff'
      ? diffSource({ ...sourceOptions, base: scope.base, contextNeedles: addedSecretValues(config) })
      : worktreeSource(sourceOptions);
  const adoption =
    chosen !== undefined
      ? { baseline: { ...(await readBaseline(chosen.file, chosen.shown, workspace)), name: chosen.shown }, reportUnusedBaseline: scope.kind !== 'diff' }
      : {};
  const result = await auditSource(root, source, config, adoption);
  const metas = RULES.map((r) => r.meta);

  io.info(formatText(result, metas, { color: false }));
  const failing = result.findings.filter((f) => failsAt(f.severity, config.failOn)).length;
  if (inputs.annotations) for (const a of toAnnotations(result.findings, prefix, failing > 0 ? 1 : 0)) io.annotate(a);

  const notes = inputs.suggestions ? await postSuggestions(io, inputs.githubToken, root, prefix, result.findings, config) : [];
  const server = io.env.GITHUB_SERVER_URL ?? 'https://github.com';
  const repo = io.env.GITHUB_REPOSITORY;
  const sha = io.env.GITHUB_SHA;
  if (inputs.summary) {
    await io.writeSummary(
      formatSummary(result, metas, {
        scope: `Scope: ${scope.reason}. ${plural(result.stats.files, 'file')} read in ${result.stats.ms} ms.`,
        prefix,
        extraNotes: notes,
        ...(repo && sha ? { blobBase: `${server}/${repo}/blob/${sha}/` } : {}),
      }),
    );
  }
  if (inputs.sarifFile !== '') {
    // Code scanning takes each upload for a ref as the full set of its alerts. On the default
    // branch, a SARIF of the pushed lines only would close every alert elsewhere in the tree: there
    // the SARIF covers the whole tree, while annotations stay on the lines the push adds.
    let sarifResult = result;
    if (scope.kind === 'diff' && isDefaultBranchPush(io.env.GITHUB_EVENT_NAME, io.event)) {
      io.info('SARIF: the whole tree (a push to the default branch; code scanning treats each upload as the full set of alerts).');
      sarifResult = await auditSource(root, worktreeSource(sourceOptions), config, baselineFile !== undefined ? { ...adoption, reportUnusedBaseline: true } : {});
    }
    const file = resolve(workspace, inputs.sarifFile);
    // The workspace is the pull request's tree: a planted `results.sarif -> ~/.bashrc` is refused.
    await writeReportFile(file, formatSarif(rootRelative(sarifResult, prefix), metas, packageVersion(), { srcRoot: workspace }), {
      shown: inputs.sarifFile,
      root: workspace,
      hint: 'set sarif-file to a path the job can write, such as results.sarif',
    });
    io.setOutput('sarif-file', inputs.sarifFile);
  }
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  const warnings = result.findings.filter((f) => f.severity === 'warning').length;
  io.setOutput('findings', result.findings.length);
  io.setOutput('errors', errors);
  io.setOutput('warnings', warnings);
  io.setOutput('result', result.findings.length === 0 ? 'clean' : 'findings');
  const failures = [...preflightFailures];
  if (failing > 0) failures.push(`secret-hygiene: ${plural(failing, 'finding')} at or above '${config.failOn}'. See the annotations and the job summary for where and how to fix them.`);
  const cut = new Set(result.problems.filter((p) => p.cut).map((p) => p.file)).size;
  if (failsOnCut(result.problems, config.failOn)) failures.push(`secret-hygiene: ${plural(cut, 'file')} not checked in full: a cap on hostile input cut the work, so the change cannot be called clean. See the problems in the job summary.`);
  if (failures.length > 0) {
    io.setFailed(failures.join('\n'));
  }
}

/**
 * Posts fixable findings as suggestions in one review. A fork's token is read-only, so there the
 * findings stay annotations and the summary says why. Returns notes for the summary.
 */
async function postSuggestions(io: ActionIO, token: string, root: string, prefix: string, findings: Finding[], config: ResolvedConfig): Promise<string[]> {
  const parse = createDocumentParser(createSecretNameMatcher(config.secretNames), config.secretNames);
  const pr = io.event.pull_request as { number?: number; head?: { sha?: string; repo?: { full_name?: string } }; base?: { repo?: { full_name?: string } } } | undefined;
  const repository = io.env.GITHUB_REPOSITORY;
  if (!pr?.number || !pr.head?.sha || !repository) return ['Suggestions are posted on pull requests only.'];
  if (pr.head.repo?.full_name && pr.base?.repo?.full_name && pr.head.repo.full_name !== pr.base.repo.full_name) {
    return ['This pull request comes from a fork, whose token is read-only: fixes are shown as annotations, not as suggestions. Run `npx secret-hygiene fix` locally to apply them.'];
  }
  const suggestions = suggestionsFor(findings, (file) => readWorkspaceText(root, file), prefix, (file, text) => secretSpans(file, text, parse));
  if (suggestions.length === 0) return [];
  try {
    const outcome = await publishSuggestions(octokitReviewClient(token, repository, io.env.GITHUB_API_URL), pr.number, pr.head.sha, suggestions);
    io.info(`Suggestions: ${outcome.posted} posted, ${outcome.updated} updated, ${outcome.unchanged} unchanged, ${outcome.deleted} removed.`);
    return [`${suggestions.length} fix(es) are offered as one-click suggestions in the pull request review.`];
  } catch (err) {
    const status = (err as { status?: number }).status;
    const why = status === 403 || status === 401 ? 'the token may not write pull requests (add `permissions: pull-requests: write`)' : `the GitHub API answered: ${(err as Error).message.split('\n')[0]}`;
    io.warning(`Could not post suggestions: ${why}. The findings are annotated instead.`);
    return [`Suggestions could not be posted (${why}); run \`npx secret-hygiene fix\` locally to apply the fixes.`];
  }
}

/** Suggestions are for files the scan read, which are under its size cap; this only bounds memory. */
const MAX_SUGGESTION_FILE_BYTES = 16 * 1024 * 1024;

function readWorkspaceText(root: string, file: string): string | null {
  try {
    const bytes = readToolFile(join(root, file), { shown: file, maxBytes: MAX_SUGGESTION_FILE_BYTES, root });
    return bytes === null ? null : decodeText(bytes).text;
  } catch {
    return null; // a file the scan saw but that is gone now gets no suggestion
  }
}

/**
 * The check-env preflight on secrets the workflow passes in `env:`. Every value is masked first,
 * so nothing later in the log can show it; failures name the key and the reason only.
 */
function preflight(io: ActionIO, require: string[], distinct: string[], config: ResolvedConfig): string[] {
  if (require.length === 0 && distinct.length === 0) return [];
  for (const k of new Set([...require, ...distinct])) {
    const v = io.env[k];
    if (v !== undefined && v.trim() !== '') io.setSecret(v);
  }
  const result = checkEnv({
    require,
    distinct: distinct.length > 1 ? [distinct] : [],
    minBytes: 32,
    env: io.env,
    extraWeakValues: config.weakValues,
    ...(config.weakList ? { weakList: config.weakList } : {}),
  });
  const lines = result.failures.map((f) => `check-env: ${describeFailure(f, { minBytesBasis: 'HS256, RFC 7518 §3.2' })}`);
  io.info(result.ok ? `check-env: ${plural(result.checked.length, 'key')} set, strong and distinct.` : lines.join('\n'));
  return lines;
}

/** A push to the repository's default branch (the event names both). */
function isDefaultBranchPush(eventName: string | undefined, event: Record<string, unknown>): boolean {
  if (eventName !== 'push') return false;
  const branch = (event.repository as { default_branch?: unknown } | undefined)?.default_branch;
  return typeof branch === 'string' && event.ref === `refs/heads/${branch}`;
}
