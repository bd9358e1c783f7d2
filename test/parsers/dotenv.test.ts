import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../src/core/lines.js';
import { createSecretNameMatcher } from '../../src/core/secret-names.js';
import type { Document, SecretAssignment } from '../../src/core/types.js';
import { parseDotenv, parseDotenvEntries } from '../../src/parsers/dotenv.js';

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
  /** The text the span covers. */
  spanText?: string;
}

function summarize(text: string, assignments: SecretAssignment[]): Record<string, unknown>[] {
  const lines = new LineIndex(text);
  return assignments.map((a) => ({
    key: a.key,
    keyId: a.keyId,
    origin: a.origin,
    value: a.value,
    referenceTo: a.referenceTo,
    envName: a.envName,
    line: lines.position(a.span.start).line,
    spanText: text.slice(a.span.start, a.span.end),
  }));
}

interface Case {
  name: string;
  text: string;
  path?: string;
  expected: Expected[];
}

const cases: Case[] = [
  { name: 'plain literal', text: 'JWT_SECRET=abc123\n', expected: [{ key: 'JWT_SECRET', keyId: 'JWT_SECRET', origin: 'literal', value: 'abc123', line: 1, spanText: 'abc123' }] },
  { name: 'export prefix', text: 'export SECRET_KEY=s3cr3t\n', expected: [{ key: 'SECRET_KEY', origin: 'literal', value: 's3cr3t', line: 1 }] },
  { name: 'export with tabs and spaces around =', text: 'export\t JWT_SECRET  =   abc   \n', expected: [{ key: 'JWT_SECRET', origin: 'literal', value: 'abc', line: 1, spanText: 'abc' }] },
  { name: 'a key named export', text: 'export=1\nJWT_SECRET=x\n', expected: [{ key: 'JWT_SECRET', value: 'x', origin: 'literal', line: 2 }] },
  { name: 'colon form is not an entry', text: 'JWT_SECRET: abc\n', expected: [] },
  { name: 'single quotes are literal', text: "JWT_SECRET='a\\nb ${X} # no comment'\n", expected: [{ key: 'JWT_SECRET', origin: 'literal', value: 'a\\nb ${X} # no comment', line: 1, spanText: 'a\\nb ${X} # no comment' }] },
  { name: 'double quotes decode escapes', text: 'JWT_SECRET="a\\nb\\tc\\"d\\\\e\\qf"\n', expected: [{ key: 'JWT_SECRET', origin: 'literal', value: 'a\nb\tc"d\\e\\qf', line: 1, spanText: 'a\\nb\\tc\\"d\\\\e\\qf' }] },
  { name: 'backtick quotes', text: 'JWT_SECRET=`it\'s "x"`\n', expected: [{ key: 'JWT_SECRET', origin: 'literal', value: 'it\'s "x"', line: 1 }] },
  {
    name: 'multi-line double-quoted value',
    text: 'A=1\nJWT_SECRET="line1\nline2\nline3"\nSECRET_KEY=after\n',
    expected: [
      { key: 'JWT_SECRET', origin: 'literal', value: 'line1\nline2\nline3', line: 2, spanText: 'line1\nline2\nline3' },
      { key: 'SECRET_KEY', origin: 'literal', value: 'after', line: 5 },
    ],
  },
  {
    name: 'multi-line value with CRLF',
    text: 'JWT_SECRET="-----BEGIN KEY-----\r\nabc\r\n-----END KEY-----"\r\nSECRET_KEY=z\r\n',
    expected: [
      { key: 'JWT_SECRET', origin: 'literal', value: '-----BEGIN KEY-----\nabc\n-----END KEY-----', line: 1 },
      { key: 'SECRET_KEY', origin: 'literal', value: 'z', line: 4, spanText: 'z' },
    ],
  },
  { name: 'trailing comment after whitespace', text: 'JWT_SECRET=abc # the key\n', expected: [{ key: 'JWT_SECRET', origin: 'literal', value: 'abc', line: 1, spanText: 'abc' }] },
  { name: 'hash inside a value', text: 'JWT_SECRET=abc#def\n', expected: [{ key: 'JWT_SECRET', origin: 'literal', value: 'abc#def', line: 1 }] },
  { name: 'hash right after =', text: 'JWT_SECRET=#abc\n', expected: [{ key: 'JWT_SECRET', origin: 'literal', value: '#abc', line: 1 }] },
  { name: 'only a comment after =', text: 'JWT_SECRET= # set me\n', expected: [] },
  { name: 'comment after a quoted value', text: 'JWT_SECRET="a # b" # c\n', expected: [{ key: 'JWT_SECRET', origin: 'literal', value: 'a # b', line: 1, spanText: 'a # b' }] },
  { name: 'full-line comments and blank lines', text: '# JWT_SECRET=commented\n\n   \n  # SECRET_KEY=x\nSESSION_SECRET=y\n', expected: [{ key: 'SESSION_SECRET', origin: 'literal', value: 'y', line: 5 }] },
  { name: 'CRLF line endings', text: 'A=1\r\nJWT_SECRET=abc\r\nSECRET_KEY="q"\r\n', expected: [{ key: 'JWT_SECRET', value: 'abc', origin: 'literal', line: 2, spanText: 'abc' }, { key: 'SECRET_KEY', value: 'q', origin: 'literal', line: 3, spanText: 'q' }] },
  { name: 'keys with dots and dashes', text: 'jwt.secret=a\napp-secret-key=b\n', expected: [{ key: 'jwt.secret', keyId: 'JWT_SECRET', origin: 'literal', value: 'a', line: 1 }, { key: 'app-secret-key', keyId: 'APP_SECRET_KEY', origin: 'literal', value: 'b', line: 2 }] },
  { name: 'non-secret keys are not emitted', text: 'DATABASE_URL=postgres://x\nPORT=80\n', expected: [] },
  { name: 'empty values are skipped', text: 'JWT_SECRET=\nSECRET_KEY=""\nSESSION_SECRET=\'\'\nAPP_KEY=   \n', expected: [] },
  { name: 'reference to another variable', text: 'JWT_SECRET_KEY=${SECRET_KEY}\n', expected: [{ key: 'JWT_SECRET_KEY', origin: 'reference', referenceTo: 'SECRET_KEY', line: 1, spanText: '${SECRET_KEY}' }] },
  { name: 'unbraced reference', text: 'JWT_SECRET_KEY=$SECRET_KEY\n', expected: [{ key: 'JWT_SECRET_KEY', origin: 'reference', referenceTo: 'SECRET_KEY', line: 1, spanText: '$SECRET_KEY' }] },
  { name: 'quoted reference', text: 'JWT_SECRET_KEY="${SECRET_KEY}"\n', expected: [{ key: 'JWT_SECRET_KEY', origin: 'reference', referenceTo: 'SECRET_KEY', line: 1 }] },
  { name: 'self reference reads the environment', text: 'JWT_SECRET=${JWT_SECRET}\n', expected: [{ key: 'JWT_SECRET', origin: 'env', envName: 'JWT_SECRET', line: 1 }] },
  { name: 'required variable', text: 'JWT_SECRET=${JWT_SECRET:?must be set}\n', expected: [{ key: 'JWT_SECRET', origin: 'env', envName: 'JWT_SECRET', line: 1, spanText: '${JWT_SECRET:?must be set}' }] },
  { name: 'required other variable', text: 'JWT_SECRET=${OTHER?x}\n', expected: [{ key: 'JWT_SECRET', origin: 'env', envName: 'OTHER', line: 1 }] },
  { name: 'default', text: 'JWT_SECRET=${JWT_SECRET:-changeme}\n', expected: [{ key: 'JWT_SECRET', origin: 'default', value: 'changeme', envName: 'JWT_SECRET', line: 1, spanText: 'changeme' }] },
  { name: 'default without colon, double-quoted', text: 'JWT_SECRET="${OTHER-your-secret}"\n', expected: [{ key: 'JWT_SECRET', origin: 'default', value: 'your-secret', envName: 'OTHER', line: 1, spanText: 'your-secret' }] },
  { name: 'empty default reads strictly', text: 'JWT_SECRET=${JWT_SECRET:-}\n', expected: [{ key: 'JWT_SECRET', origin: 'env', line: 1 }] },
  { name: 'fallback to another variable', text: 'JWT_SECRET_KEY=${JWT_SECRET_KEY:-${SECRET_KEY}}\n', expected: [{ key: 'JWT_SECRET_KEY', origin: 'fallback', referenceTo: 'SECRET_KEY', envName: 'JWT_SECRET_KEY', line: 1 }] },
  { name: 'nested default ends in a literal', text: 'JWT_SECRET=${A:-${B:-lit}}\n', expected: [{ key: 'JWT_SECRET', origin: 'default', value: 'lit', envName: 'A', line: 1, spanText: 'lit' }] },
  { name: 'alternative value is skipped', text: 'JWT_SECRET=${X:+alt}\n', expected: [] },
  { name: 'interpolation mixed with text is skipped', text: 'JWT_SECRET=prefix-${X}\nSECRET_KEY=${A}${B}\nSESSION_SECRET="${X} "\n', expected: [] },
  { name: 'escaped dollar in double quotes is literal', text: 'JWT_SECRET="\\${NOT_A_REF}"\n', expected: [{ key: 'JWT_SECRET', origin: 'literal', value: '${NOT_A_REF}', line: 1 }] },
  { name: 'doubled dollar is not an interpolation', text: 'JWT_SECRET=a$$b\n', expected: [{ key: 'JWT_SECRET', origin: 'literal', value: 'a$$b', line: 1 }] },
  { name: 'template shapes', text: 'JWT_SECRET={{ .Values.jwt }}\nSECRET_KEY=#{jwt-secret-key}#\nAPP_KEY=__APP_KEY__\n', expected: [{ key: 'JWT_SECRET', origin: 'template', line: 1 }, { key: 'SECRET_KEY', origin: 'template', line: 2 }, { key: 'APP_KEY', origin: 'template', line: 3 }] },
  { name: 'managed shape', text: 'JWT_SECRET=${{ secrets.JWT_SECRET }}\n', expected: [{ key: 'JWT_SECRET', origin: 'managed', line: 1 }] },
  { name: 'unterminated quote reads the rest of the line', text: 'JWT_SECRET="abc\nSECRET_KEY=x\n', expected: [{ key: 'JWT_SECRET', origin: 'literal', value: '"abc', line: 1 }, { key: 'SECRET_KEY', origin: 'literal', value: 'x', line: 2 }] },
  { name: 'garbage lines are ignored', text: 'not an entry\n=value\n"JWT_SECRET"=x\nJWT SECRET=x\nSECRET_KEY=ok\n', expected: [{ key: 'SECRET_KEY', value: 'ok', origin: 'literal', line: 5 }] },
  { name: 'no trailing newline', text: 'JWT_SECRET=last', expected: [{ key: 'JWT_SECRET', value: 'last', origin: 'literal', line: 1 }] },
  { name: 'non-ASCII value', text: 'JWT_SECRET=clé🔑secret\n', expected: [{ key: 'JWT_SECRET', value: 'clé🔑secret', origin: 'literal', line: 1, spanText: 'clé🔑secret' }] },
];

describe('parseDotenv', () => {
  it.each(cases)('$name', ({ text, path, expected }) => {
    const parsed = parseDotenv(makeDoc(path ?? '.env', text), options);
    expect(parsed.problems).toEqual([]);
    expect(parsed.format).toBe('dotenv');
    const got = summarize(text, parsed.assignments);
    expect(got).toHaveLength(expected.length);
    expected.forEach((e, i) => expect(got[i]).toMatchObject(e as unknown as Record<string, unknown>));
  });

  it('fills context and keySpan', () => {
    const text = 'JWT_SECRET=abc\n';
    const [a] = parseDotenv(makeDoc('deploy/.env.production', text), options).assignments;
    expect(a?.context).toEqual({ format: 'dotenv', isExample: false, environment: 'prod' });
    expect(a?.keySpan).toEqual({ start: 0, end: 10 });
    expect(a?.strictRead).toBeUndefined();
    const [b] = parseDotenv(makeDoc('.env.example', text), options).assignments;
    expect(b?.context.isExample).toBe(true);
  });

  it('finishes on hostile input', () => {
    const long = 100_000;
    const inputs = [
      'JWT_SECRET=' + 'a #'.repeat(long / 3),
      'JWT_SECRET="' + '\\'.repeat(long),
      'JWT_SECRET=' + '${A'.repeat(long / 3),
      'JWT_SECRET=' + '$'.repeat(long),
      'JWT_SECRET="' + '\n'.repeat(long),
      'JWT_SECRET=\'x\nJWT_SECRET="y\n'.repeat(long / 16),
      ' '.repeat(long) + 'JWT_SECRET',
      'export '.repeat(long / 7),
    ];
    for (const text of inputs) {
      const parsed = parseDotenv(makeDoc('.env', text), options);
      expect(parsed.problems).toEqual([]);
    }
  });
});

describe('parseDotenvEntries', () => {
  it('returns every entry with spans that rebuild the file', () => {
    const text = '# header\r\nexport PORT=80\r\nNAME="a\r\nb" # two lines\r\nEMPTY=\r\nJWT_SECRET=\'x\'\r\n';
    const entries = parseDotenvEntries(text);
    expect(entries.map((e) => [e.key, e.value, e.quote, e.exported, e.line, e.endLine])).toEqual([
      ['PORT', '80', null, true, 2, 2],
      ['NAME', 'a\nb', '"', false, 3, 4],
      ['EMPTY', '', null, false, 5, 5],
      ['JWT_SECRET', 'x', "'", false, 6, 6],
    ]);
    const [port, name, empty, jwt] = entries;
    expect(text.slice(port?.lineSpan.start, port?.lineSpan.end)).toBe('export PORT=80');
    expect(text.slice(port?.keySpan.start, port?.keySpan.end)).toBe('PORT');
    expect(text.slice(name?.lineSpan.start, name?.lineSpan.end)).toBe('NAME="a\r\nb" # two lines');
    expect(text.slice(name?.rawValueSpan.start, name?.rawValueSpan.end)).toBe('"a\r\nb"');
    expect(text.slice(name?.valueSpan.start, name?.valueSpan.end)).toBe('a\r\nb');
    expect(empty?.valueSpan).toEqual({ start: text.indexOf('EMPTY=') + 6, end: text.indexOf('EMPTY=') + 6 });
    expect(text.slice(jwt?.rawValueSpan.start, jwt?.rawValueSpan.end)).toBe("'x'");
  });

  it('lets a caller rewrite one value and keep every other byte', () => {
    const text = 'A=1\nJWT_SECRET=old # keep\nB="2"\n';
    const jwt = parseDotenvEntries(text).find((e) => e.key === 'JWT_SECRET');
    expect(jwt).toBeDefined();
    if (!jwt) return;
    const rewritten = text.slice(0, jwt.rawValueSpan.start) + 'new' + text.slice(jwt.rawValueSpan.end);
    expect(rewritten).toBe('A=1\nJWT_SECRET=new # keep\nB="2"\n');
  });

  it('handles an empty text and a text of only comments', () => {
    expect(parseDotenvEntries('')).toEqual([]);
    expect(parseDotenvEntries('# a\n\n#b')).toEqual([]);
  });
});
