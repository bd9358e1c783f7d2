import type { CodeLanguage, Span } from '../../core/types.js';

/**
 * String literals of the languages the code parser reads, scanned by hand (no regex runs over the
 * body, so hostile input cannot make anything backtrack). A literal knows its content range (inside
 * the quotes: the span findings point at), its decoded value and where embedded expressions sit
 * (`f"{x}"`, `` `${x}` ``, `"#{x}"`, `"$x"`), so callers can tell a plain literal from a template.
 */
export interface StringLiteral {
  /** The whole literal, prefix and quotes included. */
  start: number;
  end: number;
  /** Inside the quotes. */
  contentStart: number;
  contentEnd: number;
  /** The opening delimiter: `'`, `"`, `` ` ``, `'''`, `"""`. */
  quote: string;
  /** Letters or sigils before the quote, lower case: `r`, `f`, `rb`, `@`, `$`. */
  prefix: string;
  /** Escapes decoded; embedded expressions kept as written. */
  value: string;
  /** Ranges of embedded expressions, without their delimiters. */
  interpolations: Span[];
  /** False when the text ended (or, for one-line literals, the line ended) before the closing quote. */
  terminated: boolean;
}

/** How backslashes behave: C-like escapes, Python raw strings, none at all, C# `""`, or only `\\` and `\'`. */
type EscapeMode = 'c' | 'c-keep-unknown' | 'python-raw' | 'none' | 'verbatim' | 'single';
/** Which embedded expressions the literal holds. */
type InterpolationMode = 'none' | 'brace' | 'dollar-brace' | 'kotlin' | 'hash-brace' | 'php';

interface BodySpec {
  close: string;
  escapes: EscapeMode;
  interpolation: InterpolationMode;
  /** One-line literals stop (unterminated) at a line break. */
  singleLine: boolean;
}

/** An embedded expression longer than this is not looked for: the literal is then read as plain text. */
const MAX_INTERPOLATION = 512;

/**
 * Each language's quotes, built once: the reader is asked at every token's start, and an object
 * literal per call was garbage for every identifier and operator of a file.
 */
const JS_QUOTES: Readonly<Record<string, BodySpec>> = {
  "'": { close: "'", escapes: 'c', interpolation: 'none', singleLine: true },
  '"': { close: '"', escapes: 'c', interpolation: 'none', singleLine: true },
  '`': { close: '`', escapes: 'c', interpolation: 'dollar-brace', singleLine: false },
};
const GO_QUOTES: Readonly<Record<string, BodySpec>> = {
  '"': { close: '"', escapes: 'c-keep-unknown', interpolation: 'none', singleLine: true },
  "'": { close: "'", escapes: 'c-keep-unknown', interpolation: 'none', singleLine: true },
  '`': { close: '`', escapes: 'none', interpolation: 'none', singleLine: false },
};
const JAVA_TEXT_BLOCK: BodySpec = { close: '"""', escapes: 'c', interpolation: 'none', singleLine: false };
const JAVA_QUOTES: Readonly<Record<string, BodySpec>> = {
  '"': { close: '"', escapes: 'c', interpolation: 'none', singleLine: true },
  "'": { close: "'", escapes: 'c', interpolation: 'none', singleLine: true },
};
const KOTLIN_RAW: BodySpec = { close: '"""', escapes: 'none', interpolation: 'kotlin', singleLine: false };
const KOTLIN_QUOTES: Readonly<Record<string, BodySpec>> = {
  '"': { close: '"', escapes: 'c', interpolation: 'kotlin', singleLine: true },
  "'": { close: "'", escapes: 'c', interpolation: 'none', singleLine: true },
};
const RUBY_QUOTES: Readonly<Record<string, BodySpec>> = {
  "'": { close: "'", escapes: 'single', interpolation: 'none', singleLine: false },
  '"': { close: '"', escapes: 'c', interpolation: 'hash-brace', singleLine: false },
  '`': { close: '`', escapes: 'c', interpolation: 'hash-brace', singleLine: false },
};
const PHP_QUOTES: Readonly<Record<string, BodySpec>> = {
  "'": { close: "'", escapes: 'single', interpolation: 'none', singleLine: false },
  '"': { close: '"', escapes: 'c-keep-unknown', interpolation: 'php', singleLine: false },
  '`': { close: '`', escapes: 'c-keep-unknown', interpolation: 'php', singleLine: false },
};

/** Reads the string literal that starts at `pos`, or returns null when none starts there. */
export function readStringLiteral(text: string, pos: number, language: CodeLanguage): StringLiteral | null {
  switch (language) {
    case 'python':
      return readPython(text, pos);
    case 'javascript':
    case 'typescript':
      return readSimple(text, pos, JS_QUOTES);
    case 'go':
      return readSimple(text, pos, GO_QUOTES);
    case 'java':
      if (text.startsWith('"""', pos)) return readBody(text, pos, '', '"""', pos + 3, JAVA_TEXT_BLOCK);
      return readSimple(text, pos, JAVA_QUOTES);
    case 'kotlin':
      if (text.startsWith('"""', pos)) return readBody(text, pos, '', '"""', pos + 3, KOTLIN_RAW);
      return readSimple(text, pos, KOTLIN_QUOTES);
    case 'scala':
      return readScala(text, pos);
    case 'csharp':
      return readCsharp(text, pos);
    case 'rust':
      return readRust(text, pos);
    case 'elixir':
      return readElixir(text, pos);
    case 'ruby':
      return readSimple(text, pos, RUBY_QUOTES);
    case 'php':
      return readSimple(text, pos, PHP_QUOTES);
  }
}

function readSimple(text: string, pos: number, specs: Readonly<Record<string, BodySpec>>): StringLiteral | null {
  const q = text[pos];
  if (q === undefined) return null;
  const spec = specs[q];
  return spec ? readBody(text, pos, '', q, pos + 1, spec) : null;
}

const PYTHON_PREFIXES = new Set(['', 'r', 'u', 'b', 'f', 'br', 'rb', 'fr', 'rf']);

function readPython(text: string, pos: number): StringLiteral | null {
  let i = pos;
  while (i - pos < 2 && isPythonPrefixChar(text[i])) i++;
  const q = text[i];
  if (q !== '"' && q !== "'") return null;
  const prefix = text.slice(pos, i).toLowerCase();
  if (!PYTHON_PREFIXES.has(prefix)) return null;
  const triple = text[i + 1] === q && text[i + 2] === q;
  const quote = triple ? q + q + q : q;
  return readBody(text, pos, prefix, quote, i + quote.length, {
    close: quote,
    escapes: prefix.includes('r') ? 'python-raw' : 'c-keep-unknown',
    interpolation: prefix.includes('f') ? 'brace' : 'none',
    singleLine: !triple,
  });
}

function isPythonPrefixChar(c: string | undefined): boolean {
  return c === 'r' || c === 'R' || c === 'b' || c === 'B' || c === 'u' || c === 'U' || c === 'f' || c === 'F';
}

/** C#: `"..."`, `@"..."` (verbatim), `$"..."` (interpolated), `$@"..."`, `"""raw"""`, `'c'`. */
function readCsharp(text: string, pos: number): StringLiteral | null {
  let i = pos;
  while (i - pos < 2 && (text[i] === '$' || text[i] === '@')) i++;
  const prefix = text.slice(pos, i);
  const q = text[i];
  if (q === "'" && prefix === '') return readBody(text, pos, '', q, i + 1, { close: q, escapes: 'c', interpolation: 'none', singleLine: true });
  if (q !== '"') return null;
  const interpolation: InterpolationMode = prefix.includes('$') ? 'brace' : 'none';
  if (text.startsWith('"""', i)) {
    return readBody(text, pos, prefix, '"""', i + 3, { close: '"""', escapes: 'none', interpolation, singleLine: false });
  }
  if (prefix.includes('@')) return readBody(text, pos, prefix, '"', i + 1, { close: '"', escapes: 'verbatim', interpolation, singleLine: false });
  return readBody(text, pos, prefix, '"', i + 1, { close: '"', escapes: 'c', interpolation, singleLine: true });
}

/**
 * Scala: `"..."`, `"""raw"""`, interpolators (`s"$x"`, `f"..."`, `raw"..."`, any name before
 * the quote), `'c'`. A symbol (`'sym`) is no literal.
 */
function readScala(text: string, pos: number): StringLiteral | null {
  let j = pos;
  while (j - pos < 16 && isAsciiLetter(text.charCodeAt(j))) j++;
  if (text[j] !== '"') return j === pos && text[pos] === "'" ? readCharLiteral(text, pos, '') : null;
  const prefix = text.slice(pos, j);
  const triple = text.startsWith('"""', j);
  const interpolation: InterpolationMode = prefix === '' ? 'none' : 'kotlin';
  const escapes: EscapeMode = triple || prefix === 'raw' ? 'none' : 'c';
  return readBody(text, pos, prefix, triple ? '"""' : '"', j + (triple ? 3 : 1), { close: triple ? '"""' : '"', escapes, interpolation, singleLine: !triple });
}

/**
 * Rust: `"..."` (may span lines), `b"..."`, raw `r"..."` / `r#"..."#` / `br"..."`, `'c'` and
 * `b'c'`. A lifetime (`'static`, `'a`) is no literal: the quote is left to the tokenizer.
 */
function readRust(text: string, pos: number): StringLiteral | null {
  let i = pos;
  if (text[i] === 'b') i++;
  const raw = text[i] === 'r';
  if (raw) i++;
  let hashes = 0;
  while (raw && text[i] === '#' && hashes < 64) {
    hashes++;
    i++;
  }
  const q = text[i];
  const prefix = text.slice(pos, i - hashes);
  if (q === '"') {
    const close = '"' + '#'.repeat(hashes);
    return readBody(text, pos, prefix, '"', i + 1, { close, escapes: raw ? 'none' : 'c', interpolation: 'none', singleLine: false });
  }
  if (q === "'" && !raw) return readCharLiteral(text, i, prefix, pos);
  return null;
}

/** `'a'`, `'\n'`, `'\u{1F600}'`: a character literal, or null when the quote opens none (a lifetime, a symbol). */
function readCharLiteral(text: string, quoteAt: number, prefix: string, start = quoteAt): StringLiteral | null {
  const first = text[quoteAt + 1];
  if (first === undefined || first === '\n') return null;
  let close = -1;
  if (first === '\\') {
    for (let k = quoteAt + 2; k < quoteAt + 14 && k < text.length; k++) {
      if (text[k] === '\n') break;
      if (text[k] === "'" && k > quoteAt + 2) {
        close = k;
        break;
      }
    }
  } else {
    const width = isHighSurrogate(text.charCodeAt(quoteAt + 1)) ? 2 : 1;
    if (text[quoteAt + 1 + width] === "'") close = quoteAt + 1 + width;
  }
  if (close === -1) return null;
  return readBody(text, start, prefix, "'", quoteAt + 1, { close: "'", escapes: 'c', interpolation: 'none', singleLine: true });
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

/**
 * Elixir: `"..."` and charlists `'...'` (both may span lines, `#{}` interpolates), heredocs
 * `"""`/`'''`, and sigils: `~s(...)`/`~c"..."` are strings (upper case: no escapes or
 * interpolation); any other sigil (`~w(...)`, `~r/.../`, `~D[...]`) is a word list, regex or date,
 * read as one token with an empty value so it never passes for a secret.
 */
function readElixir(text: string, pos: number): StringLiteral | null {
  if (text[pos] === '~') return readSigil(text, pos);
  for (const q of ['"""', "'''"]) {
    if (text.startsWith(q, pos)) return readBody(text, pos, '', q, pos + 3, { close: q, escapes: 'c', interpolation: 'hash-brace', singleLine: false });
  }
  return readSimple(text, pos, {
    '"': { close: '"', escapes: 'c', interpolation: 'hash-brace', singleLine: false },
    "'": { close: "'", escapes: 'c', interpolation: 'hash-brace', singleLine: false },
  });
}

const SIGIL_PAIRS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}', '<': '>', '/': '/', '|': '|', '"': '"', "'": "'" };

function readSigil(text: string, pos: number): StringLiteral | null {
  let j = pos + 1;
  const letter = text[j] ?? '';
  if (!isAsciiLetter(letter.charCodeAt(0))) return null;
  j++;
  // Elixir 1.15+: multi-letter sigils are upper case (`~HTML`).
  while (j - pos < 12 && (text.charCodeAt(j) >= 65 && text.charCodeAt(j) <= 90)) j++;
  const name = text.slice(pos + 1, j);
  const heredoc = text.startsWith('"""', j) ? '"""' : text.startsWith("'''", j) ? "'''" : '';
  const open = heredoc || (text[j] ?? '');
  const close = heredoc || SIGIL_PAIRS[open];
  if (close === undefined) return null;
  const lower = name === name.toLowerCase();
  const body = readBody(text, pos, '~' + name, open, j + open.length, {
    close,
    escapes: lower ? 'c' : 'none',
    interpolation: lower ? 'hash-brace' : 'none',
    singleLine: false,
  });
  // Modifiers after the closing delimiter: `~r/x/i`, `~w(a b)a`.
  let end = body.end;
  while (end - body.end < 8 && isAsciiLetter(text.charCodeAt(end))) end++;
  const isString = name === 's' || name === 'S' || name === 'c' || name === 'C';
  return { ...body, end, ...(isString ? {} : { value: '', interpolations: [] }) };
}

function readBody(text: string, start: number, prefix: string, quote: string, contentStart: number, spec: BodySpec): StringLiteral {
  const interpolations: Span[] = [];
  const parts: string[] = [];
  let runStart = contentStart;
  let lookForInterpolation = spec.interpolation !== 'none';
  const closeFirst = spec.close[0];
  const n = text.length;
  let i = contentStart;
  const flush = (to: number) => {
    if (to > runStart) parts.push(text.slice(runStart, to));
  };
  while (i < n) {
    const ch = text[i];
    if (ch === closeFirst && (spec.close.length === 1 || text.startsWith(spec.close, i))) {
      if (spec.escapes === 'verbatim' && text[i + 1] === '"') {
        flush(i);
        parts.push('"');
        i += 2;
        runStart = i;
        continue;
      }
      flush(i);
      return literal(start, i + spec.close.length, contentStart, i, quote, prefix, parts, interpolations, true);
    }
    if (ch === '\n' && spec.singleLine) {
      const contentEnd = i > contentStart && text[i - 1] === '\r' ? i - 1 : i;
      flush(contentEnd);
      return literal(start, contentEnd, contentStart, contentEnd, quote, prefix, parts, interpolations, false);
    }
    if (ch === '\\' && spec.escapes !== 'none' && spec.escapes !== 'verbatim') {
      flush(i);
      const decoded = decodeBackslash(text, i, spec.escapes, quote);
      parts.push(decoded.value);
      i = decoded.next;
      runStart = i;
      continue;
    }
    if (lookForInterpolation) {
      const found = readInterpolation(text, i, spec);
      if (found === 'fail') {
        lookForInterpolation = false;
      } else if (found !== null) {
        if (found.span) interpolations.push(found.span);
        if (found.literal !== undefined) {
          flush(i);
          parts.push(found.literal);
          runStart = found.next;
        }
        i = found.next;
        continue;
      }
    }
    i++;
  }
  flush(n);
  return literal(start, n, contentStart, n, quote, prefix, parts, interpolations, false);
}

function literal(
  start: number,
  end: number,
  contentStart: number,
  contentEnd: number,
  quote: string,
  prefix: string,
  parts: string[],
  interpolations: Span[],
  terminated: boolean,
): StringLiteral {
  return { start, end, contentStart, contentEnd, quote, prefix, value: parts.join(''), interpolations, terminated };
}

interface InterpolationFound {
  /** The embedded expression, when there is one (`{{` in an f-string is an escape, not an expression). */
  span?: Span;
  /** Set when the text is replaced in the value (`{{` → `{`). */
  literal?: string;
  next: number;
}

function readInterpolation(text: string, i: number, spec: BodySpec): InterpolationFound | 'fail' | null {
  const ch = text[i];
  switch (spec.interpolation) {
    case 'brace': {
      if (ch === '{' && text[i + 1] === '{') return { literal: '{', next: i + 2 };
      if (ch === '}' && text[i + 1] === '}') return { literal: '}', next: i + 2 };
      if (ch !== '{') return null;
      return braced(text, i + 1, spec);
    }
    case 'dollar-brace':
      return ch === '$' && text[i + 1] === '{' ? braced(text, i + 2, spec) : null;
    case 'kotlin': {
      if (ch !== '$') return null;
      if (text[i + 1] === '{') return braced(text, i + 2, spec);
      const end = identifierEnd(text, i + 1);
      return end > i + 1 ? { span: { start: i + 1, end }, next: end } : null;
    }
    case 'hash-brace':
      return ch === '#' && text[i + 1] === '{' ? braced(text, i + 2, spec) : null;
    case 'php': {
      if (ch === '{' && text[i + 1] === '$') return braced(text, i + 1, spec);
      if (ch !== '$') return null;
      let end = identifierEnd(text, i + 1);
      if (end === i + 1) return null;
      // "$obj->prop" and "$arr[key]" take one level of access.
      if (text[end] === '-' && text[end + 1] === '>') {
        const propEnd = identifierEnd(text, end + 2);
        if (propEnd > end + 2) end = propEnd;
      } else if (text[end] === '[') {
        const close = text.indexOf(']', end);
        if (close !== -1 && close - end < 64 && !text.slice(end, close).includes('\n')) end = close + 1;
      }
      return { span: { start: i, end }, next: end };
    }
    case 'none':
      return null;
  }
}

/** From just inside `{` to its matching `}`: the span of the expression, or 'fail' when it does not close soon. */
function braced(text: string, from: number, spec: BodySpec): InterpolationFound | 'fail' {
  const close = findClosingBrace(text, from, spec.singleLine);
  if (close === -1) return 'fail';
  return { span: { start: from, end: close }, next: close + 1 };
}

function findClosingBrace(text: string, from: number, singleLine: boolean): number {
  let depth = 1;
  const limit = Math.min(text.length, from + MAX_INTERPOLATION);
  let k = from;
  while (k < limit) {
    const c = text[k];
    if (c === '\n' && singleLine) return -1;
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return k;
    } else if (c === '"' || c === "'" || c === '`') {
      // A nested literal inside the expression: skip to its closing quote.
      let j = k + 1;
      while (j < limit && text[j] !== c) {
        if (text[j] === '\\') j++;
        j++;
      }
      if (j >= limit) return -1;
      k = j;
    }
    k++;
  }
  return -1;
}

function identifierEnd(text: string, from: number): number {
  let j = from;
  const first = text.charCodeAt(j);
  if (!(isAsciiLetter(first) || first === 95 || first > 127)) return from;
  j++;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (isAsciiLetter(c) || (c >= 48 && c <= 57) || c === 95 || c > 127) j++;
    else break;
  }
  return j;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  b: '\b',
  f: '\f',
  v: '\v',
  a: '\x07',
  e: '\x1b',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '`': '`',
  $: '$',
};

/** Decodes the escape at `i` (a backslash). Unknown escapes keep their backslash where the language does. */
function decodeBackslash(text: string, i: number, mode: EscapeMode, quote: string): { value: string; next: number } {
  const c = text[i + 1];
  if (c === undefined) return { value: '\\', next: i + 1 };
  if (mode === 'python-raw') return { value: '\\' + c, next: i + 2 };
  if (mode === 'single') {
    if (c === '\\' || c === quote) return { value: c, next: i + 2 };
    return { value: '\\', next: i + 1 };
  }
  // A backslash before a line break continues the line.
  if (c === '\n') return { value: '', next: i + 2 };
  if (c === '\r') return { value: '', next: text[i + 2] === '\n' ? i + 3 : i + 2 };
  const simple = SIMPLE_ESCAPES[c];
  if (simple !== undefined) return { value: simple, next: i + 2 };
  if (c === 'x') return hexEscape(text, i + 2, 2) ?? unknown(c, i, mode);
  if (c === 'u') {
    if (text[i + 2] === '{') {
      const close = text.indexOf('}', i + 3);
      if (close !== -1 && close - i <= 10) {
        const code = parseInt(text.slice(i + 3, close), 16);
        if (Number.isFinite(code) && code <= 0x10ffff) return { value: String.fromCodePoint(code), next: close + 1 };
      }
      return unknown(c, i, mode);
    }
    return hexEscape(text, i + 2, 4) ?? unknown(c, i, mode);
  }
  if (c === 'U') return hexEscape(text, i + 2, 8) ?? unknown(c, i, mode);
  if (c >= '0' && c <= '7') {
    let j = i + 1;
    while (j < i + 4 && (text[j] ?? '') >= '0' && (text[j] ?? '') <= '7') j++;
    return { value: String.fromCharCode(parseInt(text.slice(i + 1, j), 8) & 0xff), next: j };
  }
  return unknown(c, i, mode);
}

function unknown(c: string, i: number, mode: EscapeMode): { value: string; next: number } {
  return { value: mode === 'c-keep-unknown' ? '\\' + c : c, next: i + 2 };
}

function hexEscape(text: string, from: number, digits: number): { value: string; next: number } | null {
  const hex = text.slice(from, from + digits);
  if (hex.length !== digits || !/^[0-9A-Fa-f]+$/.test(hex)) return null;
  const code = parseInt(hex, 16);
  if (code > 0x10ffff) return null;
  return { value: String.fromCodePoint(code), next: from + digits };
}
