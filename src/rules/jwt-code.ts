import { LineIndex } from '../core/lines.js';
import type { ScannedDocument } from '../core/rule.js';
import type { Document } from '../core/types.js';
import { languageOf } from '../parsers/code/index.js';

/**
 * Small helpers shared by the JWT rules: which code files the misuse rules read, a line-by-line
 * view of them (comments skipped, lines bounded), and a bounded reader of call arguments so a call
 * spread over several lines can be checked without a parser. Nothing here backtracks: every loop
 * moves forward and has a length bound.
 */

/** The library families the JWT misuse rules know (TypeScript is read as JavaScript, Kotlin as Java). */
export type JwtLanguage = 'python' | 'javascript' | 'go' | 'java' | 'ruby' | 'php';

/** Lines longer than this are checked on their first MAX_LINE_CHARS characters only (minified code). */
const MAX_LINE_CHARS = 2000;
/** A call's arguments are read up to this many characters; a longer call is not checked. */
const MAX_CALL_CHARS = 1500;

export interface CodeSource {
  language: JwtLanguage;
  text: string;
  document: Document;
}

/**
 * The code of a document for the misuse rules: a source file of a known language, outside tests
 * (tests decode without verifying, sign with short keys and accept `none` on purpose, to check
 * what production code rejects).
 */
export function codeSourceOf(doc: ScannedDocument): CodeSource | null {
  const lang = languageOf(doc.document.path);
  let language: JwtLanguage | undefined;
  switch (lang) {
    case 'python':
    case 'go':
    case 'java':
    case 'ruby':
    case 'php':
      language = lang;
      break;
    case 'javascript':
    case 'typescript':
      language = 'javascript';
      break;
    case 'kotlin':
      language = 'java';
      break;
    default:
      language = undefined;
  }
  // Tests call libraries with verification off on purpose (to build or inspect tokens).
  if (!language || doc.role === 'test') return null;
  return { language, text: doc.document.text, document: doc.document };
}


/** Lines of a source file with their offsets; comment-only lines are left out. */
export function* codeLines(text: string): Generator<{ line: string; start: number }> {
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const raw = text.slice(start, Math.min(end, start + MAX_LINE_CHARS));
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const trimmed = line.trimStart();
    if (trimmed.length > 0 && !isCommentLine(trimmed)) yield { line, start };
    if (end >= text.length) break;
    start = end + 1;
  }
}

function isCommentLine(trimmed: string): boolean {
  return trimmed.startsWith('//') || trimmed.startsWith('#') || trimmed.startsWith('/*') || trimmed.startsWith('*');
}

/** Where a pattern matched, as offsets into the document text. */
export interface CodeHit {
  start: number;
  end: number;
  match: RegExpExecArray;
}

/**
 * The first match of a pattern on each code line that is code, not text inside a string literal
 * (`log("pass ignoreExpiration: true to ...")` is a message, not an option). Patterns that match a
 * quoted key start with an optional quote, so the key's own quotes are part of the match.
 */
export function* matchLines(text: string, pattern: RegExp): Generator<CodeHit> {
  const re = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  // Most code never matches: one native search of the whole text settles it without splitting
  // lines. Exact: a line's match is also the text's, unless the line was cut at MAX_LINE_CHARS or
  // the pattern anchors to a line's ends.
  if (!re.test(text) && !/[$^]|\(\?<[=!]/.test(pattern.source) && !hasLineLongerThan(text, MAX_LINE_CHARS)) return;
  for (const { line, start } of codeLines(text)) {
    re.lastIndex = 0;
    for (let m = re.exec(line); m !== null; m = re.exec(line)) {
      // Judged where the match ends: a quoted key (`"ignoreExpiration": true`) closes its quote
      // inside the match, while an option named in a message leaves the string open.
      if (!isInsideString(line, m.index + m[0].length)) {
        yield { start: start + m.index, end: start + m.index + m[0].length, match: m };
        break;
      }
      if (m[0].length === 0) re.lastIndex++;
    }
  }
}

function hasLineLongerThan(text: string, max: number): boolean {
  let start = 0;
  for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
    if (end - start > max) return true;
    start = end + 1;
  }
  return text.length - start > max;
}

/** True when `index` falls inside a quoted string of the line (a line-local guess: escapes honoured, multi-line strings not). */
export function isInsideString(line: string, index: number): boolean {
  let quote = '';
  for (let i = 0; i < index; i++) {
    const c = line.charAt(i);
    if (quote !== '') {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'" || c === '`') quote = c;
  }
  return quote !== '';
}

/** One argument of a call: its text (trimmed) and its offset in the document. */
export interface CallArgument {
  text: string;
  start: number;
}

/**
 * The arguments of the call whose `(` is at `open`, split at top-level commas. Strings and nested
 * brackets are skipped over; null when the call does not close within MAX_CALL_CHARS.
 */
export function callArguments(text: string, open: number): CallArgument[] | null {
  if (text.charAt(open) !== '(') return null;
  const args: CallArgument[] = [];
  let depth = 0;
  let argStart = open + 1;
  const limit = Math.min(text.length, open + MAX_CALL_CHARS);
  const push = (end: number) => {
    const raw = text.slice(argStart, end);
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (trimmed.length > 0) args.push({ text: trimmed, start: argStart + lead });
  };
  for (let i = open + 1; i < limit; i++) {
    const c = text.charAt(i);
    if (c === '"' || c === "'" || c === '`') {
      i = stringEnd(text, i, limit);
      if (i < 0) return null;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) {
        if (c !== ')') return null;
        push(i);
        return args;
      }
      depth--;
    } else if (c === ',' && depth === 0) {
      push(i);
      argStart = i + 1;
    }
  }
  return null;
}

/** Index of the closing quote of the string opening at `i`, or -1 when it does not close before `limit`. */
function stringEnd(text: string, i: number, limit: number): number {
  const quote = text.charAt(i);
  for (let j = i + 1; j < limit; j++) {
    const c = text.charAt(j);
    if (c === '\\') j++;
    else if (c === quote) return j;
    else if (c === '\n' && quote !== '`') return -1;
  }
  return -1;
}

/**
 * The value of a plain string literal argument (`'abc'`, `"abc"`, Python `b"abc"`, Go
 * `[]byte("abc")`, Java `"abc".getBytes()`), or null when the argument is anything else or the
 * string interpolates (`${x}`, `#{x}`, PHP `"$x"`, f-strings).
 */
export function stringLiteralValue(arg: string): string | null {
  let s = arg.trim();
  const wrapped = /^\[\]byte\((.*)\)$/s.exec(s);
  if (wrapped) s = (wrapped[1] as string).trim();
  s = s.replace(/\.getBytes\([^()]{0,40}\)$/, '').replace(/\.encode\(\s{0,3}\)$/, '');
  if (/^b["']/.test(s)) s = s.slice(1);
  const q = s.charAt(0);
  if ((q !== '"' && q !== "'") || s.length < 2 || s.charAt(s.length - 1) !== q) return null;
  const body = s.slice(1, -1);
  if (body.length === 0) return null;
  // An unescaped quote inside means two strings joined (`'a' + 'b'`), not one literal.
  for (let i = 0; i < body.length; i++) {
    if (body.charAt(i) === '\\') i++;
    else if (body.charAt(i) === q) return null;
  }
  if (q === '"' && /\$\{|#\{|\$[A-Za-z_]/.test(body)) return null;
  return unescape(body);
}

function unescape(body: string): string {
  return body.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c));
}

/** The alg of a header as safe display text (a hostile header may hold anything). */
export function algName(alg: unknown): string {
  const s = typeof alg === 'string' ? alg : String(alg);
  const clean = s.replace(/[^A-Za-z0-9+_-]/g, '').slice(0, 16);
  return clean.length > 0 ? clean : '?';
}

/** A lazy 1-based line lookup for offsets, one index per document. */
export function lineLookup(): (doc: Document, offset: number) => number {
  const cache = new Map<Document, LineIndex>();
  return (doc, offset) => {
    let idx = cache.get(doc);
    if (!idx) cache.set(doc, (idx = new LineIndex(doc.text)));
    return idx.position(offset).line;
  };
}

/** A call found on a code line: where its name starts and its arguments (null when unreadable). */
export interface CodeCall {
  start: number;
  end: number;
  match: RegExpExecArray;
  args: CallArgument[] | null;
}

/**
 * Calls whose name matches `pattern` (which must end just before the arguments): `f(a, b)` and,
 * for Ruby, `f a, b` up to the end of the line.
 */
export function* findCalls(text: string, pattern: RegExp): Generator<CodeCall> {
  for (const hit of matchLines(text, pattern)) {
    let i = hit.end;
    while (text.charAt(i) === ' ' || text.charAt(i) === '\t') i++;
    let args: CallArgument[] | null;
    if (text.charAt(i) === '(') args = callArguments(text, i);
    else if (i > hit.end) args = lineArguments(text, i);
    else args = null;
    yield { ...hit, args };
  }
}

/** Ruby's parenthesis-free call: the rest of the line, split at top-level commas. */
function lineArguments(text: string, from: number): CallArgument[] | null {
  let end = text.indexOf('\n', from);
  if (end < 0) end = text.length;
  if (end - from > MAX_CALL_CHARS) return null;
  const line = text.slice(from, end).replace(/\r$/, '');
  const args = callArguments(`(${line})`, 0);
  return args ? args.map((a) => ({ text: a.text, start: from + a.start - 1 })) : null;
}
