import { describe, expect, it } from 'vitest';
import { createFingerprinter, fingerprintSecret, holdsSecret, isPendingFingerprint, legacyFingerprintSecret, NO_REPOSITORY_KEY, previewSecret } from '../../src/core/redact.js';
import { isOpaqueShape } from '../../src/core/opaque-shape.js';

describe('what of a value may be shown', () => {
  it('shows a value whole only when the whole value is a listed public one', () => {
    expect(previewSecret('your-256-bit-secret')).toBe('your-256-bit-secret');
    expect(previewSecret('Changeme')).toBe('Changeme');
    // Known shapes are not public values: their rest is the project's own secret.
    const django = 'django-insecure-' + 'k3#n9x!q2v8z0w7r5t1y4u6i8o0p2a4s6d8f0g2h4j6k8l0z1x3c';
    expect(previewSecret(django)).toBe('djan…');
    expect(previewSecret('base64:' + 'A'.repeat(44))).toBe('base…');
    expect(previewSecret('whsec_' + 'b'.repeat(32))).toBe('whse…');
    expect(previewSecret('secret-but-longer')).toBe('secr…');
  });

  it('previews at most 4 characters and never more than a quarter', () => {
    expect(previewSecret('abcdefghijklmnop')).toBe('abcd…');
    expect(previewSecret('abcdefg')).toBe('a…');
    expect(previewSecret('abc')).toBe('…');
  });

  it('fingerprints stably per repository, differently across repositories, slowly', () => {
    const a = fingerprintSecret('Zq8vK2mN5pR7tW', 'git:' + '1'.repeat(40));
    expect(a).toMatch(/^[0-9a-f]{20}$/);
    expect(fingerprintSecret('Zq8vK2mN5pR7tW', 'git:' + '1'.repeat(40))).toBe(a);
    expect(fingerprintSecret('Zq8vK2mN5pR7tW', 'git:' + '2'.repeat(40))).not.toBe(a);
    expect(fingerprintSecret('Zq8vK2mN5pR7tX', 'git:' + '1'.repeat(40))).not.toBe(a);
    const fp = createFingerprinter(NO_REPOSITORY_KEY);
    expect(fp.fingerprint('abc')).toBe(fingerprintSecret('abc', NO_REPOSITORY_KEY));
  });

  it('scheme v3: a random-looking value gets the fast keyed hash, every other value keeps its v2 fingerprint', () => {
    const key = 'git:' + '1'.repeat(40);
    // Literal fingerprints: they are in committed baselines and pins, so they may never change.
    expect(fingerprintSecret('Zq8vK2mN5pR7tW', key)).toBe('c9e0f7c0733852f25c0b');
    expect(fingerprintSecret('my-super-secret-jwt-signing-key', key)).toBe('a3f806af56c9491c2c8e');
    const opaque = 'hQ7vK2mN5pR7tWxB3yC9dF4gJ6kL8zS1aE0uXo2';
    expect(isOpaqueShape(opaque)).toBe(true);
    expect(fingerprintSecret(opaque, key)).toBe('bdfaf6fcae8c892fe58b');
    expect(legacyFingerprintSecret(opaque, key)).toBe('9ebe3fe2470e21bc5c4b');
    expect(fingerprintSecret(opaque, 'git:' + '2'.repeat(40))).not.toBe('bdfaf6fcae8c892fe58b');
  });

  it('a run spends at most its budget of slow hashes; the fast tier and repeats are free of it', () => {
    const fp = createFingerprinter(NO_REPOSITORY_KEY, { slowUnits: 6 });
    expect(fp.budgeted('short-one')).toBe(fingerprintSecret('short-one', NO_REPOSITORY_KEY)); // 4 units
    expect(fp.budgeted('short-one')).toBeDefined(); // memoized: no cost
    expect(fp.budgeted('a-longer-guessable-value')).toBeDefined(); // 1 unit
    expect(fp.budgeted('short-two')).toBeUndefined(); // 4 more would exceed 6
    expect(fp.budgeted('another-longer-guessable-one')).toBeDefined(); // 1 unit: 6 in all
    expect(fp.budgeted('hQ7vK2mN5pR7tWxB3yC9dF4gJ6kL8zS1aE0uXo2')).toBeDefined(); // fast
    expect(fp.work).toEqual({ fast: 1, slow: 3, slowUnits: 6, refused: 1 });
    // Unbudgeted (one value a command asks about) always answers.
    expect(fp.fingerprint('short-two')).toBe(fingerprintSecret('short-two', NO_REPOSITORY_KEY));
  });

  it('deferred slow hashes: a placeholder at once, the same fingerprint once settled, the same budget spent', async () => {
    const fp = createFingerprinter(NO_REPOSITORY_KEY, { slowUnits: 6 });
    fp.defer();
    const first = fp.budgeted('short-one') as string;
    expect(isPendingFingerprint(first)).toBe(true);
    expect(fp.budgeted('short-one')).toBe(first); // the same value shares its placeholder
    const longer = fp.budgeted('a-longer-guessable-value') as string;
    expect(fp.budgeted('short-two')).toBeUndefined(); // over the budget, exactly as without deferring
    const opaque = 'hQ7vK2mN5pR7tWxB3yC9dF4gJ6kL8zS1aE0uXo2';
    expect(fp.budgeted(opaque)).toBe(fingerprintSecret(opaque, NO_REPOSITORY_KEY)); // the fast tier is never deferred
    // A command that needs one value at once gets it whole while its hash is still queued.
    expect(fp.fingerprint('short-one')).toBe(fingerprintSecret('short-one', NO_REPOSITORY_KEY));
    const settledAs = await fp.settle();
    expect(settledAs(first)).toBe(fingerprintSecret('short-one', NO_REPOSITORY_KEY));
    expect(settledAs(longer)).toBe(fingerprintSecret('a-longer-guessable-value', NO_REPOSITORY_KEY));
    expect(fp.work).toEqual({ fast: 1, slow: 2, slowUnits: 5, refused: 1 });
    // Settled: answers are whole again, from the memo.
    expect(fp.budgeted('short-one')).toBe(fingerprintSecret('short-one', NO_REPOSITORY_KEY));
    expect(fp.work.slow).toBe(2);
  });

  it('knows the v2 fingerprint of a fast-tier value it fingerprinted, within the budget', () => {
    const opaque = 'hQ7vK2mN5pR7tWxB3yC9dF4gJ6kL8zS1aE0uXo2';
    const fp = createFingerprinter(NO_REPOSITORY_KEY, { slowUnits: 1 });
    const now = fp.fingerprint(opaque);
    expect(fp.legacyOf(now)).toBe(legacyFingerprintSecret(opaque, NO_REPOSITORY_KEY));
    expect(fp.legacyOf(fp.fingerprint('guessable-but-long-value'))).toBeUndefined(); // same in v2
    expect(fp.legacyOf('0'.repeat(20))).toBeUndefined();
    const other = fp.fingerprint('pV4wK9mN2xR7tWqB3yC8dF5gJ6kL1zS0aH3uXj7');
    expect(fp.legacyOf(other)).toBeUndefined(); // the one unit is spent
  });

  it('holdsSecret: equal texts, or a long value inside; a common word inside a path is not a leak', () => {
    expect(holdsSecret('config', 'config')).toBe(true);
    expect(holdsSecret('config/settings.py', 'config')).toBe(false);
    expect(holdsSecret('x Zq8vK2mN5pR7tW y', 'Zq8vK2mN5pR7tW')).toBe(true);
    expect(holdsSecret('secret', 'secret')).toBe(false); // public: shown anyway
  });
});
