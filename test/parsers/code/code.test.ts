import { describe, expect, it } from 'vitest';
import type { CodeLanguage } from '../../../src/core/types.js';
import { languageOf, parseCode } from '../../../src/parsers/code/index.js';
import { readStringLiteral } from '../../../src/parsers/code/string-literal.js';
import { tokenize } from '../../../src/parsers/code/tokens.js';
import { makeDoc, options, parse } from './harness.js';

describe('code: dispatch and context', () => {
  it.each([
    ['app/settings.py', 'python'],
    ['src/index.mjs', 'javascript'],
    ['src/App.tsx', 'typescript'],
    ['cmd/main.go', 'go'],
    ['src/main/java/A.java', 'java'],
    ['build.gradle.kts', 'kotlin'],
    ['lib/tasks/x.rake', 'ruby'],
    ['config/app.php', 'php'],
    ['src/Program.cs', 'csharp'],
    ['README.md', undefined],
    ['Makefile', undefined],
    ['.py', undefined],
  ] as const)('%s → %s', (path, language) => {
    expect(languageOf(path)).toBe(language);
  });

  it('marks the format, the language, the environment from the path and example files', () => {
    const prod = parse('deploy/production/settings.py', 'SECRET_KEY = "x1"\n');
    expect(prod.format).toBe('code');
    expect(prod.assignments[0]?.context).toEqual({ format: 'code', language: 'python', isExample: false, environment: 'prod' });
    const example = parse('examples/flask-app/settings.py', 'SECRET_KEY = "x1"\n');
    expect(example.assignments[0]?.context).toEqual({ format: 'code', language: 'python', isExample: true });
    // An example by place, not by a word in the name: this is code like any other.
    expect(parse('src/simple-examples.js', 'const jwtSecret = "x1"\n').assignments[0]?.context.isExample).toBe(false);
    expect(parse('config/settings.example.py', 'SECRET_KEY = "x1"\n').assignments[0]?.context.isExample).toBe(false);
    expect(parse('src/a.ts', 'const jwtSecret = "x"\n').assignments[0]?.context.language).toBe('typescript');
  });

  it('returns an empty parse for files it does not read', () => {
    expect(parseCode(makeDoc('notes.txt', 'SECRET_KEY = "x"'), options)).toEqual({ format: 'code', assignments: [], uses: [], problems: [] });
  });

  it('only reports secret-named keys', () => {
    const parsed = parse('a.py', 'import os\nDEBUG = os.getenv("DEBUG", "1")\nNAME = "x"\nprint(NAME)\n');
    expect(parsed.assignments).toEqual([]);
    expect(parsed.uses).toEqual([]);
  });

  it('names from configuration count as secret names', async () => {
    const { createSecretNameMatcher } = await import('../../../src/core/secret-names.js');
    const parsed = parseCode(makeDoc('a.py', 'MY_HMAC = "x"\n'), { ...options, names: createSecretNameMatcher(['MY_HMAC']) });
    expect(parsed.assignments.map((a) => a.keyId)).toEqual(['MY_HMAC']);
  });
});

describe('code: string literals', () => {
  const read = (text: string, language: CodeLanguage) => readStringLiteral(text, 0, language);

  it.each([
    ['python escapes', '"a\\x41\\u00e9\\N{X}\\q"', 'python', 'aAé\\N{X}\\q'],
    ['python raw keeps backslashes and an escaped quote', 'r"a\\"b"', 'python', 'a\\"b'],
    ['python f-string doubles braces', 'f"{{x}} {y}"', 'python', '{x} {y}'],
    ['python line continuation inside a string', '"a\\\nb"', 'python', 'ab'],
    ['js unknown escapes drop the backslash', "'a\\qb\\u{1F600}'", 'javascript', 'aqb😀'],
    ['go raw string', '`a\\nb`', 'go', 'a\\nb'],
    ['kotlin escaped dollar', '"\\${x}"', 'kotlin', '${x}'],
    ['ruby single quotes', "'a\\'b\\\\c\\n'", 'ruby', "a'b\\c\\n"],
    ['php double quotes keep unknown escapes', '"a\\qb\\$c"', 'php', 'a\\qb$c'],
    ['c# verbatim', '@"a\\b""c"', 'csharp', 'a\\b"c'],
  ] as const)('%s', (_name, text, language, value) => {
    expect(read(text, language)?.value).toBe(value);
  });

  it('records embedded expressions and content ranges', () => {
    const lit = read('f"Using secret: {secret_key}"', 'python');
    expect(lit && { start: lit.contentStart, end: lit.contentEnd, interpolations: lit.interpolations }).toEqual({ start: 2, end: 28, interpolations: [{ start: 17, end: 27 }] });
    expect(read('`a ${b} c`', 'javascript')?.interpolations).toEqual([{ start: 5, end: 6 }]);
    expect(read('"#{x}"', 'ruby')?.interpolations).toEqual([{ start: 3, end: 4 }]);
    expect(read('"$x {$y->z}"', 'php')?.interpolations).toEqual([
      { start: 1, end: 3 },
      { start: 5, end: 10 },
    ]);
    expect(read('$"k {Key}"', 'csharp')?.interpolations).toEqual([{ start: 5, end: 8 }]);
    expect(read('"a $b ${c}"', 'kotlin')?.interpolations).toEqual([
      { start: 4, end: 5 },
      { start: 8, end: 9 },
    ]);
  });

  it('stops a one-line literal at the line break, before a CR', () => {
    const lit = read('"abc\r\nSECRET_KEY = 1', 'python');
    expect(lit && { terminated: lit.terminated, end: lit.contentEnd, value: lit.value }).toEqual({ terminated: false, end: 4, value: 'abc' });
  });

  it('is not a literal where none starts', () => {
    expect(read('rbac = 1', 'python')).toBeNull();
    expect(read('abc', 'javascript')).toBeNull();
  });
});

describe('code: tokenizer', () => {
  it('matches brackets and records parents', () => {
    const ts = tokenize('f(a[1], {b: 2})', 'javascript');
    const open = ts.findIndex((t) => t.text === '(');
    expect(ts[open]?.match).toBe(ts.length - 1);
    expect(ts.find((t) => t.text === 'b')?.depth).toBe(2);
  });

  it('drops comments of each language', () => {
    expect(tokenize('a # c\nb', 'python').map((t) => t.text)).toEqual(['a', '\n', 'b']);
    expect(tokenize('a // c\nb /* d */ e', 'go').map((t) => t.text)).toEqual(['a', '\n', 'b', 'e']);
    expect(tokenize('<?php a # c\nb; #[Attr] c', 'php').map((t) => t.text)).toEqual(['a', '\n', 'b', ';', '#', '[', 'Attr', ']', 'c']);
  });
});

describe('code: hostile input', () => {
  const extensions = ['py', 'js', 'ts', 'go', 'java', 'kt', 'rb', 'php', 'cs'];
  const lines: Record<string, string> = {
    'nested brackets': '('.repeat(100_000),
    'chained assignments': 'a='.repeat(50_000),
    'unterminated quotes': '"\\'.repeat(50_000),
    'f-string braces': 'f"{'.repeat(33_334),
    'template interpolations': '`${'.repeat(33_334),
    'nested log calls': 'print(console.log('.repeat(5_000),
    'member chains': 'x.'.repeat(50_000),
    'env reads with fallbacks': 'process.env.JWT_SECRET||os.getenv("SECRET_KEY") or '.repeat(2_000),
    'secret assignments': 'SECRET_KEY="'.repeat(8_000),
    'one long identifier': 'JWTSecret'.repeat(11_112),
    'regex-looking slashes': '/['.repeat(50_000),
    'ruby and php interpolations': '"#{$x{$'.repeat(14_286),
    'heredoc and percent-literal openers': '=<<~A <<<B %q('.repeat(7_143),
    'heredoc openers on many lines': 'x = <<~EOS\n'.repeat(9_091),
  };
  it.each(Object.entries(lines).flatMap(([name, line]) => extensions.map((ext) => [name, ext, line] as const)))('%s (.%s, 100 kB) finishes without a problem', (_name, ext, line) => {
    const text = ext === 'php' ? `<?php ${line}` : line;
    const parsed = parseCode(makeDoc(`x.${ext}`, text), options);
    expect(parsed.problems).toEqual([]);
  });

  it('never throws on odd input (binary noise, lone surrogates, BOM)', () => {
    const noise = Array.from({ length: 5_000 }, (_, n) => String.fromCharCode((n * 7919) % 0xffff)).join('');
    for (const ext of extensions) {
      expect(() => parseCode(makeDoc(`x.${ext}`, '\ufeff' + noise + '\ud800SECRET_KEY = "x"'), options)).not.toThrow();
    }
  });
});
