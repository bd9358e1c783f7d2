import { describe, expect, it } from 'vitest';
import { parse, runCases, type Case } from './harness.js';

const go = (name: string, text: string, expected: Case['expected'], uses?: Case['uses']): Case => ({
  name,
  path: 'internal/auth/config.go',
  text: `package auth\n\n${text}`,
  expected,
  ...(uses ? { uses } : {}),
});

describe('go: catching cases', () => {
  runCases([
    go('fallback helpers with a literal default', 'func load() {\n\ta := getEnv("JWT_SECRET", "helper")\n\tb := GetEnvOrDefault("SECRET_KEY", "x2")\n\tc := envOr("SESSION_SECRET", "x3")\n\td := config.GetEnv("JWT_SECRET_KEY", "x4")\n}\n', [
      { key: 'JWT_SECRET', origin: 'default', value: 'helper', envName: 'JWT_SECRET', line: 4, spanText: 'helper' },
      { key: 'SECRET_KEY', origin: 'default', value: 'x2', line: 5 },
      { key: 'SESSION_SECRET', origin: 'default', value: 'x3', line: 6 },
      { key: 'JWT_SECRET_KEY', origin: 'default', value: 'x4', line: 7 },
    ]),
    go('helper argument on its own lines', 'var jwtSecret = getenv(\n\t"JWT_SECRET",\n\t"wrapped",\n)\n', [{ key: 'JWT_SECRET', origin: 'default', value: 'wrapped', line: 5 }]),
    go('env name not secret-named: the variable names it', 'var jwtSecret = getEnv("TOKEN", "tok")\n', [{ key: 'jwtSecret', keyId: 'JWT_SECRET', envName: 'TOKEN', origin: 'default', value: 'tok' }]),
    go('cmp.Or with os.Getenv', 'var key = cmp.Or(os.Getenv("JWT_SECRET"), "cmp")\n', [{ key: 'JWT_SECRET', origin: 'default', value: 'cmp' }]),
    go('[]byte literal keys', 'var jwtKey = []byte("byte-lit")\n\nfunc f() {\n\tjwtSecret := []byte("short-decl")\n}\n', [
      { key: 'jwtKey', keyId: 'JWT_KEY', origin: 'literal', value: 'byte-lit', line: 3 },
      { key: 'jwtSecret', keyId: 'JWT_SECRET', origin: 'literal', value: 'short-decl', line: 6 },
    ]),
    go('var and const declarations, typed and in blocks', 'var jwtSecret = "var-lit"\nconst JWTSecret = "const-lit"\nvar signingKey string = "typed"\nvar (\n\tsessionSecret = "block"\n\tport = 8080\n\tcookieSecret string = "block-typed"\n)\n', [
      { key: 'jwtSecret', origin: 'literal', value: 'var-lit', line: 3 },
      { key: 'JWTSecret', keyId: 'JWT_SECRET', origin: 'literal', value: 'const-lit', line: 4 },
      { key: 'signingKey', keyId: 'SIGNING_KEY', origin: 'literal', value: 'typed', line: 5 },
      { key: 'sessionSecret', origin: 'literal', value: 'block', line: 7 },
      { key: 'cookieSecret', origin: 'literal', value: 'block-typed', line: 9 },
    ]),
    go('struct fields and map entries', 'var cfg = Config{\n\tJWTSecret: "struct",\n\tPort:      8080,\n}\nvar m = map[string]string{"jwt_secret": "map"}\n', [
      { key: 'JWTSecret', keyId: 'JWT_SECRET', origin: 'literal', value: 'struct', line: 4 },
      { key: 'jwt_secret', keyId: 'JWT_SECRET', origin: 'literal', value: 'map', line: 7 },
    ]),
    go('SignedString with a literal key', 'func sign(t *jwt.Token) (string, error) {\n\treturn t.SignedString([]byte("signed"))\n}\n', [{ key: 't.SignedString', keyId: 'JWT_SECRET', origin: 'literal', value: 'signed', line: 4 }]),
    go('raw string literal', 'const jwtSecret = `raw\\nstill-raw`\n', [{ origin: 'literal', value: 'raw\\nstill-raw' }]),
  ]);
});

describe('go: correct setups stay silent', () => {
  runCases([
    go('os.Getenv and LookupEnv', 'func load() {\n\tjwtSecret := os.Getenv("JWT_SECRET")\n\tif jwtSecret == "" {\n\t\tlog.Fatal("JWT_SECRET must be set")\n\t}\n\tv, ok := os.LookupEnv("SECRET_KEY")\n}\n', [
      { key: 'JWT_SECRET', origin: 'env', line: 4 },
      { key: 'SECRET_KEY', origin: 'env', line: 8 },
    ]),
    go('viper.BindEnv is configuration, not a read with a default', 'func init() {\n\tviper.BindEnv("jwt.secret", "JWT_SECRET")\n\tos.Setenv("JWT_SECRET", "test")\n}\n', []),
    go('a helper with an empty default', 'var s = getEnv("JWT_SECRET", "")\n', [{ key: 'JWT_SECRET', origin: 'env' }]),
    go('SignedString with a variable', 'func sign(t *jwt.Token) (string, error) {\n\treturn t.SignedString(jwtKey)\n}\n', []),
    go('struct type declarations and tags', 'type Config struct {\n\tJWTSecret string `json:"jwt_secret" env:"JWT_SECRET"`\n}\n', []),
    go('comparisons and parameters', 'func verify(jwtSecret string) bool {\n\treturn jwtSecret == "changeme"\n}\n', []),
  ]);
});

describe('go: logged secrets', () => {
  runCases([
    go('log.Printf and fmt.Println', 'func f() {\n\tlog.Printf("%s", jwtSecret)\n\tfmt.Println(jwtSecret)\n\tlogger.Infof("key=%s", cfg.JWTSecret)\n}\n', [], [
      { key: 'jwtSecret', keyId: 'JWT_SECRET', sink: 'log.Printf', line: 4 },
      { key: 'jwtSecret', sink: 'fmt.Println', line: 5 },
      { key: 'cfg.JWTSecret', keyId: 'JWT_SECRET', sink: 'logger.Infof', line: 6 },
    ]),
  ]);
  runCases([
    go('length checks and messages', 'func f() {\n\tlog.Printf("len=%d", len(jwtSecret))\n\tlog.Println("JWT_SECRET not set")\n\tfmt.Sprintf("%s", jwtSecret)\n}\n', []),
  ]);
});

describe('go: repairs', () => {
  it('offers no mechanical repair for fallback helpers (their signature is the project\'s own)', () => {
    const parsed = parse('main.go', 'package main\nvar s = getEnv("JWT_SECRET", "x")\n');
    expect(parsed.assignments.map((a) => a.strictRead)).toEqual([undefined]);
  });
});
