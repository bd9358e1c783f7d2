import { describe, expect, it } from 'vitest';
import { createFingerprinter, fingerprintSecret, holdsSecret, NO_REPOSITORY_KEY, previewSecret } from '../../src/core/redact.js';

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

  it('holdsSecret: equal texts, or a long value inside; a common word inside a path is not a leak', () => {
    expect(holdsSecret('config', 'config')).toBe(true);
    expect(holdsSecret('config/settings.py', 'config')).toBe(false);
    expect(holdsSecret('x Zq8vK2mN5pR7tW y', 'Zq8vK2mN5pR7tW')).toBe(true);
    expect(holdsSecret('secret', 'secret')).toBe(false); // public: shown anyway
  });
});
