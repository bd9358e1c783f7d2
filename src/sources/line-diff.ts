/** The lines one text removes from another and the lines it adds, by 0-based line index. */
export interface LineChanges {
  /** Lines of `before` that `after` does not keep. */
  removed: number[];
  /** Lines of `after` that `before` did not have. */
  added: number[];
}

/**
 * A shortest line diff (Myers' O(ND) algorithm) of `before` and `after`, or null when it needs more
 * than `maxEdits` removed plus added lines: the caller then treats the texts as unrelated. The common
 * head and tail are skipped first, so an edit of a few lines in a long file costs the few lines plus
 * one comparison of the rest.
 */
export function diffLines(before: string, after: string, maxEdits: number): LineChanges | null {
  return diffLinesFrom(before, after, maxEdits)?.changes ?? null;
}

/** A line diff, with where the texts start to differ: the line index and offset (the same in both texts). */
export interface AnchoredChanges {
  changes: LineChanges;
  /** The first line that may differ, and its offset in both texts. */
  line: number;
  offset: number;
}

/** diffLines, with the first line that may differ (callers find other lines from there, not from the top). */
export function diffLinesFrom(before: string, after: string, maxEdits: number): AnchoredChanges | null {
  // The common head and tail, in whole lines, found on the text without splitting it.
  const shorter = Math.min(before.length, after.length);
  let head = commonHead(before, after, shorter);
  head = before.lastIndexOf('\n', head - 1) + 1; // back to the start of the line where they differ
  const tail = commonTail(before, after, shorter - head);
  // The tail in whole lines: cut where both texts start a line (at the same offset into the shared tail).
  const startsLine = (text: string, at: number) => at === 0 || text.charCodeAt(at - 1) === 10;
  let cut = 0;
  if (!startsLine(before, before.length - tail) || !startsLine(after, after.length - tail)) {
    const nl = after.indexOf('\n', after.length - tail);
    cut = nl === -1 ? tail : nl + 1 - (after.length - tail);
  }
  const keep = tail - cut;
  const a = splitLines(before.slice(head, before.length - keep));
  const b = splitLines(after.slice(head, after.length - keep));
  const firstLine = countLines(before, head);
  const script = myers(a, b, maxEdits);
  if (!script) return null;
  return { changes: { removed: script.removed.map((i) => i + firstLine), added: script.added.map((i) => i + firstLine) }, line: firstLine, offset: head };
}

/**
 * Characters compared at once while skipping the common head and tail: comparing two slices is a
 * native comparison of their bytes, a loop over char codes costs ten times as much on a 1 MB file.
 */
const BLOCK = 4096;

/** The length of the common prefix of a and b (at most `limit`). */
function commonHead(a: string, b: string, limit: number): number {
  let at = 0;
  while (at + BLOCK <= limit && a.slice(at, at + BLOCK) === b.slice(at, at + BLOCK)) at += BLOCK;
  while (at < limit && a.charCodeAt(at) === b.charCodeAt(at)) at++;
  return at;
}

/** The length of the common suffix of a and b (at most `limit`). */
function commonTail(a: string, b: string, limit: number): number {
  let n = 0;
  while (n + BLOCK <= limit && a.slice(a.length - n - BLOCK, a.length - n) === b.slice(b.length - n - BLOCK, b.length - n)) n += BLOCK;
  while (n < limit && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  return n;
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  return lines;
}

function countLines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function myers(a: readonly string[], b: readonly string[], maxEdits: number): LineChanges | null {
  const n = a.length;
  const m = b.length;
  if (n + m === 0) return { removed: [], added: [] };
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    const next = v;
    for (let k = -d; k <= d; k += 2) {
      let x: number;
      if (k === -d || (k !== d && (next[offset + k - 1] as number) < (next[offset + k + 1] as number))) x = next[offset + k + 1] as number;
      else x = (next[offset + k - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, offset, n, m, d);
    }
    v = next;
  }
  return null;
}

function backtrack(trace: readonly Int32Array[], offset: number, n: number, m: number, depth: number): LineChanges {
  const removed: number[] = [];
  const added: number[] = [];
  let x = n;
  let y = m;
  for (let d = depth; d > 0; d--) {
    const v = trace[d] as Int32Array;
    const k = x - y;
    const down = k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number));
    const prevK = down ? k + 1 : k - 1;
    const prevX = v[offset + prevK] as number;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
    }
    if (down) added.push(prevY);
    else removed.push(prevX);
    x = prevX;
    y = prevY;
  }
  return { removed: removed.reverse(), added: added.reverse() };
}
