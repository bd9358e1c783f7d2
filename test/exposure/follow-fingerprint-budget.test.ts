import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { createFingerprinter, fingerprintSecret, NO_REPOSITORY_KEY, SLOW_FINGERPRINT_UNITS, SLOW_FINGERPRINT_UNITS_ENV, slowFingerprintBudget } from '../../src/core/redact.js';
import { followFingerprint } from '../../src/exposure/follow-fingerprint.js';
import { cli } from '../helpers/cli.js';
import { datedHistory } from '../helpers/fixture-repo.js';
import { tempDir } from '../helpers/temp.js';

/**
 * `exposure --fingerprint` hashes every secret value a repository holds until one matches: a
 * repository that plants thousands of short values (each a scrypt) must cost a bounded budget,
 * and a search the budget cut must not claim that no value has the fingerprint.
 */
const settings = (n: number, offset = 0) => 'import os\n' + Array.from({ length: n }, (_, i) => `JWT_SECRET_${i} = os.getenv("JWT_SECRET", "dflt-${String(i + offset).padStart(5, '0')}")\n`).join('');
const range = {};

describe('exposure --fingerprint on a hostile repository', () => {
  it('spends at most the slow-hash budget: doubling the planted values doubles the work until it, then stops', async () => {
    const budget = 4 * 6; // 6 short values (4 units each)
    const follow = async (n: number) => {
      const dir = tempDir('sh-follow-');
      writeFileSync(join(dir, 'settings.py'), settings(n));
      const fingerprints = createFingerprinter(NO_REPOSITORY_KEY, { slowUnits: budget });
      const followed = await followFingerprint(dir, '0123456789abcdef0123', DEFAULT_CONFIG, range, fingerprints);
      return { ...followed, work: { ...fingerprints.work } };
    };
    const a = await follow(2);
    const b = await follow(4);
    expect(b.work.slowUnits / a.work.slowUnits).toBe(2);
    expect([a.unchecked, b.unchecked]).toEqual([0, 0]);
    const c = await follow(400);
    const d = await follow(800);
    expect([c.work.slowUnits, d.work.slowUnits]).toEqual([budget, budget]);
    // Every value past the budget is counted, once.
    expect([c.unchecked, d.unchecked]).toEqual([394, 794]);
    expect(d.key).toBeNull();
  }, 60_000);

  it('still finds a value the budget reached, in the tree or in the history', async () => {
    const { dir, commit } = datedHistory('sh-follow-hist-');
    commit({ 'settings.py': settings(5) });
    commit({ 'settings.py': settings(5, 100) });
    const wanted = fingerprintSecret('dflt-00002', NO_REPOSITORY_KEY).slice(0, 8);
    const fingerprints = createFingerprinter(NO_REPOSITORY_KEY, { slowUnits: 4 * 12 });
    // Keyed as the scan of this repository keys it is the CLI's concern; the search is the same.
    const followed = await followFingerprint(dir, wanted, DEFAULT_CONFIG, range, fingerprints);
    expect(followed.key).not.toBeNull();
    expect(followed.unchecked).toBe(0);
  });

  it('the CLI exits 2 saying what the budget left unchecked, never "no value has it"', async () => {
    // The run's budget lowered to 8 units (2 short values); the default, 1,024, costs ~8 s by design.
    vi.stubEnv(SLOW_FINGERPRINT_UNITS_ENV, '8');
    try {
      const dir = tempDir('sh-follow-cli-');
      writeFileSync(join(dir, 'settings.py'), settings(30));
      const r = await cli(dir, ['exposure', '--fingerprint', '0123456789abcdef0123']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/no value checked has the fingerprint 0123456789abcdef0123, but 28 distinct values were not fingerprinted: this run's budget of slow fingerprints \(8 units\) was spent/);
      expect(r.stderr).toMatch(/--since or --max-count, or give the key itself with --from-file/);
      // A budget that reached every value answers as before.
      writeFileSync(join(dir, 'settings.py'), settings(2));
      const none = await cli(dir, ['exposure', '--fingerprint', '0123456789abcdef0123']);
      expect(none.code).toBe(0);
      expect(none.stdout).toContain('No secret value the scan sees');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('the environment can lower the budget, never raise it', () => {
    expect(slowFingerprintBudget({})).toBe(SLOW_FINGERPRINT_UNITS);
    expect(slowFingerprintBudget({ [SLOW_FINGERPRINT_UNITS_ENV]: '8' })).toBe(8);
    expect(slowFingerprintBudget({ [SLOW_FINGERPRINT_UNITS_ENV]: '0' })).toBe(0);
    expect(slowFingerprintBudget({ [SLOW_FINGERPRINT_UNITS_ENV]: '99999999' })).toBe(SLOW_FINGERPRINT_UNITS);
    expect(slowFingerprintBudget({ [SLOW_FINGERPRINT_UNITS_ENV]: '-1' })).toBe(SLOW_FINGERPRINT_UNITS);
    expect(slowFingerprintBudget({ [SLOW_FINGERPRINT_UNITS_ENV]: 'lots' })).toBe(SLOW_FINGERPRINT_UNITS);
  });
});
