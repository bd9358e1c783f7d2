import { environmentOf, isExamplePath } from '../core/path-context.js';
import { normalizeKey } from '../core/secret-names.js';
import type { AssignmentContext, FixProposal, SecretAssignment, Span } from '../core/types.js';
import { emptyParse, type Parser } from './parser.js';
import { parseSpringPlaceholder } from './spring-placeholder.js';
import { shapeOfValue } from './value-shape.js';
import { docOffset as offsetInDocument, type Chunk } from './joined-lines.js';
import { safeErrorText } from '../core/safe-errors.js';

/**
 * Java `.properties` files, read as `java.util.Properties.load` reads them: `key=value`,
 * `key: value`, `key value`, `#` and `!` comment lines, a line ending in an odd number of
 * backslashes continues on the next line (whose leading whitespace is dropped), and the escapes
 * `\t \n \r \f \uXXXX` (any other `\x` is `x`). Values that are Spring placeholders
 * (`${JWT_SECRET}`, `${JWT_SECRET:default}`) are read as environment reads.
 */

/** A piece of a logical line: `length` characters taken from the document at `docStart`. */
interface LogicalLine {
  /** Raw text, escapes still written, continuation backslashes and indentation removed. */
  text: string;
  chunks: Chunk[];
  /** 1-based line of the first character, for problem messages. */
  line: number;
}

/** Decoded text with, for each character, the document range it was written in. */
interface Decoded {
  text: string;
  starts: number[];
  ends: number[];
  /** Document offset of the (possibly empty) text's start. */
  start: number;
}

const MAX_NESTED_DEFAULTS = 4;

export const parseProperties: Parser = (doc, options) => {
  const parsed = emptyParse('properties');
  try {
    const context: AssignmentContext = { format: 'properties', isExample: isExamplePath(doc.path), environment: environmentOf(doc.path) };
    for (const logical of logicalLines(doc.text)) {
      const { keyEnd, valueStart } = splitKeyValue(logical.text);
      const key = decode(logical, 0, keyEnd, parsed.problems);
      const keyId = normalizeKey(key.text);
      if (key.text === '' || !options.names.isSecretKey(keyId)) continue;
      const value = decode(logical, valueStart, logical.text.length, parsed.problems);
      const assignment = classify(value, keyId, doc.path);
      if (assignment === null) continue;
      parsed.assignments.push({ key: key.text, keyId, ...assignment, keySpan: spanOf(key, 0, key.text.length), context });
    }
  } catch (error) {
    parsed.problems.push(`could not parse the properties file: ${safeErrorText(error)}`);
  }
  return parsed;
};

type Classified = Pick<SecretAssignment, 'origin' | 'value' | 'referenceTo' | 'envName' | 'span' | 'strictRead'>;

/**
 * What a value binds its key to: a plain literal; a Spring placeholder read strictly (`${K}`,
 * `${K:}`), with a literal default (`${K:x}`) or falling back to another property (`${K:${OTHER}}`);
 * nothing for text mixed with placeholders.
 */
function classify(value: Decoded, keyId: string, path: string): Classified | null {
  if (!value.text.includes('${')) {
    const shape = shapeOfValue(value.text);
    if (shape === 'empty') return null;
    const span = spanOf(value, 0, value.text.length);
    return shape === 'literal' ? { origin: 'literal', value: value.text, span } : { origin: shape, span };
  }
  const placeholder = parseSpringPlaceholder(value.text);
  if (placeholder === null) return null; // text built from placeholders: an interpolation, not a secret
  const envName = normalizeKey(placeholder.name);
  const span = spanOf(value, placeholder.start, placeholder.end);
  if (placeholder.defaultValue === null) return { origin: 'env', envName, span };

  const fallback = classifyDefault(value, placeholder.defaultStart, placeholder.defaultValue, keyId, 0);
  if (fallback === null) return null;
  if (fallback.origin === 'env') return { origin: 'env', envName, span };
  const strictRead: FixProposal = {
    description: `Read ${placeholder.name} from the environment with no default`,
    edits: [{ file: path, start: span.start, end: span.end, text: '${' + placeholder.name + '}' }],
  };
  switch (fallback.origin) {
    case 'default':
      return { origin: 'default', value: fallback.value, envName, span: fallback.span, strictRead };
    case 'fallback':
      return { origin: 'fallback', referenceTo: fallback.referenceTo, envName, span, strictRead };
    default:
      return { origin: fallback.origin, envName, span };
  }
}

/** A placeholder's default: empty ('env'), a literal ('default'), another placeholder ('fallback'), a template. */
function classifyDefault(value: Decoded, start: number, text: string, keyId: string, depth: number): Classified | null {
  const shape = shapeOfValue(text);
  if (shape === 'empty') return { origin: 'env', span: spanOf(value, start, start) };
  if (!text.includes('${')) {
    const span = spanOf(value, start, start + text.length);
    return shape === 'literal' ? { origin: 'default', value: text, span } : { origin: shape, span };
  }
  const inner = parseSpringPlaceholder(text);
  if (inner === null || depth >= MAX_NESTED_DEFAULTS) return null;
  const innerId = normalizeKey(inner.name);
  const innerSpan = spanOf(value, start + inner.start, start + inner.end);
  if (inner.defaultValue !== null && shapeOfValue(inner.defaultValue) !== 'empty') {
    // `${K:${OTHER:x}}`: what matters is the literal at the end of the chain.
    const deeper = classifyDefault(value, start + inner.defaultStart, inner.defaultValue, keyId, depth + 1);
    if (deeper === null || deeper.origin !== 'env') return deeper;
  }
  return innerId === keyId ? { origin: 'env', span: innerSpan } : { origin: 'fallback', referenceTo: innerId, span: innerSpan };
}

/** Joins continuation lines; drops comment and blank lines. Line ends: `\n`, `\r\n`, `\r`. */
function logicalLines(text: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  let current: LogicalLine | null = null;
  let lineNumber = 0;
  for (let pos = 0; pos < text.length || (current !== null && pos === text.length); ) {
    lineNumber++;
    let end = pos;
    while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
    const next = text[end] === '\r' && text[end + 1] === '\n' ? end + 2 : end + 1;
    let start = pos;
    pos = next;
    while (start < end && isWhitespace(text[start])) start++;

    if (current === null) {
      if (start === end) continue; // blank
      if (text[start] === '#' || text[start] === '!') continue; // comment
      current = { text: '', chunks: [], line: lineNumber };
    }
    let backslashes = 0;
    for (let k = end - 1; k >= start && text[k] === '\\'; k--) backslashes++;
    const continues = backslashes % 2 === 1;
    const take = continues ? end - 1 - start : end - start;
    current.chunks.push({ logicalStart: current.text.length, docStart: start, length: take });
    current.text += text.slice(start, start + take);
    if (!continues || pos > text.length) {
      out.push(current);
      current = null;
    }
  }
  return out;
}

/** The key ends at the first unescaped `=`, `:` or whitespace; one separator and the blanks around it follow. */
function splitKeyValue(raw: string): { keyEnd: number; valueStart: number } {
  let i = 0;
  while (i < raw.length) {
    const ch = raw[i];
    if (ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === '=' || ch === ':' || isWhitespace(ch)) break;
    i++;
  }
  const keyEnd = Math.min(i, raw.length);
  let j = keyEnd;
  while (j < raw.length && isWhitespace(raw[j])) j++;
  if (raw[j] === '=' || raw[j] === ':') {
    j++;
    while (j < raw.length && isWhitespace(raw[j])) j++;
  }
  return { keyEnd, valueStart: j };
}

const ESCAPES: Readonly<Record<string, string>> = { t: '\t', n: '\n', r: '\r', f: '\f' };

/** Decodes logical.text[from, to), keeping where each character was written. */
function decode(logical: LogicalLine, from: number, to: number, problems: string[]): Decoded {
  const raw = logical.text;
  const chars: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const at = (k: number): number => docOffset(logical, k);
  for (let k = from; k < to; k++) {
    const ch = raw[k] ?? '';
    if (ch !== '\\' || k + 1 >= to) {
      chars.push(ch);
      starts.push(at(k));
      ends.push(at(k) + 1);
      continue;
    }
    const next = raw[k + 1] ?? '';
    if (next === 'u') {
      const hex = raw.slice(k + 2, k + 6);
      if (hex.length === 4 && /^[0-9A-Fa-f]{4}$/.test(hex)) {
        chars.push(String.fromCharCode(parseInt(hex, 16)));
        starts.push(at(k));
        ends.push(at(k + 5) + 1);
        k += 5;
        continue;
      }
      // Java refuses the whole file here; read it as written instead, and say so once per file.
      const message = 'malformed \\uXXXX escape (java.util.Properties would refuse this file); read as written';
      if (!problems.some((p) => p.endsWith(message))) problems.push(`line ${logical.line}: ${message}`);
    }
    chars.push(ESCAPES[next] ?? next);
    starts.push(at(k));
    ends.push(at(k + 1) + 1);
    k++;
  }
  return { text: chars.join(''), starts, ends, start: at(from) };
}

function spanOf(decoded: Decoded, from: number, to: number): Span {
  if (to <= from) {
    const offset = decoded.starts[from] ?? (decoded.ends[from - 1] ?? decoded.start);
    return { start: offset, end: offset };
  }
  return { start: decoded.starts[from] ?? decoded.start, end: decoded.ends[to - 1] ?? decoded.start };
}

function docOffset(logical: LogicalLine, offset: number): number {
  return offsetInDocument(logical.chunks, offset);
}

function isWhitespace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\f';
}
