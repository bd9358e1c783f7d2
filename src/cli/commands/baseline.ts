import { lstatSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, relative, resolve } from 'node:path';
import { auditSource, fingerprinterFor } from '../../audit.js';
import { BASELINE_FILE_NAME, readBaseline, serializeBaseline, type BaselineEntry } from '../../baseline/file.js';
import { ensureUnionMerge } from '../../baseline/gitattributes.js';
import { updateBaseline } from '../../baseline/match.js';
import { olderFingerprintsOf } from '../../core/findings.js';
import { loadConfig, withExcludedFile } from '../../config/load.js';
import { isInside } from '../../fs/tool-file.js';
import { writeReportFile, writeRepoFile } from '../../fs/write-file.js';
import { isGitWorkTree } from '../../sources/git.js';
import type { CliIO } from '../io.js';
import { parseCommand } from '../parse-command.js';
import { selectSource } from '../select-source.js';
import { EXIT, notShown, notADirectory, UsageError } from '../usage-error.js';
import { plural } from '../../reporters/text.js';

export const baselineHelp = `Usage: secret-hygiene baseline [PATH] [options]

Accepts the current findings of PATH (default: .) knowingly: writes them to
${BASELINE_FILE_NAME} in PATH (or the file the configuration's \`baseline\` names: rule, file
and fingerprint; never a value or a line), keeping the entries already there. \`secret-hygiene
scan\`, the pre-commit hook and the Action read that file by default and report only findings
that are not in it (\`scan --no-baseline\` reports them all). An entry keeps matching when lines
move or the file is reformatted; it stops matching when the secret changes or moves to another
file, and a full scan then notes it as stale.

Options:
  --output FILE        the baseline file (default: the configuration's \`baseline\`, else
                       ${BASELINE_FILE_NAME} in PATH)
  --prune              remove the entries that match no finding any more; accept nothing new
  --config FILE        configuration (default: .secret-hygiene.yml in PATH)
  --no-gitattributes   do not add '/${BASELINE_FILE_NAME} merge=union' to .gitattributes
                       (added in a git repository so two branches' new entries merge cleanly)

Exit codes: 0 written, 2 usage/config error.
`;

export async function baselineCommand(argv: string[], io: CliIO): Promise<number> {
  const parsed = parseCommand(
    'secret-hygiene baseline',
    argv,
    io,
    {
      output: { type: 'string' },
      prune: { type: 'boolean', default: false },
      config: { type: 'string' },
      'no-gitattributes': { type: 'boolean', default: false },
    },
    baselineHelp,
  );
  if (parsed === null) return EXIT.clean;
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new UsageError(`baseline takes one PATH (${notShown(positionals.length)}).`);
  const root = resolve(io.cwd, positionals[0] ?? '.');
  const st = await stat(root).catch(() => null);
  if (!st?.isDirectory()) throw new UsageError(`${notADirectory(st, positionals[0])}. Give the directory to audit, e.g. \`secret-hygiene baseline .\`.`);
  const loaded = await loadConfig(root, values.config === undefined ? undefined : resolve(io.cwd, values.config));
  // The file scan reads by default: the configuration's `baseline`, else the default name in PATH.
  const file = values.output !== undefined ? resolve(io.cwd, values.output) : resolve(root, loaded.baselineFile ?? BASELINE_FILE_NAME);
  const shown = relative(io.cwd, file) || file;
  const isDefault = values.output === undefined || file === resolve(root, loaded.baselineFile ?? BASELINE_FILE_NAME);

  const config = withExcludedFile(loaded, root, file);
  let existing: BaselineEntry[] = [];
  let recorded: string | undefined;
  let rekeyed = 0;
  let olderFingerprints = false;
  if (lstatSync(file, { throwIfNoEntry: false }) !== undefined) {
    const old = await readBaseline(file, shown, root);
    // An older file's fingerprints were unkeyed: none can match, so it is re-keyed by accepting
    // the current findings afresh (its entries are dropped, and counted in the output).
    if (old.legacy) rekeyed = old.entries.length;
    else existing = old.entries;
    olderFingerprints = old.olderFingerprints;
    recorded = old.repository;
  } else if (values.prune) throw new UsageError(`${shown} does not exist: nothing to prune. Write it with \`secret-hygiene baseline\`.`);

  const fingerprints = await fingerprinterFor(root, recorded !== undefined ? { entries: [], name: shown, repository: recorded } : undefined);
  const result = await auditSource(root, selectSource(root, {}, config), config, { fingerprints });
  const older = olderFingerprintsOf(fingerprints);
  const update = updateBaseline(existing, result.findings, values.prune && rekeyed === 0, olderFingerprints ? (f) => older(f)?.finding : undefined);
  const hint = 'give --output a file in a writable directory';
  const serialized = serializeBaseline(update.entries, fingerprints.repoKey);
  // A new file in a directory still to make (the configuration's `baseline: security/x.json`)
  // is created with its directories, no link followed inside the repository; an existing one is
  // replaced atomically.
  const hasDirectory = lstatSync(dirname(file), { throwIfNoEntry: false }) !== undefined;
  if (isInside(root, file) && hasDirectory) await writeRepoFile(root, file, serialized, { shown, hint });
  else await writeReportFile(file, serialized, { shown, hint, root });

  const lines = [
    values.prune
      ? `Wrote ${shown}: ${update.entries.length} entr${update.entries.length === 1 ? 'y' : 'ies'} (${update.removed} removed that matched no finding).`
      : `Wrote ${shown}: ${update.entries.length} entr${update.entries.length === 1 ? 'y' : 'ies'} (${plural(update.added, 'new finding')} accepted, ${existing.length} kept).`,
  ];
  if (rekeyed > 0) lines.push(`${shown} was written by an older secret-hygiene (unkeyed fingerprints): its ${rekeyed} entr${rekeyed === 1 ? 'y was' : 'ies were'} replaced by the current findings, fingerprinted with this repository's key. Review them before committing.`);
  if (update.upgraded > 0) lines.push(`${update.upgraded} entr${update.upgraded === 1 ? 'y' : 'ies'} rewritten with the current fingerprint (scheme v3): they accept the same findings.`);
  if (update.stale > 0) lines.push(`${update.stale} entr${update.stale === 1 ? 'y matches' : 'ies match'} no finding any more: \`secret-hygiene baseline --prune\` removes them.`);
  if (!values['no-gitattributes'] && (await isGitWorkTree(dirname(file)))) {
    const attr = await ensureUnionMerge(dirname(file), basename(file), isInside(root, file) ? root : dirname(file));
    if (attr === 'added') lines.push(`Added '/${basename(file)} merge=union' to ${relative(io.cwd, resolve(dirname(file), '.gitattributes')) || '.gitattributes'}: branches that each accept findings merge without conflicts. Commit both files.`);
  }
  lines.push(
    isDefault
      ? `Review the entries and commit the file: \`secret-hygiene scan\`, the pre-commit hook and the Action read it by default and report only findings not in it (\`--no-baseline\` shows them all).`
      : `Review the entries, commit the file, and scan with \`secret-hygiene scan --baseline ${shown}\` (or name it in the configuration: \`baseline: ${shown}\`): only findings not in it are reported.`,
  );
  io.stdout(lines.join('\n') + '\n');
  return EXIT.clean;
}
