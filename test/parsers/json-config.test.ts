import { describe, expect, it } from 'vitest';
import { blankJsonComments, parseJsonConfig } from '../../src/parsers/json-config.js';
import { options, docOf, summary } from '../helpers/parser-cases.js';

interface Case {
  name: string;
  path?: string;
  text: string;
  expected: Record<string, unknown>[];
}

const cases: Case[] = [
  {
    name: 'appsettings.json Jwt.Key; other keys and non-strings ignored',
    text: '{\n  "Jwt": {\n    "Key": "ThisIsMySecretKey",\n    "Issuer": "me",\n    "Secret": 12345\n  },\n  "Logging": {}\n}\n',
    expected: [{ key: 'Jwt.Key', keyId: 'JWT_KEY', origin: 'literal', value: 'ThisIsMySecretKey', spanText: 'ThisIsMySecretKey', line: 3, context: { format: 'json', isExample: false } }],
  },
  {
    name: 'environment from the file name; escapes decoded',
    path: 'src/Api/appsettings.Production.json',
    text: '{"JwtSettings": {"SecretKey": "a\\"b\\u0041"}}',
    expected: [{ key: 'JwtSettings.SecretKey', keyId: 'JWT_SETTINGS_SECRET_KEY', origin: 'literal', value: 'a"bA', context: { environment: 'prod' } }],
  },
  {
    name: 'comments are skipped, // inside strings is not a comment',
    text: '{\n  // "Jwt": {"Key": "commented-out"},\n  "Url": "http://example.com/*x*/",\n  /* "SECRET_KEY": "also-commented" */\n  "Authentication": { "JwtSecret": "real-one" }\n}\n',
    expected: [{ key: 'Authentication.JwtSecret', keyId: 'AUTHENTICATION_JWT_SECRET', origin: 'literal', value: 'real-one', line: 5 }],
  },
  {
    name: 'placeholders, tokens and empty values',
    text: '{"Jwt": {"Key": "${JWT_KEY}", "Secret": "#{Jwt.Secret}#", "SigningKey": ""}, "SECRET_KEY": "pre-${X}"}',
    expected: [
      { key: 'Jwt.Key', origin: 'env', envName: 'JWT_KEY' },
      { key: 'Jwt.Secret', origin: 'template' },
      { key: 'SECRET_KEY', origin: 'template' },
    ],
  },
  {
    name: 'arrays of {name, value} and nested arrays',
    text: '{"env": [{"name": "JWT_SECRET", "value": "arr-literal"}], "list": [[{"SECRET_KEY": "deep"}]]}',
    expected: [
      { key: 'JWT_SECRET', origin: 'literal', value: 'arr-literal' },
      { key: 'list.SECRET_KEY', keyId: 'LIST_SECRET_KEY', value: 'deep' },
    ],
  },
  {
    name: 'tabs and CRLF',
    text: '{\r\n\t"Jwt": {\r\n\t\t"Key": "tabbed"\r\n\t}\r\n}\r\n',
    expected: [{ key: 'Jwt.Key', value: 'tabbed', spanText: 'tabbed', line: 3 }],
  },
];

describe('parseJsonConfig', () => {
  for (const c of cases) {
    it(c.name, () => {
      const result = parseJsonConfig(docOf(c.path ?? 'appsettings.json', c.text), options);
      expect(result.problems).toEqual([]);
      expect(result.format).toBe('json');
      expect(result.assignments.map((a) => summary(c.text, a))).toMatchObject(c.expected);
    });
  }

  it('reports invalid JSON as a problem', () => {
    const result = parseJsonConfig(docOf('appsettings.json', '{\n  "Jwt": {"Key": "x"\n'), options);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatch(/^JSON parse error at line \d+: /);
    expect(result.assignments).toEqual([]);
  });

  it('blanks comments without moving offsets', () => {
    const text = '{ /* a */ "k": "v" // c\r\n}';
    const blanked = blankJsonComments(text);
    expect(blanked).toHaveLength(text.length);
    expect(blanked).toBe('{         "k": "v"     \r\n}');
  });

  it('survives hostile input', () => {
    for (const text of ['{"a": "' + '\\'.repeat(100_001), '/*'.repeat(50_000), '{"Jwt": {"Key": "' + 'x'.repeat(100_000) + '"}}', '['.repeat(100_000)]) {
      expect(() => parseJsonConfig(docOf('a.json', text), options)).not.toThrow();
    }
  });
});
