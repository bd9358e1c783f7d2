import { describe, expect, it } from 'vitest';
import type { DocumentRule, ReportDescriptor, ScannedDocument } from '../../src/core/rule.js';
import { callArguments, stringLiteralValue } from '../../src/rules/jwt-code.js';
import { roleOfPath } from '../../src/core/path-context.js';
import { jwtExpiryNotChecked } from '../../src/rules/jwt-expiry-not-checked.js';
import { jwtKeyTooShort } from '../../src/rules/jwt-key-too-short.js';
import { jwtNoneAlgorithmAccepted } from '../../src/rules/jwt-none-algorithm-accepted.js';
import { jwtVerificationDisabled } from '../../src/rules/jwt-verification-disabled.js';

/** Runs one document rule on one file, as the engine would (no parsing needed: these rules read text). */
function run(rule: DocumentRule, path: string, text: string): ReportDescriptor[] {
  const reports: ReportDescriptor[] = [];
  const doc: ScannedDocument = {
    document: { path, text, hasBom: false, origin: 'worktree' },
    parsed: { format: 'code', assignments: [], uses: [], problems: [] },
    isExample: false,
    role: roleOfPath(path),
  };
  rule.check({
    doc,
    settings: { minSecretBytes: 32, extraWeakValues: [] },
    project: { isGitRepo: true, gitignoreText: null, dotenvUncovered: [] },
    report: (r) => reports.push(r),
  });
  return reports;
}

const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

type Case = [name: string, path: string, text: string, messageId: string | null, line?: number];

function table(rule: DocumentRule, cases: Case[]) {
  describe(rule.meta.id, () => {
    it.each(cases)('%s', (_name, path, text, messageId, line) => {
      const reports = run(rule, path, text);
      if (messageId === null) {
        expect(reports.map((r) => r.messageId)).toEqual([]);
        return;
      }
      expect(reports.map((r) => r.messageId)).toContain(messageId);
      for (const r of reports) expect(Object.keys(rule.meta.messages)).toContain(r.messageId);
      if (line !== undefined) expect(reports.map((r) => lineOf(text, r.span.start))).toContain(line);
    });
  });
}

table(jwtVerificationDisabled, [
  ['python verify_signature False', 'app/auth.py', 'import jwt\nc = jwt.decode(t, options={"verify_signature": False})\n', 'optionOff', 2],
  ['python single quotes', 'app/auth.py', "import jwt\nc = jwt.decode(t, options={'verify_signature': False})\n", 'optionOff', 2],
  ['python PyJWT 1 verify=False over lines', 'app/auth.py', 'import jwt\nc = jwt.decode(\n  t,\n  k,\n  verify=False)\n', 'optionOff', 5],
  ['python DRF JWT_VERIFY False', 'settings.py', "JWT_AUTH = {\n    'JWT_VERIFY': False,\n}\n# jwt\n", 'optionOff', 2],
  ['python verified', 'app/auth.py', 'import jwt\nc = jwt.decode(t, k, algorithms=["HS256"])\n', null],
  ['python verify=True', 'app/auth.py', 'import jwt\nc = jwt.decode(t, k, verify=True)\n', null],
  ['python commented out', 'app/auth.py', 'import jwt\n# jwt.decode(t, options={"verify_signature": False})\n', null],
  ['python in a test file', 'tests/test_auth.py', 'import jwt\njwt.decode(t, options={"verify_signature": False})\n', null],
  ['js decode used as req.user', 'src/auth.js', "const jwt = require('jsonwebtoken');\nreq.user = jwt.decode(token);\n", 'decodeOnly', 2],
  ['js jose decodeJwt in middleware', 'src/auth.ts', "import { decodeJwt } from 'jose';\nctx.state.user = decodeJwt(token);\n", 'decodeOnly', 2],
  ['js decode next to verify', 'src/auth.js', "const jwt = require('jsonwebtoken');\nconst h = jwt.decode(t, { complete: true });\nreq.user = jwt.verify(t, k, { algorithms: ['HS256'] });\n", null],
  ['js decode without auth use', 'src/show.js', "const jwt = require('jsonwebtoken');\nconsole.log(jwt.decode(t).exp);\n", null],
  ['js jwt-decode in the browser', 'web/src/user.ts', "import { jwtDecode } from 'jwt-decode';\nreq.user = jwtDecode(t);\n", null],
  ['go ParseUnverified', 'auth/auth.go', 'package auth\nimport "github.com/golang-jwt/jwt/v5"\nfunc f() { jwt.NewParser().ParseUnverified(raw, c) }\n', 'parseUnverified', 3],
  ['go Parse with methods', 'auth/auth.go', 'package auth\nimport "github.com/golang-jwt/jwt/v5"\nfunc f() { jwt.Parse(raw, kf, jwt.WithValidMethods([]string{"HS256"})) }\n', null],
  ['go test file', 'auth/auth_test.go', 'package auth\nimport "github.com/golang-jwt/jwt/v5"\nfunc f() { jwt.NewParser().ParseUnverified(raw, c) }\n', null],
  ['java auth0 decode into the security context', 'src/main/java/F.java', 'import com.auth0.jwt.JWT;\nDecodedJWT d = JWT.decode(t);\nSecurityContextHolder.getContext().setAuthentication(a);\n', 'decodeOnly', 2],
  ['java auth0 verified', 'src/main/java/F.java', 'import com.auth0.jwt.JWT;\nDecodedJWT d = JWT.require(alg).build().verify(t);\nSecurityContextHolder.getContext().setAuthentication(a);\n', null],
  ['kotlin decode-only', 'src/main/kotlin/F.kt', 'import com.auth0.jwt.JWT\nval d = JWT.decode(t)\nSecurityContextHolder.getContext().setAuthentication(a)\n', 'decodeOnly', 2],
  ['java test', 'src/test/java/FTest.java', 'import com.auth0.jwt.JWT;\nDecodedJWT d = JWT.decode(t);\nSecurityContextHolder.getContext();\n', null],
  ['ruby decode with false', 'app/x.rb', "payload = JWT.decode(token, nil, false)\n", 'verifyArgumentFalse', 1],
  ['ruby without parentheses', 'app/x.rb', "payload = JWT.decode token, nil, false\n", 'verifyArgumentFalse', 1],
  ['ruby verified', 'app/x.rb', "payload = JWT.decode(token, key, true, { algorithm: 'HS256' })\n", null],
  ['ruby spec', 'spec/x_spec.rb', "payload = JWT.decode(token, nil, false)\n", null],
  ['php has no way to switch it off', 'src/a.php', "<?php\n$d = JWT::decode($jwt, new Key($k, 'HS256'));\n", null],
]);

table(jwtNoneAlgorithmAccepted, [
  ['python none in list', 'app/a.py', 'import jwt\njwt.decode(t, k, algorithms=["HS256", "none"])\n', 'noneAllowed', 2],
  ['python only none', 'app/a.py', "import jwt\njwt.decode(t, k, algorithms=['none'])\n", 'noneAllowed', 2],
  ['python NONE upper case', 'app/a.py', "import jwt\njwt.decode(t, k, algorithms=['NONE'])\n", 'noneAllowed', 2],
  ['python pinned', 'app/a.py', 'import jwt\njwt.decode(t, k, algorithms=["HS256"])\n', null],
  ['python-jose without algorithms', 'app/a.py', 'from jose import jwt\nc = jwt.decode(t, key)\n', 'noAlgorithmList', 2],
  ['python-jose with algorithms', 'app/a.py', 'from jose import jwt\nc = jwt.decode(t, key, algorithms=[ALG])\n', null],
  ['python-jose positional algorithms', 'app/a.py', 'from jose import jwt\nc = jwt.decode(t, key, "HS256")\n', null],
  ['python-jose kwargs', 'app/a.py', 'from jose import jwt\nc = jwt.decode(t, key, **opts)\n', null],
  ['PyJWT without algorithms (PyJWT 2 refuses)', 'app/a.py', 'import jwt\nc = jwt.decode(t, key)\n', null],
  ['js none in list', 'src/a.js', "jwt.verify(t, k, { algorithms: ['HS256', 'none'] });\n", 'noneAllowed', 1],
  ['js express-jwt none', 'src/a.js', 'app.use(expressjwt({ secret: s, algorithms: ["none"] }));\n', 'noneAllowed', 1],
  ['js pinned', 'src/a.js', "jwt.verify(t, k, { algorithms: ['HS256'] });\n", null],
  ['js jose UnsecuredJWT', 'src/a.ts', "import { UnsecuredJWT } from 'jose';\nUnsecuredJWT.decode(t);\n", 'unsecuredParse', 2],
  ['go allow none', 'a.go', 'package a\nimport "github.com/golang-jwt/jwt/v5"\nvar k = jwt.UnsafeAllowNoneSignatureType\n', 'noneAllowed', 3],
  ['go valid methods with none', 'a.go', 'package a\nimport "github.com/golang-jwt/jwt/v5"\nvar p = jwt.NewParser(jwt.WithValidMethods([]string{"none"}))\n', 'noneAllowed', 3],
  ['go parse without method check', 'a.go', 'package a\nimport "github.com/golang-jwt/jwt/v5"\nfunc f() { jwt.ParseWithClaims(raw, c, func(t *jwt.Token) (interface{}, error) {\n  return key, nil\n}) }\n', 'noMethodCheck', 3],
  ['go key function defined elsewhere', 'a.go', 'package a\nimport "github.com/golang-jwt/jwt/v5"\nfunc f() { jwt.ParseWithClaims(raw, c, s.keyFunc) }\n', null],
  ['go method checked with a type switch', 'a.go', 'package a\nimport "github.com/golang-jwt/jwt/v5"\nfunc f() { jwt.Parse(raw, func(t *jwt.Token) (interface{}, error) {\n  if _, ok := t.Method.(*jwt.SigningMethodHMAC); !ok { return nil, e }\n  return key, nil\n}) }\n', null],
  ['go parse with method check', 'a.go', 'package a\nimport "github.com/golang-jwt/jwt/v5"\nfunc f() { jwt.Parse(raw, func(t *jwt.Token) (interface{}, error) {\n if t.Method.Alg() != "HS256" { return nil, e }\n return k, nil }) }\n', null],
  ['java Algorithm.none', 'src/main/java/A.java', 'import com.auth0.jwt.JWT;\nJWT.require(Algorithm.none()).build();\n', 'noneAllowed', 2],
  ['java jjwt parseClaimsJwt', 'src/main/java/A.java', 'import io.jsonwebtoken.Jwts;\nJwts.parser().parseClaimsJwt(t);\n', 'unsecuredParse', 2],
  ['java jjwt unsecured()', 'src/main/java/A.java', 'import io.jsonwebtoken.Jwts;\nJwts.parser().unsecured().build();\n', 'noneAllowed', 2],
  ['java jjwt signed', 'src/main/java/A.java', 'import io.jsonwebtoken.Jwts;\nJwts.parser().verifyWith(k).build().parseSignedClaims(t);\n', null],
  ['ruby algorithm none', 'app/a.rb', "JWT.decode(t, nil, true, { algorithm: 'none' })\n", 'noneAllowed', 1],
  ['ruby hash rocket list', 'app/a.rb', "JWT.decode(t, k, true, 'algorithms' => ['HS256', 'none'])\n", 'noneAllowed', 1],
  ['ruby pinned', 'app/a.rb', "JWT.decode(t, k, true, { algorithm: 'HS256' })\n", null],
  ['python test file', 'tests/test_a.py', 'import jwt\njwt.decode(t, k, algorithms=["none"])\n', null],
]);

table(jwtExpiryNotChecked, [
  ['python verify_exp False', 'app/a.py', 'jwt.decode(t, k, algorithms=["HS256"], options={"verify_exp": False})\n', 'expiryOff', 1],
  ['python flask-jwt setting', 'app/config.py', 'JWT_VERIFY_EXPIRATION = False\n', 'expiryOff', 1],
  ['python defaults', 'app/a.py', 'jwt.decode(t, k, algorithms=["HS256"], leeway=10)\n', null],
  ['js ignoreExpiration', 'src/a.ts', 'jwt.verify(t, k, { ignoreExpiration: true })\n', 'expiryOff', 1],
  ['js ignoreExpiration false', 'src/a.ts', 'jwt.verify(t, k, { ignoreExpiration: false })\n', null],
  ['go v5', 'a.go', 'p := jwt.NewParser(jwt.WithoutClaimsValidation())\n', 'expiryOff', 1],
  ['go v4', 'a.go', 'p := &jwt.Parser{SkipClaimsValidation: true}\n', 'expiryOff', 1],
  ['go leeway', 'a.go', 'p := jwt.NewParser(jwt.WithLeeway(5 * time.Second))\n', null],
  ['java jjwt huge skew', 'src/main/java/A.java', 'Jwts.parserBuilder().setAllowedClockSkewSeconds(999999999L)\n', 'hugeLeeway', 1],
  ['java auth0 huge leeway', 'src/main/java/A.java', 'JWT.require(a).acceptExpiresAt(Long.MAX_VALUE).build()\n', 'hugeLeeway', 1],
  ['java small skew', 'src/main/java/A.java', 'Jwts.parserBuilder().setAllowedClockSkewSeconds(60)\n', null],
  ['ruby verify_expiration false', 'app/a.rb', "JWT.decode(t, k, true, { verify_expiration: false })\n", 'expiryOff', 1],
  ['ruby huge exp_leeway', 'app/a.rb', "JWT.decode(t, k, true, { exp_leeway: 31536000 })\n", 'hugeLeeway', 1],
  ['php huge leeway', 'src/a.php', '<?php\nJWT::$leeway = PHP_INT_MAX;\n', 'hugeLeeway', 2],
  ['php small leeway', 'src/a.php', '<?php\nJWT::$leeway = 60;\n', null],
  ['js spec file', 'src/a.spec.ts', 'jwt.verify(t, k, { ignoreExpiration: true })\n', null],
]);

table(jwtKeyTooShort, [
  ['python HS512 with 32 bytes', 'app/a.py', 'jwt.encode(p, "not-a-real-key-32-bytes-long-abc", algorithm="HS512")\n', 'tooShort', 1],
  ['python HS256 with 32 bytes is fine', 'app/a.py', 'jwt.encode(p, "not-a-real-key-32-bytes-long-abc", algorithm="HS256")\n', null],
  ['python decode with list', 'app/a.py', "jwt.decode(t, 'not-a-real-short', algorithms=['HS256'])\n", 'tooShort', 1],
  ['python key= keyword', 'app/a.py', "jwt.encode(payload=p, key='not-a-real-short', algorithm='HS384')\n", 'tooShort', 1],
  ['python bytes literal', 'app/a.py', "jwt.encode(p, b'not-a-real-short', algorithm='HS256')\n", 'tooShort', 1],
  ['python f-string is not a literal', 'app/a.py', 'jwt.encode(p, f"{prefix}x", algorithm="HS256")\n', null],
  ['python no algorithm at the call', 'app/a.py', 'jwt.encode(p, "not-a-real-short")\n', null],
  ['js sign HS384', 'src/a.js', "jwt.sign(p, 'not-a-real-short', { algorithm: 'HS384' })\n", 'tooShort', 1],
  ['js verify list', 'src/a.js', 'jwt.verify(t, "not-a-real-short", { algorithms: ["HS256"] })\n', 'tooShort', 1],
  ['js template literal skipped', 'src/a.js', 'jwt.sign(p, `${a}`, { algorithm: "HS256" })\n', null],
  ['js env key', 'src/a.js', "jwt.sign(p, process.env.JWT_SECRET, { algorithm: 'HS256' })\n", null],
  ['go SignedString after SigningMethodHS512', 'a.go', 't := jwt.NewWithClaims(jwt.SigningMethodHS512, c)\ns, err := t.SignedString([]byte("not-a-real-key-32-bytes-long-abc"))\n', 'tooShort', 2],
  ['go long enough for HS256', 'a.go', 't := jwt.NewWithClaims(jwt.SigningMethodHS256, c)\ns, err := t.SignedString([]byte("not-a-real-key-32-bytes-long-abc"))\n', null],
  ['go no method in sight', 'a.go', 's, err := t.SignedString([]byte("not-a-real-short"))\n', null],
  ['java auth0 HMAC256', 'src/main/java/A.java', 'Algorithm a = Algorithm.HMAC256("not-a-real-short");\n', 'tooShort', 1],
  ['java auth0 getBytes', 'src/main/java/A.java', 'Algorithm a = Algorithm.HMAC384("not-a-real-short".getBytes(StandardCharsets.UTF_8));\n', 'tooShort', 1],
  ['java jjwt base64 string key', 'src/main/java/A.java', 'Jwts.builder().signWith(SignatureAlgorithm.HS256, "bm90LWEtcmVhbC1rZXk=").compact();\n', 'tooShort', 1],
  ['kotlin auth0', 'src/main/kotlin/A.kt', 'val a = Algorithm.HMAC512("not-a-real-short")\n', 'tooShort', 1],
  ['ruby encode HS256', 'app/a.rb', "JWT.encode(p, 'not-a-real-short', 'HS256')\n", 'tooShort', 1],
  ['ruby decode option', 'app/a.rb', "JWT.decode(t, 'not-a-real-short', true, { algorithm: 'HS512' })\n", 'tooShort', 1],
  ['ruby interpolated', 'app/a.rb', 'JWT.encode(p, "#{k}x", \'HS256\')\n', null],
  ['php new Key', 'src/a.php', "<?php\nJWT::decode($jwt, new Key('not-a-real-short', 'HS256'));\n", 'tooShort', 2],
  ['php encode', 'src/a.php', "<?php\nJWT::encode($p, 'not-a-real-short', 'HS384');\n", 'tooShort', 2],
  ['php v5 decode list', 'src/a.php', "<?php\nJWT::decode($jwt, 'not-a-real-short', array('HS256'));\n", 'tooShort', 2],
  ['php interpolated', 'src/a.php', '<?php\nJWT::encode($p, "$k-x", \'HS256\');\n', null],
  ['test file', 'tests/test_a.py', 'jwt.encode(p, "x", algorithm="HS512")\n', null],
]);

describe('jwt-key-too-short reports the key as a secret', () => {
  it('passes the literal to core (which alone decides what to show), never in message data', () => {
    const [r] = run(jwtKeyTooShort, 'app/a.py', 'jwt.encode(p, "not-a-real-short", algorithm="HS256")\n');
    expect(r?.secret).toBe('not-a-real-short');
    expect(JSON.stringify(r?.data)).not.toContain('not-a-real-short');
  });
});

describe('helpers', () => {
  it('reads call arguments across lines, past strings and brackets', () => {
    const text = 'f(a, "x,)", [1, 2],\n  {k: (1, 2)}, g(h))';
    expect(callArguments(text, 1)?.map((a) => a.text)).toEqual(['a', '"x,)"', '[1, 2]', '{k: (1, 2)}', 'g(h)']);
    expect(callArguments('f(a, b', 1)).toBeNull();
    expect(callArguments(`f(${'a'.repeat(5000)})`, 1)).toBeNull();
  });

  it.each([
    ['"abc"', 'abc'],
    ["'a\\'b'", "a'b"],
    ['b"abc"', 'abc'],
    ['[]byte("abc")', 'abc'],
    ['"abc".getBytes(StandardCharsets.UTF_8)', 'abc'],
    ['"a" + "b"', null],
    ['"${x}"', null],
    ['"$x"', null],
    ['name', null],
    ['""', null],
  ])('literal %s', (arg, value) => {
    expect(stringLiteralValue(arg)).toBe(value);
  });

  it.each([
    ['tests/test_auth.py', true],
    ['app/test_utils.py', true],
    ['auth_test.go', true],
    ['src/auth.spec.ts', true],
    ['src/__tests__/auth.ts', true],
    ['src/test/java/com/x/AuthTest.java', true],
    ['spec/auth_spec.rb', true],
    ['tests/AuthTest.php', true],
    ['app/auth.py', false],
    ['src/contest/auth.ts', false],
    ['latest/auth.go', false],
  ])('%s is a test file: %s', (path, expected) => {
    expect(roleOfPath(path) === 'test').toBe(expected);
  });
});

describe('hostile input: 100 kB lines finish', () => {
  const lines: [string, string][] = [
    ['app/a.py', `jwt.decode(${'('.repeat(50_000)}`],
    ['app/a.py', `algorithms=[${'"HS256",'.repeat(12_000)}`],
    ['app/a.py', `jwt.encode(p, "${'\\'.repeat(100_000)}`],
    ['src/a.js', `jwt.sign(p, '${'a'.repeat(100_000)}', { algorithm: 'HS256' })`],
    ['src/a.js', `algorithms: [${"'x',".repeat(20_000)}'none']`],
    ['a.go', `${'SigningMethodHS256 '.repeat(5_000)}t.SignedString([]byte("x"))`],
    ['app/a.rb', `JWT.decode ${'a, '.repeat(30_000)}false`],
    ['src/a.php', `<?php JWT::$leeway = ${'9'.repeat(100_000)};`],
    ['src/main/java/A.java', `Algorithm.HMAC256(${'"a" + '.repeat(15_000)}"b")`],
  ];
  const rules = [jwtVerificationDisabled, jwtNoneAlgorithmAccepted, jwtExpiryNotChecked, jwtKeyTooShort];
  it.each(lines)('%s', (path, line) => {
    const text = `import jwt\n${line}\n${line}\n`;
    for (const rule of rules) expect(() => run(rule, path, text)).not.toThrow();
  });
});

describe('options named inside strings are text, not code', () => {
  it.each([
    [jwtExpiryNotChecked, 'src/a.js', "log('pass ignoreExpiration: true to skip the check');\n"],
    [jwtExpiryNotChecked, 'src/rules/x.ts', "const what = 'ignoreExpiration: true';\n"],
    [jwtVerificationDisabled, 'app/a.py', 'print("use jwt.decode(t, k, verify=False) in tests only")\nimport jwt\n'],
    [jwtNoneAlgorithmAccepted, 'src/a.js', 'const help = "never write algorithms: [\'none\']";\n'],
  ] as const)('%#', (rule, path, text) => {
    expect(run(rule, path, text)).toEqual([]);
  });

  it('still catches quoted keys', () => {
    expect(run(jwtExpiryNotChecked, 'src/a.js', 'jwt.verify(t, k, { "ignoreExpiration": true })\n')).toHaveLength(1);
    expect(run(jwtNoneAlgorithmAccepted, 'src/a.js', 'jwt.verify(t, k, { "algorithms": ["none"] })\n')).toHaveLength(1);
  });
});
