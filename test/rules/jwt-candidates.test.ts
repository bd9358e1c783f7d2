import { describe, expect, it } from 'vitest';
import type { ScannedDocument } from '../../src/core/rule.js';
import type { SecretAssignment } from '../../src/core/types.js';
import { base64Bytes, buildCandidates, publicVariants, repositoryKeyPlaces } from '../../src/rules/jwt-candidates.js';
import { KNOWN_WEAK_VALUES } from '../../src/rules/secret-strength.js';

// Planted values: made up for these tests (`not-a-real-...`), never printed by the tool.

function scanned(path: string, assignments: Partial<SecretAssignment>[]): ScannedDocument {
  return {
    document: { path, text: '', hasBom: false, origin: 'worktree' },
    parsed: {
      format: 'dotenv',
      assignments: assignments.map((a) => ({
        key: a.key ?? 'JWT_SECRET',
        keyId: a.keyId ?? 'JWT_SECRET',
        origin: a.origin ?? 'literal',
        span: { start: 0, end: 1 },
        context: { format: 'dotenv', isExample: false },
        ...a,
      })) as SecretAssignment[],
      uses: [],
      problems: [],
    },
    isExample: false,
    role: 'production',
  };
}

describe('candidate keys', () => {
  it('puts the public list first, then configured values, then repository keys (JWT keys first), then variants', () => {
    const docs = [
      scanned('.env', [
        { key: 'DB_PASSWORD', keyId: 'DB_PASSWORD', value: 'not-a-real-db-secret' },
        { key: 'SECRET_KEY', keyId: 'SECRET_KEY', value: 'not-a-real-app-secret' },
        { key: 'JWT_SECRET', keyId: 'JWT_SECRET', value: 'not-a-real-jwt-secret' },
        { key: 'JWT_SECRET', keyId: 'JWT_SECRET', origin: 'env' },
      ]),
    ];
    expect(repositoryKeyPlaces(docs).map((p) => p.a.value)).toEqual(['not-a-real-jwt-secret', 'not-a-real-app-secret', 'not-a-real-db-secret']);
    const c = buildCandidates(docs, ['our-old-demo-key']);
    const n = KNOWN_WEAK_VALUES.length;
    expect(c[0]?.publicValue).toBe(KNOWN_WEAK_VALUES[0]);
    expect(c[n]?.configured).toBe(true);
    expect(c[n + 1]?.places[0]?.a.value).toBe('not-a-real-jwt-secret');
    expect(c[n + 3]?.places[0]?.a.value).toBe('not-a-real-db-secret');
    expect(c.slice(n + 4).every((x) => x.publicValue !== undefined && x.places.length === 0)).toBe(true);
  });

  it('de-duplicates by bytes and keeps every place of a value', () => {
    const docs = [
      scanned('.env', [{ value: 'not-a-real-shared-key' }]),
      scanned('docker-compose.yml', [{ value: 'not-a-real-shared-key', origin: 'default' }, { value: 'secret' }]),
    ];
    const c = buildCandidates(docs, []);
    const shared = c.filter((x) => x.places.some((p) => p.a.value === 'not-a-real-shared-key'));
    expect(shared).toHaveLength(1);
    expect(shared[0]?.places.map((p) => p.doc.document.path)).toEqual(['.env', 'docker-compose.yml']);
    // A repository value that is also public is one candidate, both public and placed.
    const secret = c.filter((x) => x.publicValue === 'secret');
    expect(secret).toHaveLength(1);
    expect(secret[0]?.places).toHaveLength(1);
    expect(new Set(c.map((x) => x.key.export().toString('latin1'))).size).toBe(c.length);
  });

  it('also tries a base64-looking value decoded', () => {
    const text = 'not-a-real-key-base64-candidate-0123456789';
    const encoded = Buffer.from(text).toString('base64');
    expect(base64Bytes(encoded)?.toString()).toBe(text);
    expect(base64Bytes('0123456789abcdef0123456789abcdef')).toBeNull(); // hex is used as text
    expect(base64Bytes('short')).toBeNull();
    expect(base64Bytes('has spaces in it, not base64 at all')).toBeNull();
    const c = buildCandidates([scanned('application.properties', [{ value: encoded }])], []);
    expect(c.some((x) => x.decoded && x.key.export().toString() === text)).toBe(true);
  });

  it('derives common variants of the public values', () => {
    const v = publicVariants(['my-secret-key', 'secret', 'your-256-bit-secret', 'my$ecretK3y']);
    expect(v).toEqual(expect.arrayContaining(['my_secret_key', 'mysecretkey', 'MY-SECRET-KEY', 'My_secret_key', 'Secret', 'SECRET', 'secret123']));
    expect(v).not.toContain('secret'); // originals are not repeated
    expect(v.some((x) => x.startsWith('my$'))).toBe(false); // only plain words get variants
  });

  it('counts the places a key is set as files and keys: versions of one file setting one key are one place', () => {
    const v1 = scanned('config/.env', [{ value: 'not-a-real-versioned-key' }]);
    const v2 = scanned('config/.env', [{ value: 'not-a-real-versioned-key' }]);
    const other = scanned('deploy/.env.prod', [{ value: 'not-a-real-versioned-key' }]);
    const c = buildCandidates([v1, v2, other], []).find((x) => x.places.some((p) => p.a.value === 'not-a-real-versioned-key'));
    expect(c?.places.map((p) => p.doc.document.path)).toEqual(['config/.env', 'deploy/.env.prod']);
    expect(c?.places[0]?.doc).toBe(v1); // the first version that sets it
  });

  it('keeps two settings in one document, and two keys of one file, as places of their own', () => {
    const doc = scanned('.env', [
      { key: 'JWT_SECRET', keyId: 'JWT_SECRET', value: 'not-a-real-twice-set-key' },
      { key: 'JWT_SECRET', keyId: 'JWT_SECRET', value: 'not-a-real-twice-set-key' },
      { key: 'SECRET_KEY', keyId: 'SECRET_KEY', value: 'not-a-real-twice-set-key' },
    ]);
    const c = buildCandidates([doc], []).find((x) => x.places.length > 0);
    expect(c?.places.map((p) => p.a.keyId)).toEqual(['JWT_SECRET', 'JWT_SECRET', 'SECRET_KEY']);
  });

  it('marks the spellings derived from public values as variants, and only those', () => {
    const c = buildCandidates([], []);
    expect(c.filter((x) => x.variant).every((x) => !KNOWN_WEAK_VALUES.includes(x.publicValue as string))).toBe(true);
    expect(c.some((x) => x.variant && x.publicValue === 'Secret')).toBe(true);
    expect(c.find((x) => x.publicValue === 'secret')?.variant).toBeUndefined();
  });
});
