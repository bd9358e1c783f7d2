import { normalizeKey } from '../core/secret-names.js';
import { indentOf, type LineReader } from './line-reader.js';

/**
 * Which changed lines of a Python module no rule can judge (see isInertEdit): a history audit then
 * need not parse a new version of a 3,000-line module again when a commit edits its tests, its
 * docstrings or functions that hold no secret. A line is inert when it mentions no engine word
 * (`mentions`) nor any word a rule reads without one (RULE_WORDS), and it is
 * - a module-level constant bound to a number or a lower-case word (`CACHE_TTL = 300`);
 * - a blank line or a comment, outside strings;
 * - a line inside a docstring (a string that is a statement of its own), which it neither closes
 *   nor escapes in;
 * - an import of anything but `os` or `environ`;
 * - in a module that does not read the Authorization header, a line whose names are on no line
 *   that mentions a word (the names it binds), nor bound on one (the names it reads), which is
 *   - a whole statement that opens no block (`rv = self.make_response(rv)`, `return x`), or
 *   - a line of a function (the outermost `def` around it, decorators included) none of whose
 *     lines mentions an engine word or a rule word, which is named on no line that mentions one,
 *     and which starts and ends outside brackets and strings.
 * The engine binds names by file, not by scope (locals.ts: a name's nearest binding before it), so
 * a function's `key = "x"` can be what `jwt.encode(p, key)` further down reads; it follows one
 * binding, except for values made from the Authorization header, which it follows through any
 * number (credentials.ts). Anything else is not inert, nor is a line over MAX_LINE_CHARS or one
 * indented with tabs.
 */
export type Mentions = ((text: string) => boolean) & { readonly pattern?: RegExp };

/**
 * What rules read in Python beyond the engine's words: options and algorithms (`verify_exp`,
 * `"verify_signature": False`, `algorithms=[...]`, HS256), imports (how a module names
 * `os.environ`, `from jose import jwt`), configuration loaded from elsewhere (flask-jwt-extended's
 * fallback is judged only without it) and names made global.
 */
const RULE_WORDS = /verify|alg|hmac|(?:hs|rs|es|ps)(?:256|384|512)|from_(?:object|pyfile|envvar|mapping|prefixed_env|file)|config\.update|\bglobal\b|\bnonlocal\b/i;

/** Longer lines are judged (rules cut lines at 2,000 characters; a minified file reads as one line). */
const MAX_LINE_CHARS = 1000;

const PYTHON_ENTRY = /^([A-Za-z_][A-Za-z0-9_]{0,200}) = (?:-?\d{1,30}(?:\.\d{1,30})?|"[a-z][a-z0-9_.-]{0,60}"|'[a-z][a-z0-9_.-]{0,60}')$/;
const ALGORITHM_WORDS = /none|hs\d|rs\d|es\d|ps\d|hmac|sha|alg/i;

/**
 * A module-level constant bound to a number or a lower-case word (`CACHE_TTL = 300`, `LOG_LEVEL =
 * "info"`), outside any bracket, between two statements at the top level. Flags (`verify=False`)
 * are left out, and so is anything naming an algorithm (`"none"`, HS256): code rules test whole
 * files for those.
 */
export function pythonEntry(text: LineReader, i: number, mentions: Mentions): string | null {
  const line = text.line(i);
  const m = PYTHON_ENTRY.exec(line);
  if (!m || mentions(line) || ALGORITHM_WORDS.test(line) || mentions(normalizeKey(m[1] as string)) || !text.atTopLevel(i)) return null;
  const statement = (j: number) => !text.has(j) || /^[A-Za-z_]/.test(text.line(j)) || text.line(j) === '';
  if (!statement(i - 1) || !statement(i + 1) || text.line(i - 1).endsWith(':') || continues(text.line(i - 1))) return null;
  return m[1] as string;
}

/** The names on the lines of a text that mention an engine word, and the names those lines bind. */
export interface MentionedNames {
  names: Set<string>;
  bound: Set<string>;
}

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/g;
/**
 * A name on a line that mentions a word, unless a member follows it (`app` in `app.secret_key`):
 * the engine looks a name up where it stands for a value (`jwt.encode(p, key)`, `self.KEY`'s `KEY`),
 * never the object a member is read from.
 */
const VALUE_NAME = /\b[A-Za-z_][A-Za-z0-9_]*\b(?!\s*\.)/g;
/** A name the engine may take as bound here: followed by `=` or `:=`, or by an annotation and `=` (over-approximated). */
const BINDING = /([A-Za-z_][A-Za-z0-9_]*)\s*(?::[^=\n]{0,120})?(?::=|=(?!=))/g;

function namesIn(line: string, re: RegExp, group: number, into: Set<string>): Set<string> {
  re.lastIndex = 0;
  for (let m = re.exec(line); m !== null; m = re.exec(line)) into.add(m[group] as string);
  return into;
}

/**
 * A version is asked about as the new one and then as the one the next replaces: the same string,
 * looked up, not searched again. Other paths' versions come between (one commit edits several).
 */
const mentionedNamesMemo = new Map<string, MentionedNames>();
export const MEMO_TEXTS = 64;

export function mentionedNames(text: string, mentions: Mentions): MentionedNames {
  let found = mentionedNamesMemo.get(text);
  if (found) return found;
  found = { names: new Set(), bound: new Set() };
  const add = (line: string) => {
    namesIn(line, VALUE_NAME, 0, found.names);
    namesIn(line, BINDING, 1, found.bound);
  };
  if (mentions.pattern) {
    // One native search of the text for the words, not a test of every line.
    const re = new RegExp(mentions.pattern.source, mentions.pattern.flags.includes('g') ? mentions.pattern.flags : `${mentions.pattern.flags}g`);
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const start = text.lastIndexOf('\n', m.index) + 1;
      const nl = text.indexOf('\n', m.index);
      const end = nl === -1 ? text.length : nl;
      add(text.slice(start, end));
      re.lastIndex = end;
    }
  } else {
    for (const line of text.split('\n')) if (mentions(line)) add(line);
  }
  if (mentionedNamesMemo.size >= MEMO_TEXTS) mentionedNamesMemo.clear();
  mentionedNamesMemo.set(text, found);
  return found;
}

/** Records the names of a text found from another with the same lines that mention a word (see isInertEdit). */
export function rememberNames(text: string, names: MentionedNames): MentionedNames {
  if (mentionedNamesMemo.size >= MEMO_TEXTS) mentionedNamesMemo.clear();
  mentionedNamesMemo.set(text, names);
  return names;
}

/** A function's span (offsets of its first decorator or `def`, and of the line after it) and whether its lines can matter. */
interface FunctionSpan {
  start: number;
  end: number;
  inert: boolean;
}

const DEF = /^( *)(?:async\s+)?def\s+([A-Za-z_][A-Za-z0-9_]*)/;
const IMPORT = /^(?:from\s+[\w.]+\s+)?import\s/;
/** An entry with a quoted key of a mapping spread over lines, ending with its comma. */
const ENTRY = /^ *(?:'[^'\\\n]{1,200}'|"[^"\\\n]{1,200}") *: [^\n]{1,800},(?: *#[^\n]*)?$/;

/** Judges the changed lines of one version of a module, remembering the functions it found. */
export class PythonLines {
  private readonly functions: FunctionSpan[] = [];
  constructor(
    private readonly text: LineReader,
    private readonly mentions: Mentions,
    /** The names of the lines that mention a word; shared by the two versions of an edit none of whose changed lines does. */
    private readonly names: () => MentionedNames = () => mentionedNames(text.text, mentions),
  ) {}

  /** Whether changed line i is inert (see the module comment); pythonEntry lines are asked of pythonEntry. */
  /** What a line must be to be inert at all, asked of every changed line before anything costs more. */
  mayBeInert(i: number): boolean {
    const reader = this.text;
    const line = reader.line(i);
    if (line.length > MAX_LINE_CHARS || line.includes('\t') || this.mentions(line) || RULE_WORDS.test(line)) return false;
    // A backslash at a line's end joins the next line to it: neither line is a statement of its own.
    return !continues(line) && !continues(reader.line(i - 1));
  }

  isInert(i: number): boolean {
    const reader = this.text;
    const line = reader.line(i);
    if (!this.mayBeInert(i)) return false;
    const found = reader.pythonStateAt(i);
    if (found === null) return false;
    // A copy: the reader's state moves on with the next question.
    const state = { ...found };
    const trimmed = line.trim();
    if (state.triple !== null) {
      if (state.depth === 0 && !line.includes(state.triple) && !line.includes('\\') && isDocstring(reader.text, state.tripleStart)) return true;
    } else {
      if (trimmed === '' || trimmed.startsWith('#')) return true;
      // An import binds no name the engine follows; only how a module names os.environ matters.
      if (state.depth === 0 && IMPORT.test(trimmed) && this.endsStatement(i)) return !/\b(?:os|environ)\b/.test(trimmed);
    }
    // The one chain the engine follows through any number of bindings: values made from the
    // Authorization header (credentials.ts). In a module that reads it, names are judged.
    this.readsCredentials ??= /authorization/i.test(reader.text);
    if (this.readsCredentials) return false;
    const names = this.names();
    // An entry of a mapping that spans lines (`'PROPAGATE_EXCEPTIONS': None,`): a key of its own.
    if (state.depth > 0 && state.triple === null && ENTRY.test(line) && this.sameDepthAfter(i, state.depth)) return namesAreFree(line, names);
    const statement = this.statementAround(i, state);
    if (statement !== null && statement.inert) return true;
    const fn = this.functionAround(i);
    return fn !== null && fn.inert && namesAreFree(line, names);
  }

  private readonly statements: FunctionSpan[] = [];

  /**
   * The statement line i is part of (from the line its outermost bracket or its string opened on,
   * to the line after the one that closes it), and whether its lines can matter: none mentions an
   * engine or a rule word, its names are free (namesAreFree), and it is no class header or
   * decorator (a pydantic settings class makes its fields defaults; a decorator spanning lines
   * belongs to the function below it).
   */
  private statementAround(i: number, state: Readonly<{ depth: number; triple: string | null; tripleStart: number; openedAt: number }>): FunctionSpan | null {
    const reader = this.text;
    const src = reader.text;
    const at = reader.offsetOf(i);
    for (const st of this.statements) if (st.start <= at && at < st.end) return st;
    const opened = state.depth > 0 ? state.openedAt : state.triple !== null ? state.tripleStart : at;
    if (opened < 0) return null;
    const start = src.lastIndexOf('\n', opened - 1) + 1;
    let end = src.length;
    for (let k = src.indexOf('\n', at); k !== -1; k = src.indexOf('\n', k + 1)) {
      const next = reader.pythonStateAtOffset(k + 1);
      if (next.depth === 0 && next.triple === null) {
        end = k + 1;
        break;
      }
    }
    const text = src.slice(start, end);
    const head = text.trimStart();
    const inert =
      (start === 0 || !continues(lineAt(src, src.lastIndexOf('\n', start - 2) + 1))) &&
      !/^(?:class\b|@)/.test(head) &&
      !this.mentions(text) &&
      !RULE_WORDS.test(text) &&
      namesAreFree(text, this.names());
    const st = { start, end, inert };
    this.statements.push(st);
    return st;
  }

  /** Whether the line after line i starts at the given bracket depth, outside strings. */
  private sameDepthAfter(i: number, depth: number): boolean {
    const next = this.text.pythonStateAt(i + 1);
    return next !== null && next.depth === depth && next.triple === null;
  }

  private readsCredentials: boolean | undefined;

  /** Whether line i ends its statement: the next line starts outside brackets and strings. */
  private endsStatement(i: number): boolean {
    const next = this.text.pythonStateAt(i + 1);
    return next === null || (next.depth === 0 && next.triple === null);
  }

  /** The outermost function whose body (or header) line i is, or null when it is in none. */
  private functionAround(i: number): FunctionSpan | null {
    const reader = this.text;
    const at = reader.offsetOf(i);
    for (const f of this.functions) if (f.start <= at && at < f.end) return f;
    const src = reader.text;
    const line = reader.line(i);
    let def = -1;
    let want = indentOf(line);
    if (want === -1) return null;
    if (DEF.test(line)) def = at;
    else if (line.trimStart().startsWith('@')) {
      // A decorator: its function is the `def` below it, after any other decorators.
      for (let k = at; ; ) {
        const nl = src.indexOf('\n', k);
        if (nl === -1) return null;
        k = nl + 1;
        const next = lineAt(src, k);
        if (indentOf(next) !== want) return null;
        if (DEF.test(next)) {
          def = k;
          break;
        }
        if (!next.trimStart().startsWith('@')) return null;
      }
    }
    // Up through the less indented lines above: the last `def` met is the outermost.
    for (let from = def === -1 ? at : def; want > 0; ) {
      from = reader.previousLineNotIndented(from, want);
      if (from === -1) return null;
      const above = lineAt(src, from);
      const own = indentOf(above);
      if (own === -1 || own >= want) continue;
      want = own;
      if (DEF.test(above)) def = from;
    }
    if (def === -1) return null;
    const fn = this.spanOf(def);
    this.functions.push(fn);
    return fn;
  }

  private spanOf(def: number): FunctionSpan {
    const reader = this.text;
    const src = reader.text;
    const header = lineAt(src, def);
    const indent = indentOf(header);
    const name = (DEF.exec(header) as RegExpExecArray)[2] as string;
    // Single-line decorators above it belong to it; a decorator over several lines makes it judged.
    let start = def;
    for (;;) {
      if (start === 0) break;
      const prev = src.lastIndexOf('\n', start - 2) + 1;
      const above = lineAt(src, prev);
      if (indentOf(above) !== indent) break;
      const t = above.trimStart();
      if (t.startsWith(')') || t.startsWith(']')) return { start: def, end: def + 1, inert: false };
      if (!t.startsWith('@')) break;
      start = prev;
    }
    let end = src.length;
    for (let k = src.indexOf('\n', def); k !== -1; k = src.indexOf('\n', k + 1)) {
      const own = indentOf(lineAt(src, k + 1));
      if (own !== -1 && own <= indent) {
        end = k + 1;
        break;
      }
    }
    const body = src.slice(start, end);
    const neutral = (offset: number) => {
      if (offset >= src.length) return true;
      const s = reader.pythonStateAtOffset(offset);
      return s.depth === 0 && s.triple === null;
    };
    const lastLine = lineAt(src, src.lastIndexOf('\n', end - 2) + 1);
    const inert =
      neutral(start) &&
      neutral(end) &&
      (start === 0 || !continues(lineAt(src, src.lastIndexOf('\n', start - 2) + 1))) &&
      !continues(lastLine) &&
      !this.mentions(body) &&
      !RULE_WORDS.test(body) &&
      !body.includes('\t') &&
      !this.names().names.has(name);
    return { start, end, inert };
  }
}

/** A line that a backslash continues onto the next (a line inside a string is judged by its own rules). */
function continues(line: string): boolean {
  return line.endsWith('\\') || line.endsWith('\\\r');
}

/**
 * The names a text binds are on no line that mentions an engine word (where they could be what a
 * key or a fallback reads), and the names it reads are bound on none (where they could carry a
 * secret into a log call).
 */
function namesAreFree(text: string, names: MentionedNames): boolean {
  for (const name of namesIn(text, BINDING, 1, new Set())) if (names.names.has(name)) return false;
  for (const name of namesIn(text, IDENTIFIER, 0, new Set())) if (names.bound.has(name)) return false;
  return true;
}

function lineAt(text: string, from: number): string {
  const nl = text.indexOf('\n', from);
  return text.slice(from, nl === -1 ? text.length : nl);
}

/** A triple-quoted string that is a statement of its own (a docstring): only spaces and a prefix before it on its line. */
function isDocstring(text: string, opened: number): boolean {
  if (opened < 0) return false;
  const lineStart = text.lastIndexOf('\n', opened - 1) + 1;
  return /^ *[rRuU]?$/.test(text.slice(lineStart, opened));
}
