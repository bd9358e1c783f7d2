import type { Document } from '../core/types.js';

/** The start of every JWT. */
export const TOKEN_START = 'eyJ';

/**
 * What `git grep -F` is asked, for a change (staged or a diff), to pick the other files its
 * findings can depend on. `flags` go on the command line; `patterns` are fed on standard input
 * (`-f -`, supported by git grep since long before 2.39): they can be secret values the change
 * adds, and a command line is visible to every user of the machine (`ps`, /proc/PID/cmdline), and
 * is limited in size (E2BIG) where stdin is not.
 */
export interface ContextQuery {
  flags: string[];
  /** One per line: none holds a line break (such a value could not match a single line anyway). */
  patterns: string[];
}

/**
 * The query for a change; null when no other file can matter. A change adding a token needs every
 * file that may set a key (the content words); otherwise only files holding a value the change
 * adds (reuse across files) or a token (which a key the change adds may verify).
 */
export function contextPatterns(
  changed: readonly Document[],
  needlesOf: ((changed: readonly Document[]) => string[]) | undefined,
  contentWords: readonly string[] | undefined,
): ContextQuery | null {
  if (contentWords !== undefined && contentWords.length > 0 && changed.some((d) => d.text.includes(TOKEN_START))) {
    return { flags: ['-i'], patterns: linesOnly(contentWords) };
  }
  const needles = linesOnly([...new Set(needlesOf?.(changed) ?? [])]);
  return needles.length === 0 ? null : { flags: [], patterns: [...needles, TOKEN_START] };
}

/** The `git grep` arguments that read a query's patterns from standard input. */
export function grepArguments(query: ContextQuery): string[] {
  return [...query.flags, '-f', '-'];
}

/** The standard input for `grepArguments`: one pattern per line. */
export function grepInput(query: ContextQuery): string {
  return query.patterns.map((p) => p + '\n').join('');
}

// An empty line in a pattern file matches every line; a line break would split a pattern in two.
function linesOnly(words: readonly string[]): string[] {
  return words.filter((w) => w !== '' && !/[\r\n]/.test(w));
}
