/**
 * Shell-style variable interpolation as docker compose, dotenv loaders and Dockerfiles read it:
 * `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`,
 * `${VAR:+alt}`, and `$$` for a literal `$`. Written as a single left-to-right scan (no regex
 * backtracking on hostile input); nested `${...}` in a default is kept as text and reported as
 * `nested` so callers can see `${JWT:-${SECRET_KEY}}`.
 */
export interface Interpolation {
  /** Offsets of the whole `${...}` / `$VAR` within the scanned string. */
  start: number;
  end: number;
  name: string;
  /** ':-' / '-' default, ':?' / '?' required, ':+' / '+' alternative, or none. */
  operator: ':-' | '-' | ':?' | '?' | ':+' | '+' | null;
  /** The text after the operator (default, error message or alternative), raw. */
  argument: string | null;
  /** Offset of `argument` within the scanned string. */
  argumentStart: number;
  braced: boolean;
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

export function findInterpolations(text: string): Interpolation[] {
  const out: Interpolation[] = [];
  const closeOf = matchBraces(text);
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c !== '$') {
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      i += 2; // `$$` escapes a literal dollar
      continue;
    }
    if (next === '{') {
      const parsed = parseBraced(text, i, closeOf);
      if (parsed) {
        out.push(parsed);
        i = parsed.end;
        continue;
      }
      i += 2;
      continue;
    }
    if (next !== undefined && NAME_START.test(next)) {
      let j = i + 2;
      while (j < text.length && NAME_CHAR.test(text[j] ?? '')) j++;
      out.push({
        start: i,
        end: j,
        name: text.slice(i + 1, j),
        operator: null,
        argument: null,
        argumentStart: j,
        braced: false,
      });
      i = j;
      continue;
    }
    i++;
  }
  return out;
}

/**
 * Pairs every `${` with its closing `}` in one pass (a stack), so that finding the end of each
 * interpolation is a lookup: hostile text full of unclosed `${` stays linear.
 */
function matchBraces(text: string): Map<number, number> {
  const closeOf = new Map<number, number>();
  const open: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 36 /* $ */ && text.charCodeAt(i + 1) === 123 /* { */) {
      open.push(i);
      i++;
    } else if (c === 125 /* } */ && open.length > 0) {
      closeOf.set(open.pop() as number, i);
    }
  }
  return closeOf;
}

function parseBraced(text: string, start: number, closeOf: Map<number, number>): Interpolation | null {
  let j = start + 2;
  if (!NAME_START.test(text[j] ?? '')) return null;
  while (j < text.length && NAME_CHAR.test(text[j] ?? '')) j++;
  const name = text.slice(start + 2, j);
  let operator: Interpolation['operator'] = null;
  for (const op of [':-', ':?', ':+', '-', '?', '+'] as const) {
    if (text.startsWith(op, j)) {
      operator = op;
      j += op.length;
      break;
    }
  }
  const argumentStart = j;
  // The matching `}`, allowing nested `${...}` in the argument.
  const close = closeOf.get(start);
  if (close === undefined || close < argumentStart) return null;
  j = close;
  if (operator === null && argumentStart !== j) return null; // `${VAR junk}` is not an interpolation
  return {
    start,
    end: j + 1,
    name,
    operator,
    argument: operator === null ? null : text.slice(argumentStart, j),
    argumentStart,
    braced: true,
  };
}
