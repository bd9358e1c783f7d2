/**
 * Publicly known weak values: defaults of tutorials, docs and libraries. Compared case-insensitively,
 * and only as a whole value: a value that merely starts like one (`django-insecure-…`, `base64:…`,
 * `whsec_…`) is a known *shape* whose rest is the project's own secret, never a public value.
 * Sources: jwt.io's debugger default (`your-256-bit-secret`), express-session's README
 * (`keyboard cat`), the jsonwebtoken README (`shhhhh`), Flask/Django/Rails tutorials, the seeds.
 *
 * It lives in core because core alone decides what of a value may be shown (see redact.ts): a
 * value on this list is no secret and may be printed whole; any other value only as a preview.
 */
export const KNOWN_WEAK_VALUES: readonly string[] = [
  'your-256-bit-secret',
  'your-384-bit-secret',
  'your-512-bit-secret',
  'shhhhh',
  'shhhhhared-secret',
  'keyboard cat',
  'secret',
  'secret123',
  'secretkey',
  'secret_key',
  'secret-key',
  'mysecret',
  'mysecretkey',
  'my-secret',
  'my_secret',
  'my-secret-key',
  'my_secret_key',
  'mysupersecret',
  'supersecret',
  'supersecretkey',
  'super-secret',
  'super_secret',
  'super-secret-key',
  'topsecret',
  'jwt_secret',
  'jwt-secret',
  'jwtsecret',
  'jwt_secret_key',
  'jwt-secret-key',
  'jwtsecretkey',
  'your-secret-key',
  'your_secret_key',
  'your-jwt-secret',
  'your_jwt_secret',
  'your-secret-key-change-this-in-production',
  'your-super-secret-jwt-key',
  'changeme',
  'change-me',
  'change_me',
  'changeit',
  'password',
  'password123',
  'admin',
  'test',
  'testing',
  'dev',
  'development',
  'default',
  'key',
  'token',
  'abc123',
  '123456',
  '12345678',
  'qwerty',
  'letmein',
  'hello',
  'foobar',
  'notasecret',
  'not-a-secret',
  'insecure',
  'ThisIsMySecretKey',
  'thisismysecretkey',
  'this-is-a-secret',
  'development-secret',
  'dev-secret',
  'dev_secret',
  'test-secret',
  'test_secret',
  // Defaults of JWT libraries and tutorials, copied into real projects (each seen in public code).
  'a-string-secret-at-least-256-bits-long', // jwt.io debugger's current default
  'shhhhhhared-secret', // express-jwt README
  'secret key', // gin-jwt example
  'super secret key',
  'example_key', // firebase/php-jwt README
  'my$ecretK3y', // ruby-jwt README
  'SecretKeyToGenJWTs', // Auth0's Spring Boot JWT tutorial
  'you-will-never-guess', // Flask Mega-Tutorial
  'hard to guess string', // Flask Web Development
  'DO NOT USE THIS VALUE. INSTEAD, CREATE A COMPLEX SECRET AND KEEP IT SAFE OUTSIDE OF THE SOURCE CODE.', // NestJS docs
  '09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7', // FastAPI security tutorial
  'cc7e0d44fd473002f1c42167459001140ec6389b7353f8088f4d9a95f2f596f2', // panva/jose README
];

const publicSet = new Set(KNOWN_WEAK_VALUES.map((v) => v.toLowerCase()));

/** True when the whole value (as written, not trimmed) is a listed public value. */
export function isPublicValue(value: string): boolean {
  return publicSet.has(value.toLowerCase());
}
