import type { Document } from '../core/types.js';

/** The start of every JWT. */
export const TOKEN_START = 'eyJ';

/**
 * The `git grep -F` patterns that pick, for a change (staged or a diff), the other files its
 * findings can depend on; null when none can. A change adding a token needs every file that may
 * set a key (the content words); otherwise only files holding a value the change adds (reuse
 * across files) or a token (which a key the change adds may verify).
 */
export function contextPatterns(
  changed: readonly Document[],
  needlesOf: ((changed: readonly Document[]) => string[]) | undefined,
  contentWords: readonly string[] | undefined,
): string[] | null {
  const patterns = (words: readonly string[]) => words.flatMap((w) => ['-e', w]);
  if (contentWords !== undefined && contentWords.length > 0 && changed.some((d) => d.text.includes(TOKEN_START))) {
    return ['-i', ...patterns(contentWords)];
  }
  const needles = [...new Set(needlesOf?.(changed) ?? [])].filter((n) => n !== '' && !n.includes('\n'));
  return needles.length === 0 ? null : patterns([...needles, TOKEN_START]);
}
