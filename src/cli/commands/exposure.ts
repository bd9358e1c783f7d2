import { stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { loadConfig } from '../../config/load.js';
import { collectExposure } from '../../exposure/collect.js';
import { isFingerprint, followFingerprint } from '../../exposure/follow-fingerprint.js';
import { formatExposureMarkdown } from '../../exposure/format-markdown.js';
import { formatExposureText } from '../../exposure/format-text.js';
import { needlesOf } from '../../exposure/forms.js';
import type { HeldKey } from '../../exposure/held-key.js';
import { KeyInputError, readKey, readStdin, type KeySource } from '../../exposure/key-input.js';
import { writePurgeFile } from '../../exposure/purge-file.js';
import type { ExposureReport } from '../../exposure/report.js';
import { runbookOf } from '../../exposure/runbook.js';
import { verdictOf } from '../../exposure/verdict.js';
import type { HistoryRange } from '../../sources/history.js';
import { countCommits } from '../../sources/history.js';
import { isGitWorkTree } from '../../sources/git.js';
import type { CliIO } from '../io.js';
import { writeOutput } from '../io.js';
import { parseCommand, type OptionSpecs } from '../parse-command.js';
import { createProgress } from '../progress.js';
import { EXIT, UsageError } from '../usage-error.js';
import { fingerprinterFor } from '../../audit.js';

export const exposureHelp = `Usage: secret-hygiene exposure (--from-env NAME | --from-file FILE | --from-file - | --fingerprint F) [PATH] [options]

After a leak: where has this key been, what does it sign, and how to rotate it. Searches the
working tree and every version of every file on every branch, tag and remote ref for the key as
written, quoted, base64 (Kubernetes data:), base64url, hex, URL-encoded and as a \${VAR:-...}
default; finds every committed HS256/384/512 token it signs and every name bound to it; prints a
verdict and a rotation runbook. The key is never printed, logged or written (except into
--purge-file); never pass it on the command line.

The key (exactly one):
  --from-env NAME       the value of the environment variable NAME
  --from-file FILE      the content of FILE (one trailing newline dropped); - reads stdin
  --fingerprint F       the value a scan reported with this fingerprint (8 or 20 hex digits)

Options:
  --format text|json|markdown   output format (default: text); markdown for an incident ticket
  --output FILE                 write the report to FILE instead of stdout
  --purge-file FILE             write a git filter-repo --replace-text file (created new, mode
                                0600, outside the repository); it holds the key, so it is never printed
  --since DATE                  only commits after DATE
  --max-count N                 only the N most recent commits
  --progress                    show the commit counter on stderr even off a terminal
  --config FILE                 configuration (default: .secret-hygiene.yml in PATH)

Exit codes: 0 the key appears nowhere, 1 it appears (or a committed token verifies with it),
2 usage or runtime error.
`;

const FORMATS = ['text', 'json', 'markdown'] as const;

export async function exposureCommand(argv: string[], io: CliIO): Promise<number> {
  const parsed = parseOptions(argv, io);
  if (parsed === null) return EXIT.clean;
  const { values, positionals } = parsed;
  const format = values.format as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}; see 'secret-hygiene exposure --help'.`);
  // A positional is never echoed: someone may have typed the key there.
  if (positionals.length > 1) throw new UsageError('exposure takes at most one PATH (the repository). The key goes in --from-env, --from-file or --fingerprint, never on the command line.');
  const root = resolve(io.cwd, positionals[0] ?? '.');
  if (!(await stat(root).catch(() => null))?.isDirectory()) {
    throw new UsageError('PATH is not a directory. Give the repository to search (default: .); the key goes in --from-env, --from-file or --fingerprint, never on the command line.');
  }
  const source = keySource(values);
  const range = historyRange(values);
  const config = await loadConfig(root, values.config === undefined ? undefined : resolve(io.cwd, values.config));
  const purgeFile = values['purge-file'] === undefined ? undefined : resolve(io.cwd, values['purge-file']);
  if (purgeFile !== undefined) await checkPurgePath(purgeFile, root);

  let key: HeldKey | null;
  let unchecked = 0;
  let fingerprints;
  try {
    // Fingerprints are keyed by the repository exactly as scans key them (sources/repo-key.ts).
    fingerprints = await fingerprinterFor(root);
    if (source.kind === 'fingerprint') ({ key, unchecked } = await followFingerprint(root, source.fingerprint, config, range, fingerprints));
    else key = await readKey(source.kind === 'file' ? { kind: 'file', path: resolve(io.cwd, source.path) } : source, io.env, () => readStdin(), fingerprints);
  } catch (err) {
    if (err instanceof KeyInputError) throw new UsageError(err.message);
    throw err;
  }
  if (key === null) {
    const fingerprint = (source as { fingerprint: string }).fingerprint;
    // Not found in what the budget let it check is no answer: saying "no value has it" would be a lie.
    if (unchecked > 0) {
      throw new UsageError(
        `no value checked has the fingerprint ${fingerprint}, but ${unchecked} distinct ${unchecked === 1 ? 'value was' : 'values were'} not fingerprinted: ` +
          `this run's budget of slow fingerprints (${fingerprints.slowBudget} units) was spent. Narrow the history with --since or --max-count, or give the key itself with --from-file.`,
      );
    }
    io.stdout(`No secret value the scan sees in the working tree or the history has the fingerprint ${fingerprint}. Check it against 'secret-hygiene scan --history --format json' (secret.fingerprint).\n`);
    return EXIT.clean;
  }

  const git = await isGitWorkTree(root);
  const keyFile = source.kind === 'file' ? insideRoot(resolve(io.cwd, source.path), root) : undefined;
  if (keyFile !== undefined) {
    io.stderr(`secret-hygiene exposure: the key file ${keyFile} is inside the repository; it is not searched, but unless git ignores it the next 'git add -A' commits the key: move it out.\n`);
  }
  const commitCount = git ? await countCommits(root, range).catch((err: Error) => {
    throw new UsageError(`cannot read the history of ${root}: ${err.message}. Check --since and --max-count (git log --all).`);
  }) : 0;
  const progress = createProgress(io, 'exposure', values.progress === true);
  let collected;
  try {
    collected = await collectExposure(root, key, config, {
      ...range,
      commitCount,
      ...(source.kind === 'env' ? { names: [source.name] } : {}),
      ...(keyFile !== undefined ? { keyFile } : {}),
      onProgress: (done, total) => progress.update(done, total),
    });
  } finally {
    progress.end();
  }
  let written: string | undefined;
  if (purgeFile !== undefined) {
    if (collected.firstCommit === undefined) io.stderr('secret-hygiene exposure: the key is in no commit, so there is no history to purge; --purge-file was not written.\n');
    else {
      await writePurgeFile(purgeFile, key).catch((err: NodeJS.ErrnoException) => {
        throw new UsageError(err.code === 'EEXIST' ? `--purge-file ${values['purge-file']} already exists: it is never overwritten. Give a new name.` : `cannot create the --purge-file (${err.code ?? 'error'}; the path is not shown: it may be a value): give a new file in a writable directory.`);
      });
      written = values['purge-file'];
    }
  }
  const report: ExposureReport = {
    ...collected,
    verdict: verdictOf(collected),
    runbook: runbookOf(collected, { keyOption: keyOption(source), ...(written !== undefined ? { purgeFile: written } : {}) }),
  };
  const text = format === 'json' ? JSON.stringify(report, null, 2) + '\n' : format === 'markdown' ? formatExposureMarkdown(report) : formatExposureText(report);
  assertKeyAbsent(text, key);
  if (values.output !== undefined) {
    await writeOutput(resolve(io.cwd, values.output), text);
    io.stderr(`secret-hygiene exposure: ${report.verdict}\n`);
  } else io.stdout(text);
  return report.exposed ? EXIT.findings : EXIT.clean;
}

const OPTIONS = {
  'from-env': { type: 'string' },
  'from-file': { type: 'string' },
  fingerprint: { type: 'string' },
  format: { type: 'string', default: 'text' },
  output: { type: 'string' },
  'purge-file': { type: 'string' },
  since: { type: 'string' },
  'max-count': { type: 'string' },
  progress: { type: 'boolean', default: false },
  config: { type: 'string' },
} as const satisfies OptionSpecs;

function parseOptions(argv: string[], io: CliIO) {
  try {
    return parseCommand('exposure', argv, io, OPTIONS, exposureHelp);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    // The parser quotes the argument it rejects, and that argument may be the key: only our own option names are repeated.
    const suggestion = /did you mean (--[a-z-]+)\?/.exec(err.message)?.[1];
    const what = /unknown option/.test(err.message) ? 'an unknown option' : /argument missing/.test(err.message) ? 'an option without its value' : 'an argument it cannot read';
    throw new UsageError(`exposure was given ${what} (not shown: it may hold the key${suggestion ? `; did you mean ${suggestion}?` : ''}). See 'secret-hygiene exposure --help'.`);
  }
}

function keySource(values: { 'from-env'?: string | undefined; 'from-file'?: string | undefined; fingerprint?: string | undefined }): KeySource {
  const given = [values['from-env'] !== undefined, values['from-file'] !== undefined, values.fingerprint !== undefined].filter(Boolean).length;
  if (given !== 1) {
    throw new UsageError(
      `${given === 0 ? 'give the key' : 'give the key once'}: --from-env NAME (an environment variable), --from-file FILE (or - for stdin) or --fingerprint F (from a scan). It is never taken on the command line.`,
    );
  }
  if (values['from-env'] !== undefined) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(values['from-env'])) throw new UsageError('--from-env takes the NAME of an environment variable (letters, digits, _), not the key itself: export it first.');
    return { kind: 'env', name: values['from-env'] };
  }
  if (values['from-file'] !== undefined) return values['from-file'] === '-' ? { kind: 'stdin' } : { kind: 'file', path: values['from-file'] };
  const f = values.fingerprint as string;
  if (!isFingerprint(f)) throw new UsageError('--fingerprint takes the 8 or 20 hex digits a scan prints after the preview ([Qw3r… 16 chars, ac0a298a]).');
  return { kind: 'fingerprint', fingerprint: f.toLowerCase() };
}

function keyOption(source: KeySource): string {
  switch (source.kind) {
    case 'env':
      return `--from-env ${source.name}`;
    case 'file':
      return `--from-file ${source.path}`;
    case 'stdin':
      return '--from-file -';
    case 'fingerprint':
      return `--fingerprint ${source.fingerprint}`;
  }
}

function historyRange(values: { since?: string | undefined; 'max-count'?: string | undefined }): HistoryRange {
  const range: HistoryRange = {};
  if (values.since !== undefined) range.since = values.since;
  if (values['max-count'] !== undefined) {
    if (!/^[1-9][0-9]{0,8}$/.test(values['max-count'])) throw new UsageError(`--max-count takes a positive number of commits, e.g. --max-count 500.`);
    range.maxCount = Number(values['max-count']);
  }
  return range;
}

/** `file` relative to `root` (`/`-separated, as sources name paths) when it lies inside it. */
function insideRoot(file: string, root: string): string | undefined {
  const rel = relative(root, file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? undefined : rel.split(sep).join('/');
}

/** The purge file holds the key: it must not land where `git add -A` would pick it up. */
async function checkPurgePath(file: string, root: string): Promise<void> {
  const rel = relative(root, file);
  if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) {
    throw new UsageError('--purge-file must be outside the repository (e.g. ~/secret-hygiene-purge.txt): it holds the key, and inside the work tree it could be committed.');
  }
  if (await stat(file).catch(() => null)) throw new UsageError('--purge-file names a file that already exists: it is never overwritten. Give a new name.');
}

/**
 * The last line of defence: the report is built from names and places only, so the key cannot be
 * in it, unless a file name or a key name is the key. Then nothing is printed.
 */
function assertKeyAbsent(text: string, key: HeldKey): void {
  if (needlesOf(key).some((n) => text.includes(n.text))) {
    throw new Error('the report would contain the key (a file or key name in the repository holds it), so it is not printed');
  }
}
