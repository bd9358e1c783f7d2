import picomatch from 'picomatch';

/**
 * Why an `exclude` pattern cannot be used, or undefined when it can. Patterns are matched (with
 * picomatch, as the sources do) against paths relative to the scanned directory, `/`-separated, so
 * anything that could never match such a path is an error rather than a silent no-op.
 */
export function globProblem(pattern: string): string | undefined {
  if (pattern.trim() === '') return 'is empty';
  if (pattern !== pattern.trim()) return 'has leading or trailing spaces';
  if (pattern.includes('\\')) return "contains '\\': use '/' to separate directories (backslash escapes are not supported here)";
  if (pattern.startsWith('/')) return "starts with '/': patterns are already relative to the scanned directory; drop the leading '/'";
  if (pattern.startsWith('./')) return "starts with './': patterns are already relative to the scanned directory; drop the './'";
  if (pattern.split('/').includes('..')) return "contains '..': only paths inside the scanned directory are scanned";
  if (pattern.startsWith('!') && !pattern.startsWith('!(')) return "starts with '!': negation is not supported in exclude; list only what to leave out";
  try {
    const re = picomatch.makeRe(pattern, { dot: true, strictBrackets: true });
    // picomatch compiles some malformed patterns (a reversed range `[z-a]`) to a regex that matches nothing.
    if (re.source === '$^') return 'can never match anything (check the brackets and ranges)';
  } catch (err) {
    return `is not a valid glob: ${err instanceof Error ? err.message : String(err)}`;
  }
  return undefined;
}

/** A glob that matches exactly one relative path (for the implicit exclusion of the config and baseline files). */
export function literalGlob(path: string): string {
  return path.replace(/[\\*?[\]{}()!+@|^$]/g, (c) => `\\${c}`);
}
