import { createHash } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { VersionsRead } from '../../src/sources/versions-read.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const blob = (i: number) => createHash('sha1').update(String(i)).digest('hex');

describe('the versions a history audit has read', () => {
  it('tells a version met before from a new one, by blob and path', () => {
    const read = new VersionsRead();
    expect(read.firstTime(blob(1), 'a.json')).toBe(true);
    expect(read.firstTime(blob(1), 'a.json')).toBe(false);
    // The same content at another path is another version (read under that name).
    expect(read.firstTime(blob(1), 'b.json')).toBe(true);
    expect(read.firstTime(blob(2), 'a.json')).toBe(true);
    expect(read.wasText(blob(1), 'a.json')).toBe(false);
    read.markText(blob(1), 'a.json');
    expect(read.wasText(blob(1), 'a.json')).toBe(true);
    expect(read.wasText(blob(1), 'b.json')).toBe(false);
    expect(read.size).toBe(3);
  });

  it('keeps ids that are not hex apart from each other and from hex ones', () => {
    const read = new VersionsRead();
    expect(read.firstTime('HEAD:a', 'a')).toBe(true);
    expect(read.firstTime('HEAD:b', 'a')).toBe(true);
    expect(read.firstTime('abc', 'a')).toBe(true);
    expect(read.firstTime('HEAD:a', 'a')).toBe(false);
    // SHA-256 repositories: 64 hex digits.
    const long = createHash('sha256').update('x').digest('hex');
    expect(read.firstTime(long, 'a')).toBe(true);
    expect(read.firstTime(long, 'a')).toBe(false);
  });

  it('holds 100,000 versions in a few MiB, whatever strings the ids and paths were cut from', () => {
    gc();
    const before = process.memoryUsage().heapUsed;
    const read = new VersionsRead();
    for (let i = 0; i < 100_000; i++) {
      // As git log's raw lines give them: the id and the path are slices of a longer line.
      const line = `:100644 100644 ${blob(i + 1)} ${blob(i)} M apps/web/locales/section-${i % 2000}/messages.json`;
      read.firstTime(line.slice(56, 96), line.slice(99));
    }
    gc();
    const mib = (process.memoryUsage().heapUsed - before) / (1 << 20);
    expect(read.size).toBe(100_000);
    // Keys of `${blob}\0${path}` over those slices held about 20 MiB.
    expect(mib).toBeLessThan(9);
  });
});
