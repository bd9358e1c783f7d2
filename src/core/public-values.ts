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
  // Framework defaults and tutorial keys that real projects keep (each seen committed in public code).
  'SomeRandomString', // Laravel 5.0 config/app.php and .env.example APP_KEY default
  'SomeRandomKey',
  'ThisTokenIsNotSoSecretChangeIt', // Symfony 2/3 parameters.yml.dist `secret`
  'ThisIsNotSoSecretChangeIt',
  'AllYourBase', // golang-jwt HMAC example key
  'secretOrPrivateKey', // jsonwebtoken README's parameter name, pasted as the value
  'secretOrKey', // passport-jwt README's option name, pasted as the value
  'NeverShareYourSecret', // hapi-auth-jwt2 README
  'shared-secret', // koa-jwt README
  'shared_secret',
  'my_precious', // Real Python Flask authentication tutorial
  'thisissecret', // Flask-JWT tutorials
  'thisisasecret',
  'thisisthesecretkey',
  'this is my custom Secret key for authentication', // ASP.NET Core JWT tutorials
  'THIS IS USED TO SIGN AND VERIFY JWT TOKENS, REPLACE IT WITH YOUR OWN SECRET, IT CAN BE ANY STRING', // Jason Watmore's JWT tutorials
  'superSecretKey@345', // Code Maze ASP.NET Core JWT tutorial
  'bezkoder-secret-key', // BezKoder Node.js JWT tutorial
  'bezKoderSecretKey', // BezKoder Spring Boot JWT tutorial
  'javainuse', // JavaInUse Spring Boot JWT tutorial
  'my-secret-key-which-should-be-changed-in-production-and-be-base64-encoded', // JHipster application-dev.yml
  '404E635266556A586E3272357538782F413F4428472B4B6250645367566B5970', // Spring Security 6 JWT tutorials
  'tobemodified', // Strapi .env.example (JWT_SECRET, ADMIN_JWT_SECRET, API_TOKEN_SALT)
  'toBeModified1',
  'toBeModified2',
  'your-super-secret-jwt-token-with-at-least-32-characters-long', // Supabase self-hosting .env.example
  'Secret key. You can use `mix guardian.gen.secret` to get one', // Guardian README
  'secret_key_base', // the setting's name pasted as its value
  's3cr3t',
  's3cret',
  'secr3t',
  'p@ssw0rd',
  'passw0rd',
  'mysecretpassword',
  'secretpassword',
  'somesecret',
  'some-secret',
  'some_secret',
  'anothersecret',
  'secretsecret',
  'defaultsecret',
  'default-secret',
  'default_secret',
  'localsecret',
  'local-secret',
  'jwtkey',
  'jwt-key',
  'jwt_key',
  'signingkey',
  'signing-key',
  'signing_key',
  'sessionsecret',
  'session-secret',
  'session_secret',
  'cookiesecret',
  'cookie-secret',
  'appsecret',
  'app-secret',
  'app_secret',
  'hello world',
  'helloworld',
  'qwertyuiop',
  'asdfghjkl',
  '1qaz2wsx',
  'abcdef',
  'abcdefgh',
  '0123456789',
  '1234567890',
  'iloveyou',
  'welcome',
  'monkey',
  'dragon',
  'trustno1',
];

const publicSet = new Set(KNOWN_WEAK_VALUES.map((v) => v.toLowerCase()));

/** True when the whole value (as written, not trimmed) is a listed public value. */
export function isPublicValue(value: string): boolean {
  return publicSet.has(value.toLowerCase());
}
