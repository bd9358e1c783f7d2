/**
 * The one place that turns text into what the Action writes to stdout. The runner reads both
 * streams line by line (a line ends at LF, CR or CRLF) and obeys any line that starts with `::`
 * after leading white space, and any `##[name]` anywhere in a line (actions/runner
 * ActionCommand.cs TryParseV2 and TryParse). File names come from the repository, which on a fork's
 * pull request is the attacker: a name `x\n::stop-commands::tok\n.env` would silence every later
 * annotation, `y\n::error title=X::pwned\n.env` would forge one. So:
 * - plain log text keeps its own line breaks, but no line of it can start a command;
 * - a command's data and properties are escaped as @actions/core does (command.ts escapeData and
 *   escapeProperty), which the runner reverses exactly, so nothing in them ends the line early.
 */

/** Data of a command (an annotation's message): `%`, CR and LF percent-encoded. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value (`file`, `title`): as data, plus `:` and `,`, which end a value. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * Plain text for the log: each line (LF, CR or CRLF ends one, as for the runner) is kept, with a
 * leading `::` written `%3A%3A` and every `##[` written `##%5B`, so the runner prints it as text.
 */
export function escapeLogText(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(/^(\s*)::/, '$1%3A%3A').replace(/##\[/g, '##%5B'))
    .join('\n');
}

export type CommandProperties = Record<string, string | number | undefined>;

/** One workflow command line, escaped: `::name k=v,k=v::data`. Property order is kept. */
export function formatCommand(name: string, properties: CommandProperties, data: string): string {
  const props = Object.entries(properties)
    .filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== '')
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${name}${props === '' ? '' : ' ' + props}::${escapeData(data)}`;
}
