import type { AssignmentContext, SecretAssignment, ValueOrigin } from '../core/types.js';
import type { KeyForm, Needle } from './forms.js';
import type { HeldKey } from './held-key.js';

/** How the key is written where it was found, read from the characters around it. */
export type WrittenAs = 'plain' | 'quoted' | 'default';

/** One place a text holds the key (in one of its forms). */
export interface Occurrence {
  line: number;
  column: number;
  form: KeyForm;
  writtenAs: WrittenAs;
  /** The name the line binds it to (`JWT_SECRET_KEY=`, `secret:`, `${JWT_SECRET:-`), when one is written just before it. */
  name?: string;
}

/** A secret-named key a parser found bound to the key: which file role it plays. */
export interface Binding {
  line: number;
  key: string;
  keyId: string;
  origin: ValueOrigin;
  encoding?: 'base64';
  context: AssignmentContext;
}

/** At most this many places are taken from one text (a generated fixture may repeat a key thousands of times). */
export const MAX_OCCURRENCES_PER_TEXT = 200;

/**
 * Every place `text` holds one of the needles, in text order. Native `indexOf` per needle: the
 * work is linear in the text, and the key never leaves this process (no `git grep -e KEY`, which
 * would put it on a command line). A shorter needle inside a longer one's match is not counted twice.
 */
export function findOccurrences(text: string, needles: readonly Needle[], max = MAX_OCCURRENCES_PER_TEXT): Occurrence[] {
  const spans: { start: number; end: number; form: KeyForm }[] = [];
  for (const n of needles) {
    for (let at = text.indexOf(n.text); at !== -1 && spans.length < max; at = text.indexOf(n.text, at + n.text.length)) {
      const end = at + n.text.length;
      if (spans.some((s) => at < s.end && end > s.start)) continue;
      spans.push({ start: at, end, form: n.form });
    }
  }
  if (spans.length === 0) return [];
  spans.sort((a, b) => a.start - b.start);
  const lineStarts = lineStartsOf(text);
  return spans.map((s) => {
    const line = lineAt(lineStarts, s.start);
    const lineStart = lineStarts[line - 1] ?? 0;
    const before = text.slice(Math.max(lineStart, s.start - 200), s.start);
    const after = text.charAt(s.end);
    const named = nameBefore(before);
    const quote = before.charAt(before.length - 1);
    const writtenAs: WrittenAs = named?.isDefault ? 'default' : (quote === '"' || quote === "'" || quote === '`') && after === quote ? 'quoted' : 'plain';
    const o: Occurrence = { line, column: s.start - lineStart + 1, form: s.form, writtenAs };
    if (named && !overlapsNeedle(named.name, needles)) o.name = named.name;
    return o;
  });
}

/**
 * The name written just before a value on its line: `NAME=`, `NAME: `, `"name": "`, `name => '`,
 * or `${NAME:-` / `${NAME-` (a default). A character loop from the end, no regex over the line.
 */
export function nameBefore(before: string): { name: string; isDefault: boolean } | null {
  let i = before.length;
  const skip = (chars: string) => {
    while (i > 0 && chars.includes(before.charAt(i - 1))) i--;
  };
  skip('"\'` \t');
  // ${NAME:-value} or ${NAME-value}
  if (before.charAt(i - 1) === '-') {
    let j = i - 1;
    if (before.charAt(j - 1) === ':') j--;
    const end = j;
    while (j > 0 && isNameChar(before.charCodeAt(j - 1), false)) j--;
    if (j < end && before.slice(j - 2, j) === '${') return { name: before.slice(j, end), isDefault: true };
  }
  if (before.endsWith('=>')) i -= 2;
  else if (before.charAt(i - 1) === '=' || before.charAt(i - 1) === ':') i--;
  else return null;
  if (before.charAt(i - 1) === ':') i--; // `:=` (Go, Makefiles)
  skip('"\'` \t]');
  const end = i;
  while (i > 0 && isNameChar(before.charCodeAt(i - 1), true)) i--;
  const name = before.slice(i, end);
  return /^[A-Za-z_]/.test(name) && name.length <= 100 ? { name, isDefault: false } : null;
}

function isNameChar(c: number, dotted: boolean): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || (dotted && (c === 0x2e || c === 0x2d));
}

/** A name is text of the file: it is dropped if it holds a piece of the key (a key used as a mapping key). */
function overlapsNeedle(name: string, needles: readonly Needle[]): boolean {
  return needles.some((n) => name.includes(n.text) || (name.length >= 8 && n.text.includes(name)));
}

/** The parser's assignments whose value is the key (k8s `data:` values come decoded). */
export function bindingsOf(assignments: readonly SecretAssignment[], key: HeldKey, text: string): Binding[] {
  const out: Binding[] = [];
  let lineStarts: number[] | null = null;
  for (const a of assignments) {
    if (a.value === undefined || a.value.length !== key.length || !key.equals(a.value)) continue;
    lineStarts ??= lineStartsOf(text);
    const b: Binding = { line: lineAt(lineStarts, a.span.start), key: a.key, keyId: a.keyId, origin: a.origin, context: a.context };
    if (a.encoding) b.encoding = a.encoding;
    out.push(b);
  }
  return out;
}

export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line of an offset, by binary search over line starts. */
export function lineAt(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}
