import { describe, expect, it } from 'vitest';
import { checkSyntax, fixedVariants, hasCommand, parse, runCases, type Case } from './harness.js';

const java = (name: string, text: string, expected: Case['expected'], uses?: Case['uses']): Case => ({
  name,
  path: 'src/main/java/com/example/security/JwtUtil.java',
  text,
  expected,
  ...(uses ? { uses } : {}),
});
const kotlin = (name: string, text: string, expected: Case['expected'], uses?: Case['uses']): Case => ({
  name,
  path: 'src/main/kotlin/com/example/JwtConfig.kt',
  text,
  expected,
  ...(uses ? { uses } : {}),
});

describe('java: catching cases', () => {
  runCases([
    java('Spring @Value with a default', 'class JwtUtil {\n    @Value("${jwt.secret:mySecretKey}")\n    private String secret;\n}\n', [
      { key: 'jwt.secret', keyId: 'JWT_SECRET', envName: 'JWT_SECRET', origin: 'default', value: 'mySecretKey', line: 2, spanText: 'mySecretKey' },
    ]),
    java('Spring @Value: the field names the key when the property does not', 'class A {\n    @Value("${app.token:abc}") private String jwtSecret;\n}\n', [
      { key: 'jwtSecret', keyId: 'JWT_SECRET', envName: 'APP_TOKEN', origin: 'default', value: 'abc' },
    ]),
    java('Spring @Value(value = ...) with a colon in the default', 'class A {\n    @Value(value = "${jwt.secret:a:b}") String s;\n}\n', [{ key: 'jwt.secret', origin: 'default', value: 'a:b' }]),
    java('Spring @Value default falling back to another property', 'class A {\n    @Value("${JWT_SECRET:${app.secret}}") String s;\n}\n', [{ key: 'JWT_SECRET', origin: 'fallback', referenceTo: 'APP_SECRET' }]),
    java('constants and fields', 'class A {\n    private static final String SECRET_KEY = "java-lit";\n    String jwtSecret = "field";\n}\n', [
      { key: 'SECRET_KEY', origin: 'literal', value: 'java-lit', line: 2 },
      { key: 'jwtSecret', keyId: 'JWT_SECRET', origin: 'literal', value: 'field', line: 3 },
    ]),
    java('System.getenv with fallbacks', 'class A {\n    String a = Optional.ofNullable(System.getenv("JWT_SECRET")).orElse("opt");\n    String b = System.getenv().getOrDefault("SECRET_KEY", "god");\n    String c = Objects.requireNonNullElse(System.getenv("SESSION_SECRET"), "rnn");\n    String d = env.getProperty("jwt.secret", "prop");\n}\n', [
      { key: 'JWT_SECRET', origin: 'default', value: 'opt', line: 2 },
      { key: 'SECRET_KEY', origin: 'default', value: 'god', line: 3 },
      { key: 'SESSION_SECRET', origin: 'default', value: 'rnn', line: 4 },
      { key: 'jwt.secret', keyId: 'JWT_SECRET', origin: 'default', value: 'prop', line: 5 },
    ]),
    java('JWT libraries with literal keys', 'class A {\n    Algorithm a = Algorithm.HMAC256("hmac");\n    Key k = Keys.hmacShaKeyFor("keys".getBytes(StandardCharsets.UTF_8));\n    String t = Jwts.builder().setSubject(s).signWith(SignatureAlgorithm.HS512, "old-api").compact();\n}\n', [
      { key: 'Algorithm.HMAC256', keyId: 'JWT_SECRET', origin: 'literal', value: 'hmac', line: 2 },
      { key: 'Keys.hmacShaKeyFor', keyId: 'JWT_SECRET', origin: 'literal', value: 'keys', line: 3 },
      { keyId: 'JWT_SECRET', origin: 'literal', value: 'old-api', line: 4 },
    ]),
  ]);
});

describe('java: correct setups stay silent', () => {
  runCases([
    java('Spring @Value without a default', 'class A {\n    @Value("${jwt.secret}")\n    private String secret;\n    @Value("${jwt.expiration:3600}") private Long expiration;\n}\n', [
      { key: 'jwt.secret', origin: 'env', spanText: '${jwt.secret}' },
    ]),
    java('System.getenv without fallback', 'class A {\n    String a = System.getenv("JWT_SECRET");\n    String b = Optional.ofNullable(System.getenv("SECRET_KEY")).orElseThrow();\n}\n', [
      { key: 'JWT_SECRET', origin: 'env' },
      { key: 'SECRET_KEY', origin: 'env' },
    ]),
    java('SpEL and keys from variables', 'class A {\n    @Value("#{systemEnvironment[\'JWT_SECRET\']}") String s;\n    Algorithm a = Algorithm.HMAC256(secret);\n}\n', []),
    java('commented out', 'class A {\n    // private static final String SECRET_KEY = "x";\n    /* String jwtSecret = "y"; */\n}\n', []),
  ]);
});

describe('java/kotlin: logged secrets', () => {
  runCases([
    java('System.out.println and log.info', 'class A {\n    void f() {\n        System.out.println(jwtSecret);\n        log.info("secret {}", this.jwtSecret);\n        log.debug("len {}", jwtSecret.length());\n    }\n}\n', [], [
      { key: 'jwtSecret', keyId: 'JWT_SECRET', sink: 'System.out.println', line: 3 },
      { key: 'this.jwtSecret', sink: 'log.info', line: 4 },
    ]),
    kotlin('println with a string template', 'fun f() {\n    println("secret $jwtSecret")\n    logger.info("k=${config.signingKey}")\n    println("${jwtSecret.length}")\n}\n', [], [
      { key: 'jwtSecret', sink: 'println', line: 2 },
      { key: 'config.signingKey', keyId: 'SIGNING_KEY', sink: 'logger.info', line: 3 },
    ]),
    java(
      'the Authorization header and what is made from it',
      'class AuthFilter {\n    void doFilter(HttpServletRequest req) {\n        String authorization = req.getHeader("Authorization");\n        String basic = StringUtils.substringAfterLast(authorization, "Basic ");\n        String decoded = new String(Base64.getDecoder().decode(basic));\n        logger.info("decoded={}", decoded);\n        log.debug("header " + req.getHeader(HttpHeaders.AUTHORIZATION));\n    }\n}\n',
      [],
      [
        { key: 'decoded', keyId: 'AUTHORIZATION', sink: 'logger.info', line: 6 },
        { key: 'req.getHeader(HttpHeaders.AUTHORIZATION)', keyId: 'AUTHORIZATION', sink: 'log.debug', line: 7 },
      ],
    ),
    java('a ternary: the literal branch is the default', 'class A {\n    String s = System.getenv("JWT_SECRET") != null ? System.getenv("JWT_SECRET") : "ternary-default";\n}\n', [
      { key: 'JWT_SECRET', origin: 'env' },
      { key: 'JWT_SECRET', origin: 'default', value: 'ternary-default' },
    ]),
  ]);
  runCases([
    java(
      'only facts about the Authorization header',
      'class AuthFilter {\n    void doFilter(HttpServletRequest req) {\n        String authorization = req.getHeader("Authorization");\n        boolean present = req.getHeader("Authorization") != null;\n        logger.info("present={} empty={}", present, StringUtils.isEmpty(authorization));\n        logger.debug("length {}", authorization.length());\n        logger.info("header {}", "Authorization");\n    }\n    void other(String decoded) { logger.info("x {}", decoded); }\n}\n',
      [],
    ),
  ]);
});

describe('kotlin: cases', () => {
  runCases([
    kotlin('Spring @Value with an escaped dollar', 'class Cfg(@Value("\\${jwt.secret:kt-default}") val jwtSecret: String)\n', [{ key: 'jwt.secret', origin: 'default', value: 'kt-default', spanText: 'kt-default' }]),
    kotlin('val literals, typed and not', 'object Keys {\n    val jwtSecret = "kt"\n    const val JWT_SECRET: String = "typed"\n}\n', [
      { key: 'jwtSecret', origin: 'literal', value: 'kt', line: 2 },
      { key: 'JWT_SECRET', origin: 'literal', value: 'typed', line: 3 },
    ]),
    kotlin('elvis default', 'val s = System.getenv("SESSION_SECRET") ?: "elvis"\n', [{ key: 'SESSION_SECRET', origin: 'default', value: 'elvis' }]),
    kotlin('elvis that fails is strict', 'val s = System.getenv("JWT_SECRET") ?: error("JWT_SECRET must be set")\nval t: String = System.getenv("SECRET_KEY")!!\n', [
      { key: 'JWT_SECRET', origin: 'env' },
      { key: 'SECRET_KEY', origin: 'env' },
    ]),
    kotlin('parameters with defaults are declarations', 'fun sign(secret: String = "param"): String = secret\n', []),
  ]);
});

describe('java/kotlin: strict-read repairs', () => {
  it('drops the default from the placeholder', () => {
    const text = 'class A {\n    @Value("${jwt.secret:mySecretKey}") String s;\n}\n';
    expect(fixedVariants('A.java', text)).toEqual(['class A {\n    @Value("${jwt.secret}") String s;\n}\n']);
    const kt = 'class C(@Value("\\${jwt.secret:x}") val s: String)\n';
    expect(fixedVariants('C.kt', kt)).toEqual(['class C(@Value("\\${jwt.secret}") val s: String)\n']);
  });

  it('offers no repair for Optional/getOrDefault fallbacks', () => {
    const parsed = parse('A.java', 'class A { String a = Optional.ofNullable(System.getenv("JWT_SECRET")).orElse("x"); }\n');
    expect(parsed.assignments.map((a) => a.strictRead)).toEqual([undefined]);
  });

  it.skipIf(!hasCommand('javac'))('the repaired class still compiles (javac)', () => {
    const source = [
      'import java.lang.annotation.*;',
      '@Retention(RetentionPolicy.RUNTIME) @interface Value { String value(); }',
      'public class JwtUtil {',
      '    @Value("${jwt.secret:mySecretKey}")',
      '    private String secret;',
      '}',
      '',
    ].join('\n');
    const after = fixedVariants('JwtUtil.java', source)[0] ?? '';
    expect(after).toContain('@Value("${jwt.secret}")');
    checkSyntax('JwtUtil.java', after, 'javac', (file) => ['-d', '.', file]);
  }, 60_000);
});
