import { normalizeKey } from '../core/secret-names.js';
import { diffLinesFrom } from './line-diff.js';

/**
 * Whether a new version of a JSON or YAML file differs from the version it replaces only by edits
 * that no rule can judge: then its judgement is the old one's (up to line numbers, which a history
 * report does not take from a later version), and the new version need not be parsed again. This
 * is what makes a history audit cost what commits add: a 20,000-line i18n file or a 700-line
 * compose file edited a few lines at a time in hundreds of commits.
 *
 * An edit is inert when every line it removes or adds is one scalar entry of a block mapping
 * (`    WORKERS: "4"`, `    "saved": "Saved",`) that
 * - holds none of the words the engine reads files for (`mentions`: secret names, `eyJ`), and
 *   nor does any mapping above it (so it is no part of `jwt:` or `SIMPLE_JWT`);
 * - sits in a mapping, never in a sequence, nor anywhere a sibling names it (`- name: JWT_KEY` /
 *   `value: ...` in Kubernetes and compose lists);
 * - is not at the top level nor a key the parsers read as context (`kind`, `apiVersion`, `type`);
 * - keeps the file's shape: a changed entry keeps its key and indentation, an added or removed
 *   one has a sibling beside it at its indentation, a new key is not already in the file (the
 *   YAML reader reports duplicates), and in JSON the commas stay right;
 * and the file has no construct that spans lines as one scalar (a YAML block scalar `|` or a line
 * with an unbalanced quote), in either version.
 * Anything else, or a diff of more than MAX_EDIT_LINES lines, is not inert: the version is judged.
 */
export function isInertEdit(path: string, before: string, after: string, mentions: (text: string) => boolean): boolean {
  const syntax = syntaxOf(path);
  if (!syntax) return false;
  if (syntax === 'yaml' && (hasMultilineScalar(before) || hasMultilineScalar(after))) return false;
  if (syntax === 'python' && (hasMultilineConstruct(before) || hasMultilineConstruct(after))) return false;
  const diff = diffLinesFrom(before, after, MAX_EDIT_LINES);
  if (!diff) return false;
  const changes = diff.changes;
  const old = new LineReader(before, diff.line, diff.offset);
  const now = new LineReader(after, diff.line, diff.offset);
  // A removed and an added entry at the same place among the unchanged lines, with the same key
  // and indentation, are one entry whose value changed (rank: unchanged lines before it).
  const place = (rank: number, e: Entry) => `${rank}\0${e.indent}\0${e.key}`;
  const removedAt = new Map<string, Entry>();
  const removed: Entry[] = [];
  for (const [n, i] of changes.removed.entries()) {
    const e = inertEntry(syntax, old, i, mentions);
    if (!e) return false;
    removed.push(e);
    removedAt.set(place(i - n, e), e);
  }
  const paired = new Set<Entry>();
  for (const [n, i] of changes.added.entries()) {
    const e = inertEntry(syntax, now, i, mentions);
    if (!e) return false;
    const was = removedAt.get(place(i - n, e));
    // A value changed in place keeps the entry's place, and its comma.
    if (was && was.comma === e.comma) {
      paired.add(was);
      continue;
    }
    if (!hasSiblingBeside(syntax, now, i, e) || occurrences(after, syntax, e) !== 1) return false;
  }
  for (const e of removed) if (!paired.has(e) && !hasSiblingBeside(syntax, old, e.line, e)) return false;
  return true;
}

/** More changed lines than this and the versions are judged as they are (the diff's cost is bounded too). */
const MAX_EDIT_LINES = 200;

/**
 * Keys the parsers read together with their siblings: a Kubernetes object's kind, a Secret's type,
 * and a `name:`/`value:` pair (an env entry named by its sibling).
 */
const CONTEXT_KEYS = new Set(['kind', 'apiversion', 'type', 'name', 'value']);

type Syntax = 'json' | 'yaml' | 'python';

function syntaxOf(path: string): Syntax | null {
  const lower = path.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  if (lower.endsWith('.py')) return 'python';
  return null;
}

interface Entry {
  line: number;
  indent: number;
  key: string;
  /** JSON: the entry ends with a comma. */
  comma: boolean;
}

const JSON_ENTRY = /^( +)"([^"\\]{1,200})": (?:"[^"\\]{0,2000}"|-?\d{1,30}(?:\.\d{1,30})?(?:[eE][+-]?\d{1,5})?|true|false|null)(,?)$/;
const YAML_ENTRY = /^( +)([A-Za-z0-9_][A-Za-z0-9_.-]{0,199}): (?:"[^"\\]{0,2000}"|'[^']{0,2000}'|[A-Za-z0-9_./][A-Za-z0-9_./@+=,:-]{0,2000}(?: [A-Za-z0-9_./@+=,-][A-Za-z0-9_./@+=,:-]{0,2000}){0,50})$/;

/**
 * Python: a module-level constant bound to a number or a lower-case word (`CACHE_TTL = 300`,
 * `LOG_LEVEL = "info"`), outside any bracket, between two statements at the top level. Flags
 * (`verify=False`) are left out, and so is anything naming an algorithm (`"none"`, HS256): code
 * rules test whole files for those.
 */
const PYTHON_ENTRY = /^([A-Za-z_][A-Za-z0-9_]{0,200}) = (?:-?\d{1,30}(?:\.\d{1,30})?|"[a-z][a-z0-9_.-]{0,60}"|'[a-z][a-z0-9_.-]{0,60}')$/;
const ALGORITHM_WORDS = /none|hs\d|rs\d|es\d|ps\d|hmac|sha|alg/i;

function pythonEntry(text: LineReader, i: number, mentions: (t: string) => boolean): Entry | null {
  const line = text.line(i);
  const m = PYTHON_ENTRY.exec(line);
  if (!m || mentions(line) || ALGORITHM_WORDS.test(line) || mentions(normalizeKey(m[1] as string)) || !text.atTopLevel(i)) return null;
  const statement = (j: number) => j < 0 || j >= text.count() || /^[A-Za-z_]/.test(text.line(j)) || text.line(j) === '';
  if (!statement(i - 1) || !statement(i + 1) || text.line(i - 1).endsWith(':')) return null;
  return { line: i, indent: 0, key: m[1] as string, comma: false };
}

function inertEntry(syntax: Syntax, text: LineReader, i: number, mentions: (t: string) => boolean): Entry | null {
  if (syntax === 'python') return pythonEntry(text, i, mentions);
  const line = text.line(i);
  const m = (syntax === 'json' ? JSON_ENTRY : YAML_ENTRY).exec(line);
  if (!m) return null;
  const indent = (m[1] as string).length;
  const key = m[2] as string;
  if (indent < 2 || CONTEXT_KEYS.has(key.toLowerCase()) || mentions(line)) return null;
  // A plain YAML scalar ending in ':' or holding ': ' is no plain scalar.
  if (syntax === 'yaml' && /: |:$/.test(line.slice(indent + key.length + 2))) return null;
  const path = ancestorKeys(syntax, text, i, indent, mentions);
  if (path === null) return null;
  // The key a parser makes of the path (`app` > `key` is APP_KEY) must not name a secret either.
  path.push(key);
  const joined = path.join('.');
  if (mentions(joined) || mentions(normalizeKey(joined))) return null;
  return { line: i, indent, key, comma: m[3] === ',' };
}

/**
 * The keys of the mappings enclosing line `i`, outermost first, or null when one of them is not a
 * mapping (a sequence item, an array) or mentions an engine word.
 */
function ancestorKeys(syntax: Syntax, text: LineReader, i: number, indent: number, mentions: (t: string) => boolean): string[] | null {
  const keys: string[] = [];
  let want = indent;
  for (let j = i - 1; j >= 0 && want > 0; j--) {
    // Deeper lines are most of a long file: skipped without being cut out.
    if (text.startsWithSpaces(j, want)) continue;
    const line = text.line(j);
    const own = indentOf(line);
    if (own === -1 || own >= want) continue;
    if (mentions(line)) return null;
    const m = (syntax === 'json' ? /^(?:"([^"\\]*)": )?\{$/ : /^([A-Za-z0-9_][A-Za-z0-9_.-]*):$/).exec(line.slice(own));
    if (!m) return null;
    if (m[1] !== undefined) keys.unshift(m[1]);
    want = own;
  }
  return want === 0 ? keys : null;
}

/** The indentation of a line with content, or -1 for a blank or comment line. */
function indentOf(line: string): number {
  const own = line.length - line.trimStart().length;
  if (own === line.length || line[own] === '#') return -1;
  return own;
}

/** An entry added or removed beside another entry of the same mapping (JSON: followed by one, so its comma is right). */
function hasSiblingBeside(syntax: Syntax, text: LineReader, i: number, e: Entry): boolean {
  if (syntax === 'python') return true; // a statement among statements (pythonEntry checked its neighbours)
  const isSibling = (line: string | undefined) => line !== undefined && indentOf(line) === e.indent && /^ *"?[A-Za-z0-9_]/.test(line);
  if (syntax === 'json') return e.comma && isSibling(text.line(i + 1));
  return isSibling(text.line(i - 1)) || isSibling(text.line(i + 1));
}

/** How many entries of `e`'s key at its indentation the text has. */
function occurrences(text: string, syntax: Syntax, e: Entry): number {
  if (syntax === 'python') return 1; // binding a name twice is no error
  const needle = `\n${' '.repeat(e.indent)}${syntax === 'json' ? `"${e.key}":` : `${e.key}:`}`;
  let n = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) n++;
  return n;
}

/** A YAML block scalar (`key: |`, `- >-`) or a quoted scalar left open at the end of its line. */
function hasMultilineScalar(text: string): boolean {
  if (/(?:^|[:-] )[|>][-+0-9]*[ \t]*(?:#.*)?$/m.test(text)) return true;
  for (const line of text.split('\n')) {
    if (!line.includes('"') && !line.includes("'")) continue;
    const body = line.replace(/\\./g, '');
    if ((body.split('"').length - 1) % 2 === 1) return true;
    // Single quotes: only an open quoted scalar (`key: 'abc`) matters; an apostrophe in a plain scalar does not.
    if (/(?:^|: |- )'(?:[^']|'')*$/.test(body.trimStart())) return true;
  }
  return false;
}

/** Python text with a backslash continuation: a line that looks like a statement may continue another. */
function hasMultilineConstruct(text: string): boolean {
  return /\\\r?\n/.test(text);
}

/**
 * Lines of a text by index, found from a known line (where an edit starts) outward: a line's start
 * is looked up only when a line that far away is asked for, so an edit of a 20,000-line file
 * costs the lines read around it, not a split of the whole text.
 */
class LineReader {
  /** Starts of lines anchor, anchor + 1, ... as far as found. */
  private readonly forward: number[];
  /** Starts of lines anchor - 1, anchor - 2, ... as far as found. */
  private readonly backward: number[] = [];
  private total = -1;
  /** Python: whether each line starts outside any bracket, as far as computed. */
  private topLevel: boolean[] | null = null;
  private pyState: { depth: number; triple: string | null } | null = null;
  constructor(
    private readonly text: string,
    private readonly anchor = 0,
    anchorOffset = 0,
  ) {
    this.forward = [anchorOffset];
  }
  /** The offset line i starts at, or -1 when the text has no line i. */
  private start(i: number): number {
    if (i < 0) return -1;
    if (i >= this.anchor) {
      const k = i - this.anchor;
      while (this.forward.length <= k) {
        const nl = this.text.indexOf('\n', this.forward[this.forward.length - 1] as number);
        if (nl === -1) return -1;
        this.forward.push(nl + 1);
      }
      return this.forward[k] as number;
    }
    const k = this.anchor - 1 - i;
    while (this.backward.length <= k) {
      const next = this.backward.length === 0 ? (this.forward[0] as number) : (this.backward[this.backward.length - 1] as number);
      // The line before the one starting at `next` starts after the line break before next - 1.
      this.backward.push(next < 2 ? 0 : this.text.lastIndexOf('\n', next - 2) + 1);
    }
    return this.backward[k] as number;
  }
  line(i: number): string {
    const from = this.start(i);
    if (from === -1) return '';
    const nl = this.text.indexOf('\n', from);
    return this.text.slice(from, nl === -1 ? this.text.length : nl);
  }
  /** Whether line i starts with at least n spaces (read in place, without cutting the line out). */
  startsWithSpaces(i: number, n: number): boolean {
    const from = this.start(i);
    if (from === -1 || from + n > this.text.length) return false;
    for (let k = from; k < from + n; k++) if (this.text.charCodeAt(k) !== 32) return false;
    return true;
  }
  count(): number {
    if (this.total === -1) {
      let i = this.anchor;
      while (this.start(i + 1) !== -1) i++;
      this.total = i + 1;
    }
    return this.total;
  }
  /**
   * Python: line i starts outside brackets and strings (triple-quoted ones span lines); comments
   * are skipped. Computed up to the line asked for, and from where the last question stopped.
   */
  atTopLevel(i: number): boolean {
    const top = (this.topLevel ??= []);
    const state = (this.pyState ??= { depth: 0, triple: null });
    for (let j = top.length; j <= i && j < this.count(); j++) {
      top.push(state.depth === 0 && state.triple === null);
      const line = this.line(j);
      // Most lines hold no bracket, quote, comment or escape: nothing to follow on them.
      if (state.triple === null && !QUOTE_OR_BRACKET.test(line)) continue;
      for (let k = 0; k < line.length; k++) {
        const c = line[k] as string;
        if (state.triple !== null) {
          if (c === '\\') k++;
          else if (line.startsWith(state.triple, k)) {
            k += 2;
            state.triple = null;
          }
          continue;
        }
        if (c === '#') break;
        if (c === '"' || c === "'") {
          if (line.startsWith(c.repeat(3), k)) {
            state.triple = c.repeat(3);
            k += 2;
            continue;
          }
          for (k++; k < line.length && line[k] !== c; k++) if (line[k] === '\\') k++;
        } else if (c === '(' || c === '[' || c === '{') state.depth++;
        else if (c === ')' || c === ']' || c === '}') state.depth = Math.max(0, state.depth - 1);
      }
    }
    return top[i] === true;
  }
}

const QUOTE_OR_BRACKET = /["'#()[\]{}\\]/;

/**
 * A JSON version with its inert entries blanked (spaces, line breaks kept, so every offset and
 * line stays), for the parser: the entries no rule can judge, by the rules above, that end with a
 * comma and are followed by a sibling (so what remains is the same JSON less those entries). The
 * reader then builds a node for what can matter only: a 20,000-line i18n file costs its few
 * entries that mention a secret word. Text that is not pretty-printed JSON is returned as it is.
 */
export function blankInertJsonEntries(path: string, text: string, mentions: (text: string) => boolean): string {
  if (!path.toLowerCase().endsWith('.json') || text.includes('\r')) return text;
  const lines = text.split('\n');
  // The mappings open at each line: indentation, key, and whether it and all above it are plain.
  const open: { indent: number; key: string | null; plain: boolean }[] = [];
  let blanked = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const indent = indentOf(line);
    if (indent === -1) continue;
    while (open.length > 0 && (open[open.length - 1] as { indent: number }).indent >= indent) open.pop();
    const body = line.slice(indent);
    const opener = /^(?:"([^"\\]*)": )?([{[])$/.exec(body);
    if (opener) {
      const above = open.length === 0 ? indent === 0 : (open[open.length - 1] as { plain: boolean }).plain;
      open.push({ indent, key: opener[1] ?? null, plain: above && opener[2] === '{' && !mentions(line) });
      continue;
    }
    const m = JSON_ENTRY.exec(line);
    if (!m || m[3] !== ',' || indent < 2 || open.length === 0 || !(open[open.length - 1] as { plain: boolean }).plain) continue;
    const key = m[2] as string;
    const next = lines[i + 1];
    if (next === undefined || indentOf(next) !== indent || next[indent] !== '"') continue;
    if (CONTEXT_KEYS.has(key.toLowerCase()) || mentions(line)) continue;
    const joined = [...open.map((o) => o.key).filter((k): k is string => k !== null), key].join('.');
    if (mentions(joined) || mentions(normalizeKey(joined))) continue;
    lines[i] = ' '.repeat(line.length);
    blanked++;
  }
  return blanked === 0 ? text : lines.join('\n');
}
