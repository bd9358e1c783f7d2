import type { CodeLanguage } from '../../core/types.js';
import { readStringLiteral, type StringLiteral } from './string-literal.js';

/**
 * A light tokenizer shared by every language the code parser reads: identifiers, string literals,
 * numbers, operators, brackets (matched, so a call's arguments are one hop away) and line breaks.
 * Comments are dropped (so commented-out code never counts), strings are single tokens (so a `#` or
 * `//` inside one is not a comment). One pass, left to right, no regex over unbounded text.
 */
export type TokenKind = 'id' | 'str' | 'num' | 'op' | 'nl' | 'regex';

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  text: string;
  /** How many brackets enclose the token (a bracket itself counts the ones outside it). */
  depth: number;
  /** Index of the innermost enclosing open bracket, or -1 at the top level. */
  parent: number;
  /** For brackets: the index of the partner bracket, or -1 when it has none. */
  match: number;
  /** For `str` tokens. */
  lit?: StringLiteral;
}

interface LexRules {
  hashComments: boolean;
  slashComments: boolean;
  regexLiterals: boolean;
  /** `$` may start or continue an identifier (JavaScript), or start one (PHP `$var`). */
  dollarIdentifiers: 'none' | 'js' | 'php';
  ruby: boolean;
  /** What may end a name: Ruby and Elixir `valid?`/`fetch_env!`, Rust macros `println!`. */
  nameSuffixes: '' | '?!' | '!';
  /** `@name` is one identifier: Ruby instance variables, Elixir module attributes. */
  atNames: boolean;
}

const C_LIKE: LexRules = { hashComments: false, slashComments: true, regexLiterals: false, dollarIdentifiers: 'none', ruby: false, nameSuffixes: '', atNames: false };

const LEX: Readonly<Record<CodeLanguage, LexRules>> = {
  python: { ...C_LIKE, hashComments: true, slashComments: false },
  javascript: { ...C_LIKE, regexLiterals: true, dollarIdentifiers: 'js' },
  typescript: { ...C_LIKE, regexLiterals: true, dollarIdentifiers: 'js' },
  go: C_LIKE,
  java: C_LIKE,
  kotlin: C_LIKE,
  scala: C_LIKE,
  csharp: C_LIKE,
  rust: { ...C_LIKE, nameSuffixes: '!' },
  ruby: { ...C_LIKE, hashComments: true, slashComments: false, regexLiterals: true, ruby: true, nameSuffixes: '?!', atNames: true },
  elixir: { ...C_LIKE, hashComments: true, slashComments: false, nameSuffixes: '?!', atNames: true },
  php: { ...C_LIKE, hashComments: true, dollarIdentifiers: 'php' },
};

/** Longest first, so `===` wins over `==` and `=`. */
const OPERATORS: readonly string[] = [
  '<=>', '===', '!==', '**=', '...', '??=', '||=', '&&=', '<<=', '>>=', '?->', '!!.',
  '==', '!=', '<=', '>=', '&&', '||', '??', '?:', '?.', '=>', '->', '::', ':=', '+=', '-=', '*=', '/=', '%=',
  '|=', '&=', '^=', '<<', '>>', '++', '--', '**', '&.', '!!', '=~', '!~',
];
/** OPERATORS by their first character, in the same order (longest first): one lookup per operator, not a walk of the list. */
const OPERATORS_BY_FIRST = new Map<string, string[]>();
for (const op of OPERATORS) {
  const first = op[0] as string;
  const list = OPERATORS_BY_FIRST.get(first);
  if (list) list.push(op);
  else OPERATORS_BY_FIRST.set(first, [op]);
}
const NO_OPERATORS: readonly string[] = [];

const OPEN = new Set(['(', '[', '{']);
const CLOSE: Readonly<Record<string, string>> = { ')': '(', ']': '[', '}': '{' };

/** Keywords after which `/` starts a regular expression rather than a division. */
const REGEX_AFTER_WORDS = new Set([
  'return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await',
  'if', 'unless', 'when', 'and', 'or', 'not', 'elsif', 'while', 'until',
]);

/**
 * Tokenizes `text` (or the part of a document it was sliced from: offsets are shifted by `base`;
 * `embedded` says the text is an expression from inside a string, already in code mode for PHP).
 * Never throws; unbalanced brackets and unterminated literals are tolerated.
 */
export function tokenize(text: string, language: CodeLanguage, base = 0, embedded = false): Token[] {
  const rules = LEX[language];
  const tokens: Token[] = [];
  const stack: number[] = [];
  const n = text.length;
  let i = language === 'php' && !embedded ? phpCodeStart(text, 0) : 0;
  // After a `/` that did not close as a regex on its line, no other `/` on that line is tried:
  // each line is scanned for a regex at most once.
  let noRegexBefore = -1;
  // Heredocs opened on the current line (Ruby `<<~EOS`, PHP `<<<EOT`): their bodies start at the next line.
  const heredocs: string[] = [];

  const push = (kind: TokenKind, start: number, end: number, lit?: StringLiteral): number => {
    const top = stack.length > 0 ? (stack[stack.length - 1] ?? -1) : -1;
    const token: Token = { kind, start: start + base, end: end + base, text: text.slice(start, end), depth: stack.length, parent: top, match: -1 };
    if (lit) token.lit = shiftLiteral(lit, base);
    tokens.push(token);
    return tokens.length - 1;
  };
  const pushLineBreak = (at: number) => {
    const last = tokens[tokens.length - 1];
    if (last && last.kind !== 'nl') push('nl', at, at + 1);
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      pushLineBreak(i);
      i++;
      while (heredocs.length > 0) i = heredocEnd(text, i, heredocs.shift() ?? '');
      continue;
    }
    if (c === 32 || c === 9 || c === 13 || c === 12 || c === 11 || c === 0xa0 || c === 0xfeff) {
      i++;
      continue;
    }
    const ch = text[i] ?? '';
    const next = text[i + 1];
    if (ch === '\\' && (next === '\n' || (next === '\r' && text[i + 2] === '\n'))) {
      i += next === '\n' ? 2 : 3; // an explicit line continuation
      continue;
    }
    if ((rules.hashComments && ch === '#' && !(language === 'php' && next === '[')) || (rules.slashComments && ch === '/' && next === '/')) {
      i = lineEnd(text, i);
      continue;
    }
    if (rules.slashComments && ch === '/' && next === '*') {
      const close = text.indexOf('*/', i + 2);
      const end = close === -1 ? n : close + 2;
      if (text.slice(i, end).includes('\n')) pushLineBreak(i);
      i = end;
      continue;
    }
    if (rules.ruby && ch === '=' && text.startsWith('=begin', i) && (i === 0 || text[i - 1] === '\n')) {
      const close = text.indexOf('\n=end', i);
      i = close === -1 ? n : lineEnd(text, close + 1);
      continue;
    }
    if (language === 'php' && ch === '?' && next === '>') {
      pushLineBreak(i);
      i = phpCodeStart(text, i + 2);
      continue;
    }
    if ((language === 'ruby' || language === 'php') && ch === '<' && next === '<') {
      const heredoc = heredocAt(text, i, language);
      if (heredoc) {
        heredocs.push(heredoc.terminator);
        push('str', i, heredoc.end, emptyLiteral(i, heredoc.end));
        i = heredoc.end;
        continue;
      }
    }
    if (rules.ruby && ch === '%' && regexMayStart(tokens)) {
      const lit = rubyPercentLiteral(text, i);
      if (lit) {
        push('str', i, lit.end, lit);
        i = lit.end;
        continue;
      }
    }
    // Elixir `?a`, `?"`, `?\\n`: a character code, whose quote must not open a string.
    if (language === 'elixir' && ch === '?' && next !== undefined && next !== '\n' && !valueBefore(tokens)) {
      const end = next === '\\' ? i + 3 : i + 2;
      push('num', i, Math.min(end, n));
      i = Math.min(end, n);
      continue;
    }
    const lit = readStringLiteral(text, i, language);
    if (lit) {
      push('str', i, lit.end, lit);
      i = lit.end;
      continue;
    }
    if (rules.regexLiterals && ch === '/' && i >= noRegexBefore && regexMayStart(tokens)) {
      const end = regexEnd(text, i);
      if (end !== -1) {
        push('regex', i, end);
        i = end;
        continue;
      }
      noRegexBefore = lineEnd(text, i);
    }
    const idEnd = identifierEnd(text, i, rules);
    if (idEnd > i) {
      push('id', i, idEnd);
      i = idEnd;
      continue;
    }
    if (c >= 48 && c <= 57) {
      let j = i + 1;
      while (j < n && isNumberChar(text, j)) j++;
      push('num', i, j);
      i = j;
      continue;
    }
    let op = ch;
    for (const candidate of OPERATORS_BY_FIRST.get(ch) ?? NO_OPERATORS) {
      if (text.startsWith(candidate, i)) {
        op = candidate;
        break;
      }
    }
    if (OPEN.has(op)) {
      const index = push('op', i, i + 1);
      stack.push(index);
    } else if (CLOSE[op] !== undefined) {
      closeBracket(tokens, stack, op, i, push);
    } else {
      push('op', i, i + op.length);
    }
    i += op.length;
  }
  return tokens;
}

function closeBracket(tokens: Token[], stack: number[], op: string, at: number, push: (kind: TokenKind, s: number, e: number) => number): void {
  const want = CLOSE[op];
  // Find the partner among the few innermost open brackets; deeper mismatches are left unmatched.
  let found = -1;
  for (let k = stack.length - 1; k >= 0 && k >= stack.length - 4; k--) {
    const open = tokens[stack[k] ?? -1];
    if (open?.text === want) {
      found = k;
      break;
    }
  }
  if (found === -1) {
    push('op', at, at + 1);
    return;
  }
  const openIndex = stack[found] ?? -1;
  stack.length = found;
  const index = push('op', at, at + 1);
  const open = tokens[openIndex];
  const close = tokens[index];
  if (open && close) {
    open.match = index;
    close.match = openIndex;
  }
}

function shiftLiteral(lit: StringLiteral, base: number): StringLiteral {
  if (base === 0) return lit;
  return {
    ...lit,
    start: lit.start + base,
    end: lit.end + base,
    contentStart: lit.contentStart + base,
    contentEnd: lit.contentEnd + base,
    interpolations: lit.interpolations.map((s) => ({ start: s.start + base, end: s.end + base })),
  };
}

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl === -1 ? text.length : nl;
}

/** PHP code lives between `<?php` (or `<?=`, `<?`) and `?>`; the rest is template text. */
function phpCodeStart(text: string, from: number): number {
  const open = text.indexOf('<?', from);
  if (open === -1) return text.length;
  if (text.startsWith('<?php', open)) return open + 5;
  if (text.startsWith('<?=', open)) return open + 3;
  return open + 2;
}

function isIdentStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || (c > 127 && c !== 0xa0 && c !== 0xfeff && c !== 0x2028 && c !== 0x2029);
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

function identifierEnd(text: string, i: number, rules: LexRules): number {
  let j = i;
  const c = text.charCodeAt(i);
  if (rules.dollarIdentifiers !== 'none' && c === 36) {
    j = i + 1;
    if (rules.dollarIdentifiers === 'php' && !isIdentStart(text.charCodeAt(j))) return i;
  } else if ((rules.atNames && c === 64) || (rules.ruby && c === 36)) {
    // @ivar, @@cvar, $global, Elixir @attribute
    j = i + 1;
    if (c === 64 && rules.ruby && text.charCodeAt(j) === 64) j++;
    if (!isIdentStart(text.charCodeAt(j))) return i;
  } else if (!isIdentStart(c)) {
    return i;
  }
  while (j < text.length) {
    const d = text.charCodeAt(j);
    if (isIdentPart(d) || (rules.dollarIdentifiers === 'js' && d === 36)) j++;
    else break;
  }
  // Ruby and Elixir names may end in ? or ! (`empty?`, `fetch_env!`), Rust macros in ! (`println!`), but not `!=` / `?:`.
  const suffix = text[j];
  if (j > i && suffix !== undefined && rules.nameSuffixes.includes(suffix) && text[j + 1] !== '=' && text[j + 1] !== ':') j++;
  return j;
}

function isNumberChar(text: string, j: number): boolean {
  const d = text.charCodeAt(j);
  if (isIdentPart(d)) return true;
  // A decimal point, but not a range (`1..5`) or a method call on a number.
  return d === 46 && text.charCodeAt(j + 1) >= 48 && text.charCodeAt(j + 1) <= 57;
}

/**
 * A heredoc opener: Ruby `<<~EOS`, `<<-EOS`, `<<EOS`, `<<~'EOS'`; PHP `<<<EOT`, `<<<"EOT"`,
 * `<<<'EOT'`. Ruby's `a << b` (shovel) has a space or a lower-case name after `<<`.
 */
function heredocAt(text: string, i: number, language: CodeLanguage): { end: number; terminator: string } | null {
  let j = i + 2;
  if (language === 'php') {
    if (text[j] !== '<') return null;
    j++;
    while (text[j] === ' ' || text[j] === '\t') j++;
  } else if (text[j] === '~' || text[j] === '-') {
    j++;
  }
  const quote = text[j] === "'" || text[j] === '"' || text[j] === '`' ? text[j] : '';
  if (quote) j++;
  const nameStart = j;
  while (j < text.length && j - nameStart < 64 && /[A-Za-z0-9_]/.test(text[j] ?? '')) j++;
  const name = text.slice(nameStart, j);
  if (name === '' || /^[0-9]/.test(name)) return null;
  if (language === 'ruby' && !quote && !/^[A-Z_]/.test(name)) return null;
  if (quote) {
    if (text[j] !== quote) return null;
    j++;
  }
  return { end: j, terminator: name };
}

/** From the start of a heredoc body, the offset of the line break that ends its terminator line. */
function heredocEnd(text: string, from: number, terminator: string): number {
  let k = from;
  while (k < text.length) {
    const nl = text.indexOf('\n', k);
    const lineEndAt = nl === -1 ? text.length : nl;
    const line = text.slice(k, lineEndAt).trim();
    // PHP 7.3+ lets the closing marker be followed by `;`, `,` or `)`.
    if (line === terminator || (line.startsWith(terminator) && /^[;,)\s]/.test(line.slice(terminator.length)))) return lineEndAt;
    if (nl === -1) return text.length;
    k = nl + 1;
  }
  return text.length;
}

const PERCENT_PAIRS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}', '<': '>' };

/** Ruby `%q(...)`, `%Q{...}`, `%(...)`, `%w[...]`: read as one string so an apostrophe inside does not open another. */
function rubyPercentLiteral(text: string, i: number): StringLiteral | null {
  let j = i + 1;
  const kind = text[j] ?? '';
  if ('qQwWiI'.includes(kind) && kind !== '') j++;
  const open = text[j] ?? '';
  const close = PERCENT_PAIRS[open] ?? (open === '|' || open === '!' || open === '/' ? open : undefined);
  if (close === undefined) return null;
  let depth = 1;
  let k = j + 1;
  while (k < text.length) {
    const c = text[k];
    if (c === '\\') {
      k += 2;
      continue;
    }
    if (c === open && close !== open) depth++;
    else if (c === close) {
      depth--;
      if (depth === 0) break;
    }
    k++;
  }
  const contentEnd = Math.min(k, text.length);
  return {
    start: i,
    end: Math.min(k + 1, text.length),
    contentStart: j + 1,
    contentEnd,
    quote: open,
    prefix: '%' + (j > i + 1 ? kind : ''),
    value: text.slice(j + 1, contentEnd),
    interpolations: [],
    terminated: k < text.length,
  };
}

function emptyLiteral(start: number, end: number): StringLiteral {
  return { start, end, contentStart: end, contentEnd: end, quote: '<<', prefix: '', value: '', interpolations: [], terminated: true };
}

/** True when the last token ends a value (so a following `?` is an operator, not Elixir's `?a`). */
function valueBefore(tokens: Token[]): boolean {
  const prev = tokens[tokens.length - 1];
  if (!prev || prev.kind === 'nl') return false;
  if (prev.kind === 'op') return prev.text === ')' || prev.text === ']' || prev.text === '}';
  return true;
}

function regexMayStart(tokens: Token[]): boolean {
  const prev = tokens[tokens.length - 1];
  if (!prev || prev.kind === 'nl') return true;
  if (prev.kind === 'op') return prev.text !== ')' && prev.text !== ']' && prev.text !== '}';
  if (prev.kind === 'id') return REGEX_AFTER_WORDS.has(prev.text);
  return false;
}

/** The end of a `/regex/flags` literal on the current line, or -1 when `/` is not one. */
function regexEnd(text: string, i: number): number {
  let inClass = false;
  let j = i + 1;
  while (j < text.length) {
    const ch = text[j];
    if (ch === '\n') return -1;
    if (ch === '\\') {
      j += 2;
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === ']') inClass = false;
    else if (ch === '/' && !inClass) {
      j++;
      while (j < text.length && isAsciiLetter(text.charCodeAt(j))) j++;
      return j;
    }
    j++;
  }
  return -1;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
