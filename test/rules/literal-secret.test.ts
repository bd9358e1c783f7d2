import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ScannedDocument } from '../../src/core/rule.js';
import { createSecretNameMatcher } from '../../src/core/secret-names.js';
import { createDocumentParser } from '../../src/parsers/index.js';
import { literalSecrets } from '../../src/rules/literal-secret.js';

// The key pair is generated here and discarded; the other value is made up.
const PEM = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const SETTINGS = { minSecretBytes: 32, extraWeakValues: [] };
const parse = createDocumentParser(createSecretNameMatcher());

function scanned(path: string, text: string): ScannedDocument {
  const document = { path, text, hasBom: false, origin: 'worktree' as const };
  return { document, parsed: parse(document), isExample: false, role: 'production' };
}

describe('literal secrets: the values the literal rules judge', () => {
  it('leaves a PEM private key under a secret name to committed-private-key: one finding per key', () => {
    const indented = PEM.trim().split('\n').map((l) => `    ${l}`).join('\n');
    const doc = scanned('config/application.yml', `jwt:\n  private-key: |\n${indented}\n  secret: Qv8mZ3xL7tB2nW6kR1pC9hF4jD0sAyGuE\n`);
    expect(doc.parsed.privateKeys?.length).toBe(1);
    // The key's setting is not a literal secret; the plain secret beside it still is.
    expect(literalSecrets(doc, SETTINGS).map((l) => l.a.keyId)).toEqual(['JWT_SECRET']);
  });

  it('still judges a literal that holds no private key, in a file that has one elsewhere', () => {
    const doc = scanned('app/settings.py', `SECRET_KEY = "Rk4nX8qM2vL6tZ9wB3cJ7hP1dF5gS0aYeT"\nKEY_PEM = """${PEM}"""\n`);
    expect(literalSecrets(doc, SETTINGS).map((l) => l.a.keyId)).toContain('SECRET_KEY');
  });
});
