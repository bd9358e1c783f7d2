import type { FixProposal, Span } from '../../core/types.js';
import type { CodeContext, EnvRead } from './language.js';
import type { StringLiteral } from './string-literal.js';
import type { Token } from './tokens.js';
import { argValue, callArgs, plainLiteral, trimRange, type Argument } from './walk.js';

/** Building blocks for the languages' environment-read matchers and their strict-read repairs. */

export interface CallRead {
  read: EnvRead;
  args: Argument[];
  lit: StringLiteral;
}

/**
 * A read written as a call whose first argument is the name: `os.getenv("K", "x")`,
 * `env('K', 'x')`. `defaultAt` / `defaultName` say where a default may be given.
 */
export function callRead(ts: Token[], start: number, open: number, defaultAt?: number, defaultName?: string): CallRead | null {
  const args = callArgs(ts, open);
  const first = args?.[0];
  if (!args || !first || first.name !== undefined) return null;
  const range = trimRange(ts, first.start, first.end);
  if (range.end - range.start !== 1) return null;
  const lit = plainLiteral(ts[range.start]);
  if (!lit) return null;
  const close = ts[open]?.match ?? -1;
  const read: EnvRead = { start, end: close + 1, name: lit.value, nameTok: range.start };
  if (defaultAt !== undefined || defaultName !== undefined) {
    const d = argValue(args, defaultAt ?? -1, defaultName);
    if (d) read.defaultRange = d;
  }
  return { read, args, lit };
}

/** The name as written between its quotes (no decoding), for edits that repeat it. */
export function rawName(ctx: CodeContext, lit: StringLiteral): string {
  return ctx.text.slice(lit.contentStart, lit.contentEnd);
}

/** An edit replacing the whole read-with-fallback expression. */
export function replaceWhole(ctx: CodeContext, whole: Span, text: string, description: string): FixProposal {
  return {
    description,
    edits: [{ file: ctx.doc.path, start: whole.start, end: whole.end, text }],
    removesCommittedValue: true,
  };
}

/** An edit deleting one argument (and the comma before it): `config("K", default="x")` → `config("K")`. */
export function removeArgument(ctx: CodeContext, ts: Token[], args: readonly Argument[], arg: Argument, description: string): FixProposal | undefined {
  const index = args.indexOf(arg);
  const prev = args[index - 1];
  const prevLast = prev ? ts[prev.end - 1] : undefined;
  const last = ts[arg.end - 1];
  if (index < 1 || !prevLast || !last) return undefined;
  return {
    description,
    edits: [{ file: ctx.doc.path, start: prevLast.end, end: last.end, text: '' }],
    removesCommittedValue: true,
  };
}

export function strictDescription(name: string, how: string): string {
  return `Read ${name} with ${how}, so a missing variable stops the application at start-up instead of falling back to a value committed in the code.`;
}
