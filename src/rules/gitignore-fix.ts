import type { TextEdit } from '../core/types.js';

/** The patterns that keep dotenv files out of git while letting the documented example in. */
export const DOTENV_IGNORE_PATTERNS = ['.env', '.env.*', '!.env.example'];

/**
 * An edit that appends the missing patterns to the root .gitignore (creating it if needed).
 * Every finding that needs the same lines produces the same edit, so core applies it once.
 */
export function gitignoreAppendEdit(gitignoreText: string | null, patterns: readonly string[]): TextEdit | null {
  const text = gitignoreText ?? '';
  const present = new Set(text.split(/\r?\n/).map((l) => l.trim()));
  const missing = patterns.filter((p) => !present.has(p) && !present.has('/' + p));
  if (missing.length === 0) return null;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lead = text.length > 0 && !text.endsWith('\n') ? eol : '';
  const header = '# secret-hygiene: keep dotenv files (local secrets) out of git';
  return {
    file: '.gitignore',
    start: text.length,
    end: text.length,
    text: lead + [header, ...missing].join(eol) + eol,
  };
}

/** The pattern that ignores one dotenv path: the generic ones for `.env*` names, else the path itself. */
export function patternsFor(path: string): string[] {
  const base = path.split('/').pop() ?? path;
  if (base === '.env' || base.startsWith('.env.')) return DOTENV_IGNORE_PATTERNS;
  return ['/' + path];
}
