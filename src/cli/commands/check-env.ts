import { resolve } from 'node:path';
import { readToolFile, TOOL_FILE_CAPS } from '../../fs/tool-file.js';
import { minBytesForAlgorithm } from '../../rules/secret-strength.js';
import { checkEnv, describeFailure, dotenvValues, type CheckEnvResult, type DescribeContext } from '../../secrets/check-env.js';
import { decodeFileText } from '../../secrets/env-file.js';
import type { CliIO } from '../io.js';
import { parseCommand } from '../parse-command.js';
import { envFileOption } from './generate.js';
import { EXIT, notShown, UsageError } from '../usage-error.js';

const ALGORITHMS = ['HS256', 'HS384', 'HS512'] as const;
const FORMATS = ['text', 'json'] as const;
const MIN_FLOOR = 32;

export const checkEnvHelp = `Usage: secret-hygiene check-env [options]

Checks secrets in the environment before an app starts (a container entrypoint, a CI job, a
deploy step), and never prints a value.

Options:
  --require A[,B...]     these keys must be set and not empty
  --distinct A,B[,...]   these keys must have different values (repeatable)
  --algorithm ALG        HS256|HS384|HS512: sets --min-bytes to 32, 48 or 64 (RFC 7518 §3.2)
  --min-bytes N          minimum length in bytes, ${MIN_FLOOR} or more (default: 32, or the algorithm's)
  --env-file FILE        also read values from a dotenv file; a key set in the environment wins,
                         as dotenv loaders do (--dotenv FILE is the same, for \`node file\` runs:
                         Node claims --env-file there and stops when FILE does not exist)
  --format text|json     output format (default: text)

Every key named by --require or --distinct that is set must be strong: long enough, not a
publicly known or placeholder value, not low in randomness (the weak-secret rule's judgement).

Exit codes: 0 all checks hold, 1 a check failed (one line per failure), 2 usage error.
`;

export async function checkEnvCommand(argv: string[], io: CliIO): Promise<number> {
  const parsed = parseCommand(
    'secret-hygiene check-env',
    argv,
    io,
    {
      require: { type: 'string', multiple: true },
      distinct: { type: 'string', multiple: true },
      algorithm: { type: 'string' },
      'min-bytes': { type: 'string' },
      'env-file': { type: 'string' },
      dotenv: { type: 'string' },
      format: { type: 'string', default: 'text' },
    },
    checkEnvHelp,
  );
  if (parsed === null) return EXIT.clean;
  const { values, positionals } = parsed;
  if (positionals.length > 0) {
    throw new UsageError(`check-env takes no arguments (${notShown(positionals.length)}); name keys with --require KEY or --distinct KEY,KEY.`);
  }
  const format = values.format as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}; see 'secret-hygiene check-env --help'.`);

  const require = (values.require ?? []).flatMap((r) => keyList('--require', r));
  const distinct = (values.distinct ?? []).map((d) => {
    const keys = [...new Set(keyList('--distinct', d))];
    if (keys.length < 2) throw new UsageError(`--distinct needs two or more keys separated by commas, e.g. --distinct SECRET_KEY,JWT_SECRET_KEY.`);
    return keys;
  });
  if (require.length === 0 && distinct.length === 0) {
    throw new UsageError('say what to check: --require KEY[,KEY...] and/or --distinct KEY,KEY[,...], e.g. --require JWT_SECRET_KEY.');
  }
  const { minBytes, basis } = minimum(values.algorithm, values['min-bytes']);

  let fileValues: Map<string, string> | undefined;
  const envFile = envFileOption(values['env-file'], values.dotenv);
  if (envFile !== undefined) {
    // Not through a link, capped: the file may come with a cloned repository.
    const bytes = readToolFile(resolve(io.cwd, envFile), { shown: envFile, maxBytes: TOOL_FILE_CAPS.envFile, root: io.cwd });
    if (bytes === null) throw new UsageError(`--env-file ${envFile} does not exist: give the path of a dotenv file.`);
    fileValues = dotenvValues(decodeFileText(bytes).text);
  }

  const result = checkEnv({ require, distinct, minBytes, env: io.env, ...(fileValues ? { fileValues } : {}) });
  const ctx: DescribeContext = { minBytesBasis: basis, ...(envFile !== undefined ? { fileLabel: envFile } : {}) };
  io.stdout(format === 'json' ? formatJson(result, minBytes, ctx) : formatText(result, minBytes, ctx));
  return result.ok ? EXIT.clean : EXIT.findings;
}

function keyList(flag: string, raw: string): string[] {
  const keys = raw.split(',').map((k) => k.trim()).filter((k) => k !== '');
  for (const k of keys) {
    if (!/^[A-Za-z_][A-Za-z0-9_.-]{0,199}$/.test(k)) throw new UsageError(`${flag} takes variable names (letters, digits, _; e.g. JWT_SECRET_KEY): one of them is not (not shown: it may be a value).`);
  }
  return keys;
}

function minimum(algorithm: string | undefined, minBytesRaw: string | undefined): { minBytes: number; basis: string } {
  let fromAlg: number | undefined;
  let alg = 'HS256';
  if (algorithm !== undefined) {
    alg = algorithm.toUpperCase();
    if (!(ALGORITHMS as readonly string[]).includes(alg)) {
      throw new UsageError(
        `--algorithm must be one of ${ALGORITHMS.join(', ')}; RS*, ES* and PS* keys are key pairs, not shared secrets.`,
      );
    }
    fromAlg = minBytesForAlgorithm(alg);
  }
  if (minBytesRaw === undefined) {
    const n = fromAlg ?? minBytesForAlgorithm(alg);
    return { minBytes: n, basis: `${alg}, RFC 7518 §3.2` };
  }
  const n = /^\d{1,6}$/.test(minBytesRaw) ? Number(minBytesRaw) : NaN;
  if (!Number.isInteger(n)) throw new UsageError(`--min-bytes takes a whole number of bytes, e.g. --min-bytes 64.`);
  const floor = fromAlg ?? MIN_FLOOR;
  if (n < floor) {
    throw new UsageError(`--min-bytes is below the ${floor} bytes ${alg} requires (RFC 7518 §3.2); a shorter key can be brute-forced. Use ${floor} or more.`);
  }
  return { minBytes: n, basis: `--min-bytes ${n}` };
}

function formatText(result: CheckEnvResult, minBytes: number, ctx: DescribeContext): string {
  if (result.ok) {
    const names = result.checked.map((c) => c.key).join(', ');
    return `check-env: ok (${names}): set where required, at least ${minBytes} bytes, not weak, distinct where asked.\n`;
  }
  return result.failures.map((f) => describeFailure(f, ctx) + '\n').join('');
}

/** Version 1 of check-env's JSON: additive changes only; never a value, only where it came from. */
function formatJson(result: CheckEnvResult, minBytes: number, ctx: DescribeContext): string {
  const report = {
    version: 1,
    ok: result.ok,
    minBytes,
    keys: result.checked,
    failures: result.failures.map((f) => ({
      check: f.check,
      code: f.code,
      keys: f.keys,
      ...('source' in f ? { source: f.source } : {}),
      ...('sources' in f ? { sources: f.sources } : {}),
      message: describeFailure(f, ctx),
    })),
  };
  return JSON.stringify(report, null, 2) + '\n';
}
