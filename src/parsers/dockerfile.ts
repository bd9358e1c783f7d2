import { environmentOf, isExamplePath } from '../core/path-context.js';
import { normalizeKey } from '../core/secret-names.js';
import type { AssignmentContext, ParsedDocument } from '../core/types.js';
import { classifyShellValue, ShellValueBuilder, type ShellValue } from './dotenv.js';
import { emptyParse, type ParseOptions, type Parser } from './parser.js';
import { docOffset as offsetInDocument, type Chunk } from './joined-lines.js';
import { safeErrorText } from '../core/safe-errors.js';

/**
 * Dockerfile `ENV` and `ARG` instructions, read the way BuildKit's parser reads them
 * (docs.docker.com/reference/dockerfile): `ENV K=v`, `ENV A=1 B="two words"`, the legacy
 * `ENV K value with spaces`, `ARG K=default`, line continuations with the escape character
 * (`\`, or the one a `# escape=` directive names), comment lines (also inside a continuation),
 * and heredocs of RUN/COPY/ADD, whose bodies are skipped. An ENV value is a literal; an ARG value
 * is a default that `--build-arg` overrides.
 */

/** A piece of a logical line: `length` characters taken from the document at `docStart`. */
/** An instruction after its continuation lines were joined. */
interface LogicalLine {
  text: string;
  chunks: Chunk[];
  /** The escape character in force: `\` unless a `# escape=` directive chose the backtick. */
  escape: string;
}

const HEREDOC_INSTRUCTIONS = new Set(['RUN', 'COPY', 'ADD']);

export const parseDockerfile: Parser = (doc, options) => {
  const parsed = emptyParse('dockerfile');
  try {
    const context: AssignmentContext = { format: 'dockerfile', isExample: isExamplePath(doc.path), environment: environmentOf(doc.path) };
    for (const logical of logicalLines(doc.text)) readInstruction(logical, context, options, parsed);
  } catch (error) {
    parsed.problems.push(`could not parse the Dockerfile: ${safeErrorText(error)}`);
  }
  return parsed;
};

/** Joins continuation lines and drops comments, blank lines and heredoc bodies. */
function logicalLines(text: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  let escape = '\\';
  let atDirectives = true;
  let current: LogicalLine | null = null;
  let heredocs: { word: string; stripTabs: boolean }[] = [];

  for (let pos = 0; pos <= text.length; ) {
    const nl = text.indexOf('\n', pos);
    const lineEnd = nl === -1 ? text.length : nl;
    const contentEnd = lineEnd > pos && text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    const next = nl === -1 ? text.length + 1 : nl + 1;
    const line = text.slice(pos, contentEnd);
    const lineStart = pos;
    pos = next;

    const pending = heredocs[0];
    if (pending !== undefined && current === null) {
      const candidate = pending.stripTabs ? line.replace(/^\t+/, '') : line;
      if (candidate === pending.word) heredocs = heredocs.slice(1);
      continue;
    }

    const trimmed = line.trim();
    if (trimmed.startsWith('#')) {
      // Parser directives come first; any other comment, blank line or instruction ends them.
      const directive = atDirectives ? /^#[ \t]*escape[ \t]*=[ \t]*([\\`])[ \t]*$/i.exec(trimmed) : null;
      if (directive?.[1] !== undefined) escape = directive[1];
      else if (!/^#[ \t]*[a-z]+[ \t]*=/i.test(trimmed)) atDirectives = false;
      continue; // comment lines are dropped, even inside a continuation
    }
    atDirectives = false;
    if (trimmed === '') continue; // blank lines end nothing, even inside a continuation

    // A line continues when its last non-blank character is the escape character.
    let end = line.length;
    while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
    const continues = end > 0 && line[end - 1] === escape;
    const take = continues ? end - 1 : line.length;

    if (current === null) current = { text: '', chunks: [], escape };
    current.chunks.push({ logicalStart: current.text.length, docStart: lineStart, length: take });
    current.text += line.slice(0, take);
    if (!continues) {
      out.push(current);
      heredocs = heredocsOf(current.text);
      current = null;
    }
  }
  if (current !== null) out.push(current);
  return out;
}

/** The heredoc words a RUN/COPY/ADD instruction opens: `<<EOF`, `<<-EOF`, `<<"EOF"`. */
function heredocsOf(instruction: string): { word: string; stripTabs: boolean }[] {
  const name = firstWord(instruction, 0);
  if (!HEREDOC_INSTRUCTIONS.has(name.word.toUpperCase())) return [];
  const out: { word: string; stripTabs: boolean }[] = [];
  // Only a word that starts with `<<` opens a heredoc (as in BuildKit): `$((1<<X))` does not.
  const re = /(^|[ \t])<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]{0,63})\3/g;
  for (let m = re.exec(instruction); m !== null; m = re.exec(instruction)) {
    if (m[4] !== undefined) out.push({ word: m[4], stripTabs: m[2] === '-' });
  }
  return out;
}

function firstWord(text: string, from: number): { word: string; end: number } {
  let i = from;
  while (i < text.length && isBlank(text[i])) i++;
  const start = i;
  while (i < text.length && !isBlank(text[i])) i++;
  return { word: text.slice(start, i), end: i };
}

function readInstruction(logical: LogicalLine, context: AssignmentContext, options: ParseOptions, parsed: ParsedDocument): void {
  let { word, end } = firstWord(logical.text, 0);
  if (word.toUpperCase() === 'ONBUILD') ({ word, end } = firstWord(logical.text, end));
  const instruction = word.toUpperCase();
  if (instruction !== 'ENV' && instruction !== 'ARG') return;

  const text = logical.text;
  let i = end;
  while (i < text.length && isBlank(text[i])) i++;
  const toDoc = (logicalOffset: number): number => docOffset(logical, logicalOffset);
  const escape = logical.escape;

  // The legacy `ENV K value` form: no `=` in the first word; the value is the rest of the line.
  const first = firstWord(text, i);
  if (instruction === 'ENV' && !first.word.includes('=')) {
    let v = first.end;
    while (v < text.length && isBlank(text[v])) v++;
    if (v >= text.length || first.word === '') return;
    let stop = text.length;
    while (stop > v && isBlank(text[stop - 1])) stop--;
    const value = decodeWord(text, v, stop, false, toDoc, escape).value;
    emit(first.word, { start: toDoc(i), end: toDoc(first.end - 1) + 1 }, value, 'literal', context, options, parsed);
    return;
  }

  // `K=v` pairs separated by unquoted whitespace (ARG takes the same form, and `ARG K` alone).
  while (i < text.length) {
    const keyStart = i;
    while (i < text.length && text[i] !== '=' && !isBlank(text[i])) i++;
    const keyEnd = i;
    if (text[i] !== '=') {
      while (i < text.length && isBlank(text[i])) i++;
      continue; // `ARG NAME` without a default, or a stray word
    }
    const decoded = decodeWord(text, i + 1, text.length, true, toDoc, escape);
    i = decoded.end;
    if (keyEnd > keyStart) {
      emit(
        text.slice(keyStart, keyEnd),
        { start: toDoc(keyStart), end: toDoc(keyEnd - 1) + 1 },
        decoded.value,
        instruction === 'ENV' ? 'literal' : 'default',
        context,
        options,
        parsed,
      );
    }
    while (i < text.length && isBlank(text[i])) i++;
  }
}

function emit(
  key: string,
  keySpan: { start: number; end: number },
  value: ShellValue,
  literalOrigin: 'literal' | 'default',
  context: AssignmentContext,
  options: ParseOptions,
  parsed: ParsedDocument,
): void {
  const keyId = normalizeKey(key);
  if (!options.names.isSecretKey(keyId)) return;
  const classified = classifyShellValue(value, keyId, literalOrigin);
  if (classified === null) return;
  // An ARG default is what the build uses unless `--build-arg KEY=...` overrides it.
  const envName = classified.envName ?? (classified.origin === 'default' ? keyId : undefined);
  parsed.assignments.push({ key, keyId, ...classified, ...(envName === undefined ? {} : { envName }), keySpan, context });
}

/**
 * Decodes one shell word from text[from, to): `"..."` (the escape character escapes `" $ \` and
 * the backtick), `'...'` (literal), and the escape character outside quotes (escapes anything).
 * With `stopAtBlank`, an unquoted blank ends the word; otherwise blanks are kept (legacy ENV).
 */
function decodeWord(
  text: string,
  from: number,
  to: number,
  stopAtBlank: boolean,
  toDoc: (offset: number) => number,
  escape: string,
): { value: ShellValue; end: number } {
  const b = new ShellValueBuilder(toDoc(from));
  let quote: '"' | "'" | null = null;
  let i = from;
  for (; i < to; i++) {
    const ch = text[i] ?? '';
    if (quote === null) {
      if (stopAtBlank && isBlank(ch)) break;
      if (ch === '"' || ch === "'") {
        quote = ch;
        continue;
      }
      if (ch === escape && i + 1 < to) {
        b.push(text[i + 1] ?? '', toDoc(i), toDoc(i + 1) + 1, false);
        i++;
        continue;
      }
      b.push(ch, toDoc(i), toDoc(i) + 1, true);
    } else if (ch === quote) {
      quote = null;
    } else if (quote === '"' && ch === escape && i + 1 < to && '"$`\\'.includes(text[i + 1] ?? 'x')) {
      b.push(text[i + 1] ?? '', toDoc(i), toDoc(i + 1) + 1, false);
      i++;
    } else {
      b.push(ch, toDoc(i), toDoc(i) + 1, quote === '"');
    }
  }
  return { value: b.build(), end: i };
}

function docOffset(logical: LogicalLine, offset: number): number {
  return offsetInDocument(logical.chunks, offset);
}

function isBlank(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t';
}
