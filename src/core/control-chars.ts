// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex -- as above
const CONTROL_ALL = /[\u0000-\u001f\u007f-\u009f]/g;


/**
 * A name from a repository shown on one line: C0 and C1 control characters (line breaks, carriage
 * returns, escape sequences that move a terminal's cursor) become visible escapes, so a file named
 * `x\n::error::y` stays one line in a log and cannot repaint a terminal. Backslashes are doubled
 * first so the escape is unambiguous. Names without control characters are returned as they are.
 */
export function escapeControlChars(s: string): string {
  if (!CONTROL.test(s)) return s;
  return s.replace(/\\/g, '\\\\').replace(CONTROL_ALL, (c) => {
    switch (c) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
    }
  });
}
