import { createHmac } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditSource, worktreeOptions } from '../../src/audit.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { isOpaqueShape, isOpaqueShapeV30, readsAsLeetPhrase } from '../../src/core/opaque-shape.js';
import { createFingerprinter, legacyFingerprintSecret, NO_REPOSITORY_KEY } from '../../src/core/redact.js';
import { worktreeSource } from '../../src/sources/worktree.js';
import { tempDir } from '../helpers/temp.js';

/**
 * A guessable value of 32 characters or more spelt in leet, or as a phrase, must take scrypt: a
 * fast fingerprint in a report would let anyone hash a wordlist of such phrases against it.
 */
const LEET = [
  's3cr3t-k3y-f0r-my-4pp-pr0duct10n-2024',
  'S3cr3tK3yF0rMyJwtT0k3nS1gn1ng2024!',
  'p@ssw0rd-f0r-th3-pr0duct10n-s3rv3r',
  'Th1s1sMyV3ryL0ngS3cr3tK3yF0rJWT!',
  'c0rr3ct-h0rs3-b4tt3ry-st4pl3-2024-x',
  'my_sup3r_s3cr3t_jwt_k3y_2024_v3ry_l0ng',
  'Tr0ub4dor&3-Tr0ub4dor&3-Tr0ub4dor&3',
  'sup3rs3cr3tjwtk3yf0rs1gn1ngt0k3ns',
  'MyS3cr3t!K3y#F0r$Pr0d%Acc3ss^T0k3n',
  'jwt-s1gn1ng-k3y-pr0d-2024-v2-sh0p-ap1',
];

describe('guessable values of 32+ characters take the slow fingerprint', () => {
  it('leet-spelt phrases are not opaque (v3.0 let them pass as random)', () => {
    for (const v of LEET) {
      expect(v.length, v).toBeGreaterThanOrEqual(32);
      expect(isOpaqueShape(v), v).toBe(false);
      expect(readsAsLeetPhrase(v), v).toBe(true);
    }
    // The defect this closes: the old shape test gave most of them the fast hash.
    expect(LEET.filter(isOpaqueShapeV30).length).toBeGreaterThanOrEqual(8);
    // A random key that holds digits is not read as leet.
    expect(readsAsLeetPhrase('Xk9mQ2vL7pR4tW8zN3bF6hJ1cY5dG0sA')).toBe(false);
  });

  it('a scan reports them with the scrypt fingerprint, never the fast keyed hash', async () => {
    const dir = tempDir('sh-leet-');
    writeFileSync(join(dir, 'settings.py'), 'import os\n' + LEET.map((v, i) => `JWT_SECRET_${i} = os.getenv("JWT_SECRET", "${v}")\n`).join(''));
    const fingerprints = createFingerprinter(NO_REPOSITORY_KEY);
    const result = await auditSource(dir, worktreeSource(worktreeOptions(dir, DEFAULT_CONFIG)), DEFAULT_CONFIG, { fingerprints });
    const found = result.findings.filter((f) => f.ruleId === 'hardcoded-default');
    expect(found).toHaveLength(LEET.length);
    expect(fingerprints.work.fast).toBe(0);
    expect(fingerprints.work.slow).toBe(LEET.length);
    const fast = (v: string) => createHmac('sha256', `secret-hygiene/fingerprint/v3\0${NO_REPOSITORY_KEY}`).update(v, 'utf8').digest('hex').slice(0, 20);
    for (const v of LEET) {
      const f = found.find((x) => x.secret?.fingerprint === legacyFingerprintSecret(v, NO_REPOSITORY_KEY));
      expect(f, v).toBeDefined();
      expect(JSON.stringify(result)).not.toContain(fast(v));
      // A baseline or pin written by v3.0 holds the fast one: it still matches, as an older fingerprint.
      if (isOpaqueShapeV30(v)) expect(fingerprints.legacyOf(f!.secret!.fingerprint)).toBe(fast(v));
    }
  }, 60_000);
});
