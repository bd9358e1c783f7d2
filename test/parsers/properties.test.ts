import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../src/core/lines.js';
import { createSecretNameMatcher } from '../../src/core/secret-names.js';
import type { Document, SecretAssignment } from '../../src/core/types.js';
import { parseProperties } from '../../src/parsers/properties.js';

function makeDoc(path: string, text: string): Document {
  return { path, text, origin: 'worktree', hasBom: false };
}

const options = { names: createSecretNameMatcher(), maxYamlAliasNodes: 100_000 };

interface Expected {
  key: string;
  keyId?: string;
  origin: SecretAssignment['origin'];
  value?: string;
  referenceTo?: string;
  envName?: string;
  line: number;
  spanText?: string;
  keyText?: string;
  /** The value text after applying the strictRead edit (null: no fix). */
  fixed?: string | null;
}

function summarize(text: string, assignments: SecretAssignment[]): Record<string, unknown>[] {
  const lines = new LineIndex(text);
  return assignments.map((a) => {
    const edit = a.strictRead?.edits[0];
    return {
      key: a.key,
      keyId: a.keyId,
      origin: a.origin,
      value: a.value,
      referenceTo: a.referenceTo,
      envName: a.envName,
      line: lines.position(a.span.start).line,
      spanText: text.slice(a.span.start, a.span.end),
      keyText: a.keySpan ? text.slice(a.keySpan.start, a.keySpan.end) : undefined,
      fixed: edit ? text.slice(0, edit.start) + edit.text + text.slice(edit.end) : null,
    };
  });
}

interface Case {
  name: string;
  text: string;
  expected: Expected[];
}

const cases: Case[] = [
  { name: 'key=value', text: 'jwt.secret=abc123\n', expected: [{ key: 'jwt.secret', keyId: 'JWT_SECRET', origin: 'literal', value: 'abc123', line: 1, spanText: 'abc123', keyText: 'jwt.secret', fixed: null }] },
  { name: 'key: value', text: 'jwt.secret: abc\n', expected: [{ key: 'jwt.secret', origin: 'literal', value: 'abc', line: 1, spanText: 'abc' }] },
  { name: 'key value', text: 'jwt.secret   abc\n', expected: [{ key: 'jwt.secret', origin: 'literal', value: 'abc', line: 1, spanText: 'abc' }] },
  { name: 'key = value with blanks', text: '  jwt.secret \t=  abc\n', expected: [{ key: 'jwt.secret', origin: 'literal', value: 'abc', line: 1, keyText: 'jwt.secret' }] },
  { name: 'only the first separator counts', text: 'jwt.secret==a:b\n', expected: [{ key: 'jwt.secret', origin: 'literal', value: '=a:b', line: 1 }] },
  { name: 'trailing whitespace belongs to the value', text: 'jwt.secret=abc  \n', expected: [{ key: 'jwt.secret', origin: 'literal', value: 'abc  ', line: 1 }] },
  { name: 'comments', text: '# jwt.secret=no\n! jwt.secret=no\n   # jwt.secret=no\njwt.secret=yes # not a comment\n', expected: [{ key: 'jwt.secret', origin: 'literal', value: 'yes # not a comment', line: 4 }] },
  {
    name: 'line continuation',
    text: 'jwt.secret=abc\\\n    def\\\n\tghi\nother=1\n',
    expected: [{ key: 'jwt.secret', origin: 'literal', value: 'abcdefghi', line: 1, spanText: 'abc\\\n    def\\\n\tghi' }],
  },
  { name: 'a comment-looking continuation line is content', text: 'jwt.secret=a\\\n#b\n', expected: [{ key: 'jwt.secret', origin: 'literal', value: 'a#b', line: 1 }] },
  { name: 'an even number of backslashes does not continue', text: 'jwt.secret=a\\\\\nsecret_key=b\n', expected: [{ key: 'jwt.secret', value: 'a\\', origin: 'literal', line: 1 }, { key: 'secret_key', value: 'b', origin: 'literal', line: 2 }] },
  { name: 'escapes', text: 'jwt.secret=a\\tb\\nc\\=d\\:e\\\\f\\u0041\\qg\n', expected: [{ key: 'jwt.secret', origin: 'literal', value: 'a\tb\nc=d:e\\fA' + 'qg', line: 1, spanText: 'a\\tb\\nc\\=d\\:e\\\\f\\u0041\\qg' }] },
  { name: 'escaped separator in the key', text: 'jwt.secret\\=x=v\n', expected: [{ key: 'jwt.secret=x', keyId: 'JWT_SECRET_X', origin: 'literal', value: 'v', line: 1 }] },
  { name: 'escaped space in the key', text: 'app\\ jwt.secret = v\n', expected: [{ key: 'app jwt.secret', keyId: 'APP_JWT_SECRET', origin: 'literal', value: 'v', line: 1, keyText: 'app\\ jwt.secret' }] },
  { name: 'unicode-escaped key', text: 'jwt\\u002esecret=v\n', expected: [{ key: 'jwt.secret', keyId: 'JWT_SECRET', origin: 'literal', value: 'v', line: 1 }] },
  {
    name: 'Spring key spellings',
    text: 'app.jwt-secret=a\nspring.security.oauth2.resourceserver.jwt.secret-key=b\nserver.port=8080\nsecurity.jwt.token.secret-key=c\n',
    expected: [
      { key: 'app.jwt-secret', keyId: 'APP_JWT_SECRET', origin: 'literal', value: 'a', line: 1 },
      { key: 'spring.security.oauth2.resourceserver.jwt.secret-key', origin: 'literal', value: 'b', line: 2 },
      { key: 'security.jwt.token.secret-key', origin: 'literal', value: 'c', line: 4 },
    ],
  },
  { name: 'non-secret keys', text: 'server.port=8080\nspring.datasource.password=x\n', expected: [] },
  { name: 'placeholder', text: 'jwt.secret=${JWT_SECRET}\n', expected: [{ key: 'jwt.secret', origin: 'env', envName: 'JWT_SECRET', line: 1, spanText: '${JWT_SECRET}', fixed: null }] },
  { name: 'placeholder with an empty default', text: 'jwt.secret=${JWT_SECRET:}\n', expected: [{ key: 'jwt.secret', origin: 'env', envName: 'JWT_SECRET', line: 1, spanText: '${JWT_SECRET:}', fixed: null }] },
  {
    name: 'placeholder with a default',
    text: 'server.port=80\njwt.secret=${JWT_SECRET:some-default}\n',
    expected: [{ key: 'jwt.secret', origin: 'default', value: 'some-default', envName: 'JWT_SECRET', line: 2, spanText: 'some-default', fixed: 'server.port=80\njwt.secret=${JWT_SECRET}\n' }],
  },
  {
    name: 'default with colons',
    text: 'jwt.secret: ${JWT_SECRET:a:b:c}\r\n',
    expected: [{ key: 'jwt.secret', origin: 'default', value: 'a:b:c', line: 1, spanText: 'a:b:c', fixed: 'jwt.secret: ${JWT_SECRET}\r\n' }],
  },
  {
    name: 'placeholder with a property name',
    text: 'jwt.secret=${app.jwt.secret:changeme}\n',
    expected: [{ key: 'jwt.secret', origin: 'default', value: 'changeme', envName: 'APP_JWT_SECRET', line: 1, fixed: 'jwt.secret=${app.jwt.secret}\n' }],
  },
  {
    name: 'fallback to another placeholder',
    text: 'jwt.secret=${JWT_SECRET:${SECRET_KEY}}\n',
    expected: [{ key: 'jwt.secret', origin: 'fallback', referenceTo: 'SECRET_KEY', envName: 'JWT_SECRET', line: 1, spanText: '${JWT_SECRET:${SECRET_KEY}}', fixed: 'jwt.secret=${JWT_SECRET}\n' }],
  },
  {
    name: 'nested default ends in a literal',
    text: 'jwt.secret=${JWT_SECRET:${SECRET_KEY:dev}}\n',
    expected: [{ key: 'jwt.secret', origin: 'default', value: 'dev', envName: 'JWT_SECRET', line: 1, spanText: 'dev', fixed: 'jwt.secret=${JWT_SECRET}\n' }],
  },
  { name: 'placeholder mixed with text is skipped', text: 'jwt.secret=prefix-${JWT_SECRET}\nsecret_key=${A}${B}\n', expected: [] },
  {
    name: 'placeholder split by a continuation',
    text: 'jwt.secret=${JWT_SECRET:\\\n  abc}\n',
    expected: [{ key: 'jwt.secret', origin: 'default', value: 'abc', line: 2, spanText: 'abc', fixed: 'jwt.secret=${JWT_SECRET}\n' }],
  },
  { name: 'SpEL and templates', text: 'jwt.secret=#{systemEnvironment[\'X\']}\nsecret_key={{ secret }}\n', expected: [{ key: 'jwt.secret', origin: 'template', line: 1 }, { key: 'secret_key', origin: 'template', line: 2 }] },
  { name: 'empty values', text: 'jwt.secret=\njwt.secret-key\nsecret_key =   \n', expected: [] },
  { name: 'CR-only line endings', text: 'a=1\rjwt.secret=x\rsecret_key=y', expected: [{ key: 'jwt.secret', value: 'x', origin: 'literal', line: 1 }, { key: 'secret_key', value: 'y', origin: 'literal', line: 1 }] },
  { name: 'continuation at end of file', text: 'jwt.secret=abc\\', expected: [{ key: 'jwt.secret', value: 'abc', origin: 'literal', line: 1, spanText: 'abc' }] },
  { name: 'continuation then end of file after newline', text: 'jwt.secret=abc\\\n', expected: [{ key: 'jwt.secret', value: 'abc', origin: 'literal', line: 1 }] },
];

describe('parseProperties', () => {
  it.each(cases)('$name', ({ text, expected }) => {
    const parsed = parseProperties(makeDoc('src/main/resources/application.properties', text), options);
    expect(parsed.problems).toEqual([]);
    expect(parsed.format).toBe('properties');
    const got = summarize(text, parsed.assignments);
    expect(got).toHaveLength(expected.length);
    expected.forEach((e, i) => expect(got[i]).toMatchObject(e as unknown as Record<string, unknown>));
  });

  it('builds the strictRead fix for a Spring default', () => {
    const text = 'jwt.secret=${JWT_SECRET:some-default}\n';
    const [a] = parseProperties(makeDoc('config/application.properties', text), options).assignments;
    expect(a?.strictRead).toEqual({
      description: 'Read JWT_SECRET from the environment with no default',
      edits: [{ file: 'config/application.properties', start: 11, end: 37, text: '${JWT_SECRET}' }],
    });
  });

  it('fills context', () => {
    const [a] = parseProperties(makeDoc('src/main/resources/application-prod.properties', 'jwt.secret=x\n'), options).assignments;
    expect(a?.context).toEqual({ format: 'properties', isExample: false, environment: 'prod' });
  });

  it('reports a malformed unicode escape once and reads on', () => {
    const parsed = parseProperties(makeDoc('a.properties', 'x\\uZZ=\\u1\njwt.secret=\\u00zz\n'), options);
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toMatch(/^line 1: malformed/);
    expect(parsed.assignments.map((a) => a.value)).toEqual(['u00zz']);
  });

  it('finishes on hostile input', () => {
    const long = 100_000;
    const inputs = [
      'jwt.secret=' + '\\'.repeat(long),
      'jwt.secret=' + '\\'.repeat(long - 1),
      'jwt.secret=' + '${JWT:'.repeat(long / 6),
      'jwt.secret=${' + 'a:${'.repeat(long / 4) + '}'.repeat(long / 4),
      'jwt.secret=' + '\\u'.repeat(long / 2),
      'a=\\\n'.repeat(long / 4),
      ' '.repeat(long) + 'jwt.secret',
      '\r'.repeat(long),
      'jwt.secret=' + '{'.repeat(long),
    ];
    for (const text of inputs) {
      const parsed = parseProperties(makeDoc('a.properties', text), options);
      expect(parsed.problems.length).toBeLessThanOrEqual(1);
    }
  });
});
