import { describe, expect, it } from 'vitest';
import type { ScannedDocument } from '../../src/core/rule.js';
import type { FileRole, SecretAssignment } from '../../src/core/types.js';
import { isNonSecretData } from '../../src/rules/non-secret-data.js';
import { docOf } from '../helpers/parser-cases.js';

function judge(path: string, key: string, value: string, options: { role?: FileRole; text?: string } = {}): boolean {
  const doc = { document: docOf(path, options.text ?? `${key}: ${value}\n`), role: options.role ?? 'production', isExample: false } as unknown as ScannedDocument;
  const a = { key, context: {} } as unknown as SecretAssignment;
  return isNonSecretData(doc, a, value);
}

describe('isNonSecretData', () => {
  it('data under a secret-like name is not a secret', () => {
    expect(judge('resources/lang/de/auth.php', 'secret', 'Schlüssel')).toBe(true);
    expect(judge('src/labels.ts', 'secretKey', 'Secret key')).toBe(true);
    expect(judge('src/fields.py', 'TOKEN_SECRET', 'token_secret')).toBe(true);
    expect(judge('tests/test_api.py', 'secret_key', 'secret_value', { role: 'test' })).toBe(true);
    expect(judge('api/federation/contexts.py', 'encryptionKey', 'sec:encryptionKey')).toBe(true);
    expect(judge('vocab/security.json', 'privateKey', 'https://w3id.org/security#privateKey')).toBe(true);
    const chart = 'auth:\n  existingSecret: ""\n  hubInternalApiTokenKey: HUB_INTERNAL_API_TOKEN\n';
    expect(judge('charts/app/values.yaml', 'auth.hubInternalApiTokenKey', 'HUB_INTERNAL_API_TOKEN', { text: chart })).toBe(true);
  });

  it('a secret, however it is named, is judged', () => {
    // A publicly known value is weak even where it names its key.
    expect(judge('src/fields.py', 'SECRET_KEY', 'secret_key')).toBe(false);
    // Self-describing values count outside tests and docs.
    expect(judge('config/settings.py', 'secret_key', 'secret_value')).toBe(false);
    // A variable's name used as the key in code: the classic mistake, not a reference.
    expect(judge('src/auth/auth.service.ts', 'secret', 'ACCESS_JWT_SECRET')).toBe(false);
    // Without an existingSecret beside it, an upper-case value in YAML is a value.
    expect(judge('deploy/values.yaml', 'app.secretKey', 'APP_SIGNING_SECRET')).toBe(false);
    // Beside existingSecret, a placeholder still counts.
    const chart = 'auth:\n  existingSecret: ""\n  secretKey: CHANGE_ME\n';
    expect(judge('charts/app/values.yaml', 'auth.secretKey', 'CHANGE_ME', { text: chart })).toBe(false);
    // A term IRI must name the key itself.
    expect(judge('api/contexts.py', 'encryptionKey', 'sec:somethingElse')).toBe(false);
  });
});
