import { describe, expect, it } from 'vitest';
import { checkSyntax, fixedVariants, hasCommand, parse, runCases, type Case } from './harness.js';

const php = (name: string, text: string, expected: Case['expected'], uses?: Case['uses'], path = 'config/jwt.php'): Case => ({
  name,
  path,
  text,
  expected,
  ...(uses ? { uses } : {}),
});

describe('php: catching cases', () => {
  runCases([
    php('Laravel config with env defaults', "<?php\n\nreturn [\n    'secret' => env('JWT_SECRET', 'php-default'),\n    \"refresh\" => env(\"JWT_REFRESH_SECRET\", \"r-default\"),\n];\n", [
      { key: 'JWT_SECRET', keyId: 'JWT_SECRET', envName: 'JWT_SECRET', origin: 'default', value: 'php-default', line: 4, spanText: 'php-default' },
      { key: 'JWT_REFRESH_SECRET', origin: 'default', value: 'r-default', line: 5 },
    ]),
    php('env name not secret-named: the array key names it', "<?php\nreturn ['jwt_secret' => env('TOKEN', 'tok')];\n", [{ key: 'jwt_secret', keyId: 'JWT_SECRET', envName: 'TOKEN', origin: 'default', value: 'tok' }]),
    php('getenv ?: and $_ENV ??', "<?php\n$s = getenv('SESSION_SECRET') ?: 'elvis';\n$t = $_ENV['SECRET_KEY'] ?? 'coalesce';\n", [
      { key: 'SESSION_SECRET', origin: 'default', value: 'elvis', line: 2 },
      { key: 'SECRET_KEY', origin: 'default', value: 'coalesce', line: 3 },
    ]),
    php('config array literal, define, variables, properties', "<?php\n$config = ['jwt_secret' => 'arr-lit'];\ndefine('JWT_SECRET', 'define-lit');\n$jwtSecret = 'var-lit';\n$this->secret = \"prop-lit\";\nconst APP_KEY = 'base64:abc';\n", [
      { key: 'jwt_secret', origin: 'literal', value: 'arr-lit', line: 2 },
      { key: 'JWT_SECRET', origin: 'literal', value: 'define-lit', line: 3 },
      { key: '$jwtSecret', keyId: 'JWT_SECRET', origin: 'literal', value: 'var-lit', line: 4 },
      { key: '$this->secret', keyId: 'SECRET', origin: 'literal', value: 'prop-lit', line: 5 },
      { key: 'APP_KEY', origin: 'literal', value: 'base64:abc', line: 6 },
    ]),
    php('firebase/php-jwt with a literal key', "<?php\n$token = JWT::encode($payload, 'php-jwt-lit', 'HS256');\n", [{ key: 'JWT::encode', keyId: 'JWT_SECRET', origin: 'literal', value: 'php-jwt-lit' }]),
    php('heredoc and nowdoc bodies with apostrophes', "<?php\n$msg = <<<EOT\n  It's here\n  EOT;\n$doc = <<<'NOW'\nDon't\nNOW;\n$jwtSecret = 'after-heredoc';\n", [{ key: '$jwtSecret', origin: 'literal', value: 'after-heredoc', line: 8 }]),
    php('code after HTML with apostrophes', "<p>Don't</p>\n<?php $jwtSecret = 'after-html'; ?>\n<p>It's</p>\n<?php $sessionSecret = 'second-block';\n", [
      { origin: 'literal', value: 'after-html', line: 2 },
      { origin: 'literal', value: 'second-block', line: 4 },
    ]),
  ]);
});

describe('php: correct setups stay silent', () => {
  runCases([
    php('env without default', "<?php\nreturn ['secret' => env('JWT_SECRET'), 'key' => env('APP_KEY')];\n", [
      { key: 'JWT_SECRET', origin: 'env' },
      { key: 'APP_KEY', origin: 'env' },
    ]),
    php('function parameters and helper declarations', "<?php\nfunction sign($secret = 'param') {}\nfunction env($key, $default = null) {}\n", []),
    php('HTML outside PHP tags', "<p>$jwtSecret = 'not code'</p>\n", []),
  ]);
});

describe('php: logged secrets', () => {
  runCases([
    php('echo, concatenation and interpolation', "<?php\necho $jwtSecret;\necho \"Secret: \" . $jwtSecret . \"\\n\";\nerror_log(\"secret: {$jwtSecret}\");\nprint_r($config['jwt_secret']);\n", [], [
      { key: '$jwtSecret', sink: 'echo', line: 2 },
      { key: '$jwtSecret', sink: 'echo', line: 3 },
      { key: '$jwtSecret', sink: 'error_log', line: 4 },
      { key: "$config['jwt_secret']", keyId: 'JWT_SECRET', sink: 'print_r', line: 5 },
    ]),
  ]);
  runCases([
    php('lengths and messages', "<?php\nLog::info('key ' . strlen($jwtSecret));\necho 'JWT_SECRET is not set';\nerror_log(empty($jwtSecret) ? 'unset' : 'set');\n", []),
  ]);
});

describe('php: strict-read repairs', () => {
  it("rewrites env('K', 'x') to env('K')", () => {
    expect(fixedVariants('config/jwt.php', "<?php\nreturn ['secret' => env('JWT_SECRET', 'x')];\n")).toEqual(["<?php\nreturn ['secret' => env('JWT_SECRET')];\n"]);
  });

  it('offers no repair for getenv ?: and $_ENV ??', () => {
    const parsed = parse('a.php', "<?php\n$s = getenv('JWT_SECRET') ?: 'x';\n$t = $_ENV['SECRET_KEY'] ?? 'y';\n");
    expect(parsed.assignments.map((a) => a.strictRead)).toEqual([undefined, undefined]);
  });

  it.skipIf(!hasCommand('php'))('the repaired file still parses (php -l)', () => {
    const after = fixedVariants('a.php', "<?php\nreturn ['secret' => env('JWT_SECRET', 'x')];\n")[0] ?? '';
    checkSyntax('a.php', after, 'php', (file) => ['-l', file]);
  });
});
