import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { worktreeOptions } from '../../src/audit.js';
import { worktreeSource } from '../../src/sources/worktree.js';
import { git } from '../helpers/fixture-repo.js';
import { tempDir } from '../helpers/temp.js';

// Placeholder values made up for this test.
const settings = (i: number) => `import os\nSECRET_KEY = os.getenv("SECRET_KEY", "not-a-real-value-${i}")\n`;

describe('the work tree read as git grep names its files', () => {
  it('reads every file git names, also where git\'s byte order and the scan\'s sort disagree (non-BMP names)', async () => {
    const dir = tempDir('sh-grep-order-');
    // U+FF21 sorts before U+1F600 in UTF-8 bytes (git) and after it in UTF-16 units (JavaScript).
    const names = ['\uFF21/settings.py', '\u{1F600}/settings.py', 'a/settings.py', 'z/settings.py'];
    names.forEach((n, i) => {
      mkdirSync(join(dir, n, '..'), { recursive: true });
      writeFileSync(join(dir, n), settings(i));
    });
    for (let i = 0; i < 50; i++) {
      mkdirSync(join(dir, 'plain'), { recursive: true });
      writeFileSync(join(dir, `plain/m${i}.py`), 'def f():\n    return 1\n');
    }
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    const seen: number[] = [];
    const source = worktreeSource({ ...worktreeOptions(dir, DEFAULT_CONFIG), onRead: (done, total) => seen.push(done, total) });
    await source.facts();
    const read: string[] = [];
    for await (const doc of source.documents()) read.push(doc.path);
    expect([...read].sort()).toEqual([...names].sort());
    expect(source.filesListed).toBe(54);
    // Progress counts every listed file, read or left out by the content words.
    expect(seen.slice(-2)).toEqual([54, 54]);
  });
});
