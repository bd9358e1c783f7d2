import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { loadConfig } from '../../src/config/load.js';
import { hash53, loadWeakValuesFile, wordlistFromText } from '../../src/config/weak-values-file.js';
import { assessSecret } from '../../src/rules/secret-strength.js';
import { cli } from '../helpers/cli.js';
import { git } from '../helpers/fixture-repo.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sh-wordlist-'));
  dirs.push(dir);
  for (const [p, t] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), t);
  }
  return dir;
}

// A value no built-in test calls weak (long, mixed, random-looking): only the user's list does.
const LISTED = 'Qm4vT9xK2pL7wZ3rB8nF5hJ1cD6gS0aE';
const WORDLIST = `# our leaked keys\n\nsecret\n${LISTED.toLowerCase()}\r\nkeyboard cat\n`;

describe('wordlistFromText', () => {
  it('holds hashes of the lowercased values, skipping blanks and comments, and matches in any case', () => {
    const list = wordlistFromText(WORDLIST, 'list');
    expect(list.size).toBe(3);
    expect(list.has(LISTED)).toBe(true);
    expect(list.has('Keyboard Cat')).toBe(true);
    expect(list.has('# our leaked keys')).toBe(false);
    expect(list.has('')).toBe(false);
    expect(list.has('Qm4vT9xK2pL7wZ3rB8nF5hJ1cD6gS0aF')).toBe(false);
  });

  it('keeps no value, only numbers', () => {
    const list = wordlistFromText(WORDLIST, 'list');
    expect(JSON.stringify(Object.values(list))).not.toMatch(/keyboard|secret/i);
  });

  it('is size-capped, and says so as a configuration problem', () => {
    expect(() => wordlistFromText('a\nb\nc\n', 'list', 2)).toThrow(/more than 2 values/);
  });

  it('spreads hashes: no collision among 200,000 distinct values', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 200_000; i++) seen.add(hash53(`value-${i}`));
    expect(seen.size).toBe(200_000);
  });
});

describe('assessSecret with a wordlist', () => {
  it('judges a listed value weak, and the same value strong without the list', () => {
    const weakList = wordlistFromText(WORDLIST, 'list');
    expect(assessSecret(LISTED, { minBytes: 32 })).toBeNull();
    expect(assessSecret(LISTED, { minBytes: 32, weakList })?.kind).toBe('listed');
  });
});

describe('weak-values-file in the configuration', () => {
  it('loads a path inside the repository and leaves the list itself out of the scan', async () => {
    const root = tree({ '.secret-hygiene.yml': 'weak-values-file: security/weak.txt\n', 'security/weak.txt': WORDLIST });
    const config = await loadConfig(root);
    expect(config.weakList?.has(LISTED)).toBe(true);
    expect(config.exclude).toContain('security/weak.txt');
  });

  it('refuses a missing file, a link and a link on the way, without quoting the file', async () => {
    const outside = tree({ 'list.txt': 'outside-secret-value\n' });
    const missing = tree({ '.secret-hygiene.yml': 'weak-values-file: nope.txt\n' });
    await expect(loadConfig(missing)).rejects.toThrow(/does not exist/);
    const linked = tree({ '.secret-hygiene.yml': 'weak-values-file: weak.txt\n' });
    symlinkSync(join(outside, 'list.txt'), join(linked, 'weak.txt'));
    const e1 = await loadConfig(linked).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(ConfigError);
    expect((e1 as Error).message).toMatch(/symbolic link/);
    expect((e1 as Error).message).not.toContain('outside-secret-value');
    const viaDir = tree({ '.secret-hygiene.yml': 'weak-values-file: lists/list.txt\n' });
    symlinkSync(outside, join(viaDir, 'lists'));
    await expect(loadConfig(viaDir)).rejects.toThrow(/symbolic link/);
  });

  it('refuses a directory', () => {
    const root = tree({ 'lists/a.txt': 'x\n' });
    expect(() => loadWeakValuesFile(root, 'lists', 'config')).toThrow(/directory/);
  });
});

describe('scan --weak-values-file', () => {
  const repo = (): string => {
    const root = tree({ 'config/settings.py': `import os\nSECRET_KEY = "${LISTED}"\n` });
    git(root, 'init', '-q');
    git(root, 'add', '-A');
    return root;
  };

  it('reports a value the list holds as weak (the list may be outside the repository)', async () => {
    const root = repo();
    const lists = tree({ 'jwt.secrets.list': WORDLIST });
    const without = await cli(root, ['scan', '.', '--format', 'json']);
    expect(JSON.parse(without.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain('weak-secret');
    const withList = await cli(root, ['scan', '.', '--format', 'json', '--weak-values-file', join(lists, 'jwt.secrets.list')]);
    const weak = JSON.parse(withList.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'weak-secret');
    expect(weak).toHaveLength(1);
    expect(withList.stdout).not.toContain(LISTED);
  });

  it('exits 2 when the list cannot be read', async () => {
    const r = await cli(repo(), ['scan', '.', '--weak-values-file', 'missing.txt']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/weak-values-file 'missing.txt'.*does not exist/s);
  });
});
