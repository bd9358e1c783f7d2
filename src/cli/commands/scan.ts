import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { auditSource, type AuditOptions } from '../../audit.js';
import { readStdinCapped } from '../../sources/stdin.js';
import { resolveFileArguments } from '../file-arguments.js';
import type { ScanResult } from '../../core/types.js';
import { BASELINE_FILE_NAME, chooseBaseline, readBaseline } from '../../baseline/file.js';
import { loadConfig, withExcludedFile, withWeakValuesFile } from '../../config/load.js';
import { failsAt, failsOnCut, type FailOn, type ResolvedConfig } from '../../config/types.js';
import { formatJson } from '../../reporters/json.js';
import { formatSarif, rootRelative } from '../../reporters/sarif.js';
import { formatText, totalSentence } from '../../reporters/text.js';
import { RULES } from '../../rules/index.js';
import type { CliIO } from '../io.js';
import { parseCommand } from '../parse-command.js';
import { wantsColor, writeOutput } from '../io.js';
import { createProgress } from '../progress.js';
import { auditHistoryScan, readScope, selectSource, type SourceFlags } from '../select-source.js';
import { resolveDiffRange } from '../diff-range.js';
import { EXIT, notADirectory, UsageError } from '../usage-error.js';
import { gitAt, isBareRepository, isGitWorkTree } from '../../sources/git.js';
import { packageVersion } from '../../version.js';
import { auditTreeBounded, type TreeAuditOptions } from '../../worker/tree-job.js';
import { escapeControlChars as shownText } from '../../core/control-chars.js';

const FORMATS = ['text', 'json', 'sarif'] as const;
const FAIL_ON = ['error', 'warning', 'note', 'never'] as const;

export const scanHelp = `Usage: secret-hygiene scan [PATH] [options]
       secret-hygiene scan FILE... [options]
       secret-hygiene scan - [--stdin-filename NAME] [options]
       secret-hygiene scan --staged [--quiet]
       secret-hygiene scan --history [--since DATE] [--max-count N] [PATH] [REV-RANGE]

Audits PATH (default: .). In a git repository: the tracked files plus the untracked ones git
does not ignore. Elsewhere: every file, honouring .gitignore. FILE... reports on those files
only, with the rest of their repository read as context (a value reused elsewhere); - reads
standard input, judged as a file named --stdin-filename (default: stdin).

Options:
  --format text|json|sarif   output format (default: text)
  --output FILE              write the report to FILE instead of stdout (the one-line total
                             still goes to stderr)
  --fail-on LEVEL            error|warning|note|never: exit 1 at or above it (default: warning)
  --diff RANGE               report only findings on lines a change adds (whole tree as context):
                             BASE...HEAD since the merge base (a branch's change, as git diff
                             reads it), BASE..HEAD between two commits, BASE to the working tree
  --staged                   scan what \`git commit\` would record: findings on the lines it adds
  --history                  audit every version of every file ever committed (all refs, or
                             REV-RANGE): each leaked secret once, at the commit that added it
  --since DATE               with --history: only commits after DATE (\`2024-01-01\`, \`6 months ago\`)
  --max-count N              with --history: only the N most recent commits
  --stdin-filename NAME      with -: the file name standard input is judged as (.env, settings.py)
  --progress                 show the counter (files read, or commits with --history) on stderr even off
                             a terminal, as plain lines; --staged and --diff scans have none
  --quiet                    print nothing unless the scan fails (for git hooks)
  --config FILE              configuration (default: .secret-hygiene.yml in PATH)
  --weak-values-file FILE    a wordlist of weak secrets, one a line (replaces the configuration's)
  --baseline FILE            report only findings not accepted in FILE (default: ${BASELINE_FILE_NAME}
                             in PATH when it exists, or the configuration's \`baseline\`; see
                             secret-hygiene baseline --help)
  --no-baseline              report every finding, the accepted ones too
  --report-unused-suppressions  report suppression comments that match no finding
  --verbose                  list every skipped file
  --no-color                 plain text even on a terminal

Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage/config/runtime error.
`;

export async function scanCommand(argv: string[], io: CliIO): Promise<number> {
  const parsed = parseCommand(
    'secret-hygiene scan',
    argv,
    io,
    {
      format: { type: 'string', default: 'text' },
      output: { type: 'string' },
      'fail-on': { type: 'string' },
      diff: { type: 'string' },
      staged: { type: 'boolean', default: false },
      history: { type: 'boolean', default: false },
      since: { type: 'string' },
      'max-count': { type: 'string' },
      'stdin-filename': { type: 'string' },
      progress: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      config: { type: 'string' },
      baseline: { type: 'string' },
      'no-baseline': { type: 'boolean', default: false },
      'weak-values-file': { type: 'string' },
      'report-unused-suppressions': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      'no-color': { type: 'boolean', default: false },
    },
    scanHelp,
  );
  if (parsed === null) return EXIT.clean;
  const { values, positionals } = parsed;
  const format = values.format as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}; see 'secret-hygiene scan --help'.`);
  const scope = await readScope(values, positionals, io.cwd);
  const named = scope.files ? await resolveFileArguments(io.cwd, scope.files) : null;
  const root = named?.root ?? resolve(io.cwd, scope.path ?? '.');
  const st = await stat(root).catch(() => null);
  if (!st?.isDirectory()) {
    throw new UsageError(`${notADirectory(st, scope.path)}. Give the directory to audit, e.g. \`secret-hygiene scan .\`.`);
  }
  // A bare repository has no work tree: its object files would be scanned as binaries, and a
  // clean exit would claim the repository clean.
  if (!scope.flags.history && scope.stdin === undefined && (await isBareRepository(root))) {
    const p = scope.path ?? '.';
    throw new UsageError(
      `'${p}' is a bare git repository (no work tree, only git's objects). Audit its history with \`secret-hygiene scan --history ${p}\`, or check out a work tree (\`git clone ${p} work\`) and scan that.`,
    );
  }

  let config: ResolvedConfig = await loadConfig(root, values.config === undefined ? undefined : resolve(io.cwd, values.config));
  if (values['weak-values-file'] !== undefined) config = withWeakValuesFile(config, root, values['weak-values-file'], io.cwd);
  if (values['fail-on'] !== undefined) {
    if (!(FAIL_ON as readonly string[]).includes(values['fail-on'])) {
      throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}; see 'secret-hygiene scan --help'.`);
    }
    config.failOn = values['fail-on'] as FailOn;
  }
  // The baseline file is never scanned itself; its unused entries are judged only by a full scan.
  const chosen = chooseBaseline({ root, cwd: io.cwd, given: values.baseline, none: values['no-baseline'], configured: config.baselineFile });
  if (chosen !== undefined) config.exclude = withExcludedFile(config, root, chosen.file).exclude;
  // Only a full scan sees every finding, so only it can call a baseline entry unused.
  const isFullScan = named === null && scope.stdin === undefined && ['diff', 'staged', 'history'].every((k) => !(values as Record<string, unknown>)[k]);
  const adoption = {
    ...(chosen !== undefined ? { baseline: { ...(await readBaseline(chosen.file, chosen.shown, root)), name: chosen.shown } } : {}),
    reportUnusedBaseline: isFullScan,
    reportUnusedSuppressions: values['report-unused-suppressions'],
  };

  if ((scope.flags.staged || scope.flags.diff !== undefined) && !(await isGitWorkTree(root))) {
    const flag = scope.flags.staged ? '--staged' : '--diff';
    throw new UsageError(`${scope.path ?? '.'} is not a git repository: ${flag} reads git's ${scope.flags.staged ? 'index' : 'commits'}. Run it inside a repository, or scan the directory without ${flag}.`);
  }
  const { diff, ...rest } = scope.flags;
  const flags: SourceFlags = diff !== undefined ? { ...rest, diff: await resolveDiffRange(root, diff) } : rest;
  if (named !== null) flags.files = named.files;
  if (scope.stdin !== undefined) flags.stdin = { bytes: await readStdin(io, config.maxFileBytes), name: scope.stdin };
  const result = flags.history
    ? await auditHistoryScan(root, flags.history, config, io, { forceProgress: values.progress, ...(adoption.baseline ? { baseline: adoption.baseline } : {}) })
    : await auditFiles(root, flags, config, io, values.progress, adoption);
  const metas = RULES.map((r) => r.meta);
  const text =
    format === 'json'
      ? formatJson(result)
      : format === 'sarif'
        ? await sarifOf(result, root, flags.history !== undefined)
        : formatText(result, metas, { color: wantsColor(io, values['no-color']), verbose: values.verbose });
  const fails = result.findings.some((f) => failsAt(f.severity, config.failOn)) || failsOnCut(result.problems, config.failOn);
  if (values.output !== undefined) {
    await writeOutput(resolve(io.cwd, values.output), text, root);
    // The report went to a file: the total still shows where the scan ran (as gitleaks does).
    if (fails || !values.quiet) io.stderr(`secret-hygiene: ${totalSentence(result, 'in the report')}; report written to ${shownText(values.output)}.\n`);
  } else if (fails || !values.quiet) io.stdout(text);
  return fails ? EXIT.findings : EXIT.clean;
}

/** Standard input for `scan -`, refused over the size cap (it would all be held in memory). */
async function readStdin(io: CliIO, maxBytes: number): Promise<Buffer> {
  if (io.stdin === undefined) throw new UsageError('`scan -` reads standard input, and there is none here: pipe a file in (cat .env | secret-hygiene scan - --stdin-filename .env).');
  const bytes = await readStdinCapped(io.stdin, maxBytes);
  if (bytes === null) {
    throw new UsageError(`standard input is over the size cap of ${maxBytes} bytes: scan the file itself (secret-hygiene scan FILE), or raise max-file-bytes in .secret-hygiene.yml.`);
  }
  return bytes;
}

/**
 * SARIF whose %SRCROOT% is the repository's root, with every path relative to it even when a
 * subdirectory was scanned (code scanning resolves URIs against the checkout's root, and an
 * alert on `settings.py` for `app/settings.py` points nowhere). Outside git, the scanned
 * directory is the root. A history audit's paths are the repository's already.
 */
async function sarifOf(result: ScanResult, root: string, isHistory: boolean): Promise<string> {
  const prefix = (await repositoryPrefix(root)) ?? '';
  const depth = prefix.split('/').filter(Boolean).length;
  const top = resolve(root, ...Array<string>(depth).fill('..'));
  return formatSarif(isHistory ? result : rootRelative(result, prefix), RULES.map((r) => r.meta), packageVersion(), { srcRoot: top });
}

/** Where `dir` is inside its git work tree ('' at the root, 'sub/dir/' below it); undefined outside git. */
async function repositoryPrefix(dir: string): Promise<string | undefined> {
  try {
    return (await gitAt(dir).raw(['rev-parse', '--show-prefix'])).trim();
  } catch {
    return undefined;
  }
}

/** A scan of files (full, staged or diff); a full scan counts the files read on stderr (see createProgress). */
async function auditFiles(root: string, flags: SourceFlags, config: ResolvedConfig, io: CliIO, forceProgress: boolean, adoption: AuditOptions): Promise<ScanResult> {
  const isFull = flags.diff === undefined && !flags.staged && !flags.files && !flags.stdin;
  const progress = isFull ? createProgress(io, 'scan', forceProgress, 'files') : null;
  // Asked for a counter where there is none: say so rather than leave the flag silently unused.
  if (!isFull && forceProgress) {
    const given = flags.stdin ? 'standard input' : flags.files ? 'named files' : null;
    const kind = given ?? (flags.staged ? 'a --staged scan' : 'a --diff scan');
    const why = given ? 'it reads what it is given' : 'it reads what the change needs';
    io.stderr(`secret-hygiene: --progress has no effect on ${kind}: it has no counter (${why}, not the whole tree).\n`);
  }
  try {
    const onRead = progress ? (done: number, total: number) => progress.update(done, total) : undefined;
    // A large tree is scanned in a worker under heap limits (see tree-job.ts); the report is the same.
    const bounded = isFull ? await auditTreeBounded(root, config, treeOptions(adoption), onRead) : null;
    if (bounded) return bounded;
    const source = selectSource(root, flags, config, onRead);
    // In this thread a full scan can spare the pool's memory for slow fingerprints (see slowFingerprintAsync).
    return await auditSource(root, source, config, isFull ? { ...adoption, parseInWorkers: true, deferSlowFingerprints: true } : adoption);
  } finally {
    progress?.end();
  }
}

/** The options a full scan keeps, as plain data for a worker. */
function treeOptions(adoption: AuditOptions): TreeAuditOptions {
  const { baseline, reportUnusedBaseline, reportUnusedSuppressions } = adoption;
  return {
    ...(baseline !== undefined ? { baseline } : {}),
    ...(reportUnusedBaseline !== undefined ? { reportUnusedBaseline } : {}),
    ...(reportUnusedSuppressions !== undefined ? { reportUnusedSuppressions } : {}),
  };
}
