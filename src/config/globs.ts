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
  const tooComplex = complexityProblem(pattern);
  if (tooComplex !== undefined) return tooComplex;
  try {
    const re = picomatch.makeRe(pattern, { dot: true, strictBrackets: true });
    // picomatch compiles some malformed patterns (a reversed range `[z-a]`) to a regex that matches nothing.
    if (re.source === '$^') return 'can never match anything (check the brackets and ranges)';
  } catch (err) {
    return `is not a valid glob: ${err instanceof Error ? err.message : String(err)}`;
  }
  return undefined;
}

// Bounds on a pattern's shape. picomatch turns each `*` into a lazy `[^/]*?` and each `**` into a
// group that may span directories; a failing match backtracks through every way of placing them,
// so `**/*a*a*a*a*a*a*a*a*b` against a long name took 185 s, and a fork's pull request chooses
// both the configuration and the names. Two `*` per path segment and two `**` per pattern keep
// every match at most quadratic in a segment (a file name has at most 255 bytes); real patterns
// (`*.min.js`, `**/test/**`, `*-*.js`) need no more. Extglobs `(...)` nested in one another and
// many brace alternatives multiply the same way.
export const GLOB_LIMITS = { length: 256, starsPerSegment: 2, globstars: 2, braces: 4, extglobDepth: 1 } as const;

function complexityProblem(pattern: string): string | undefined {
  const L = GLOB_LIMITS;
  const simplify = ' (a bound on how much work matching may take); split it into simpler patterns';
  if (pattern.length > L.length) return `is ${pattern.length} characters long, over the limit of ${L.length}${simplify}`;
  const segments = pattern.split('/');
  const globstars = segments.filter((seg) => seg === '**').length;
  if (globstars > L.globstars) return `has ${globstars} '**' segments, over the limit of ${L.globstars}${simplify}`;
  for (const seg of segments) {
    if (seg === '**') continue;
    const stars = (seg.match(/\*+/g) ?? []).length;
    if (stars > L.starsPerSegment) return `has ${stars} '*' in the segment '${seg.slice(0, 40)}', over the limit of ${L.starsPerSegment} per segment${simplify}`;
  }
  const braces = (pattern.match(/\{/g) ?? []).length;
  if (braces > L.braces) return `has ${braces} brace groups, over the limit of ${L.braces}${simplify}`;
  let depth = 0;
  let max = 0;
  for (const c of pattern) {
    if (c === '(') max = Math.max(max, ++depth);
    else if (c === ')') depth = Math.max(0, depth - 1);
  }
  if (max > L.extglobDepth) return `nests '(...)' ${max} deep, over the limit of ${L.extglobDepth}${simplify}`;
  return undefined;
}

/** A glob that matches exactly one relative path (for the implicit exclusion of the config and baseline files). */
export function literalGlob(path: string): string {
  return path.replace(/[\\*?[\]{}()!+@|^$]/g, (c) => `\\${c}`);
}
