import { environmentOf, isExamplePath } from '../core/path-context.js';
import { normalizeKey } from '../core/secret-names.js';
import type { SecretAssignment, Span, ValueOrigin } from '../core/types.js';
import { findInterpolations } from './interpolation.js';
import { emptyParse, type Parser } from './parser.js';
import { shapeOfValue } from './value-shape.js';
import { safeErrorText } from '../core/safe-errors.js';

/**
 * Dotenv files as the common loaders read them (motdotla/dotenv, python-dotenv, docker compose
 * `env_file`): `KEY=value`, `export KEY=value`, spaces around `=`, `'literal'`, `"escaped\n"` and
 * `` `literal` `` values (quoted values may span lines), and `# comments` after whitespace.
 * Scanned line by line with indexOf and character tests only: no regex runs over a value.
 */

/** One `KEY=value` line (or lines, for a multi-line quoted value) of a dotenv file. */
export interface DotenvEntry {
  key: string;
  /** The value as a loader sees it: quotes removed, `\n` `\t` `\"` `\\` decoded in double quotes. */
  value: string;
  quote: '"' | "'" | '`' | null;
  /** True for `export KEY=value`. */
  exported: boolean;
  keySpan: Span;
  /** The value's range without its quotes (empty, at the value's position, for `KEY=`). */
  valueSpan: Span;
  /** The value as written, quotes included: the range to replace to write a new value. */
  rawValueSpan: Span;
  /** 1-based line of the key. */
  line: number;
  /** 1-based line where the entry ends (after `line` for multi-line quoted values). */
  endLine: number;
  /** From the first character of the entry's first line to the end of its last line, line break excluded. */
  lineSpan: Span;
}

/** Every entry of a dotenv text in file order, whatever its key; lines that are not entries are skipped. */
export function parseDotenvEntries(text: string): DotenvEntry[] {
  const out: DotenvEntry[] = [];
  let pos = 0;
  let line = 1;
  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const lineEnd = nl === -1 ? text.length : nl;
    const entry = readEntry(text, pos, lineEnd, line);
    let next = nl === -1 ? text.length + 1 : nl + 1;
    if (entry) {
      out.push(entry);
      if (entry.endLine > line) {
        // A multi-line quoted value: carry on after the line its closing quote is on.
        const lastNl = text.indexOf('\n', entry.rawValueSpan.end);
        next = lastNl === -1 ? text.length + 1 : lastNl + 1;
      }
      line = entry.endLine;
    }
    line++;
    pos = next;
  }
  return out;
}

function readEntry(text: string, lineStart: number, lineEnd: number, line: number): DotenvEntry | null {
  const contentEnd = lineEnd > lineStart && text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
  let i = skipBlanks(text, lineStart, contentEnd);
  if (i >= contentEnd || text[i] === '#') return null;

  let exported = false;
  if (text.startsWith('export', i) && isBlank(text[i + 6])) {
    const j = skipBlanks(text, i + 6, contentEnd);
    if (isKeyChar(text[j])) {
      exported = true;
      i = j;
    }
  }
  const keyStart = i;
  while (i < contentEnd && isKeyChar(text[i])) i++;
  const keyEnd = i;
  if (keyEnd === keyStart) return null;
  i = skipBlanks(text, i, contentEnd);
  if (text[i] !== '=' || i >= contentEnd) return null;
  i = skipBlanks(text, i + 1, contentEnd);

  const base = {
    key: text.slice(keyStart, keyEnd),
    exported,
    keySpan: { start: keyStart, end: keyEnd },
    line,
  };
  const q = text[i];
  if (i < contentEnd && (q === '"' || q === "'" || q === '`')) {
    const close = findClosingQuote(text, i);
    if (close !== -1) {
      const endLine = line + countNewlines(text, i, close);
      const closeLineEnd = text.indexOf('\n', close);
      let lastContentEnd = closeLineEnd === -1 ? text.length : closeLineEnd;
      if (lastContentEnd > close && text[lastContentEnd - 1] === '\r') lastContentEnd--;
      return {
        ...base,
        value: decodeDotenvValue(text, i + 1, close, q, false).text,
        quote: q,
        valueSpan: { start: i + 1, end: close },
        rawValueSpan: { start: i, end: close + 1 },
        endLine,
        lineSpan: { start: lineStart, end: lastContentEnd },
      };
    }
    // No closing quote: loaders then take the rest of the line as written, quote included.
  }
  const valueEnd = unquotedValueEnd(text, i, contentEnd);
  return {
    ...base,
    value: text.slice(i, valueEnd),
    quote: null,
    valueSpan: { start: i, end: valueEnd },
    rawValueSpan: { start: i, end: valueEnd },
    endLine: line,
    lineSpan: { start: lineStart, end: contentEnd },
  };
}

/** Index of the quote closing the one at `open`, or -1. Only double quotes honour `\"`. */
function findClosingQuote(text: string, open: number): number {
  const q = text[open] ?? '';
  if (q !== '"') return text.indexOf(q, open + 1);
  for (let j = open + 1; j < text.length; j++) {
    const ch = text[j];
    if (ch === '\\') j++;
    else if (ch === '"') return j;
  }
  return -1;
}

/** End of an unquoted value: before a `#` that follows whitespace, trailing whitespace trimmed. */
function unquotedValueEnd(text: string, start: number, contentEnd: number): number {
  let end = contentEnd;
  for (let k = start; k < contentEnd; k++) {
    if (text[k] === '#' && isBlank(text[k - 1])) {
      end = k;
      break;
    }
  }
  while (end > start && isBlank(text[end - 1])) end--;
  return end;
}

function countNewlines(text: string, start: number, end: number): number {
  let n = 0;
  for (let k = text.indexOf('\n', start); k !== -1 && k < end; k = text.indexOf('\n', k + 1)) n++;
  return n;
}

function skipBlanks(text: string, i: number, end: number): number {
  while (i < end && (isBlank(text[i]) || text[i] === '\uFEFF')) i++;
  return i;
}

function isBlank(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t';
}

function isKeyChar(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const c = ch.charCodeAt(0);
  return (
    (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || ch === '_' || ch === '.' || ch === '-'
  );
}

/**
 * A value decoded from shell-like syntax, with where each of its characters came from, so that a
 * range of the decoded value maps back to the document. Shared with the Dockerfile parser.
 */
export interface ShellValue {
  /** The decoded value. */
  text: string;
  /** `text` with every `$` that cannot start an interpolation (single-quoted, escaped) replaced by NUL. */
  interpText: string;
  /** Document offsets of the raw characters each decoded character came from: [starts[i], ends[i]). */
  starts: number[];
  ends: number[];
  /** Document offset where the value starts (used for an empty value). */
  start: number;
}

/** Maps a range of `value.text` to the document. */
export function shellSpan(value: ShellValue, from: number, to: number): Span {
  if (to <= from) {
    const at = value.starts[from] ?? value.ends[from - 1] ?? value.start;
    return { start: at, end: at };
  }
  return { start: value.starts[from] ?? value.start, end: value.ends[to - 1] ?? value.start };
}

/** Builds a ShellValue one decoded character at a time. */
export class ShellValueBuilder {
  private chars: string[] = [];
  private interp: string[] = [];
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  constructor(private readonly start: number) {}

  push(ch: string, rawStart: number, rawEnd: number, canInterpolate: boolean): void {
    this.chars.push(ch);
    this.interp.push(ch === '$' && !canInterpolate ? '\u0000' : ch);
    this.starts.push(rawStart);
    this.ends.push(rawEnd);
  }

  build(): ShellValue {
    return { text: this.chars.join(''), interpText: this.interp.join(''), starts: this.starts, ends: this.ends, start: this.start };
  }
}

const DOUBLE_QUOTE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', $: '$' };

/**
 * Decodes the raw value text[start, end) written between `quote`s (or unquoted when null). Double
 * quotes decode `\n \t \r \" \\ \$`; every other backslash stays as written. A CRLF inside a
 * multi-line value reads as `\n`. `track` false skips the offset bookkeeping.
 */
function decodeDotenvValue(text: string, start: number, end: number, quote: DotenvEntry['quote'], track: true): ShellValue;
function decodeDotenvValue(text: string, start: number, end: number, quote: DotenvEntry['quote'], track: false): { text: string };
function decodeDotenvValue(text: string, start: number, end: number, quote: DotenvEntry['quote'], track: boolean): ShellValue | { text: string } {
  if (!track) {
    if (quote !== '"' && !text.slice(start, end).includes('\r')) return { text: text.slice(start, end) };
  }
  const b = new ShellValueBuilder(start);
  // Single quotes are literal everywhere: no loader expands `$` inside them.
  const canInterpolate = quote !== "'";
  for (let k = start; k < end; k++) {
    const ch = text[k] ?? '';
    if (ch === '\r' && text[k + 1] === '\n') continue;
    if (quote === '"' && ch === '\\' && k + 1 < end) {
      const next = text[k + 1] ?? '';
      const decoded = DOUBLE_QUOTE_ESCAPES[next];
      if (decoded !== undefined) {
        b.push(decoded, k, k + 2, next !== '$' && canInterpolate);
        k++;
        continue;
      }
    }
    b.push(ch, k, k + 1, canInterpolate);
  }
  return b.build();
}

/** The part of a SecretAssignment that depends on the value only. */
export type ClassifiedValue = Pick<SecretAssignment, 'origin' | 'value' | 'referenceTo' | 'envName' | 'span'>;

const MAX_NESTED_DEFAULTS = 4;

/**
 * What a shell-style value binds its key to:
 * - exactly `${OTHER}` / `$OTHER` → 'reference' to OTHER (or 'env' when OTHER is the key itself);
 * - `${K:?msg}` → 'env'; `${K:-lit}` → 'default' with `lit`; `${K:-${OTHER}}` → 'fallback' to OTHER;
 * - text mixed with interpolations, and `${K:+alt}` → null: built from variables, not a secret;
 * - empty → null; a template or managed shape → that origin; anything else → `literalOrigin`.
 */
export function classifyShellValue(value: ShellValue, keyId: string, literalOrigin: ValueOrigin, depth = 0): ClassifiedValue | null {
  const interps = findInterpolations(value.interpText);
  if (interps.length === 0) {
    const shape = shapeOfValue(value.text);
    if (shape === 'empty') return null;
    const span = shellSpan(value, 0, value.text.length);
    if (shape !== 'literal') return { origin: shape, span };
    return { origin: literalOrigin, value: value.text, span };
  }
  const only = interps[0];
  if (interps.length !== 1 || only === undefined || only.start !== 0 || only.end !== value.text.length) {
    return mostlyLiteral(value, interps) ? { origin: literalOrigin, value: value.text, span: shellSpan(value, 0, value.text.length) } : null;
  }

  const nameId = normalizeKey(only.name);
  const span = shellSpan(value, only.start, only.end);
  switch (only.operator) {
    case null:
      return nameId === keyId ? { origin: 'env', envName: nameId, span } : { origin: 'reference', referenceTo: nameId, span };
    case ':?':
    case '?':
      return { origin: 'env', envName: nameId, span };
    case ':+':
    case '+':
      return null;
    case ':-':
    case '-': {
      const argStart = only.argumentStart;
      const argEnd = only.end - 1;
      if (argEnd <= argStart || depth >= MAX_NESTED_DEFAULTS) return { origin: 'env', envName: nameId, span };
      const inner = classifyShellValue(sliceShellValue(value, argStart, argEnd), keyId, 'default', depth + 1);
      if (inner === null) {
        // An empty default reads the variable strictly; a default built from text and variables is not a secret.
        return shapeOfValue(value.text.slice(argStart, argEnd)) === 'empty' ? { origin: 'env', envName: nameId, span } : null;
      }
      switch (inner.origin) {
        case 'literal':
        case 'default':
          return { origin: 'default', value: inner.value, envName: nameId, span: inner.span };
        case 'reference':
        case 'fallback':
          return { origin: 'fallback', referenceTo: inner.referenceTo, envName: nameId, span };
        case 'env':
          // `${K:-${K}}` or `${OTHER:-${K}}` where K is this key: a fallback to the environment.
          return inner.envName === nameId ? { origin: 'env', envName: nameId, span } : { origin: 'fallback', referenceTo: inner.envName, envName: nameId, span };
        default:
          return { ...inner, envName: nameId };
      }
    }
  }
}

/**
 * A random secret pasted between double quotes often holds a `$` by chance
 * (`"IRE()dA(*EF...JO$IFUHOI()#*JR..."`): the shell reads `$IFUHOI` as an (unset) variable, but
 * the value is still a literal written here, not one built from variables. It counts as literal
 * when at least 20 characters and three quarters of it are literal text and no part of it is a
 * default (`${K:-x}`) or an alternative.
 */
function mostlyLiteral(value: ShellValue, interps: readonly { start: number; end: number; operator: string | null }[]): boolean {
  let interpolated = 0;
  for (const i of interps) {
    if (i.operator !== null) return false;
    interpolated += i.end - i.start;
  }
  const literal = value.text.length - interpolated;
  return literal >= 20 && literal >= value.text.length * 0.75;
}

export function sliceShellValue(value: ShellValue, from: number, to: number): ShellValue {
  return {
    text: value.text.slice(from, to),
    interpText: value.interpText.slice(from, to),
    starts: value.starts.slice(from, to),
    ends: value.ends.slice(from, to),
    start: value.starts[from] ?? value.start,
  };
}

export const parseDotenv: Parser = (doc, options) => {
  const parsed = emptyParse('dotenv');
  try {
    const context = { format: 'dotenv' as const, isExample: isExamplePath(doc.path), environment: environmentOf(doc.path) };
    for (const entry of parseDotenvEntries(doc.text)) {
      const keyId = normalizeKey(entry.key);
      if (!options.names.isSecretKey(keyId)) continue;
      const value = decodeDotenvValue(doc.text, entry.valueSpan.start, entry.valueSpan.end, entry.quote, true);
      const classified = classifyShellValue(value, keyId, 'literal');
      if (classified === null) continue;
      // A literal's span covers the whole value without quotes, multi-line values included.
      const span = classified.origin === 'literal' ? entry.valueSpan : classified.span;
      parsed.assignments.push({ key: entry.key, keyId, ...classified, span, keySpan: entry.keySpan, context });
    }
  } catch (error) {
    parsed.problems.push(`could not parse the dotenv file: ${safeErrorText(error)}`);
  }
  return parsed;
};
