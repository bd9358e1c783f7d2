import picomatch from 'picomatch';

/**
 * Names no file system checks out (Linux NAME_MAX 255 and PATH_MAX 4096 bytes, in characters
 * here): only a crafted index or history holds a longer path, and the bound that the shape
 * limits of config/globs.ts put on a match holds only for real names. Such a path is not
 * tested against `exclude` (it is scanned, never silently left out).
 */
export const MATCHED_PATH_LIMITS = { segment: 255, path: 4096 } as const;

/** What matching paths against `exclude` cost: the counter tests read (no timings). */
export interface GlobWork {
  /** Paths tested against the patterns. */
  tests: number;
  /** Characters of those paths given to the matcher. */
  chars: number;
  /** Paths over MATCHED_PATH_LIMITS, not tested. */
  overLong: number;
}

/**
 * The one test of a path against the configured `exclude` patterns, for every source (matched
 * with picomatch, `dot: true`). The patterns passed globProblem (config/globs.ts), so each test
 * is bounded by their shape; paths longer than any file system allows are not tested at all.
 */
export function excludeMatcher(patterns: readonly string[], work?: GlobWork): (path: string) => boolean {
  if (patterns.length === 0) return () => false;
  const isMatch = picomatch([...patterns], { dot: true });
  return (path) => {
    if (isOverLong(path)) {
      if (work) work.overLong++;
      return false;
    }
    if (work) {
      work.tests++;
      work.chars += path.length;
    }
    return isMatch(path);
  };
}

function isOverLong(path: string): boolean {
  if (path.length > MATCHED_PATH_LIMITS.path) return true;
  let start = 0;
  for (;;) {
    const slash = path.indexOf('/', start);
    const end = slash === -1 ? path.length : slash;
    if (end - start > MATCHED_PATH_LIMITS.segment) return true;
    if (slash === -1) return false;
    start = slash + 1;
  }
}
