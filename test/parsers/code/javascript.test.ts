import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { checkSyntax, fixedVariants, parse, runCases, type Case } from './harness.js';

const js = (name: string, text: string, expected: Case['expected'], uses?: Case['uses'], path = 'src/config.js'): Case => ({
  name,
  path,
  text,
  expected,
  ...(uses ? { uses } : {}),
});
const tsx = (name: string, text: string, expected: Case['expected'], uses?: Case['uses']): Case => js(name, text, expected, uses, 'src/config.ts');

describe('javascript/typescript: catching cases', () => {
  runCases([
    js('process.env.K || "x"', 'const JWT_SECRET = process.env.JWT_SECRET || "secret";\n', [
      { key: 'JWT_SECRET', keyId: 'JWT_SECRET', envName: 'JWT_SECRET', origin: 'default', value: 'secret', line: 1, spanText: 'secret' },
    ]),
    js("process.env['K'] ?? 'x'", "const s = process.env['SESSION_SECRET'] ?? 'keyboard cat';\n", [{ key: 'SESSION_SECRET', origin: 'default', value: 'keyboard cat' }]),
    js('template literal without ${} is a literal default', 'const s = process.env.JWT_SECRET || `tmpl`;\n', [{ key: 'JWT_SECRET', origin: 'default', value: 'tmpl' }]),
    js('operator on the next line', 'module.exports = {\n  jwtSecret: process.env.JWT_SECRET\n    || "multi",\n};\n', [{ key: 'JWT_SECRET', origin: 'default', value: 'multi', line: 3 }]),
    js('env name not secret-named: the object key names it', 'const config = { jwtSecret: process.env.TOKEN || "obj" };\n', [{ key: 'jwtSecret', keyId: 'JWT_SECRET', envName: 'TOKEN', origin: 'default', value: 'obj' }]),
    js('import.meta.env (Vite)', 'const s = import.meta.env.VITE_JWT_SECRET || "vite";\n', [{ key: 'VITE_JWT_SECRET', origin: 'default', value: 'vite' }]),
    js('destructuring defaults from process.env', 'const { JWT_SECRET = "destr", PORT = 3000, SESSION_SECRET: sessionSecret = \'aliased\', SECRET_KEY } = process.env;\n', [
      { key: 'JWT_SECRET', origin: 'default', value: 'destr', spanText: 'destr' },
      { key: 'SESSION_SECRET', origin: 'default', value: 'aliased' },
      { key: 'SECRET_KEY', origin: 'env' },
    ]),
    js('fallback to another variable', 'const s = process.env.JWT_SECRET || process.env.SECRET_KEY;\n', [
      { key: 'JWT_SECRET', origin: 'fallback', referenceTo: 'SECRET_KEY', spanText: 'process.env.JWT_SECRET || process.env.SECRET_KEY' },
      { key: 'SECRET_KEY', origin: 'env' },
    ]),
    js('a constant of an enclosing block is in scope', 'function init(){const SECRET="enclosed-literal";return function(){return jwt.sign(p,SECRET)}}\n', [
      { key: 'SECRET', origin: 'literal', value: 'enclosed-literal' },
      { key: 'jwt.sign', keyId: 'JWT_SECRET', origin: 'literal', value: 'enclosed-literal' },
    ]),
    tsx('a template that is one read, then ?? "x"', "export default registerAs('auth', () => ({\n  SECRET: `${process.env.AUTH_SECRET}` ?? \"wrapped\",\n}));\n", [
      { key: 'AUTH_SECRET', origin: 'default', value: 'wrapped', line: 2 },
    ]),
    js('a ternary on NODE_ENV: the literal branch is the default', 'const key =\n  `${process.env.NODE_ENV}` === "production"\n    ? process.env.JWT_SECRET\n    : "dev-branch";\nconst k2 = isDev ? "then-branch" : process.env.SESSION_SECRET;\n', [
      { key: 'JWT_SECRET', origin: 'default', value: 'dev-branch', line: 4 },
      { key: 'SESSION_SECRET', origin: 'default', value: 'then-branch', line: 5 },
    ]),
    js('fallback to a config member', 'const s = process.env.JWT_SECRET ?? config.sessionSecret;\n', [{ key: 'JWT_SECRET', origin: 'fallback', referenceTo: 'SESSION_SECRET' }]),
    js('jwt.sign / jwt.verify with a literal key', "const token = jwt.sign({ id }, 'shhhhh', { expiresIn: '1h' });\njwt.verify(token, \"your-256-bit-secret\");\n", [
      { key: 'jwt.sign', keyId: 'JWT_SECRET', origin: 'literal', value: 'shhhhh', line: 1 },
      { key: 'jwt.verify', keyId: 'JWT_SECRET', origin: 'literal', value: 'your-256-bit-secret', line: 2 },
    ]),
    js('express-session secret', "app.use(session({\n  secret: 'keyboard cat',\n  resave: false,\n}));\n", [{ key: 'secret', keyId: 'SESSION_SECRET', origin: 'literal', value: 'keyboard cat', line: 2 }]),
    js('express-jwt secret', 'app.use(expressjwt({ secret: "shared", algorithms: ["HS256"] }));\napp.use(jwt({ secret: "koa" }));\n', [
      { key: 'secret', keyId: 'JWT_SECRET', origin: 'literal', value: 'shared', line: 1 },
      { key: 'secret', keyId: 'JWT_SECRET', origin: 'literal', value: 'koa', line: 2 },
    ]),
    js('fastify-jwt and NestJS JwtModule', "fastify.register(require('@fastify/jwt'), { secret: 'fst' });\nJwtModule.register({ secret: 'nest' });\n", [
      { keyId: 'JWT_SECRET', value: 'fst', origin: 'literal' },
      { keyId: 'JWT_SECRET', value: 'nest', origin: 'literal' },
    ]),
    js('passport-jwt secretOrKey', "passport.use(new JwtStrategy({ jwtFromRequest, secretOrKey: 'pp' }, verify));\n", [{ key: 'secretOrKey', keyId: 'JWT_SECRET', origin: 'literal', value: 'pp' }]),
    js('cookie-parser secret', "app.use(cookieParser('cookie-lit'));\n", [{ key: 'cookieParser', keyId: 'COOKIE_SECRET', origin: 'literal', value: 'cookie-lit' }]),
    js('constants and object literals', "const JWT_SECRET = 'const-lit';\nexport const jwtSecret = \"exp\";\nconst cfg = { jwtSecret: 'obj', 'session_secret': 'quoted-key' };\n", [
      { key: 'JWT_SECRET', origin: 'literal', value: 'const-lit', line: 1 },
      { key: 'jwtSecret', keyId: 'JWT_SECRET', origin: 'literal', value: 'exp', line: 2 },
      { key: 'jwtSecret', origin: 'literal', value: 'obj', line: 3 },
      { key: 'session_secret', keyId: 'SESSION_SECRET', origin: 'literal', value: 'quoted-key', line: 3 },
    ]),
    js('member assignment', 'this.jwtSecret = "member";\nconfig.auth.secretKey = "deep";\n', [
      { key: 'this.jwtSecret', keyId: 'JWT_SECRET', origin: 'literal', value: 'member' },
      { key: 'config.auth.secretKey', keyId: 'SECRET_KEY', origin: 'literal', value: 'deep' },
    ]),
    tsx('TypeScript annotations and class fields', 'const jwtSecret: string = "typed";\nclass Auth {\n  private readonly signingKey: string = "field";\n  sessionSecret = "plain-field"\n}\n', [
      { key: 'jwtSecret', origin: 'literal', value: 'typed', line: 1 },
      { key: 'signingKey', origin: 'literal', value: 'field', line: 3 },
      { key: 'sessionSecret', origin: 'literal', value: 'plain-field', line: 4 },
    ]),
    tsx('TypeScript cast and non-null assertion before the default', 'export const a = { jwt: process.env.JWT_SECRET as string || "ts-default" };\nconst b = process.env.SECRET_KEY! || "bang";\n', [
      { key: 'JWT_SECRET', origin: 'default', value: 'ts-default', line: 1 },
      { key: 'SECRET_KEY', origin: 'default', value: 'bang', line: 2 },
    ]),
    js('runtime values', "const sessionSecret = crypto.randomBytes(64).toString('hex');\nconst JWT_SECRET = process.env.JWT_SECRET || crypto.randomUUID();\n", [
      { key: 'sessionSecret', origin: 'runtime' },
      { key: 'JWT_SECRET', origin: 'runtime' },
    ]),
    js('Buffer.from literal', 'const jwtKey = Buffer.from("buffered");\n', [{ key: 'jwtKey', keyId: 'JWT_KEY', origin: 'literal', value: 'buffered' }]),
    js('a regex literal with quotes does not derail the scanner', 'const re = /"[\'`]/g;\nconst JWT_SECRET = "after-regex";\n', [{ origin: 'literal', value: 'after-regex', line: 2 }]),
  ]);
});

describe('javascript/typescript: correct setups stay silent', () => {
  runCases([
    js('a strict read', 'const JWT_SECRET = process.env.JWT_SECRET;\nif (!JWT_SECRET) throw new Error("JWT_SECRET must be set");\n', [{ key: 'JWT_SECRET', origin: 'env', line: 1 }]),
    js('defaults that are not values', 'const a = process.env.JWT_SECRET || undefined;\nconst b = process.env.SECRET_KEY ?? "";\n', [
      { key: 'JWT_SECRET', origin: 'env' },
      { key: 'SECRET_KEY', origin: 'env' },
    ]),
    js('jwt.sign with a variable', 'jwt.sign(payload, config.jwtSecret);\njwt.verify(token, process.env.JWT_SECRET);\n', [{ key: 'JWT_SECRET', origin: 'env', line: 2 }]),
    js('parameters with defaults', 'function sign(secret = "param") {}\nconst f = (jwtSecret = "arrow") => jwtSecret;\n', []),
    tsx('interfaces and parameter types', 'interface Cfg { jwtSecret: string; sessionSecret?: string }\nfunction f(jwtSecret: string): void {}\n', []),
    js('comparisons and ternaries', 'if (jwtSecret === "changeme") throw new Error("weak");\nconst x = ok ? jwtSecret : "none";\n', []),
    js('commented out', '// const JWT_SECRET = "commented";\n/* const SESSION_SECRET = "block"; */\n', []),
    js('a secret word in a string', 'const msg = "JWT_SECRET = \'x\'";\n', []),
    js('an alias within one role', 'const jwtSecret = config.jwtSecret;\nconst opts = { secretOrKey: jwtSecret };\n', []),
    tsx('an alias of a bare secret', 'const secret = process.env.JWT_SECRET;\nif (!secret) throw new Error("JWT_SECRET must be set");\nexport const jwtSecret: string = secret;\n', [{ key: 'JWT_SECRET', origin: 'env' }]),
    js('template with a placeholder', 'const JWT_SECRET = `${prefix}-secret`;\n', []),
    js('a ternary with no literal branch', 'const s = prod ? process.env.JWT_SECRET : undefined;\nconst t = { jwtSecret: process.env.JWT_SECRET, other: a ? b : c };\n', [
      { key: 'JWT_SECRET', origin: 'env', line: 1 },
      { key: 'JWT_SECRET', origin: 'env', line: 2 },
    ]),
    js(
      "a minified bundle: one function's constant is not another's name",
      'function help(h){const E="Delete the committed Secret and create it at deploy time.";return h?E:""}function report(h){for(const E of h)return{secret:E}}\n',
      [],
    ),
    js('a parameter default belongs to its own function', 'function a(h,R="keep-names"){return h}function b(){return{sessionSecret:R}}\n', []),
  ]);
});

describe('javascript/typescript: logged secrets', () => {
  runCases([
    js('console.log(process.env.JWT_SECRET)', 'console.log(process.env.JWT_SECRET);\n', [{ key: 'JWT_SECRET', origin: 'env' }], [{ key: 'process.env.JWT_SECRET', keyId: 'JWT_SECRET', sink: 'console.log' }]),
    js('console.log("secret", jwtSecret)', 'console.log("secret", jwtSecret);\n', [], [{ key: 'jwtSecret', keyId: 'JWT_SECRET', sink: 'console.log' }]),
    js('logger.info with a template', 'logger.info(`using ${config.jwtSecret}`);\n', [], [{ key: 'config.jwtSecret', sink: 'logger.info' }]),
    js('concatenation', "console.error('key: ' + SESSION_SECRET);\n", [], [{ key: 'SESSION_SECRET', sink: 'console.error' }]),
    js('a bearer token from the Authorization header', "function auth(req, res, next) {\n  const header = req.headers.authorization;\n  const token = header && header.split(' ')[1];\n  console.log(`token: ${token}`);\n  console.log('set', !!header, header.startsWith('Bearer '));\n}\n", [], [
      { key: 'token', keyId: 'AUTHORIZATION', sink: 'console.log', line: 4 },
    ]),
  ]);
  runCases([
    js('boolean and length checks', 'console.log(jwtSecret ? "set" : "unset");\nconsole.log(!!jwtSecret, jwtSecret.length);\nlogger.info("len", Boolean(SECRET_KEY));\n', []),
    js('a message that only names the key', 'console.warn("JWT_SECRET is not set");\n', []),
    js('an object key name in a log call', 'logger.info({ jwtSecret: "[redacted]" });\n', []),
  ]);
});

describe('javascript/typescript: strict-read repairs', () => {
  it('writes a throwing strict read in the file\'s quote style', () => {
    const text = "const a = 'x';\nconst s = process.env.JWT_SECRET || 'secret';\n";
    const edit = parse('a.js', text).assignments[0]?.strictRead?.edits[0];
    expect(edit?.text).toBe("(process.env.JWT_SECRET ?? (() => { throw new Error('JWT_SECRET must be set') })())");
  });

  const sources = [
    'const JWT_SECRET = process.env.JWT_SECRET || "secret";\n',
    "const s = process.env['SESSION_SECRET'] ?? 'keyboard cat';\n",
    'module.exports = {\n  jwtSecret: process.env.JWT_SECRET\n    || "multi",\n};\n',
    'const s = process.env.A || process.env.JWT_SECRET || "chain";\n',
    'app.use(session({ secret: process.env.SESSION_SECRET || "keyboard cat", resave: false }))\n',
    'const t = jwt.sign(p, process.env.JWT_SECRET || `tmpl`, { expiresIn: 60 })\n',
  ];
  it.each(sources.map((s, n) => [n, s] as const))('repair %i passes node --check and leaves no default', (_n, source) => {
    const fixed = fixedVariants('src/a.js', source);
    expect(fixed.length).toBe(1);
    const after = fixed[0] ?? '';
    checkSyntax('fixed.js', after, process.execPath, (file) => ['--check', file]);
    expect(parse('src/a.js', after).assignments.filter((a) => a.origin === 'default')).toEqual([]);
  });

  it('the repair is valid TypeScript too', () => {
    const source = 'export const jwtSecret: string = process.env.JWT_SECRET || "secret";\n';
    const after = fixedVariants('src/a.ts', source)[0] ?? '';
    const out = ts.transpileModule(after, { reportDiagnostics: true, compilerOptions: { strict: true } });
    expect(out.diagnostics ?? []).toEqual([]);
    expect(after).toContain('throw new Error("JWT_SECRET must be set")');
  });
});
