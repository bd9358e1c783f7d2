import { normalizeKey } from '../core/secret-names.js';
import type { LineReader, PythonScan } from './line-reader.js';
import { TextMemo } from './text-memo.js';

/**
 * Which changed lines of a Python module no rule can judge (see isInertEdit): a history audit then
 * need not parse a new version of a 3,000-line module again when a commit edits its tests, its
 * docstrings or functions that hold no secret. A line is inert when it holds no word a rule reads
 * without an engine word (RULE_WORDS) nor one that decides whether a file is read (GATE_WORDS), and
 * it is
 * - a blank line or a comment outside strings, or a line inside a docstring (a string that is a
 *   statement of its own) which it neither closes nor escapes in: engine words there are prose;
 * or it mentions no engine word (`mentions`) and is
 * - a module-level constant bound to a number or a lower-case word (`CACHE_TTL = 300`, pythonEntry);
 * - an import of anything but `os` or `environ`;
 * - an entry with a quoted key of a mapping spread over lines (`'PAGE_SIZE': 20,`);
 * - in a module that does not read the Authorization header, a line of a statement (`rv = []`,
 *   `def render(rows):`, a call over several lines) none of whose lines mentions an engine word
 *   or a rule word, which is no class header nor decorator, and whose names are free: the names
 *   it binds are on no line that mentions a word, nor are the names it reads bound on one.
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

/**
 * Words that decide whether a rule reads a file at all (the JWT rules' /jwt|jose/, credentials.ts's
 * /authorization/) or start a token or a private key: a line with one is judged, even a comment.
 */
const GATE_WORDS = /jwt|jose|joken|jsonwebtoken|eyj|private key|kty|authorization/i;

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

/** Each version's names: asked of it as the new version, then as the one the next replaces. */
export const mentionedNamesMemo = new TextMemo<MentionedNames>(16);

export function mentionedNames(text: string, mentions: Mentions): MentionedNames {
  return mentionedNamesMemo.get(text, () => findMentionedNames(text, mentions));
}

function findMentionedNames(text: string, mentions: Mentions): MentionedNames {
  const found: MentionedNames = { names: new Set(), bound: new Set() };
  const add = (line: string) => {
    namesIn(line, VALUE_NAME, 0, found.names);
    namesIn(line, BINDING, 1, found.bound);
  };
  if (mentions.pattern?.global) {
    // One native search of the text for the words, not a test of every line.
    const re = mentions.pattern;
    re.lastIndex = 0;
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
  return found;
}

/** A statement's span (offsets of its first line and of the line after it) and whether its lines can matter. */
interface Statement {
  start: number;
  end: number;
  inert: boolean;
}

const IMPORT = /^(?:from\s+[\w.]+\s+)?import\s/;
/** An entry with a quoted key of a mapping spread over lines, ending with its comma. */
const ENTRY = /^ *(?:'[^'\\\n]{1,200}'|"[^"\\\n]{1,200}") *: [^\n]{1,800},(?: *#[^\n]*)?$/;

/** Judges the changed lines of one version of a module, remembering the statements it found. */
export class PythonLines {
  constructor(
    private readonly text: LineReader,
    private readonly mentions: Mentions,
    /** The names of the lines that mention a word; shared by the two versions of an edit none of whose changed lines does. */
    private readonly names: () => MentionedNames = () => mentionedNames(text.text, mentions),
  ) {}

  /** What a line must be to be inert at all, asked of every changed line before anything costs more. */
  mayBeInert(i: number): boolean {
    const reader = this.text;
    const line = reader.line(i);
    if (line.length > MAX_LINE_CHARS || line.includes('\t') || RULE_WORDS.test(line) || GATE_WORDS.test(line)) return false;
    // A backslash at a line's end joins the next line to it: neither line is a statement of its own.
    return !continues(line) && !continues(reader.line(i - 1));
  }

  /**
   * Whether changed line i is inert (see the module comment), asked once mayBeInert held for every
   * changed line; pythonEntry lines are asked of pythonEntry.
   */
  isInert(i: number): boolean {
    const reader = this.text;
    const line = reader.line(i);
    const found = reader.pythonStateAt(i);
    if (found === null) return false;
    // A copy: the reader's state moves on with the next question.
    const state = { ...found };
    const trimmed = line.trim();
    // Words in a comment or a docstring are prose: no parser reads them (gate words aside, see mayBeInert).
    const mentioned = this.mentions(line);
    if (state.triple !== null) {
      if (state.depth === 0 && !line.includes(state.triple) && !line.includes('\\') && isDocstring(reader.text, state.tripleStart)) return true;
      if (mentioned) return false;
    } else {
      if (trimmed === '' || trimmed.startsWith('#')) return true;
      if (mentioned) return false;
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
    return this.statementAround(i, state, names).inert;
  }

  private readonly statements: Statement[] = [];

  /**
   * The statement line i is part of (from the line its outermost bracket or its string opened on,
   * to the line after the one that closes it), and whether its lines can matter: none mentions an
   * engine or a rule word, its names are free (namesAreFree), and it is no class header or
   * decorator (a pydantic settings class makes its fields defaults; a decorator spanning lines
   * belongs to the function below it).
   */
  private statementAround(i: number, state: Readonly<PythonScan>, names: MentionedNames): Statement {
    const reader = this.text;
    const src = reader.text;
    const at = reader.offsetOf(i);
    for (const st of this.statements) if (st.start <= at && at < st.end) return st;
    const opened = state.depth > 0 ? state.openedAt : state.triple !== null ? state.tripleStart : at;
    if (opened < 0) return { start: at, end: at + 1, inert: false };
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
      (start === 0 || !continues(reader.lineAt(src.lastIndexOf('\n', start - 2) + 1))) &&
      !/^(?:class\b|@)/.test(head) &&
      !this.mentions(text) &&
      !RULE_WORDS.test(text) &&
      namesAreFree(text, names);
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

/** A triple-quoted string that is a statement of its own (a docstring): only spaces and a prefix before it on its line. */
function isDocstring(text: string, opened: number): boolean {
  if (opened < 0) return false;
  const lineStart = text.lastIndexOf('\n', opened - 1) + 1;
  return /^ *[rRuU]?$/.test(text.slice(lineStart, opened));
}
