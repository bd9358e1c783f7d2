import { Command, CommanderError, Option } from 'commander';
import type { parseArgs } from 'node:util';
import { packageVersion } from '../version.js';
import type { CliIO } from './io.js';
import { UsageError } from './usage-error.js';

/** A command's options, declared as for node:util parseArgs (so each command reads `values` as before). */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  default?: string | boolean | string[];
}
export type OptionSpecs = Record<string, OptionSpec>;

type Parsed<T extends OptionSpecs> = ReturnType<typeof parseArgs<{ options: T; allowPositionals: true; strict: true }>>;

/**
 * Parses one command's arguments with commander: unknown options get a did-you-mean, `--help`
 * prints the command's help, `-V`/`--version` the version. Returns null when help or the version
 * was printed (exit 0); a mistake is a UsageError of one line naming the command's --help.
 *
 * `--no-x` options keep their parseArgs shape (`values['no-x'] === true`), not commander's
 * negation (`x === false`), so a command reads its flags the same whichever parser built them.
 */
export function parseCommand<T extends OptionSpecs>(name: string, argv: readonly string[], io: CliIO, options: T, help: string): Parsed<T> | null {
  const cmd = newCommand(name, io, help).argument('[args...]');
  const attribute = new Map<string, string>();
  for (const [flag, spec] of Object.entries(options)) {
    const long = `--${flag}${spec.type === 'string' ? ' <value>' : ''}`;
    const option = new Option(spec.short ? `-${spec.short}, ${long}` : long);
    if (spec.multiple) option.argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), v]);
    cmd.addOption(option);
    attribute.set(flag, option.attributeName());
  }
  try {
    cmd.parse([...argv], { from: 'user' });
  } catch (err) {
    return handleCommanderError(err, name);
  }
  const opts = cmd.opts();
  const values: Record<string, unknown> = {};
  for (const [flag, spec] of Object.entries(options)) {
    const key = attribute.get(flag) ?? flag;
    // commander reads `--no-x` as x=false (default true); parseArgs as 'no-x'=true.
    let v: unknown = flag.startsWith('no-') && spec.type === 'boolean' ? (opts[key] === false ? true : undefined) : opts[key];
    if (v === undefined) v = spec.default;
    if (v !== undefined) values[flag] = Array.isArray(v) ? [...(v as string[])] : v;
  }
  return { values, positionals: [...cmd.args] } as unknown as Parsed<T>;
}

/** A commander Command that writes through io, never exits the process, and prints `help` as its help. */
export function newCommand(name: string, io: CliIO, help: string): Command {
  return new Command(name)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s), outputError: () => undefined })
    .configureHelp({ formatHelp: () => help })
    .helpOption('-h, --help')
    .version(packageVersion(), '-V, --version')
    .allowExcessArguments();
}

/** Help and version end the command (null); every other commander error becomes one line. */
export function handleCommanderError(err: unknown, name: string): null {
  if (err instanceof CommanderError) {
    if (err.exitCode === 0) return null;
    throw new UsageError(`${oneLine(err.message)}. See '${name} --help'.`);
  }
  throw err;
}

/** "error: unknown option '--formt'\n(Did you mean --format?)" → "unknown option '--formt' (did you mean --format?)". */
function oneLine(message: string): string {
  return message
    .replace(/^error:\s*/, '')
    .replace(/\s*\n\s*\(Did you mean/g, ' (did you mean')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\.$/, '')
    .trim();
}
