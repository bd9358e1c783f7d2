import { BaselineError } from '../baseline/file.js';
import { ConfigError } from '../config/errors.js';
import { baselineCommand } from './commands/baseline.js';
import { fixCommand } from './commands/fix.js';
import { initCommand } from './commands/init.js';
import { checkEnvCommand } from './commands/check-env.js';
import { generateCommand } from './commands/generate.js';
import { scanCommand, scanHelp } from './commands/scan.js';
import { processIO, type CliIO } from './io.js';
import { EXIT, UsageError } from './usage-error.js';
import { packageVersion } from '../version.js';

const HELP = `secret-hygiene ${packageVersion()}: secret hygiene for JWT secrets, SECRET_KEY and session keys

Usage: secret-hygiene <command> [options]

Commands:
  scan [PATH]      audit a directory (default: .)
  generate         print a new secret, or write one into a dotenv file (--env-file .env --key NAME)
  check-env        check secrets in the environment before starting an app (--require NAME)
  fix [PATH]       show (or --write) the mechanical repairs
  baseline [PATH]  accept the current findings: scan --baseline then reports only new ones
  init [PATH]      write a commented starter .secret-hygiene.yml (--pre-commit, --workflow)
  org list|scan|report  audit every repository of a GitHub organization (sharded for Actions)

Run 'secret-hygiene <command> --help' for a command's options.

${scanHelp}`;

type Command = (argv: string[], io: CliIO) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  scan: scanCommand,
  generate: generateCommand,
  'check-env': checkEnvCommand,
  fix: fixCommand,
  baseline: baselineCommand,
  init: initCommand,
  // Loaded on demand: it brings in Octokit, which the other commands (the pre-commit hook) do not need.
  org: async (argv, io) => (await import('./commands/org.js')).orgCommand(argv, io),
};

/** Runs the CLI; returns the exit code. Every error becomes a message that says what to do, and exit 2. */
export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-v') {
    io.stdout(packageVersion() + '\n');
    return EXIT.clean;
  }
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout(HELP);
    return EXIT.clean;
  }
  const command = COMMANDS[first];
  if (!command) {
    io.stderr(`secret-hygiene: unknown command '${first}'. Commands: ${Object.keys(COMMANDS).join(', ')}. See 'secret-hygiene --help'.\n`);
    return EXIT.error;
  }
  try {
    return await command(rest, io);
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError || err instanceof BaselineError) {
      io.stderr(`secret-hygiene ${first}: ${err.message}\n`);
      return EXIT.error;
    }
    const code = (err as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`secret-hygiene ${first}: ${(err as Error).message}. See 'secret-hygiene ${first} --help'.\n`);
      return EXIT.error;
    }
    io.stderr(`secret-hygiene ${first}: internal error: ${(err as Error).message ?? String(err)}\nThis is a bug; please report it with the command you ran (no secret values are included above).\n`);
    return EXIT.error;
  }
}
