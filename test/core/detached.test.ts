import { createHash } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { detached } from '../../src/core/detached.js';
import { createFingerprinter } from '../../src/core/redact.js';
import { normalizeKey } from '../../src/core/secret-names.js';
import { keyIdOf } from '../../src/parsers/code/walk.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap growth (MiB) left after `remember` has seen a name cut from each of 40 distinct 1 MiB documents, and they are dropped. */
function retainedBy(remember: (name: string) => void): number {
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 40; i++) {
    // A generated key's shape: the fingerprinter's fast tier, which it remembers without a budget.
    const value = createHash('sha256').update(String(i)).digest('base64url');
    const text = `${'x'.repeat(1 << 20)}\nJWT_SECRET_KEY_${i}_PRODUCTION = "${value}"\n`;
    const line = text.slice((1 << 20) + 1);
    remember(line.slice(0, line.indexOf(' ')));
    remember(line.slice(line.indexOf('"') + 1, line.lastIndexOf('"')));
  }
  gc();
  return (process.memoryUsage().heapUsed - before) / (1 << 20);
}

describe('memos outlive the documents their keys are cut from', () => {
  it('a detached copy is equal and keeps no document alive', () => {
    const kept: string[] = [];
    expect(retainedBy((s) => kept.push(detached(s)))).toBeLessThan(8);
    expect(kept[0]).toBe('JWT_SECRET_KEY_0_PRODUCTION');
    expect(detached('short')).toBe('short');
  });

  it('the control: slices kept as they are hold their documents (so the measure can fail)', () => {
    const kept: string[] = [];
    expect(retainedBy((s) => kept.push(s))).toBeGreaterThan(30);
    expect(kept.length).toBe(80);
  });

  it("the code parser's and the name matcher's memos of names", () => {
    expect(retainedBy((s) => void keyIdOf(s))).toBeLessThan(8);
    expect(retainedBy((s) => void normalizeKey(s))).toBeLessThan(8);
  });

  it("the fingerprinter's memo of values", () => {
    const fingerprints = createFingerprinter('git:test', { slowUnits: 0 });
    expect(retainedBy((s) => void fingerprints.budgeted(s))).toBeLessThan(8);
    // Most generated values take the fast tier (a few read as words); those are what the memo holds.
    expect(fingerprints.work.fast).toBeGreaterThan(20);
  });
});
