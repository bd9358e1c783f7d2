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
    const { longs, booleans } = longOptionsOf(cmd);
    return handleCommanderError(err, name, longs, booleans);
  }
  const opts = cmd.opts();
  const values: Record<string, unknown> = {};
  for (const [flag, spec] of Object.entries(options)) {
    const key = attribute.get(flag) ?? flag;
    // commander reads `--no-x` as x=false (default true); parseArgs as 'no-x'=true.
    let v: unknown = flag.startsWith('no-') && spec.type === 'boolean' ? (opts[key] === false ? true : undefined) : opts[key];
    // `--x VALUE` beside `--no-x`: commander stores the negation on the same attribute (false).
    if (spec.type === 'string' && typeof v === 'boolean') v = undefined;
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

/**
 * Help and version end the command (null); every other commander error becomes one line. An
 * argument the parser rejects is never repeated whole: `--tokn=ghp_…` or `-pS3cr3t` would put the
 * value (perhaps a secret, typed into the wrong option) in a CI log. Only its option name is shown,
 * when it is shaped like one, with our own did-you-mean among `longOptions` (the command's
 * `--x` flags, with `booleans` the ones that take no value).
 */
export function handleCommanderError(err: unknown, name: string, longOptions: readonly string[] = [], booleans: readonly string[] = []): null {
  if (err instanceof CommanderError) {
    if (err.exitCode === 0) return null;
    const see = `See '${name} --help'.`;
    if (err.code === 'commander.unknownOption') throw new UsageError(`${unknownOptionMessage(err.message, longOptions, booleans)}. ${see}`);
    if (err.code === 'commander.unknownCommand') throw new UsageError(`${unknownCommandMessage(err.message)}. ${see}`);
    throw new UsageError(`${oneLine(err.message)}. ${see}`);
  }
  throw err;
}

/** The long options of a commander Command (for suggestions), and which of them take no value. */
function longOptionsOf(cmd: Command): { longs: string[]; booleans: string[] } {
  const longs: string[] = [];
  const booleans: string[] = [];
  for (const o of cmd.options) {
    if (o.long === undefined) continue;
    longs.push(o.long);
    if (!o.required && !o.optional) booleans.push(o.long);
  }
  return { longs, booleans };
}

const OPTION_NAME = /^--[A-Za-z0-9][A-Za-z0-9-]{0,39}$/;
const SHORT_OPTION = /^-[A-Za-z0-9]/;

/** "unknown option '--formt=ghp_…'" → "unknown option '--formt' (its value not shown; did you mean --format?)". */
function unknownOptionMessage(message: string, longOptions: readonly string[], booleans: readonly string[]): string {
  const arg = /unknown option '([\s\S]*)'/.exec(message)?.[1] ?? '';
  if (arg.startsWith('--')) {
    const eq = arg.indexOf('=');
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    const hasValue = eq !== -1;
    if (!OPTION_NAME.test(flag)) return 'unknown option (not shown: it does not look like an option name, and may be a value)';
    if (hasValue && booleans.includes(flag)) return `option '${flag}' takes no value (the value is not shown)`;
    const suggestion = suggestSimilar(flag, longOptions);
    const notes = [...(hasValue ? ['its value not shown'] : []), ...(suggestion !== undefined ? [`did you mean ${suggestion}?`] : [])];
    return `unknown option '${flag}'${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
  }
  // A short option's cluster (`-pS3cr3t`) may hold a value glued on: only its first letter is an option.
  if (SHORT_OPTION.test(arg)) return `unknown option '${arg.slice(0, 2)}'${arg.length > 2 ? ' (the rest of the argument is not shown)' : ''}`;
  return 'unknown option (not shown)';
}

/** A command word is shown when it is shaped like one (a pasted token is not repeated). */
function unknownCommandMessage(message: string): string {
  const word = /unknown command '([\s\S]*)'/.exec(message)?.[1] ?? '';
  const suggestion = /\(Did you mean ([a-z-]+)\?\)/.exec(message)?.[1];
  const shown = /^[A-Za-z][A-Za-z0-9-]{0,29}$/.test(word) ? `unknown command '${word}'` : 'unknown command (not shown: it does not look like a command name)';
  return `${shown}${suggestion !== undefined ? ` (did you mean ${suggestion}?)` : ''}`;
}

/**
 * The closest of `candidates` to `flag` by optimal string alignment distance (a swap of two
 * neighbouring letters counts once: `--fromat` is one step from `--format`), within 2 edits and
 * less than 40% of the name, as commander's own suggestions are.
 */
export function suggestSimilar(flag: string, candidates: readonly string[]): string | undefined {
  const word = flag.replace(/^--/, '');
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const target = candidate.replace(/^--/, '');
    if (target.length <= 1) continue;
    const d = editDistance(word, target);
    if (d <= 2 && d < bestDistance && d / Math.max(word.length, target.length) < 0.4) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** "error: option '--bytes <value>' argument missing" → "option '--bytes <value>' argument missing". */
function oneLine(message: string): string {
  return message
    .replace(/^error:\s*/, '')
    .replace(/\s*\n\s*\(Did you mean/g, ' (did you mean')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\.$/, '')
    .trim();
}
