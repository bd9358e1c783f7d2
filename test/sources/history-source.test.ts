import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Document } from '../../src/core/types.js';
import { historySource } from '../../src/sources/history.js';
import { git } from '../helpers/fixture-repo.js';
import { tempDir } from '../helpers/temp.js';

/**
 * The history source reads ahead of its consumer (many commits' blobs in flight at once); what it
 * yields must still be each version once, in commit order, whole, with oversized and binary
 * versions skipped exactly as when it read one commit at a time.
 */

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A repository built with fast-import: `commits[i]` maps paths to contents (null deletes). */
function repoOf(commits: Record<string, string | Buffer | null>[]): string {
  const dir = tempDir('sh-history-source-');
  dirs.push(dir);
  git(dir, 'init', '-q', '-b', 'main');
  const chunks: Buffer[] = [];
  commits.forEach((files, i) => {
    chunks.push(Buffer.from(`commit refs/heads/main\ncommitter t <t@example.invalid> ${1700000000 + i * 60} +0000\ndata 1\nc\n`));
    for (const [path, content] of Object.entries(files)) {
      if (content === null) chunks.push(Buffer.from(`D ${path}\n`));
      else {
        const body = Buffer.from(content);
        chunks.push(Buffer.from(`M 100644 inline ${path}\ndata ${body.length}\n`), body, Buffer.from('\n'));
      }
    }
    chunks.push(Buffer.from('\n'));
  });
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: Buffer.concat(chunks) });
  return dir;
}

async function collect(root: string, maxFileBytes: number, stopAfter = Infinity) {
  const source = historySource({ root, maxFileBytes, exclude: ['vendor/**'], isScannable: (p) => !p.endsWith('.skip') });
  const docs: Document[] = [];
  for await (const d of source.documents()) {
    docs.push(d);
    if (docs.length >= stopAfter) break;
  }
  return { docs, problems: source.problems, bytesRead: source.bytesRead };
}

describe('historySource reading ahead', () => {
  // Versions from a few bytes to over 100 KiB, so answers span the pipe's chunks in every way.
  const size = (i: number) => (i * 7919) % 150_000;
  const text = (i: number) => `# version ${i}\n` + 'x'.repeat(size(i)) + '\n';
  const commits: Record<string, string | Buffer | null>[] = [];
  for (let i = 0; i < 400; i++) {
    const files: Record<string, string | Buffer | null> = { [`app/f${i % 13}.py`]: text(i) };
    if (i % 50 === 7) files['assets/blob.env'] = Buffer.from([1, 0, 2, i & 0xff]);
    if (i % 61 === 3) files[`copies/c${i}.py`] = text(1); // a version already read, under another path: read again
    if (i % 17 === 0) files['notes.skip'] = `not scannable ${i}\n`;
    if (i % 19 === 0) files['vendor/lib.py'] = `excluded ${i}\n`;
    if (i === 200) files['app/f0.py'] = null;
    commits.push(files);
  }
  const cap = 100_000;

  it('yields every small-enough version once, in commit order, byte for byte', async () => {
    const root = repoOf(commits);
    const { docs, problems, bytesRead } = await collect(root, cap);
    const expected: { path: string; text: string }[] = [];
    const seen = new Set<string>();
    commits.forEach((files) => {
      for (const [path, content] of Object.entries(files)) {
        if (content === null || typeof content !== 'string' || path.endsWith('.skip') || path.startsWith('vendor/')) continue;
        if (seen.has(`${path}\0${content}`)) continue;
        seen.add(`${path}\0${content}`);
        if (Buffer.byteLength(content) <= cap) expected.push({ path, text: content });
      }
    });
    expect(docs.map((d) => ({ path: d.path, text: d.text }))).toEqual(expected);
    expect(bytesRead).toBe(expected.reduce((n, e) => n + Buffer.byteLength(e.text), 0) + 8 * 4);
    const shas = git(root, 'rev-list', '--reverse', 'main').trim().split('\n');
    const order = docs.map((d) => shas.indexOf(d.commit?.sha ?? ''));
    expect(order.every((o, i) => o >= 0 && (i === 0 || o >= (order[i - 1] as number)))).toBe(true);
    expect(problems.filter((p) => p.reason === 'skipped: binary file')).toEqual([{ file: 'assets/blob.env', reason: 'skipped: binary file' }]);
    expect(problems.some((p) => p.reason.includes('over the size cap of 100000'))).toBe(true);
  });

  it('stops its git processes when the consumer stops early', async () => {
    const root = repoOf(commits);
    const { docs } = await collect(root, cap, 5);
    expect(docs).toHaveLength(5);
  });
});
