/**
 * Spring's property placeholder `${name}` / `${name:default}`, as `@Value`, `application.properties`
 * and `application.yml` write it. Unlike the shell, Spring has one separator: the first `:` splits
 * the name from the default (Spring Framework `PlaceholderParser`, default value separator `:`), so
 * `${jwt.secret:a:b}` defaults to `a:b`. A default may itself hold placeholders
 * (`${JWT_SECRET:${app.secret}}`); they are kept as raw text.
 *
 * Scanned by hand, left to right, once: no regex, so hostile input cannot make it backtrack.
 */
export interface SpringPlaceholder {
  /** Offset of `$` within the text given. */
  start: number;
  /** Offset just after the closing `}`. */
  end: number;
  /** The property or environment name, trimmed: `jwt.secret`, `JWT_SECRET`. */
  name: string;
  /** The raw text after the first `:` (may be `''` for `${k:}`), or null when there is no `:`. */
  defaultValue: string | null;
  /** Offset of the default's first character; with no default, the offset of the closing `}`. */
  defaultStart: number;
}

/**
 * Reads `text` as exactly one placeholder (surrounding whitespace allowed). Returns null when the
 * text is anything else: plain text, text mixed with a placeholder, two placeholders, an unclosed
 * `${`, or an empty or nested name.
 */
export function parseSpringPlaceholder(text: string): SpringPlaceholder | null {
  let start = 0;
  while (start < text.length && isSpace(text.charCodeAt(start))) start++;
  let stop = text.length;
  while (stop > start && isSpace(text.charCodeAt(stop - 1))) stop--;
  if (stop - start < 3 || text[start] !== '$' || text[start + 1] !== '{' || text[stop - 1] !== '}') return null;

  const nameStart = start + 2;
  let colon = -1;
  let depth = 1;
  let i = nameStart;
  for (; i < stop; i++) {
    const ch = text[i];
    if (ch === '$' && text[i + 1] === '{') {
      if (colon === -1) return null; // `${${x}}`: a computed name is not one we can read
      depth++;
      i++;
      continue;
    }
    if (ch === '{') {
      if (colon === -1) return null;
      depth++; // Spring counts a bare `{` in a default as nesting too: `${k:{a}}` defaults to `{a}`
      continue;
    }
    if (ch === ':' && colon === -1 && depth === 1) {
      colon = i;
      continue;
    }
    if (ch === '}') {
      depth--;
      if (depth === 0) break;
    }
  }
  // The matching `}` must be the last character: `${a}${b}` and `${a}x` are not one placeholder.
  if (depth !== 0 || i !== stop - 1) return null;

  const close = stop - 1;
  const name = text.slice(nameStart, colon === -1 ? close : colon).trim();
  if (name === '') return null;
  return {
    start,
    end: stop,
    name,
    defaultValue: colon === -1 ? null : text.slice(colon + 1, close),
    defaultStart: colon === -1 ? close : colon + 1,
  };
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}
