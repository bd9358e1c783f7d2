import { normalizeKey } from '../core/secret-names.js';
import type { AssignmentContext, SecretAssignment } from '../core/types.js';
import { safeErrorText } from '../core/safe-errors.js';
import { DEPLOY, TEST_COMMAND, TEST_NAME } from './ci-test-jobs.js';
import { emptyParse, type ParseOptions, type Parser } from './parser.js';
import { scanShell } from './shell.js';
import { contextFor } from './yaml-source.js';

/**
 * Jenkins pipelines (`Jenkinsfile`, declarative or scripted Groovy): `environment { K = 'v' }`
 * blocks at pipeline and stage level, `withEnv(['K=v'])`, and the shell of `sh '...'` steps
 * (`sh """export JWT_SECRET=..."""`, `sh(script: '...')`). `credentials('id')` is managed by
 * Jenkins; a GString with `${...}` is built from other values. A stage that tests (its name or
 * its commands) and deploys nothing feeds a throwaway test server, like a CI test job.
 */

export function isJenkinsfile(path: string): boolean {
  const base = (path.split('/').pop() ?? '').toLowerCase();
  return base === 'jenkinsfile' || base.startsWith('jenkinsfile.') || base.endsWith('.jenkinsfile');
}

type Tok =
  | { t: 'id'; v: string; start: number }
  | { t: 'str'; quote: string; start: number; end: number; raw: string }
  | { t: 'p'; v: string; start: number };

interface Stage {
  name: string;
  /** Brace depth inside the stage's block. */
  depth: number;
  start: number;
  end: number;
}

export const parseJenkinsfile: Parser = (doc, options) => {
  const parsed = emptyParse('ci');
  try {
    const toks = lex(doc.text);
    const stages = stagesOf(toks, doc.text);
    const pipelineTests = stages.length > 0 && stages.every((s) => s.test);
    const contextAt = (offset: number): AssignmentContext => {
      const stage = stages.filter((s) => s.start <= offset && offset < s.end).pop();
      const ci = { system: 'other' as const, ...(stage ? { job: stage.name } : {}) };
      const testOnly = stage ? stage.test : pipelineTests;
      return contextFor(doc, 'ci', testOnly ? { ci, role: 'ci-test' } : { ci });
    };
    readTokens(toks, doc.text, options, contextAt, parsed.assignments);
  } catch (error) {
    parsed.problems.push(`could not read the Jenkinsfile: ${safeErrorText(error)}`);
  }
  return parsed;
};

/** The stages, each with its range and whether it only tests. */
function stagesOf(toks: readonly Tok[], text: string): (Stage & { test: boolean })[] {
  const out: (Stage & { test: boolean })[] = [];
  for (let i = 0; i + 4 < toks.length; i++) {
    const a = toks[i];
    const name = toks[i + 2];
    if (a?.t !== 'id' || a.v !== 'stage' || !isP(toks[i + 1], '(') || name?.t !== 'str' || !isP(toks[i + 3], ')') || !isP(toks[i + 4], '{')) continue;
    const open = toks[i + 4]!.start;
    const end = closingBrace(toks, i + 4) ?? text.length;
    const body = text.slice(open, end);
    const test = (TEST_NAME.test(name.raw) || TEST_COMMAND.test(body)) && !DEPLOY.test(name.raw) && !DEPLOY.test(body);
    out.push({ name: name.raw, depth: 0, start: open, end, test });
  }
  return out;
}

function readTokens(
  toks: readonly Tok[],
  text: string,
  options: ParseOptions,
  contextAt: (offset: number) => AssignmentContext,
  out: SecretAssignment[],
): void {
  const scan = { names: options.names, contextAt, out };
  for (let i = 0; i < toks.length; i++) {
    const tok = toks[i];
    if (tok?.t !== 'id') continue;
    if (tok.v === 'environment' && isP(toks[i + 1], '{')) {
      const end = closingIndex(toks, i + 1);
      environmentBlock(toks.slice(i + 2, end), text, options, contextAt, out);
      i = end;
    } else if (tok.v === 'sh') {
      // `sh 'cmd'`, `sh("cmd")`, `sh script: '''cmd'''`, `sh(label: 'x', script: "cmd")`.
      let j = i + 1;
      if (isP(toks[j], '(')) j++;
      for (let k = j; k < Math.min(toks.length, j + 8); k++) {
        const s = toks[k];
        if (s?.t === 'str' && (k === j || (isP(toks[k - 1], ':') && toks[k - 2]?.t === 'id' && (toks[k - 2] as { v: string }).v === 'script'))) {
          if (s.quote.startsWith("'") || !s.raw.includes('${')) scanShell(text, s.start, s.end, scan);
          break;
        }
        if (isP(s, ')') || isP(s, '{') || isP(s, '}')) break;
      }
    } else if (tok.v === 'withEnv' && isP(toks[i + 1], '(') && isP(toks[i + 2], '[')) {
      for (let k = i + 3; k < toks.length && !isP(toks[k], ']'); k++) {
        const s = toks[k];
        if (s?.t === 'str') scanShell(text, s.start, s.end, scan);
      }
    }
  }
}

/** `NAME = 'value'` statements of an `environment { }` block. */
function environmentBlock(
  toks: readonly Tok[],
  text: string,
  options: ParseOptions,
  contextAt: (offset: number) => AssignmentContext,
  out: SecretAssignment[],
): void {
  for (let i = 0; i + 2 < toks.length; i++) {
    const name = toks[i];
    const value = toks[i + 2];
    if (name?.t !== 'id' || !isP(toks[i + 1], '=')) continue;
    const keyId = normalizeKey(name.v);
    if (!options.names.isSecretKey(keyId)) continue;
    const keySpan = { start: name.start, end: name.start + name.v.length };
    const context = contextAt(name.start);
    if (value?.t === 'id' && value.v === 'credentials') {
      out.push({ key: name.v, keyId, origin: 'managed', span: keySpan, keySpan, context });
      continue;
    }
    if (value?.t !== 'str') continue;
    // A GString's `${...}` and `$name` are filled in by Groovy: built from other values.
    if (value.quote.startsWith('"') && /\$[{A-Za-z_]/.test(value.raw)) continue;
    if (value.raw.trim() === '' || value.raw.includes('\\')) continue;
    out.push({ key: name.v, keyId, origin: 'literal', value: value.raw, span: { start: value.start, end: value.end }, keySpan, context });
  }
}

function isP(tok: Tok | undefined, v: string): boolean {
  return tok?.t === 'p' && tok.v === v;
}

/** Index of the token that closes the bracket at `open` (or the last token). */
function closingIndex(toks: readonly Tok[], open: number): number {
  const o = (toks[open] as { v: string } | undefined)?.v;
  const c = o === '{' ? '}' : o === '(' ? ')' : ']';
  let depth = 0;
  for (let i = open; i < toks.length; i++) {
    if (isP(toks[i], o ?? '{')) depth++;
    else if (isP(toks[i], c) && --depth === 0) return i;
  }
  return toks.length - 1;
}

function closingBrace(toks: readonly Tok[], open: number): number | undefined {
  const i = closingIndex(toks, open);
  return toks[i]?.start;
}

/** Groovy tokens: identifiers, string literals (content ranges) and punctuation; comments skipped. */
function lex(text: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i] ?? '';
    if (ch === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
    } else if (ch === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close === -1 ? n : close + 2;
    } else if (ch === "'" || ch === '"') {
      const triple = text.startsWith(ch.repeat(3), i);
      const quote = triple ? ch.repeat(3) : ch;
      const start = i + quote.length;
      let j = start;
      while (j < n && !text.startsWith(quote, j)) {
        if (text[j] === '\\') j++;
        else if (!triple && text[j] === '\n') break;
        j++;
      }
      const end = Math.min(j, n);
      out.push({ t: 'str', quote, start, end, raw: text.slice(start, end) });
      i = end + quote.length;
    } else if (/[A-Za-z_$]/.test(ch)) {
      const start = i;
      while (i < n && /[A-Za-z0-9_$.]/.test(text[i] ?? '')) i++;
      out.push({ t: 'id', v: text.slice(start, i), start });
    } else if ('{}()[]=:,'.includes(ch)) {
      // `==` is no assignment.
      if (ch === '=' && (text[i + 1] === '=' || text[i + 1] === '~')) i += 2;
      else out.push({ t: 'p', v: ch, start: i++ });
    } else i++;
  }
  return out;
}
