import { describe, expect, it } from 'vitest';
import { parse, runCases, type Case } from './harness.js';

const cs = (name: string, text: string, expected: Case['expected'], uses?: Case['uses']): Case => ({
  name,
  path: 'src/Api/Program.cs',
  text,
  expected,
  ...(uses ? { uses } : {}),
});

describe('csharp: catching cases', () => {
  runCases([
    cs('Environment.GetEnvironmentVariable ?? "x"', 'var key = Environment.GetEnvironmentVariable("JWT_SECRET") ?? "cs-default";\n', [
      { key: 'JWT_SECRET', keyId: 'JWT_SECRET', envName: 'JWT_SECRET', origin: 'default', value: 'cs-default', spanText: 'cs-default' },
    ]),
    cs('configuration["Jwt:Key"] ?? "x"', 'var key = builder.Configuration["Jwt:Key"] ?? "cfg-default";\nvar k2 = _configuration["JwtSettings:SecretKey"] ?? "k2";\n', [
      { key: 'Jwt:Key', keyId: 'JWT_KEY', origin: 'default', value: 'cfg-default', line: 1 },
      { key: 'JwtSettings:SecretKey', keyId: 'JWT_SETTINGS_SECRET_KEY', origin: 'default', value: 'k2', line: 2 },
    ]),
    cs('constants, fields and auto-property initialisers', 'public class Jwt {\n    const string JwtSecret = "cs-const";\n    private static readonly string JwtKey = "cs-field";\n    public string SigningKey { get; set; } = "cs-prop";\n}\n', [
      { key: 'JwtSecret', keyId: 'JWT_SECRET', origin: 'literal', value: 'cs-const', line: 2 },
      { key: 'JwtKey', keyId: 'JWT_KEY', origin: 'literal', value: 'cs-field', line: 3 },
      { key: 'SigningKey', keyId: 'SIGNING_KEY', origin: 'literal', value: 'cs-prop', line: 4 },
    ]),
    cs('SymmetricSecurityKey from a literal', 'var sk = new SymmetricSecurityKey(Encoding.UTF8.GetBytes("sym-lit"));\n', [{ key: 'SymmetricSecurityKey', keyId: 'JWT_SECRET', origin: 'literal', value: 'sym-lit' }]),
    cs('verbatim strings', 'const string JwtSecret = @"C:\\no\\escapes ""quoted""";\n', [{ origin: 'literal', value: 'C:\\no\\escapes "quoted"' }]),
  ]);
});

describe('csharp: correct setups stay silent', () => {
  runCases([
    cs('strict reads', 'var a = Environment.GetEnvironmentVariable("JWT_SECRET")\n    ?? throw new InvalidOperationException("JWT_SECRET must be set");\nvar b = builder.Configuration["Jwt:Key"];\n', [
      { key: 'JWT_SECRET', origin: 'env' },
      { key: 'Jwt:Key', origin: 'env' },
    ]),
    cs('parameters with defaults', 'void Sign(string jwtSecret = "param") { }\n', []),
    cs('keys from variables', 'var sk = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(jwtSettings.Secret));\n', []),
  ]);
});

describe('csharp: logged secrets', () => {
  runCases([
    cs('Console.WriteLine and ILogger with an interpolated string', 'Console.WriteLine(jwtSecret);\n_logger.LogInformation($"key {JwtKey}");\n', [], [
      { key: 'jwtSecret', sink: 'Console.WriteLine', line: 1 },
      { key: 'JwtKey', keyId: 'JWT_KEY', sink: '_logger.LogInformation', line: 2 },
    ]),
  ]);
  runCases([
    cs('checks only', 'Console.WriteLine(string.IsNullOrEmpty(jwtSecret));\n_logger.LogWarning("Jwt:Key is not configured");\n', []),
  ]);
});

describe('csharp: repairs', () => {
  it('offers no mechanical repair for ?? fallbacks', () => {
    const parsed = parse('a.cs', 'var key = Environment.GetEnvironmentVariable("JWT_SECRET") ?? "x";\n');
    expect(parsed.assignments.map((a) => a.strictRead)).toEqual([undefined]);
  });
});
