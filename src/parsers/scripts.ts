import type { Document } from '../core/types.js';
import { safeErrorText } from '../core/safe-errors.js';
import { emptyParse, type Parser } from './parser.js';
import { scanShell } from './shell.js';
import { contextFor } from './yaml-source.js';
import { readMakeAssignments } from './makefile.js';

/**
 * Files that are shell, or hold shell: scripts (`*.sh`, or no extension and a shell shebang),
 * Makefiles (variables, target-specific `export`s, recipes) and the shell code blocks of Markdown
 * documents (READMEs show `export JWT_SECRET=...` and `kubectl create secret ... --from-literal`).
 */

const SHELL_EXTENSIONS = /\.(sh|bash|zsh|ksh|dash|envrc)$|^\.envrc$/;
const SHEBANG = /^#![ \t]*\/[^\n]*\b(sh|bash|zsh|ksh|dash|ash)\b/;

/** A shell script by its name, or (for a name without extension) by its first line. */
export function isShellScript(path: string, text: string): boolean {
  const base = (path.split('/').pop() ?? '').toLowerCase();
  if (SHELL_EXTENSIONS.test(base)) return true;
  return !base.includes('.') && SHEBANG.test(text.slice(0, 200));
}

export function isMakefile(path: string): boolean {
  const base = (path.split('/').pop() ?? '').toLowerCase();
  return base === 'makefile' || base === 'gnumakefile' || base.endsWith('.mk') || base.endsWith('.mak');
}

export function isMarkdown(path: string): boolean {
  return /\.(md|markdown|mdx)$/i.test(path);
}

export const parseShellScript: Parser = (doc, options) => {
  const parsed = emptyParse('shell');
  try {
    const context = contextFor(doc, 'shell');
    scanShell(doc.text, 0, doc.text.length, { names: options.names, contextAt: () => context, out: parsed.assignments, uses: parsed.uses });
  } catch (error) {
    parsed.problems.push(`could not read the shell script: ${safeErrorText(error)}`);
  }
  return parsed;
};

export const parseMakefile: Parser = (doc, options) => {
  const parsed = emptyParse('shell');
  try {
    const context = contextFor(doc, 'shell');
    readMakeAssignments(doc.text, context, options.names, parsed.assignments, parsed.uses);
  } catch (error) {
    parsed.problems.push(`could not read the Makefile: ${safeErrorText(error)}`);
  }
  return parsed;
};

/** Info strings of fenced blocks that hold shell commands or dotenv lines; an untagged block may too. */
const SHELL_FENCES = new Set(['', 'sh', 'bash', 'shell', 'zsh', 'console', 'terminal', 'shell-session', 'shellsession', 'env', 'dotenv', 'ini', 'text', 'txt', 'powershell', 'ps1', 'cmd', 'bat']);

export const parseMarkdown: Parser = (doc, options) => {
  const parsed = emptyParse('shell');
  try {
    const context = contextFor(doc, 'shell');
    for (const block of fencedBlocks(doc)) {
      scanShell(doc.text, block.start, block.end, { names: options.names, contextAt: () => context, out: parsed.assignments });
    }
  } catch (error) {
    parsed.problems.push(`could not read the Markdown code blocks: ${safeErrorText(error)}`);
  }
  return parsed;
};

/** The document ranges of the shell-like fenced code blocks (``` or ~~~, CommonMark) of a Markdown text. */
function fencedBlocks(doc: Document): { start: number; end: number }[] {
  const text = doc.text;
  const out: { start: number; end: number }[] = [];
  let open: { fence: string; start: number; shell: boolean } | null = null;
  for (let pos = 0; pos < text.length; ) {
    const nl = text.indexOf('\n', pos);
    const lineEnd = nl === -1 ? text.length : nl;
    const line = text.slice(pos, lineEnd);
    const next = lineEnd + 1;
    const trimmed = line.trimStart();
    const indent = line.length - trimmed.length;
    if (indent <= 3 && (trimmed.startsWith('```') || trimmed.startsWith('~~~'))) {
      const ch = trimmed.charAt(0);
      let n = 0;
      while (trimmed.charAt(n) === ch) n++;
      const fence = ch.repeat(n);
      if (open === null) {
        const info = trimmed.slice(n).trim().split(/[\s{,]/)[0]?.toLowerCase() ?? '';
        open = { fence, start: next, shell: SHELL_FENCES.has(info) };
      } else if (trimmed.startsWith(open.fence) && trimmed.slice(n).trim() === '') {
        if (open.shell) out.push({ start: open.start, end: pos });
        open = null;
      }
    }
    pos = next;
  }
  return out;
}
