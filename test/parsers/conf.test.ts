import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../src/core/lines.js';
import { createSecretNameMatcher } from '../../src/core/secret-names.js';
import { parseConf } from '../../src/parsers/conf.js';

const options = { names: createSecretNameMatcher(), maxYamlAliasNodes: 1000 };

function parse(path: string, text: string) {
  const parsed = parseConf({ path, text, origin: 'worktree', hasBom: false }, options);
  const lines = new LineIndex(text);
  return {
    problems: parsed.problems,
    found: parsed.assignments.map((a) => ({ key: a.key, keyId: a.keyId, origin: a.origin, value: a.value, envName: a.envName, line: lines.position(a.span.start).line, text: text.slice(a.span.start, a.span.end) })),
  };
}

describe('HOCON', () => {
  it('nested objects, dotted keys and a literal overridden only when the variable is set', () => {
    const text = [
      'ktor {',
      '  deployment { port = 8080 }',
      '}',
      'jwt {',
      '    secret = "hocon-default"',
      '    secret = ${?JWT_SECRET}',
      '    issuer = "http://0.0.0.0:8080/"',
      '}',
      'play {',
      '  http.secret.key = "play-literal" // comment',
      '}',
      'silhouette.authenticator {',
      '  sharedSecret: "shared-literal"',
      '}',
    ].join('\n');
    const { found, problems } = parse('src/main/resources/application.conf', text);
    expect(problems).toEqual([]);
    expect(found).toEqual([
      expect.objectContaining({ key: 'jwt.secret', keyId: 'JWT_SECRET', origin: 'default', value: 'hocon-default', envName: 'JWT_SECRET', line: 5 }),
      expect.objectContaining({ key: 'play.http.secret.key', keyId: 'PLAY_HTTP_SECRET_KEY', origin: 'literal', value: 'play-literal', line: 10, text: 'play-literal' }),
      expect.objectContaining({ key: 'silhouette.authenticator.sharedSecret', origin: 'literal', value: 'shared-literal', line: 13 }),
    ]);
  });

  it('a second block of the same object overrides too; a strict substitution replaces the literal', () => {
    const text = 'jwt {\n  secret = "first"\n}\njwt {\n  secret = ${?SECRET}\n}\nsession.secret = "replaced"\nsession.secret = ${SESSION_SECRET}\n';
    expect(parse('application.conf', text).found).toEqual([
      expect.objectContaining({ key: 'jwt.secret', origin: 'default', value: 'first', envName: 'SECRET', line: 2 }),
      expect.objectContaining({ key: 'session.secret', origin: 'env', envName: 'SESSION_SECRET', line: 8 }),
    ]);
  });

  it('leaves alone reads, concatenations, arrays, comments and includes', () => {
    const text = 'include "secrets.conf"\n# jwt.secret = "commented"\n// play.http.secret.key = "c"\njwt.secret = ${?JWT_SECRET}\napp.secret = "a"${?SUFFIX}\njwt.secrets = ["x", "y"]\nnginx_like value;\n';
    expect(parse('conf/application.conf', text).found).toEqual([expect.objectContaining({ key: 'jwt.secret', origin: 'env', envName: 'JWT_SECRET' })]);
  });
});

describe('TOML', () => {
  it('tables, quoted keys and the string forms', () => {
    const text = "[default]\nport = 8080\nsecret_key = \"toml-basic\"\n\n[release]\n# secret_key = \"commented\"\n'jwt_secret' = 'toml-literal'\n[app.session]\nsecret = \"\"\"multi\"\"\"\n";
    expect(parse('Rocket.toml', text).found).toEqual([
      expect.objectContaining({ key: 'default.secret_key', origin: 'literal', value: 'toml-basic', line: 3 }),
      expect.objectContaining({ key: 'release.jwt_secret', origin: 'literal', value: 'toml-literal', line: 7 }),
      expect.objectContaining({ key: 'app.session.secret', origin: 'literal', value: 'multi', line: 9 }),
    ]);
  });

  it('Cargo manifests and arrays hold no secrets', () => {
    const text = '[package]\nname = "app"\n[dependencies]\njsonwebtoken = "9"\nsecret_keys = ["a", "b"]\n';
    expect(parse('Cargo.toml', text).found).toEqual([]);
  });
});

describe('INI', () => {
  it('sections and bare values', () => {
    const text = '[app]\nPageSize = 10\nJwtSecret = 233\n; SECRET_KEY = commented\n[server]\nsecret_key: "quoted ini"\n';
    expect(parse('conf/app.ini', text).found).toEqual([
      expect.objectContaining({ key: 'app.JwtSecret', keyId: 'APP_JWT_SECRET', origin: 'literal', value: '233', line: 3 }),
      expect.objectContaining({ key: 'server.secret_key', origin: 'literal', value: 'quoted ini', line: 6 }),
    ]);
  });

  it('a placeholder is a read', () => {
    expect(parse('config.ini', '[jwt]\nsecret = ${JWT_SECRET}\n').found).toEqual([expect.objectContaining({ origin: 'env', envName: 'JWT_SECRET' })]);
  });
});

it('is linear on a hostile file', () => {
  const text = 'a {'.repeat(20000) + 'jwt.secret = "x"' + '}'.repeat(20000) + '\n' + '"'.repeat(100000);
  const started = Date.now();
  parse('application.conf', text);
  expect(Date.now() - started).toBeLessThan(2000);
});
