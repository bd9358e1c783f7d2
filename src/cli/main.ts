import { BaselineError } from '../baseline/file.js';
import { ConfigError } from '../config/errors.js';
import { ToolFileError } from '../fs/tool-file.js';
import { baselineCommand } from './commands/baseline.js';
import { fixCommand } from './commands/fix.js';
import { initCommand } from './commands/init.js';
import { checkEnvCommand } from './commands/check-env.js';
import { generateCommand } from './commands/generate.js';
import { scanCommand, scanHelp } from './commands/scan.js';
import { processIO, type CliIO } from './io.js';
import { EXIT, UsageError } from './usage-error.js';
import { packageVersion } from '../version.js';
import type { Command as CommanderCommand } from 'commander';
import { handleCommanderError, newCommand } from './parse-command.js';

const HELP = `secret-hygiene ${packageVersion()}: secret hygiene for JWT secrets, SECRET_KEY and session keys

Usage: secret-hygiene <command> [options]

Commands:
  scan [PATH]      audit a directory (default: .)
  generate         print a new secret, or write one into a dotenv file (--env-file .env --key NAME)
  check-env        check secrets in the environment before starting an app (--require NAME)
  fix [PATH]       show (or --write) the mechanical repairs
  baseline [PATH]  accept the current findings: scan, the hook and the Action then report only new ones
  init [PATH]      write a commented starter .secret-hygiene.yml (--pre-commit, --workflow)
  org list|scan|report  audit every repository of a GitHub organization (sharded for Actions)
  exposure         after a leak: where a key has been, what it signs, how to rotate it (--from-env NAME)

Options:
  -V, --version    print the version
  -h, --help       print this help

Run 'secret-hygiene <command> --help' (or 'secret-hygiene help <command>') for a command's options.

${scanHelp}`;

type CommandRun = (argv: string[], io: CliIO) => Promise<number>;

const COMMANDS: Record<string, CommandRun> = {
  scan: scanCommand,
  generate: generateCommand,
  'check-env': checkEnvCommand,
  fix: fixCommand,
  baseline: baselineCommand,
  init: initCommand,
  // Loaded on demand: it brings in Octokit, which the other commands (the pre-commit hook) do not need.
  org: async (argv, io) => (await import('./commands/org.js')).orgCommand(argv, io),
  exposure: async (argv, io) => (await import('./commands/exposure.js')).exposureCommand(argv, io),
};

/** Runs the CLI; returns the exit code. Every error becomes a message that says what to do, and exit 2. */
export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  if (argv[0] === '-v') {
    io.stdout(packageVersion() + '\n');
    return EXIT.clean;
  }
  if (argv.length === 0 || (argv[0] === 'help' && (argv[1] === undefined || !(argv[1] in COMMANDS)))) {
    io.stdout(HELP);
    return EXIT.clean;
  }
  // `help scan` is `scan --help`, as in git.
  if (argv[0] === 'help') argv = [argv[1] ?? '', '--help'];
  const selected = selectCommand(argv, io);
  if (selected === 'done') return EXIT.clean;
  if (selected instanceof UsageError) {
    io.stderr(`secret-hygiene: ${selected.message}\n`);
    return EXIT.error;
  }
  const { name, args } = selected;
  const command = COMMANDS[name];
  if (!command) return EXIT.error;
  try {
    return await command(args, io);
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError || err instanceof BaselineError || err instanceof ToolFileError) {
      io.stderr(`secret-hygiene ${name}: ${err.message}\n`);
      return EXIT.error;
    }
    const code = (err as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`secret-hygiene ${name}: ${(err as Error).message}. See 'secret-hygiene ${name} --help'.\n`);
      return EXIT.error;
    }
    io.stderr(`secret-hygiene ${name}: internal error: ${(err as Error).message ?? String(err)}\nThis is a bug; please report it with the command you ran (no secret values are included above).\n`);
    return EXIT.error;
  }
}

/**
 * Picks the command with commander (help, version, did-you-mean for a mistyped command); the
 * command's own arguments pass through untouched to the command, which parses them itself.
 */
function selectCommand(argv: string[], io: CliIO): { name: string; args: string[] } | 'done' | UsageError {
  let selected: { name: string; args: string[] } | undefined;
  const program = newCommand('secret-hygiene', io, HELP).enablePositionalOptions().helpCommand(false);
  for (const name of Object.keys(COMMANDS)) {
    program
      .command(name)
      .helpOption(false)
      .allowUnknownOption()
      .allowExcessArguments()
      .passThroughOptions()
      .argument('[args...]')
      .action((_args: unknown, _opts: unknown, cmd: CommanderCommand) => {
        selected = { name, args: [...cmd.args] };
      });
  }
  try {
    program.parse(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof UsageError) return err;
    try {
      return handleCommanderError(err, 'secret-hygiene') ?? 'done';
    } catch (e) {
      if (e instanceof UsageError) return e;
      throw e;
    }
  }
  if (selected === undefined) {
    io.stdout(HELP);
    return 'done';
  }
  return selected;
}
