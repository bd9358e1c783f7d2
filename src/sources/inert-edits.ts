import { roleOfDocument } from '../core/path-context.js';
import { normalizeKey } from '../core/secret-names.js';
import { diffLinesFrom, type LineChanges } from './line-diff.js';
import { indentOf, LineReader, nextLineNotIndented, type OutlineHolder, type SharedPrefix } from './line-reader.js';
import { mentionedNames, mentionedNamesMemo, pythonEntry, PythonLines, type MentionedNames, type Mentions } from './python-edits.js';
import { TextMemo } from './text-memo.js';
import type { FileRole } from '../core/types.js';

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
 * - keeps the file's shape: a changed entry keeps its key and indentation, a new key is not
 *   already in its mapping (the readers report duplicates), a YAML entry added or removed has a
 *   sibling beside it, and in JSON the commas are right where the text changed;
 * and the file has no construct that spans lines as one scalar (a YAML block scalar `|` or a line
 * with an unbalanced quote), in either version. In JSON, a mapping of such entries may also be
 * added or removed whole (see slideRuns and braceLines). Python modules: see python-edits.ts.
 * Anything else, or a diff of more than MAX_EDIT_LINES lines, is not inert: the version is judged.
 */
export function isInertEdit(path: string, before: string, after: string, mentions: Mentions, outlines: { before?: OutlineHolder; after?: OutlineHolder } = {}): boolean {
  const syntax = syntaxOf(path);
  if (!syntax) return false;
  if (syntax === 'yaml' && (hasMultilineScalar(before) || hasMultilineScalar(after))) return false;
  const diff = diffLinesFrom(before, after, MAX_EDIT_LINES);
  if (!diff) return false;
  // JSON: a mapping added whole may come out of the diff shifted by a line (`},` then `"new": {`
  // and its entries, the old `},` closing it); it is read as added whole.
  // Lines above where the edit starts are the same in both versions: the Python scan up to there is shared.
  const prefix: SharedPrefix = { python: null };
  const old = new LineReader(before, diff.line, diff.offset, prefix, outlines.before);
  const now = new LineReader(after, diff.line, diff.offset, prefix, outlines.after);
  let changes = diff.changes;
  const edited: number[] = [];
  if (syntax === 'json') {
    const closers = closerCommaEdits(old, now, changes);
    const removed = slideRuns(old, closers.removed);
    const added = slideRuns(now, closers.added);
    // A closing or opening line whose partner is an unchanged line would move unchanged entries into another mapping.
    if (!removed.balanced || !added.balanced) return false;
    changes = { removed: removed.lines, added: added.lines };
    edited.push(...closers.edited, ...added.edited);
  }
  if (syntax === 'python') {
    // Once no changed line mentions a word, the lines that do are the same in both versions, and so are their names.
    let names: MentionedNames | undefined;
    const shared = () => (names ??= mentionedNamesMemo.set(after, mentionedNames(before, mentions)));
    const oldLines = new PythonLines(old, mentions, shared);
    const newLines = new PythonLines(now, mentions, shared);
    // The line tests first: most edits of a module that mentions a word touch a line that does.
    if (!changes.removed.every((i) => oldLines.mayBeInert(i)) || !changes.added.every((i) => newLines.mayBeInert(i))) return false;
    const inert = (text: LineReader, lines: PythonLines) => (i: number) => pythonEntry(text, i, mentions) !== null || lines.isInert(i);
    if (!changes.removed.every(inert(old, oldLines)) || !changes.added.every(inert(now, newLines))) return false;
    // A test file by its content (`import pytest`) is judged as one: the role must not change.
    return roleOf(path, before) === roleOf(path, after);
  }
  // A removed and an added entry at the same place among the unchanged lines, with the same key
  // and indentation, are one entry whose value changed (rank: unchanged lines before it).
  const place = (rank: number, e: Entry) => `${rank}\0${e.indent}\0${e.key}`;
  const removedAt = new Map<string, Entry>();
  const removed: Entry[] = [];
  // JSON: mappings removed or added whole (their opening and closing lines and all between), whose lines are checked like any other.
  const removedBlocks = syntax === 'json' ? braceLines(old, changes.removed, mentions) : EMPTY;
  const addedBlocks = syntax === 'json' ? braceLines(now, changes.added, mentions) : EMPTY;
  if (removedBlocks === null || addedBlocks === null) return false;
  for (const [n, i] of changes.removed.entries()) {
    if (removedBlocks.has(i)) continue;
    const e = inertEntry(syntax, old, i, mentions);
    if (!e) return false;
    removed.push(e);
    removedAt.set(place(i - n, e), e);
  }
  const paired = new Set<Entry>();
  for (const [n, i] of changes.added.entries()) {
    if (addedBlocks.has(i)) continue;
    const e = inertEntry(syntax, now, i, mentions);
    if (!e) return false;
    const at = place(i - n, e);
    const was = removedAt.get(at);
    // A value changed in place keeps the entry's place (in JSON its comma may change: see below);
    // one removed entry pairs with one added entry, a second one at that place is a new key.
    if (was && (syntax === 'json' || was.comma === e.comma)) {
      removedAt.delete(at);
      paired.add(was);
      continue;
    }
    if (syntax === 'yaml' && !hasSiblingBeside(now, i, e)) return false;
    if (occurrencesInMapping(now, i, syntax, e) !== 1) return false;
  }
  if (syntax === 'yaml') return removed.every((e) => paired.has(e) || hasSiblingBeside(old, e.line, e));
  // JSON: entries may be added or removed anywhere in a mapping, the last one too, as long as the
  // new text's commas are right where it changed: every comma is followed by an entry, and every
  // entry without one by the mapping's end.
  return [...touchedLines(changes), ...edited].every((j) => commaIsRight(now, j));
}

const EMPTY: ReadonlySet<number> = new Set();
const JSON_OPENER = /^( +)"([^"\\]{1,200})": \{$/;
const JSON_CLOSER = /^( +)\},?$/;

/**
 * A JSON edit without the closing lines that only gained or lost their comma (`}` and `},` at one
 * place, the same indentation): a mapping added after the last one, or the last one removed. They
 * are read as unchanged lines, their commas checked in the new text (`edited`).
 */
function closerCommaEdits(before: LineReader, after: LineReader, changes: LineChanges): LineChanges & { edited: number[] } {
  const removed = changes.removed;
  const added = changes.added;
  const dropRemoved = new Set<number>();
  const dropAdded = new Set<number>();
  // Both lists are sorted: a removed and an added line are at one place when as many unchanged lines precede each.
  let p = 0;
  for (const [n, r] of removed.entries()) {
    const rank = r - n;
    while (p < added.length && (added[p] as number) - p < rank) p++;
    const i = added[p];
    if (i === undefined || i - p !== rank || dropAdded.has(i)) continue;
    const c = JSON_CLOSER.exec(before.line(r));
    const d = JSON_CLOSER.exec(after.line(i));
    if (!c || !d || (c[1] as string).length !== (d[1] as string).length) continue;
    dropRemoved.add(r);
    dropAdded.add(i);
  }
  if (dropRemoved.size === 0) return { removed, added, edited: [] };
  return { removed: removed.filter((r) => !dropRemoved.has(r)), added: added.filter((i) => !dropAdded.has(i)), edited: [...dropAdded] };
}

/**
 * The changed lines with each run of consecutive lines whose braces do not balance read another way
 * the texts allow, until they do: moved up or down over identical lines (a run of lines passes
 * lines equal to those it passes), or, for a run that starts with a closing line followed by an
 * unchanged closing line of the same indentation (`},`, `"new": {`, entries, then the old `}`),
 * with that closer as the new mapping's and the run's first line as the old one's closer with its
 * comma changed (`edited`: its comma is checked). Runs that balance, or never do, stay;
 * `balanced` says whether every run does (mappings opened and closed whole, or no brace line).
 */
function slideRuns(text: LineReader, changed: readonly number[]): { lines: number[]; edited: number[]; balanced: boolean } {
  const lines: number[] = [];
  const edited: number[] = [];
  let balancedAll = true;
  for (let start = 0; start < changed.length; ) {
    let end = start;
    while (end + 1 < changed.length && (changed[end + 1] as number) === (changed[end] as number) + 1) end++;
    const a = changed[start] as number;
    const b = changed[end] as number;
    // A run moves over unchanged lines only, never into its neighbours.
    const below = (changed[end + 1] ?? Number.MAX_SAFE_INTEGER) - 1;
    const above = lines.length > 0 ? (lines[lines.length - 1] as number) + 1 : 0;
    start = end + 1;
    const line = (i: number) => text.line(i);
    const balanced = (from: number, to: number) => bracesBalance(line, from, to);
    let from = a;
    let to = b;
    if (!balanced(a, b)) {
      for (let s = 1; s <= MAX_SLIDE && text.has(b + s) && b + s <= below && line(a + s - 1) === line(b + s); s++) {
        if (balanced(a + s, b + s)) [from, to] = [a + s, b + s];
        if (from !== a) break;
      }
      for (let s = 1; from === a && s <= MAX_SLIDE && a - s >= above && line(a - s) === line(b - s + 1); s++) {
        if (balanced(a - s, b - s)) [from, to] = [a - s, b - s];
      }
      const first = JSON_CLOSER.exec(line(a));
      const next = b + 1 <= below && text.has(b + 1) ? JSON_CLOSER.exec(line(b + 1)) : null;
      if (from === a && first && next && (first[1] as string).length === (next[1] as string).length && balanced(a + 1, b + 1)) {
        edited.push(a);
        [from, to] = [a + 1, b + 1];
      }
      if (from === a) balancedAll = false;
    }
    for (let i = from; i <= to; i++) lines.push(i);
  }
  return { lines, edited, balanced: balancedAll };
}

const MAX_SLIDE = 20;

/** Whether lines from..to hold mappings opened and closed whole (or no brace line at all). */
function bracesBalance(lineAt: (i: number) => string, from: number, to: number): boolean {
  const open: number[] = [];
  for (let i = from; i <= to; i++) {
    const line = lineAt(i);
    const opener = JSON_OPENER.exec(line);
    if (opener) {
      open.push((opener[1] as string).length);
      continue;
    }
    const closer = JSON_CLOSER.exec(line);
    if (closer && open.pop() !== (closer[1] as string).length) return false;
  }
  return open.length === 0;
}

/**
 * The opening and closing lines among the changed lines of a JSON text whose runs balance (see
 * slideRuns): each opener is checked like an entry (its key and the keys above it mention no word,
 * it is new to its mapping), or null; the lines inside are entries the caller checks (their
 * ancestors are read from the text, this opener among them).
 */
function braceLines(text: LineReader, changed: readonly number[], mentions: Mentions): Set<number> | null {
  const out = new Set<number>();
  for (const i of changed) {
    const line = text.line(i);
    const opener = JSON_OPENER.exec(line);
    if (opener) {
      const e = inertEntry('json', text, i, mentions, opener);
      if (!e || occurrencesInMapping(text, i, 'json', e) !== 1) return null;
      out.add(i);
    } else if (JSON_CLOSER.test(line)) {
      out.add(i);
    }
  }
  return out;
}

/**
 * The lines of the new text where an edit may have put a comma wrong: each added line, the line
 * before it, and the line before each place lines were removed.
 */
function touchedLines(changes: { removed: number[]; added: number[] }): number[] {
  const added = changes.added;
  const out = new Set<number>();
  for (const a of added) out.add(a).add(a - 1);
  // Where each removed line was, in the new text: its unchanged lines before it (the same in both
  // texts) plus the added lines among them. Both lists are sorted: one pass.
  let p = 0;
  for (const [n, r] of changes.removed.entries()) {
    const unchanged = r - n;
    while (p < added.length && (added[p] as number) <= unchanged + p) p++;
    out.add(unchanged + p - 1);
  }
  return [...out].filter((j) => j >= 0);
}

/** Whether a JSON line's comma agrees with the line after it (lines that open a mapping or an array, or hold nothing, agree). */
function commaIsRight(text: LineReader, j: number): boolean {
  const line = text.line(j).trim();
  if (line === '' || line.endsWith('{') || line.endsWith('[')) return true;
  const next = text.line(j + 1).trim();
  if (next === '') return !line.endsWith(',');
  const closes = next.startsWith('}') || next.startsWith(']');
  return line.endsWith(',') ? !closes : closes;
}

/**
 * Whether a new version of a text that only its tokens are judged in (no parser reads it: a
 * CHANGES.rst, a page, notes) holds the tokens the version it replaces holds: the same lines with
 * `eyJ` (how every JWT starts), in the same order, and the same role (a test file's tokens are
 * judged as a test's). A token never spans lines (base64url has no line break), so the old
 * version's tokens are the new one's, and its judgement is too. Which texts these are (no parser,
 * no private key) is the caller's to know; other edits cost a search for `eyJ`, not a diff.
 */
export function isInertTokenEdit(path: string, before: string, after: string): boolean {
  if (roleOf(path, before) !== roleOf(path, after)) return false;
  let a = before.indexOf(TOKEN_START);
  let b = after.indexOf(TOKEN_START);
  while (a !== -1 && b !== -1) {
    const lineA = lineAround(before, a);
    const lineB = lineAround(after, b);
    if (before.slice(lineA.start, lineA.end) !== after.slice(lineB.start, lineB.end)) return false;
    a = before.indexOf(TOKEN_START, lineA.end);
    b = after.indexOf(TOKEN_START, lineB.end);
  }
  return a === -1 && b === -1;
}

const TOKEN_START = 'eyJ';

function lineAround(text: string, at: number): { start: number; end: number } {
  const nl = text.indexOf('\n', at);
  return { start: text.lastIndexOf('\n', at) + 1, end: nl === -1 ? text.length : nl };
}

/** Each version's role, asked as the new version and again as the one the next replaces. */
const roles = new TextMemo<{ path: string; role: FileRole }>(16);

function roleOf(path: string, text: string): FileRole {
  const known = roles.get(text, () => ({ path, role: roleOfDocument(path, text) }));
  return known.path === path ? known.role : roles.set(text, { path, role: roleOfDocument(path, text) }).role;
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

const JSON_ENTRY = /^( +)"([^"\\]{1,200})": (?:"(?:[^"\\]|\\.){0,2000}"|-?\d{1,30}(?:\.\d{1,30})?(?:[eE][+-]?\d{1,5})?|true|false|null)(,?)$/;
const YAML_ENTRY = /^( +)([A-Za-z0-9_][A-Za-z0-9_.-]{0,199}): (?:"[^"\\]{0,2000}"|'[^']{0,2000}'|[A-Za-z0-9_./][A-Za-z0-9_./@+=,:-]{0,2000}(?: [A-Za-z0-9_./@+=,-][A-Za-z0-9_./@+=,:-]{0,2000}){0,50})$/;

function inertEntry(syntax: Exclude<Syntax, 'python'>, text: LineReader, i: number, mentions: (t: string) => boolean, opener?: RegExpExecArray): Entry | null {
  const line = text.line(i);
  // An opener (`"section": {`) is checked as an entry is, without a value or a comma.
  const m = opener ?? (syntax === 'json' ? JSON_ENTRY : YAML_ENTRY).exec(line);
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
function ancestorKeys(syntax: Exclude<Syntax, 'python'>, text: LineReader, i: number, indent: number, mentions: (t: string) => boolean): string[] | null {
  const keys: string[] = [];
  let want = indent;
  // Walked by offsets: the lines above an entry of a 20,000-line file are most of the file, and
  // reading each one's start from the one below it costs no array of line starts.
  const src = text.text;
  for (let from = text.offsetOf(i); from > 0 && want > 0; ) {
    // Deeper lines are most of a long file: skipped by a native search, without being cut out.
    from = text.previousLineNotIndented(from, want);
    if (from === -1) break;
    const nl = src.indexOf('\n', from);
    const line = src.slice(from, nl === -1 ? src.length : nl);
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

/** A YAML entry added or removed beside another entry of the same mapping. */
function hasSiblingBeside(text: LineReader, i: number, e: Entry): boolean {
  const isSibling = (line: string | undefined) => line !== undefined && indentOf(line) === e.indent && /^ *[A-Za-z0-9_]/.test(line);
  return isSibling(text.line(i - 1)) || isSibling(text.line(i + 1));
}

/**
 * How many entries of `e`'s key the mapping around line i has (the readers report a key given
 * twice): from the line that opens it to the first line after i that is less indented. An i18n file
 * repeats `title` in every section; only the same section counts.
 */
function occurrencesInMapping(text: LineReader, i: number, syntax: Exclude<Syntax, 'python'>, e: Entry): number {
  const src = text.text;
  const at = text.offsetOf(i);
  // The opener: the nearest less indented line above with content (YAML may have blank lines and comments between).
  let opener = at;
  do opener = text.previousLineNotIndented(opener, e.indent);
  while (opener > 0 && indentOf(text.lineAt(opener)) === -1);
  const start = opener === -1 ? 0 : opener;
  const end = nextLineNotIndented(src, at, e.indent);
  const needle = `\n${' '.repeat(e.indent)}${syntax === 'json' ? `"${e.key}":` : `${e.key}:`}`;
  let n = 0;
  // From the line break before the opener's line end: the needle starts with one.
  for (let k = src.indexOf(needle, Math.max(0, start - 1)); k !== -1 && k < end; k = src.indexOf(needle, k + 1)) n++;
  return n;
}

const multilineAnswers = new TextMemo<boolean>(8);

export function hasMultilineScalar(text: string): boolean {
  return multilineAnswers.get(text, findMultilineScalar);
}

/**
 * A YAML block scalar (`key: |`, `- >-`) or a quoted scalar left open at the end of its line. Only
 * lines holding a quote are looked at, found by native searches (no array of every line).
 */
function findMultilineScalar(text: string): boolean {
  if (/(?:^|[:-] )[|>][-+0-9]*[ \t]*(?:#.*)?$/m.test(text)) return true;
  // The next quote of each kind at or after `from`, searched again only once passed (-1: none left),
  // so the text is searched once for each kind, however its lines mix them.
  let dq = -2;
  let sq = -2;
  for (let from = 0; from < text.length; ) {
    if (dq !== -1 && dq < from) dq = text.indexOf('"', from);
    if (sq !== -1 && sq < from) sq = text.indexOf("'", from);
    const q = dq === -1 ? sq : sq === -1 ? dq : Math.min(dq, sq);
    if (q === -1) return false;
    const start = text.lastIndexOf('\n', q) + 1;
    const nl = text.indexOf('\n', q);
    const end = nl === -1 ? text.length : nl;
    from = end + 1;
    const line = text.slice(start, end);
    const body = line.replace(/\\./g, '');
    if ((body.split('"').length - 1) % 2 === 1) return true;
    // Single quotes: only an open quoted scalar (`key: 'abc`) matters; an apostrophe in a plain scalar does not.
    if (/(?:^|: |- )'(?:[^']|'')*$/.test(body.trimStart())) return true;
  }
  return false;
}


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
