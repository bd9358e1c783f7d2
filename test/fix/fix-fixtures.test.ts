import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { git } from '../helpers/fixture-repo.js';
import { tempDir } from '../helpers/temp.js';

/**
 * Every mechanical fix, as a tree before and the expected tree after `fix --write`, with the
 * properties every fix must keep: the file still parses, a second run changes nothing, a rescan
 * no longer reports what was fixed and reports nothing new, and the dry run printed no value.
 * `UPDATE_FIX_FIXTURES=1` rewrites the expected trees (review the diff before committing).
 */
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'fix');
const UPDATE = process.env.UPDATE_FIX_FIXTURES === '1';

function files(dir: string, top = dir): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === '.git') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p, top));
    else out.push(relative(top, p));
  }
  return out.sort();
}

/** Fixture trees store `.gitignore` as `gitignore` so they do not act on this repository. */
const toRepo = (p: string) => p.replace(/(^|\/)gitignore$/, '$1.gitignore');
const toFixture = (p: string) => p.replace(/(^|\/)\.gitignore$/, '$1gitignore');

function parses(root: string, file: string): boolean {
  const abs = join(root, file);
  try {
    if (file.endsWith('.py')) execFileSync('python3', ['-m', 'py_compile', abs], { stdio: 'ignore' });
    else if (file.endsWith('.js')) execFileSync(process.execPath, ['--check', abs], { stdio: 'ignore' });
    else if (/\.ya?ml$/.test(file)) return parseAllDocuments(readFileSync(abs, 'utf8')).every((d) => d.errors.length === 0);
    return true;
  } catch {
    return false;
  }
}

describe('fix: before → after, parses, idempotent, rescan clean', () => {
  for (const name of readdirSync(FIXTURES).sort()) {
    it(name, async () => {
      const root = tempDir('sh-fix-');
      try {
        const before = join(FIXTURES, name, 'before');
        for (const f of files(before)) {
          mkdirSync(dirname(join(root, toRepo(f))), { recursive: true });
          cpSync(join(before, f), join(root, toRepo(f)));
        }
        git(root, 'init', '-q');
        git(root, 'add', '-A', '-f');
        const scanBefore = JSON.parse((await cli(root, ['scan', '--format', 'json'])).stdout) as { findings: { ruleId: string; file: string; fixable: boolean; secret?: { length: number } }[] };
        const fixable = scanBefore.findings.filter((f) => f.fixable);
        expect(fixable.length, 'the before tree has something to fix').toBeGreaterThan(0);

        const dry = await cli(root, ['fix']);
        expect(dry.stdout).toMatch(/^(---|\+\+\+|@@)/m);
        const write = await cli(root, ['fix', '--write']);
        expect(write.stdout).toMatch(/Fixed \d+ finding/);

        const after = join(FIXTURES, name, 'after');
        if (UPDATE) {
          rmSync(after, { recursive: true, force: true });
          for (const f of files(root)) {
            const dest = join(after, toFixture(f));
            mkdirSync(dirname(dest), { recursive: true });
            writeFileSync(dest, readFileSync(join(root, f)));
          }
        }
        expect(existsSync(after), `${name}/after missing (run with UPDATE_FIX_FIXTURES=1)`).toBe(true);
        expect(files(root)).toEqual(files(after).map(toRepo).sort());
        for (const f of files(after)) {
          expect(readFileSync(join(root, toRepo(f))).equals(readFileSync(join(after, f))), `${f} differs from the expected fix`).toBe(true);
          expect(parses(root, toRepo(f)), `${f} no longer parses`).toBe(true);
        }

        const snapshot = files(root).map((f) => readFileSync(join(root, f), 'utf8'));
        await cli(root, ['fix', '--write']);
        expect(files(root).map((f) => readFileSync(join(root, f), 'utf8')), 'a second fix --write changed something').toEqual(snapshot);

        const rescan = JSON.parse((await cli(root, ['scan', '--format', 'json'])).stdout) as { findings: { ruleId: string; file: string; fixable: boolean }[] };
        for (const f of fixable) expect(rescan.findings.some((r) => r.ruleId === f.ruleId && r.file === f.file && r.fixable), `${f.ruleId} in ${f.file} still fixable`).toBe(false);
        const key = (f: { ruleId: string; file: string }) => `${f.ruleId} ${f.file}`;
        const known = new Set(scanBefore.findings.map(key));
        expect(rescan.findings.filter((f) => !known.has(key(f))).map(key), 'the fix introduced new findings').toEqual([]);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });
  }
});
