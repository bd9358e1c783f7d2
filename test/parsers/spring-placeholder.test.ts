import { describe, expect, it } from 'vitest';
import { parseSpringPlaceholder } from '../../src/parsers/spring-placeholder.js';

describe('parseSpringPlaceholder', () => {
  const cases: { text: string; expected: ReturnType<typeof parseSpringPlaceholder> }[] = [
    { text: '${JWT_SECRET}', expected: { start: 0, end: 13, name: 'JWT_SECRET', defaultValue: null, defaultStart: 12 } },
    { text: '${jwt.secret:abc}', expected: { start: 0, end: 17, name: 'jwt.secret', defaultValue: 'abc', defaultStart: 13 } },
    { text: '${JWT_SECRET:}', expected: { start: 0, end: 14, name: 'JWT_SECRET', defaultValue: '', defaultStart: 13 } },
    // The first `:` splits; later ones belong to the default.
    { text: '${k:a:b}', expected: { start: 0, end: 8, name: 'k', defaultValue: 'a:b', defaultStart: 4 } },
    { text: '${k:http://x}', expected: { start: 0, end: 13, name: 'k', defaultValue: 'http://x', defaultStart: 4 } },
    // A nested placeholder in the default stays raw text.
    { text: '${JWT:${app.secret}}', expected: { start: 0, end: 20, name: 'JWT', defaultValue: '${app.secret}', defaultStart: 6 } },
    { text: '${JWT:${a:${b:c}}}', expected: { start: 0, end: 18, name: 'JWT', defaultValue: '${a:${b:c}}', defaultStart: 6 } },
    { text: '${k:{a}}', expected: { start: 0, end: 8, name: 'k', defaultValue: '{a}', defaultStart: 4 } },
    { text: '  ${ k : d }  ', expected: { start: 2, end: 12, name: 'k', defaultValue: ' d ', defaultStart: 8 } },
    { text: 'abc', expected: null },
    { text: '', expected: null },
    { text: '${}', expected: null },
    { text: '${:x}', expected: null },
    { text: '${k', expected: null },
    { text: '${k:${x}', expected: null },
    { text: 'x${k}', expected: null },
    { text: '${k}x', expected: null },
    { text: '${a}${b}', expected: null },
    { text: '${a}}', expected: null },
    { text: '${${a}}', expected: null },
    { text: '${a{b}}', expected: null },
    { text: '#{k}', expected: null },
  ];
  it.each(cases)('$text', ({ text, expected }) => {
    expect(parseSpringPlaceholder(text)).toEqual(expected);
  });

  it('slices back to the placeholder and its default', () => {
    const text = ' ${JWT_SECRET:some-default} ';
    const p = parseSpringPlaceholder(text);
    expect(p).not.toBeNull();
    if (!p) return;
    expect(text.slice(p.start, p.end)).toBe('${JWT_SECRET:some-default}');
    expect(text.slice(p.defaultStart, p.defaultStart + (p.defaultValue ?? '').length)).toBe('some-default');
  });

  it('finishes on hostile input', () => {
    expect(parseSpringPlaceholder('${' + 'a:${'.repeat(30_000))).toBeNull();
    expect(parseSpringPlaceholder('${k:' + '{'.repeat(100_000) + '}')).toBeNull();
    expect(parseSpringPlaceholder('${' + 'x'.repeat(100_000) + '}')?.name.length).toBe(100_000);
  });
});
