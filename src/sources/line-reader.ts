import { TextMemo } from './text-memo.js';

/**
 * Reading lines of a long text around an edit without splitting the whole text: lines by index
 * from a known line outward, the nearest less indented line above one (an outline built once per text), and (for Python)
 * whether a line starts inside brackets or a triple-quoted string.
 */

const shallowLines = new Map<number, RegExp>();

/** `\n(?! {n})`, global, built once per n (lastIndex is set by each user before it searches). */
function shallowRegex(n: number): RegExp {
  let shallow = shallowLines.get(n);
  if (shallow === undefined) {
    shallow = new RegExp(`\\n(?! {${n}})`, 'g');
    if (shallowLines.size >= 64) shallowLines.clear();
    shallowLines.set(n, shallow);
  }
  return shallow;
}

/**
 * Each line's start and leading spaces, and the nearest line above it with fewer (`shallower`, -1
 * for none): the line above any line with fewer than n spaces is found by following `shallower`
 * from the line above it, past whole blocks of deeper lines, in as many steps as there are levels.
 */
export class Outline {
  readonly starts: Int32Array;
  readonly lead: Int32Array;
  readonly shallower: Int32Array;

  constructor(text: string) {
    let count = 1;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', nl + 1)) count++;
    // One allocation for the three (outside the heap, freed only when V8 collects).
    const all = new Int32Array(count * 3);
    this.starts = all.subarray(0, count);
    this.lead = all.subarray(count, 2 * count);
    this.shallower = all.subarray(2 * count);
    const stack: number[] = [];
    for (let i = 0, at = 0; i < count; i++) {
      this.starts[i] = at;
      let k = at;
      while (text.charCodeAt(k) === 32) k++;
      const lead = k - at;
      this.lead[i] = lead;
      while (stack.length > 0 && (this.lead[stack[stack.length - 1] as number] as number) >= lead) stack.pop();
      this.shallower[i] = stack.length > 0 ? (stack[stack.length - 1] as number) : -1;
      stack.push(i);
      const nl = text.indexOf('\n', k);
      at = nl + 1;
    }
  }

  /** The line that starts at or holds offset `at`. */
  lineAt(at: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/**
 * A version is asked about as the new text and again as the one the next replaces: its outline is
 * built once. A commit of translations edits a dozen locale files or more, each compared in turn, so
 * the last few dozen texts are remembered (their strings are the versions history keeps anyway).
 */
const outlines = new TextMemo<Outline>(8);

/**
 * Where a text's outline is kept when the caller holds the text longer than the memo would (a
 * history's kept versions): the outline lives as long as the holder, and no memo keeps the text.
 */
export interface OutlineHolder {
  outline?: Outline;
}

function outlineOf(text: string): Outline {
  return outlines.get(text, (t) => new Outline(t));
}

/**
 * The start of the first line after the one starting at `from` that has content and starts with
 * fewer than n spaces (blank lines and comments do not end a block), or the text's length.
 */
export function nextLineNotIndented(text: string, from: number, n: number): number {
  const re = shallowRegex(n);
  re.lastIndex = from;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const start = m.index + 1;
    const nl = text.indexOf('\n', start);
    if (indentOf(text.slice(start, nl === -1 ? text.length : nl)) !== -1) return start;
    re.lastIndex = start;
  }
  return text.length;
}

/** The indentation of a line with content, or -1 for a blank or comment line. */
export function indentOf(line: string): number {
  const own = line.length - line.trimStart().length;
  if (own === line.length || line[own] === '#') return -1;
  return own;
}

/**
 * Lines of a text by index, found from a known line (where an edit starts) outward: a line's start
 * is looked up only when a line that far away is asked for, so an edit of a 20,000-line file
 * costs the lines read around it, not a split of the whole text.
 */
export class LineReader {
  /** Starts of lines anchor, anchor + 1, ... as far as found. */
  private readonly forward: number[];
  /** Starts of lines anchor - 1, anchor - 2, ... as far as found. */
  private readonly backward: number[] = [];
  /** Python: where the scan for brackets and strings stopped, and its state there. */
  private python: PythonScan | null = null;
  constructor(
    readonly text: string,
    private readonly anchor = 0,
    private readonly anchorOffset = 0,
    /** The Python scan up to the anchor, shared with a reader of a text with the same lines up to it. */
    private readonly prefix: SharedPrefix = { python: null },
    private readonly holder?: OutlineHolder,
  ) {
    this.forward = [anchorOffset];
  }
  /**
   * previousLineNotIndented, through the text's outline: each entry of an edit asks for the
   * mappings above it, and a search of the text for each (a 20,000-line file's top-level mapping is
   * 10,000 lines up) cost more than the rest of the check.
   */
  previousLineNotIndented(from: number, n: number): number {
    const o = this.holder ? (this.holder.outline ??= new Outline(this.text)) : outlineOf(this.text);
    let j = o.lineAt(from) - 1;
    while (j >= 0 && (o.lead[j] as number) >= n) j = o.shallower[j] as number;
    return j < 0 ? -1 : (o.starts[j] as number);
  }
  /** The line starting at an offset. */
  lineAt(from: number): string {
    const nl = this.text.indexOf('\n', from);
    return this.text.slice(from, nl === -1 ? this.text.length : nl);
  }

  /** The offset line i starts at, or -1 when the text has no line i. */
  offsetOf(i: number): number {
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
  /** Whether the text has a line i. */
  has(i: number): boolean {
    return this.offsetOf(i) !== -1;
  }
  line(i: number): string {
    const from = this.offsetOf(i);
    if (from === -1) return '';
    const nl = this.text.indexOf('\n', from);
    return this.text.slice(from, nl === -1 ? this.text.length : nl);
  }
  /**
   * Python: line i starts outside brackets and strings (triple-quoted ones span lines); comments
   * are skipped. Scanned from the top up to the line asked for, and on from where the last
   * question stopped.
   */
  atTopLevel(i: number): boolean {
    const state = this.pythonStateAt(i);
    return state !== null && state.depth === 0 && state.triple === null;
  }

  /** Python: the brackets open and the triple-quoted string (and where it opened) at line i's start; null past the end. */
  pythonStateAt(i: number): Readonly<PythonScan> | null {
    const at = this.offsetOf(i);
    return at === -1 ? null : this.pythonStateAtOffset(at);
  }

  /** pythonStateAt, for the line starting at an offset. Scanned on from the last question when it is further down. */
  pythonStateAtOffset(at: number): Readonly<PythonScan> {
    if (this.python === null || this.python.offset > at) {
      if (at >= this.anchorOffset) {
        if (this.prefix.python === null) {
          const start: PythonScan = { offset: 0, depth: 0, triple: null, tripleStart: -1, openedAt: -1 };
          scanPython(this.text, start, this.anchorOffset);
          this.prefix.python = start;
        }
        this.python = { ...this.prefix.python };
      } else this.python = { offset: 0, depth: 0, triple: null, tripleStart: -1, openedAt: -1 };
    }
    scanPython(this.text, this.python, at);
    return this.python;
  }
}

/** How far a scan of Python text has come: brackets open and the triple quote it is inside, if any. */
/** What two readers of texts with the same lines up to their anchor share. */
export interface SharedPrefix {
  python: PythonScan | null;
}

export interface PythonScan {
  offset: number;
  depth: number;
  triple: '"""' | "'''" | null;
  /** Where the triple-quoted string the scan is inside opened. */
  tripleStart: number;
  /** Where the outermost bracket open opened. */
  openedAt: number;
}

/** What can change a PythonScan outside strings: a quote, a comment, a bracket. */
const PYTHON_SPECIAL = /["'#()[\]{}]/g;
const TRIPLE_END = { '"""': /\\|"""/g, "'''": /\\|'''/g };

/**
 * Moves `state` on to offset `end` (the start of a line): a one-line string or comment ends at its
 * line's end (a backslash there does not carry it on); a triple-quoted string ends at its closing
 * quotes (a backslash skips the character after it).
 */
function scanPython(text: string, state: PythonScan, end: number): void {
  let k = state.offset;
  while (k < end) {
    if (state.triple !== null) {
      const re = TRIPLE_END[state.triple];
      re.lastIndex = k;
      const m = re.exec(text);
      if (m === null || m.index >= end) {
        k = end;
        break;
      }
      if (m[0] === '\\') k = m.index + 2;
      else {
        k = m.index + 3;
        state.triple = null;
      }
      continue;
    }
    PYTHON_SPECIAL.lastIndex = k;
    const m = PYTHON_SPECIAL.exec(text);
    if (m === null || m.index >= end) {
      k = end;
      break;
    }
    const at = m.index;
    const c = text[at] as string;
    if (c === '#') {
      const nl = text.indexOf('\n', at);
      k = nl === -1 ? end : nl + 1;
    } else if (c === '"' || c === "'") {
      const triple = c === '"' ? '"""' : "'''";
      if (text.startsWith(triple, at)) {
        state.triple = triple;
        state.tripleStart = at;
        k = at + 3;
        continue;
      }
      // To the closing quote, or the end of the line.
      let j = at + 1;
      for (; j < end; j++) {
        const d = text.charCodeAt(j);
        if (d === 10) break;
        if (d === 92) {
          if (text.charCodeAt(j + 1) === 10) {
            j++;
            break;
          }
          j++;
          continue;
        }
        if (text[j] === c) break;
      }
      k = j + 1;
    } else if (c === '(' || c === '[' || c === '{') {
      if (state.depth === 0) state.openedAt = at;
      state.depth++;
      k = at + 1;
    } else {
      state.depth = Math.max(0, state.depth - 1);
      k = at + 1;
    }
  }
  state.offset = Math.max(k, state.offset);
}

