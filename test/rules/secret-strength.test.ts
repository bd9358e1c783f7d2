import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { assessSecret, isNotASecret, minBytesForAlgorithm } from '../../src/rules/secret-strength.js';
import { createSecretNameMatcher, isSharedAppVariable, normalizeKey, roleOf } from '../../src/core/secret-names.js';

const opts = { minBytes: 32 };

describe('assessSecret', () => {
  it.each([
    ['your-256-bit-secret', 'known'],
    ['keyboard cat', 'known'],
    ['shhhhh', 'known'],
    ['secret123', 'known'],
    ['admin', 'known'],
    ['django-insecure-8c#7k2!x0(a)b9z$e1w@q3r5t6y7u8i9o0p', 'known'],
    ['your-secret-key-change-this-in-production', 'known'],
    ['dev_secret_xxxx', 'placeholder'],
    ['<your_generated_secret_key_here>', 'placeholder'],
    ['YOUR_GENERATED_SECRET_WILL_APPEAR_HERE', 'placeholder'],
    ['please-change-me-before-deploying-this-app', 'placeholder'],
    ['my-jwt-secret-key-123', 'guessable'],
    ['Qw3rTy7UiOp9AsDf', 'guessable'],
    ['abababababababababababababababababababab', 'guessable'],
    ['Xk9pQ2mZ7rLw', 'short'],
    ['kz9kz9mq2kz9mq2kz9kz9mq2mq2kz9kz9mq2kz9mq2', 'low-entropy'],
    ['123456', 'known'],
    ['233', 'guessable'],
    ['1234567890123456789012345678901234567', 'guessable'],
  ])('%s is %s', (value, kind) => {
    expect(assessSecret(value, opts)?.kind).toBe(kind);
  });

  it('accepts strong values, including the seeds\' example of a good key', () => {
    expect(assessSecret('sk8dKj29mN3pQ7vX2zY9wR5uT8sL6fH4jK2nM9pQ3rT7vY', opts)).toBeNull();
    expect(assessSecret('Kj8Vx2Ym_5qN9wLpZ3rTc7Uf1hAs6Dg0iEoWbXvYnMzQlRkUjHtGfCsPaN4rBemI', opts)).toBeNull();
  });

  it('does not flag random secrets as placeholders (5000 token_urlsafe(64) and hex(32) draws)', () => {
    let flagged = 0;
    for (let i = 0; i < 5000; i++) {
      if (assessSecret(randomBytes(64).toString('base64url'), opts) !== null) flagged++;
      if (assessSecret(randomBytes(32).toString('hex'), opts) !== null) flagged++;
    }
    expect(flagged).toBe(0);
  });

  it('knows the RFC 7518 §3.2 minimums and names them', () => {
    expect(minBytesForAlgorithm('HS256')).toBe(32);
    expect(minBytesForAlgorithm('HS384')).toBe(48);
    expect(minBytesForAlgorithm('HS512')).toBe(64);
    expect(assessSecret(randomBytes(40).toString('hex').slice(0, 50), { minBytes: 64 })?.reason).toMatch(/64 random bytes \(HS512/);
  });

  it.each([
    'true', '80', '1.5', 'https://vault.example.com/v1/secret', '/run/secrets/jwt', 'arn:aws:secretsmanager:eu-west-1:1:secret:x',
    '%kernel.project_dir%/config/jwt/private.pem', '${APP_HOME}/keys/jwt.pem', '$HOME/.keys/jwt.key', 'config/jwt/private.pem',
  ])('%s is not a secret', (v) => {
    expect(isNotASecret(v)).toBe(true);
  });
});

describe('secret names', () => {
  const m = createSecretNameMatcher(['MY_CUSTOM_SIGNER']);
  it.each(['JWT_SECRET_KEY', 'jwt.secret', 'jwtSecret', 'DJANGO_SECRET_KEY', 'SECRET_KEY_BASE', 'app.jwt-secret', 'JWT_SECRET_KEY_PREVIOUS', 'my-custom-signer', 'SIMPLE_JWT[\'SIGNING_KEY\']'])('%s is secret-named', (k) => {
    expect(m.isSecretKey(normalizeKey(k))).toBe(true);
  });
  it.each(['SECRET_KEY_FILE', 'JWT_ALGORITHM', 'ACCESS_TOKEN_EXPIRE_MINUTES', 'DATABASE_URL', 'PUBLIC_KEY'])('%s is not', (k) => {
    expect(m.isSecretKey(normalizeKey(k))).toBe(false);
  });
  // Names seen in real repositories: recognised by what they contain, not by a fixed suffix.
  it.each([
    'JWT_SECRET_KEY_V2', 'SECRET_KEY_1', 'JWT_SALT', 'STRIPE_SHARED_SECRET', 'GITHUB_WEBHOOK_SECRET', 'WEBHOOK_SECRET',
    'HMAC_SECRET', 'hmac_secret', 'HMAC_KEY', 'INTERNAL_API_TOKEN', 'INTERNAL_SERVICE_TOKEN', 'AppSettings:Secret',
    'JwtSettings.Secret', 'Jwt:Key', 'jwt.secret', 'play.http.secret.key', 'secret_key_base', 'secret_key',
    'SECRET_KEY_FLASK', 'SECRET_KEY_DJ', 'JWTSECRET', 'secretkey', 'DJANGO_SECRET', 'API_SECRET', 'JWT_PRIVATE_KEY',
    'ENCRYPTION_KEY', 'sharedSecret', 'secretOrKey', 'config.secret_token', 'CUBEJS_API_SECRET', 'JwtSecret',
    'jwtRefreshKey', 'SESSION_KEY',
  ])('%s is secret-named by what it contains', (k) => {
    expect(m.isSecretKey(normalizeKey(k))).toBe(true);
  });
  it.each([
    'JWT_PUBLIC_KEY', 'JWT_SECRET_EXPIRES_IN', 'GOOGLE_CLIENT_SECRET', 'AWS_SECRET_ACCESS_KEY', 'SESSION_KEY_PREFIX',
    'JWT_KEY_ID', 'JWT_TOKEN', 'GITHUB_TOKEN', 'AWS_SESSION_TOKEN', 'SECRET_NAME', 'DB_SECRET', 'JWT_EXPIRES_IN',
    'SECRET_KEY_BASE_DUMMY', 'SECRETS_DIR', 'API_KEY', 'JWT_ISSUER', 'SECRET_ARN', 'TOKEN', 'KEY', 'PASSWORD',
    'jwt_secret_length', 'secretName', 'VAULT_SECRET_PATH', 'JWT_SECRET_FILE', 'APP_KEY_PATH',
    'SECRET_KEY_1_ROTATED_AT', 'JWT_SECRET_CREATED', 'HMAC_SECRET_UPDATED_AT', 'jwtSecretRotationDate',
  ])('%s names something about a secret, not a secret', (k) => {
    expect(m.isSecretKey(normalizeKey(k))).toBe(false);
  });
  it.each(['SECRET_KEY', 'DJANGO_SECRET_KEY', 'SECRET_KEY_BASE', 'RAILS_SECRET_KEY_BASE', 'APP_KEY', 'SESSION_SECRET', 'API_SECRET'])(
    '%s is the application\'s own variable: a JWT key read from it shares the key',
    (k) => expect(isSharedAppVariable(k)).toBe(true),
  );
  it.each(['GUARDIAN_SECRET_KEY', 'KNOCK_SECRET_KEY', 'SECRET_KEY_GUARDIAN', 'SECRET', 'JWT_SECRET_KEY', 'DATABASE_URL'])(
    '%s is another component\'s own variable (or no key at all)',
    (k) => expect(isSharedAppVariable(k)).toBe(false),
  );
  it('assigns roles for reuse checks', () => {
    expect(roleOf('JWT_SECRET_KEY')).toBe('jwt');
    expect(roleOf('SIGNING_KEY')).toBe('jwt');
    expect(roleOf('SECRET_KEY')).toBe('app');
    expect(roleOf('SESSION_SECRET')).toBe('session');
  });
});
