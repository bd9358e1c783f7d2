import { resolve, relative, sep } from 'node:path';
import { writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { auditSource } from '../audit.js';
import { readBaseline } from '../baseline/file.js';
import { loadConfig, withExcludedFile } from '../config/load.js';
import { failsAt, type ResolvedConfig } from '../config/types.js';
import { formatSarif } from '../reporters/sarif.js';
import { formatSummary, toAnnotations } from '../reporters/github.js';
import { formatText } from '../reporters/text.js';
import { RULES } from '../rules/index.js';
import { diffSource } from '../sources/diff.js';
import { worktreeSource } from '../sources/worktree.js';
import { packageVersion } from '../version.js';
import { githubIO } from './github-io.js';
import { InputError, readInputs } from './inputs.js';
import type { ActionIO } from './io.js';
import { resolveScope } from './scope.js';


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
  const baselineFile = inputs.baseline === '' ? undefined : resolve(workspace, inputs.baseline);
  const config: ResolvedConfig = { ...(baselineFile !== undefined ? withExcludedFile(loaded, root, baselineFile) : loaded), failOn: inputs.failOn };

  const scope = await resolveScope(root, io.env.GITHUB_EVENT_NAME ?? '', io.event, inputs.mode, io.info);
  io.info(`secret-hygiene ${packageVersion()}: ${scope.reason}.`);
  const sourceOptions = { root, maxFileBytes: config.maxFileBytes, exclude: config.exclude };
  const source = scope.kind === 'diff' ? diffSource({ ...sourceOptions, base: scope.base }) : worktreeSource(sourceOptions);
  const adoption =
    baselineFile !== undefined
      ? { baseline: { entries: await readBaseline(baselineFile, inputs.baseline), name: inputs.baseline }, reportUnusedBaseline: scope.kind !== 'diff' }
      : {};
  const result = await auditSource(root, source, config, adoption);
  const metas = RULES.map((r) => r.meta);

  io.info(formatText(result, metas, { color: false }));
  const failing = result.findings.filter((f) => failsAt(f.severity, inputs.failOn)).length;
  if (inputs.annotations) for (const a of toAnnotations(result.findings, prefix, failing > 0 ? 1 : 0)) io.annotate(a);

  const server = io.env.GITHUB_SERVER_URL ?? 'https://github.com';
  const repo = io.env.GITHUB_REPOSITORY;
  const sha = io.env.GITHUB_SHA;
  if (inputs.summary) {
    await io.writeSummary(
      formatSummary(result, metas, {
        scope: `Scope: ${scope.reason}. ${result.stats.files} files read in ${result.stats.ms} ms.`,
        prefix,
        ...(repo && sha ? { blobBase: `${server}/${repo}/blob/${sha}/` } : {}),
      }),
    );
  }
  if (inputs.sarifFile !== '') {
    const file = resolve(workspace, inputs.sarifFile);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, formatSarif(prefixed(result, prefix), metas, packageVersion()));
    io.setOutput('sarif-file', inputs.sarifFile);
  }
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  const warnings = result.findings.filter((f) => f.severity === 'warning').length;
  io.setOutput('findings', result.findings.length);
  io.setOutput('errors', errors);
  io.setOutput('warnings', warnings);
  io.setOutput('result', result.findings.length === 0 ? 'clean' : 'findings');
  if (failing > 0) {
    io.setFailed(`secret-hygiene: ${failing} finding(s) at or above '${inputs.failOn}'. See the annotations and the job summary for where and how to fix them.`);
  }
}

/** SARIF URIs are relative to the repository root, not the scanned sub-path. */
function prefixed<T extends { findings: { file: string; related: { file: string }[] }[]; problems: { file: string }[] }>(result: T, prefix: string): T {
  if (prefix === '') return result;
  return {
    ...result,
    findings: result.findings.map((f) => ({ ...f, file: prefix + f.file, related: f.related.map((r) => ({ ...r, file: prefix + r.file })) })),
    problems: result.problems.map((p) => ({ ...p, file: prefix + p.file })),
  };
}
