import { relative } from 'node:path';
import { writeReportFile } from '../fs/write-file.js';

/** What a command may touch of the outside world; tests pass their own. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
  /** Standard input, for `scan -`; undefined where there is none to read. */
  readonly stdin?: NodeJS.ReadableStream;
}

export const processIO: CliIO = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  cwd: process.cwd(),
  env: process.env,
  isTTY: process.stdout.isTTY === true,
  // A getter: touching process.stdin opens it, which only `scan -` wants.
  get stdin() {
    return process.stdin;
  },
};

/**
 * Writes a report to FILE (--output). Inside the scanned repository, `root`, no link is followed
 * (a planted `report.json -> ~/.bashrc`); any failure is a message saying what to do (exit 2).
 */
export async function writeOutput(file: string, text: string, root?: string): Promise<void> {
  const rel = relative(process.cwd(), file);
  const shown = rel === '' || rel.startsWith('..') ? file : rel;
  await writeReportFile(file, text, { shown, ...(root !== undefined ? { root } : {}), hint: 'give --output a file in a writable directory, or leave --output out to print to stdout' });
}

/**
 * Errors writing to stdout or stderr (`scan > /dev/full`, a closed pipe) arrive as 'error' events
 * after the write returned. Without a listener Node prints a stack trace and exits 1; with it, the
 * CLI says what happened on stderr and exits 2. A closed pipe (`| head`) is the reader's choice:
 * nothing is said and the exit code stands.
 */
export function guardStdio(): { failed(): boolean } {
  let failed = false;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') return;
    if (!failed) {
      failed = true;
      const why = err.code === 'ENOSPC' ? 'the disk is full' : err.code === 'EBADF' ? 'stdout is closed' : `error ${err.code ?? err.message}`;
      process.stderr.write(`secret-hygiene: could not write the output to stdout (${why}). Redirect it somewhere writable, or use --output FILE.\n`);
    }
    process.exitCode = 2;
  });
  process.stderr.on('error', () => {
    // Nowhere left to say anything; the exit code still tells.
    failed = true;
    process.exitCode = 2;
  });
  return { failed: () => failed };
}

/**
 * Whether text output is coloured: --no-color wins, then FORCE_COLOR (set and not 0/false, as
 * chalk and Node read it; CI logs that render colour set it), then NO_COLOR (no-color.org), then
 * whether stdout is a terminal.
 */
export function wantsColor(io: CliIO, noColorFlag: boolean): boolean {
  if (noColorFlag) return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return !['0', 'false'].includes(force.trim().toLowerCase());
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return io.isTTY;
}
