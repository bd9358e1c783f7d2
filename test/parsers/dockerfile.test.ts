import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../src/core/lines.js';
import { createSecretNameMatcher } from '../../src/core/secret-names.js';
import type { Document, SecretAssignment } from '../../src/core/types.js';
import { parseDockerfile } from '../../src/parsers/dockerfile.js';

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
    keyText: a.keySpan ? text.slice(a.keySpan.start, a.keySpan.end) : undefined,
  }));
}

interface Case {
  name: string;
  text: string;
  path?: string;
  expected: Expected[];
}

const cases: Case[] = [
  { name: 'ENV K=v', text: 'FROM node:20\nENV JWT_SECRET=abc123\n', expected: [{ key: 'JWT_SECRET', keyId: 'JWT_SECRET', origin: 'literal', value: 'abc123', line: 2, spanText: 'abc123', keyText: 'JWT_SECRET' }] },
  { name: 'legacy ENV K v', text: 'ENV SECRET_KEY my secret value  \n', expected: [{ key: 'SECRET_KEY', origin: 'literal', value: 'my secret value', line: 1, spanText: 'my secret value', keyText: 'SECRET_KEY' }] },
  { name: 'legacy ENV with a quoted value', text: 'ENV SECRET_KEY "quoted value"\n', expected: [{ key: 'SECRET_KEY', origin: 'literal', value: 'quoted value', line: 1, spanText: 'quoted value' }] },
  {
    name: 'several pairs with quotes',
    text: 'ENV PORT=80 JWT_SECRET="two words" SECRET_KEY=\'lit $X\' SESSION_SECRET=a\\ b\n',
    expected: [
      { key: 'JWT_SECRET', origin: 'literal', value: 'two words', line: 1, spanText: 'two words' },
      { key: 'SECRET_KEY', origin: 'literal', value: 'lit $X', line: 1, spanText: 'lit $X' },
      { key: 'SESSION_SECRET', origin: 'literal', value: 'a b', line: 1, spanText: 'a\\ b' },
    ],
  },
  { name: 'escapes in double quotes', text: 'ENV JWT_SECRET="a\\"b\\\\c\\n"\n', expected: [{ key: 'JWT_SECRET', origin: 'literal', value: 'a"b\\c\\n', line: 1 }] },
  { name: 'lower-case instruction', text: 'env JWT_SECRET=x\n', expected: [{ key: 'JWT_SECRET', origin: 'literal', value: 'x', line: 1 }] },
  { name: 'ARG default', text: 'ARG JWT_SECRET=changeme\n', expected: [{ key: 'JWT_SECRET', origin: 'default', value: 'changeme', envName: 'JWT_SECRET', line: 1, spanText: 'changeme' }] },
  { name: 'ARG without a default', text: 'ARG JWT_SECRET\nARG SECRET_KEY\n', expected: [] },
  { name: 'several ARGs', text: 'ARG VERSION=1 SECRET_KEY=dev JWT_SECRET\n', expected: [{ key: 'SECRET_KEY', origin: 'default', value: 'dev', line: 1 }] },
  {
    name: 'line continuations',
    text: 'ENV PORT=80 \\\n    JWT_SECRET=abc \\\n    SECRET_KEY="x y"\nRUN true\n',
    expected: [
      { key: 'JWT_SECRET', origin: 'literal', value: 'abc', line: 2, spanText: 'abc', keyText: 'JWT_SECRET' },
      { key: 'SECRET_KEY', origin: 'literal', value: 'x y', line: 3, spanText: 'x y' },
    ],
  },
  {
    name: 'a value split by a continuation',
    text: 'ENV JWT_SECRET=abc\\\ndef\n',
    expected: [{ key: 'JWT_SECRET', origin: 'literal', value: 'abcdef', line: 1, spanText: 'abc\\\ndef' }],
  },
  {
    name: 'comments and blank lines inside a continuation',
    text: 'ENV A=1 \\\n# JWT_SECRET=commented\n\n    JWT_SECRET=real\n',
    expected: [{ key: 'JWT_SECRET', origin: 'literal', value: 'real', line: 4 }],
  },
  { name: 'comment lines', text: '# ENV JWT_SECRET=no\n  # ENV SECRET_KEY=no\nRUN echo # ENV JWT_SECRET=no\n', expected: [] },
  {
    name: 'CRLF line endings and continuation',
    text: 'FROM x\r\nENV A=1 \\\r\n  JWT_SECRET=abc\r\nENV SECRET_KEY=def\r\n',
    expected: [
      { key: 'JWT_SECRET', origin: 'literal', value: 'abc', line: 3, spanText: 'abc' },
      { key: 'SECRET_KEY', origin: 'literal', value: 'def', line: 4, spanText: 'def' },
    ],
  },
  { name: 'reference', text: 'ENV JWT_SECRET_KEY=$SECRET_KEY\n', expected: [{ key: 'JWT_SECRET_KEY', origin: 'reference', referenceTo: 'SECRET_KEY', line: 1, spanText: '$SECRET_KEY' }] },
  { name: 'braced reference', text: 'ENV JWT_SECRET_KEY=${SECRET_KEY}\n', expected: [{ key: 'JWT_SECRET_KEY', origin: 'reference', referenceTo: 'SECRET_KEY', line: 1, spanText: '${SECRET_KEY}' }] },
  { name: 'ENV from its own ARG', text: 'ARG JWT_SECRET\nENV JWT_SECRET=${JWT_SECRET}\n', expected: [{ key: 'JWT_SECRET', origin: 'env', envName: 'JWT_SECRET', line: 2, spanText: '${JWT_SECRET}' }] },
  { name: 'ENV default', text: 'ENV JWT_SECRET=${JWT_SECRET:-dev-secret}\n', expected: [{ key: 'JWT_SECRET', origin: 'default', value: 'dev-secret', envName: 'JWT_SECRET', line: 1, spanText: 'dev-secret' }] },
  { name: 'ENV required', text: 'ENV JWT_SECRET=${JWT_SECRET:?required}\n', expected: [{ key: 'JWT_SECRET', origin: 'env', line: 1 }] },
  { name: 'ENV required, quoted message', text: 'ENV JWT_SECRET="${JWT_SECRET:?set it}"\n', expected: [{ key: 'JWT_SECRET', origin: 'env', line: 1, spanText: '${JWT_SECRET:?set it}' }] },
  { name: 'interpolation mixed with text is skipped', text: 'ENV JWT_SECRET=pre-${X}\n', expected: [] },
  { name: 'escaped dollar is literal', text: 'ENV JWT_SECRET=\\$X\n', expected: [{ key: 'JWT_SECRET', origin: 'literal', value: '$X', line: 1 }] },
  { name: 'single-quoted dollar is literal', text: "ENV JWT_SECRET='${X}'\n", expected: [{ key: 'JWT_SECRET', origin: 'literal', value: '${X}', line: 1, spanText: '${X}' }] },
  { name: 'empty values are skipped', text: 'ENV JWT_SECRET=\nENV SECRET_KEY="" APP_KEY=\'\'\nARG SESSION_SECRET=\n', expected: [] },
  { name: 'non-secret keys are not emitted', text: 'ENV NODE_ENV=production PORT=3000\n', expected: [] },
  { name: 'template value', text: 'ENV JWT_SECRET={{JWT}}\n', expected: [{ key: 'JWT_SECRET', origin: 'template', line: 1 }] },
  { name: 'ONBUILD ENV', text: 'ONBUILD ENV JWT_SECRET=x\n', expected: [{ key: 'JWT_SECRET', origin: 'literal', value: 'x', line: 1 }] },
  {
    name: 'escape directive',
    text: '# escape=`\nFROM x\nENV A=1 `\n    JWT_SECRET=C:\\path\n',
    expected: [{ key: 'JWT_SECRET', origin: 'literal', value: 'C:\\path', line: 4, spanText: 'C:\\path' }],
  },
  // The backtick is no escape here, so the ENV line after it is an instruction of its own.
  { name: 'a directive after a comment is a comment', text: '# hello\n# escape=`\nENV A=1 `\nENV JWT_SECRET=x\n', expected: [{ key: 'JWT_SECRET', origin: 'literal', value: 'x', line: 4 }] },
  {
    name: 'heredoc bodies are skipped',
    text: 'RUN <<EOF\nENV JWT_SECRET=inside\nEOF\nCOPY <<-"CONF" /etc/x\n\tENV SECRET_KEY=inside\n\tCONF\nENV SESSION_SECRET=outside\n',
    expected: [{ key: 'SESSION_SECRET', origin: 'literal', value: 'outside', line: 7 }],
  },
  { name: 'a shift is not a heredoc', text: 'RUN echo $((1<<X))\nENV JWT_SECRET=x\n', expected: [{ key: 'JWT_SECRET', origin: 'literal', value: 'x', line: 2 }] },
  { name: 'unterminated quote reads to the end', text: 'ENV JWT_SECRET="abc\n', expected: [{ key: 'JWT_SECRET', origin: 'literal', value: 'abc', line: 1 }] },
  { name: 'continuation at end of file', text: 'ENV JWT_SECRET=abc \\', expected: [{ key: 'JWT_SECRET', origin: 'literal', value: 'abc', line: 1 }] },
  { name: 'stray words and a lone =', text: 'ENV = JWT_SECRET=a junk\n', expected: [{ key: 'JWT_SECRET', origin: 'literal', value: 'a', line: 1 }] },
];

describe('parseDockerfile', () => {
  it.each(cases)('$name', ({ text, path, expected }) => {
    const parsed = parseDockerfile(makeDoc(path ?? 'Dockerfile', text), options);
    expect(parsed.problems).toEqual([]);
    expect(parsed.format).toBe('dockerfile');
    const got = summarize(text, parsed.assignments);
    expect(got).toHaveLength(expected.length);
    expected.forEach((e, i) => expect(got[i]).toMatchObject(e as unknown as Record<string, unknown>));
  });

  it('fills context and never sets a strictRead fix', () => {
    const [a] = parseDockerfile(makeDoc('deploy/prod/Dockerfile', 'ENV JWT_SECRET=x\n'), options).assignments;
    expect(a?.context).toEqual({ format: 'dockerfile', isExample: false, environment: 'prod' });
    expect(a?.strictRead).toBeUndefined();
  });

  it('finishes on hostile input', () => {
    const long = 100_000;
    const inputs = [
      'ENV ' + 'JWT_SECRET=a '.repeat(long / 13),
      'ENV JWT_SECRET=' + '\\\n'.repeat(long / 2),
      'ENV JWT_SECRET="' + '\\'.repeat(long),
      'ENV JWT_SECRET=' + '='.repeat(long),
      'ENV ' + ' '.repeat(long) + 'JWT_SECRET x',
      'RUN ' + '<<A'.repeat(long / 3) + '\nENV JWT_SECRET=x\n',
      '# escape=`\n'.repeat(long / 11),
      'ENV JWT_SECRET=' + '$'.repeat(long),
    ];
    for (const text of inputs) {
      const parsed = parseDockerfile(makeDoc('Dockerfile', text), options);
      expect(parsed.problems).toEqual([]);
    }
  });
});
