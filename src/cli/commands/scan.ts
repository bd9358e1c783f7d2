import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { auditSource } from '../../audit.js';
import { readBaseline } from '../../baseline/file.js';
import { loadConfig, withExcludedFile } from '../../config/load.js';
import { failsAt, type FailOn, type ResolvedConfig } from '../../config/types.js';
import { formatJson } from '../../reporters/json.js';
import { formatSarif } from '../../reporters/sarif.js';
import { formatText } from '../../reporters/text.js';
import { RULES } from '../../rules/index.js';
import type { CliIO } from '../io.js';
import { writeOutput } from '../io.js';
import { selectSource } from '../select-source.js';
import { EXIT, UsageError } from '../usage-error.js';
import { packageVersion } from '../../version.js';

const FORMATS = ['text', 'json', 'sarif'] as const;
const FAIL_ON = ['error', 'warning', 'note', 'never'] as const;

export const scanHelp = `Usage: secret-hygiene scan [PATH] [options]

Audits PATH (default: .). In a git repository: the tracked files plus the untracked ones git
does not ignore. Elsewhere: every file, honouring .gitignore.

Options:
  --format text|json|sarif   output format (default: text)
  --output FILE              write the report to FILE instead of stdout
  --fail-on LEVEL            error|warning|note|never: exit 1 at or above it (default: warning)
  --diff BASE..HEAD          report only findings on lines the range adds (whole tree as context)
  --config FILE              configuration (default: .secret-hygiene.yml in PATH)
  --baseline FILE            report only findings not accepted in FILE (see: secret-hygiene baseline --help)
  --report-unused-suppressions  report suppression comments that match no finding
  --verbose                  list every skipped file
  --no-color                 plain text even on a terminal

Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage/config/runtime error.
`;

export async function scanCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', default: 'text' },
      output: { type: 'string' },
      'fail-on': { type: 'string' },
      diff: { type: 'string' },
      config: { type: 'string' },
      baseline: { type: 'string' },
      'report-unused-suppressions': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      'no-color': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout(scanHelp);
    return EXIT.clean;
  }
  const format = values.format as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got '${values.format}').`);
  if (positionals.length > 1) throw new UsageError(`scan takes one PATH (got ${positionals.length}: ${positionals.join(' ')}).`);
  const root = resolve(io.cwd, positionals[0] ?? '.');
  const st = await stat(root).catch(() => null);
  if (!st?.isDirectory()) {
    throw new UsageError(`PATH '${positionals[0] ?? '.'}' is not a directory. Give the directory to audit, e.g. \`secret-hygiene scan .\`.`);
  }

  const config: ResolvedConfig = await loadConfig(root, values.config === undefined ? undefined : resolve(io.cwd, values.config));
  if (values['fail-on'] !== undefined) {
    if (!(FAIL_ON as readonly string[]).includes(values['fail-on'])) {
      throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')} (got '${values['fail-on']}').`);
    }
    config.failOn = values['fail-on'] as FailOn;
  }
  // The baseline file is never scanned itself; its unused entries are judged only by a full scan.
  const baselineFile = values.baseline === undefined ? undefined : resolve(io.cwd, values.baseline);
  if (baselineFile !== undefined) config.exclude = withExcludedFile(config, root, baselineFile).exclude;
  const isFullScan = ['diff', 'staged', 'history'].every((k) => !(values as Record<string, unknown>)[k]);
  const adoption = {
    ...(baselineFile !== undefined ? { baseline: { entries: await readBaseline(baselineFile, values.baseline), name: values.baseline ?? baselineFile } } : {}),
    reportUnusedBaseline: isFullScan,
    reportUnusedSuppressions: values['report-unused-suppressions'],
  };

  const source = selectSource(root, { ...(values.diff !== undefined ? { diff: values.diff } : {}) }, config);
  const result = await auditSource(root, source, config, adoption);
  const metas = RULES.map((r) => r.meta);
  const text =
    format === 'json'
      ? formatJson(result)
      : format === 'sarif'
        ? formatSarif(result, metas, packageVersion())
        : formatText(result, metas, { color: io.isTTY && !values['no-color'] && io.env.NO_COLOR === undefined, verbose: values.verbose });
  if (values.output !== undefined) await writeOutput(resolve(io.cwd, values.output), text);
  else io.stdout(text);
  return result.findings.some((f) => failsAt(f.severity, config.failOn)) ? EXIT.findings : EXIT.clean;
}
