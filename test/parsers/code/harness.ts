import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { LineIndex } from '../../../src/core/lines.js';
import { createSecretNameMatcher } from '../../../src/core/secret-names.js';
import type { Document, FixProposal, ParsedDocument, SecretAssignment, SecretUse } from '../../../src/core/types.js';
import { parseCode } from '../../../src/parsers/code/index.js';
import { tempDir } from '../../helpers/temp.js';

/** Table-driven cases for the code parser: each language's test file lists its own. */

export function makeDoc(path: string, text: string): Document {
  return { path, text, origin: 'worktree', hasBom: false };
}

export const options = { names: createSecretNameMatcher(), maxYamlAliasNodes: 100_000 };

export function parse(path: string, text: string): ParsedDocument {
  return parseCode(makeDoc(path, text), options);
}

export interface ExpectedAssignment {
  key?: string;
  keyId?: string;
  origin: SecretAssignment['origin'];
  value?: string;
  referenceTo?: string;
  envName?: string;
  /** 1-based line of the span's start. */
  line?: number;
  /** The text the span covers. */
  spanText?: string;
}

export interface ExpectedUse {
  key?: string;
  keyId?: string;
  sink?: string;
  line?: number;
}

export interface Case {
  name: string;
  path: string;
  text: string;
  /** Exactly these assignments, in file order (partial objects). `[]` for a setup that must stay silent. */
  expected: ExpectedAssignment[];
  /** Exactly these uses; when left out, the case asserts none. */
  uses?: ExpectedUse[];
}

export function summarize(text: string, assignments: readonly SecretAssignment[]): Record<string, unknown>[] {
  const lines = new LineIndex(text);
  return assignments.map((a) => ({
    key: a.key,
    keyId: a.keyId,
    origin: a.origin,
    value: a.value,
    referenceTo: a.referenceTo,
    envName: a.envName,
    line: lines.position(a.span.start).line,
    spanText: text.slice(a.span.start, a.span.end),
  }));
}

export function summarizeUses(text: string, uses: readonly SecretUse[]): Record<string, unknown>[] {
  const lines = new LineIndex(text);
  return uses.map((u) => ({ key: u.key, keyId: u.keyId, sink: u.sink, line: lines.position(u.span.start).line }));
}

/** Registers one vitest case per table row, refusing weak tables (duplicate names). */
export function runCases(cases: readonly Case[]): void {
  const names = new Set<string>();
  for (const c of cases) {
    if (names.has(c.name)) throw new Error(`duplicate case name: ${c.name}`);
    names.add(c.name);
  }
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const parsed = parse(c.path, c.text);
    expect(parsed.problems).toEqual([]);
    expect(summarize(c.text, parsed.assignments)).toEqual(c.expected.map((e) => expect.objectContaining(e)));
    expect(summarizeUses(c.text, parsed.uses)).toEqual((c.uses ?? []).map((e) => expect.objectContaining(e)));
  });
}

/** Applies a fix's edits (last first, so offsets stay valid). */
export function applyFix(text: string, fix: FixProposal): string {
  let out = text;
  for (const edit of [...fix.edits].sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

/** Every strictRead edit of the parsed text, applied one at a time. */
export function fixedVariants(path: string, text: string): string[] {
  return parse(path, text)
    .assignments.filter((a) => a.strictRead)
    .map((a) => applyFix(text, a.strictRead as FixProposal));
}

/** Writes `text` to a temporary file and runs a syntax checker on it; throws with the checker's output when it fails. */
export function checkSyntax(fileName: string, text: string, command: string, args: (file: string) => string[]): void {
  const dir = tempDir('sh-code-');
  try {
    const file = join(dir, fileName);
    writeFileSync(file, text);
    execFileSync(command, args(file), { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function hasCommand(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
