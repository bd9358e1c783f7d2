import { describe, expect, it } from 'vitest';
import { checkSyntax, fixedVariants, hasCommand, runCases, type Case } from './harness.js';

const rb = (name: string, text: string, expected: Case['expected'], uses?: Case['uses'], path = 'config/initializers/jwt.rb'): Case => ({
  name,
  path,
  text,
  expected,
  ...(uses ? { uses } : {}),
});

describe('ruby: catching cases', () => {
  runCases([
    rb('ENV.fetch with a default argument', 'JWT_SECRET = ENV.fetch("JWT_SECRET", "fetch-default")\n', [
      { key: 'JWT_SECRET', keyId: 'JWT_SECRET', envName: 'JWT_SECRET', origin: 'default', value: 'fetch-default', spanText: 'fetch-default' },
    ]),
    rb('ENV.fetch with a default block', "SECRET = ENV.fetch('SESSION_SECRET') { 'block-default' }\nOTHER = ENV.fetch('JWT_SECRET') { |k| \"with-param\" }\n", [
      { key: 'SESSION_SECRET', origin: 'default', value: 'block-default', line: 1 },
      { key: 'JWT_SECRET', origin: 'default', value: 'with-param', line: 2 },
    ]),
    rb('ENV[...] || "x"', 'secret = ENV["JWT_SECRET_KEY"] || "or-default"\n', [{ key: 'JWT_SECRET_KEY', origin: 'default', value: 'or-default' }]),
    rb('||= with an env read', '@jwt_secret ||= ENV["JWT_SECRET"] || "memo"\n', [{ key: 'JWT_SECRET', origin: 'default', value: 'memo' }]),
    rb('fallback to Rails secret_key_base', 'JWT_SECRET = ENV["JWT_SECRET"] || Rails.application.secret_key_base\n', [
      { key: 'JWT_SECRET', keyId: 'JWT_SECRET', origin: 'fallback', referenceTo: 'SECRET_KEY_BASE', spanText: 'ENV["JWT_SECRET"] || Rails.application.secret_key_base' },
    ]),
    rb('JWT keyed by secret_key_base', "token = JWT.encode(payload, Rails.application.secret_key_base, 'HS256')\nJWT.decode(token, Rails.application.credentials.secret_key_base)\n", [
      { key: 'JWT.encode', keyId: 'JWT_SECRET', origin: 'reference', referenceTo: 'SECRET_KEY_BASE', line: 1, spanText: 'Rails.application.secret_key_base' },
      { key: 'JWT.decode', keyId: 'JWT_SECRET', origin: 'reference', referenceTo: 'SECRET_KEY_BASE', line: 2 },
    ]),
    rb('a JsonWebToken constant taken from secret_key_base', 'class JsonWebToken\n  SECRET_KEY = Rails.application.secrets.secret_key_base.to_s\nend\n', [
      { key: 'SECRET_KEY', origin: 'reference', referenceTo: 'SECRET_KEY_BASE', line: 2 },
    ]),
    rb('JWT.encode with a literal', "JWT.encode(payload, 'jwt-lit', 'HS256')\n", [{ key: 'JWT.encode', keyId: 'JWT_SECRET', origin: 'literal', value: 'jwt-lit' }]),
    rb('constants, config attributes and hashes', 'JWT_SECRET = "const-lit"\nRails.application.configure do\n  config.secret_key_base = \'cfg-lit\'\nend\nopts = { jwt_secret: "hash", :signing_key => "rocket", "session_secret" => "str" }\n', [
      { key: 'JWT_SECRET', origin: 'literal', value: 'const-lit', line: 1 },
      { key: 'config.secret_key_base', keyId: 'SECRET_KEY_BASE', origin: 'literal', value: 'cfg-lit', line: 3 },
      { key: 'jwt_secret', origin: 'literal', value: 'hash', line: 5 },
      { key: 'signing_key', origin: 'literal', value: 'rocket', line: 5 },
      { key: 'session_secret', origin: 'literal', value: 'str', line: 5 },
    ]),
    rb('heredocs and percent literals with apostrophes do not hide the code after them', "MSG = <<~TEXT\n  Can't connect\nTEXT\nWARN = %q(Don't)\nJWT_SECRET = 'after'\nquery = <<-SQL.strip\n  it's\n  SQL\nSESSION_SECRET = 'later'\n", [
      { key: 'JWT_SECRET', origin: 'literal', value: 'after', line: 5 },
      { key: 'SESSION_SECRET', origin: 'literal', value: 'later', line: 9 },
    ]),
    rb('single-quoted strings keep backslashes', "JWT_SECRET = 'a\\nb'\n", [{ origin: 'literal', value: 'a\\nb' }]),
  ]);
});

describe('ruby: correct setups stay silent', () => {
  runCases([
    rb('strict reads', 'JWT_SECRET = ENV.fetch("JWT_SECRET")\nSECRET = ENV["SECRET_KEY_BASE"]\nX = ENV.fetch("SESSION_SECRET", nil)\n', [
      { key: 'JWT_SECRET', origin: 'env' },
      { key: 'SECRET_KEY_BASE', origin: 'env' },
      { key: 'SESSION_SECRET', origin: 'env' },
    ]),
    rb('keyword parameters', 'def initialize(secret: "kwparam")\nend\n', []),
    rb('=begin blocks and comments', '# JWT_SECRET = "c"\n=begin\nJWT_SECRET = "block"\n=end\n', []),
    rb('a JWT key from credentials for JWT', 'JWT.encode(payload, Rails.application.credentials.jwt_secret)\n', []),
  ]);
});

describe('ruby: logged secrets', () => {
  runCases([
    rb('puts ENV["JWT_SECRET"] and Rails.logger without parentheses', 'puts ENV["JWT_SECRET"]\nRails.logger.info "key: #{jwt_secret}"\nlogger.debug("x #{secret_key_base}")\n', [{ key: 'JWT_SECRET', origin: 'env' }], [
      { key: 'ENV["JWT_SECRET"]', keyId: 'JWT_SECRET', sink: 'puts', line: 1 },
      { key: 'jwt_secret', sink: 'Rails.logger.info', line: 2 },
      { key: 'secret_key_base', keyId: 'SECRET_KEY_BASE', sink: 'logger.debug', line: 3 },
    ]),
  ]);
  runCases([
    rb('guards and checks', 'puts "JWT_SECRET missing" unless ENV["JWT_SECRET"]\nputs jwt_secret.present?\nRails.logger.warn "JWT_SECRET not set"\n', [{ key: 'JWT_SECRET', origin: 'env' }]),
  ]);
});

describe('ruby: strict-read repairs', () => {
  it('rewrites to ENV.fetch("K") in the quotes the file used', () => {
    const text = "A = ENV.fetch('JWT_SECRET', 'x')\nB = ENV[\"SECRET_KEY\"] || \"y\"\nC = ENV.fetch(\"SESSION_SECRET\") { \"z\" }\n";
    expect(fixedVariants('a.rb', text)).toEqual([
      "A = ENV.fetch('JWT_SECRET')\nB = ENV[\"SECRET_KEY\"] || \"y\"\nC = ENV.fetch(\"SESSION_SECRET\") { \"z\" }\n",
      "A = ENV.fetch('JWT_SECRET', 'x')\nB = ENV.fetch(\"SECRET_KEY\")\nC = ENV.fetch(\"SESSION_SECRET\") { \"z\" }\n",
      "A = ENV.fetch('JWT_SECRET', 'x')\nB = ENV[\"SECRET_KEY\"] || \"y\"\nC = ENV.fetch(\"SESSION_SECRET\")\n",
    ]);
  });

  it.skipIf(!hasCommand('ruby'))('the repaired file still parses (ruby -c)', () => {
    for (const after of fixedVariants('a.rb', 'A = ENV.fetch("JWT_SECRET", "x")\nB = ENV["SECRET_KEY"] || "y"\n')) {
      checkSyntax('a.rb', after, 'ruby', (file) => ['-c', file]);
    }
  });
});
