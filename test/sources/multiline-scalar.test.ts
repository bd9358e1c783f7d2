import { describe, expect, it } from 'vitest';
import { hasMultilineScalar } from '../../src/sources/inert-edits.js';

/** What the inert-edit check asked before it searched by quotes: every line split out and tested. */
function reference(text: string): boolean {
  if (/(?:^|[:-] )[|>][-+0-9]*[ \t]*(?:#.*)?$/m.test(text)) return true;
  for (const line of text.split('\n')) {
    if (!line.includes('"') && !line.includes("'")) continue;
    const body = line.replace(/\\./g, '');
    if ((body.split('"').length - 1) % 2 === 1) return true;
    if (/(?:^|: |- )'(?:[^']|'')*$/.test(body.trimStart())) return true;
  }
  return false;
}

describe('a YAML text with a scalar that spans lines', () => {
  const lines = [
    'services:',
    '  web:',
    '    image: "nginx:1.25"',
    "    command: 'run --fast'",
    "    label: it's fine",
    '    note: "say \\"hi\\""',
    '    open: "not closed',
    "    half: 'not closed",
    '    script: |',
    '    - >-',
    '    plain: value',
    "    mixed: \"a\" and 'b'",
    '',
  ];
  it('answers as reading every line did, on every mix of quoted, open and plain lines', () => {
    // Every ordered pair and triple of the lines above, and each line alone.
    const texts: string[] = [];
    for (const a of lines) {
      texts.push(a);
      for (const b of lines) {
        texts.push(`${a}\n${b}`);
        for (const c of lines) texts.push(`${a}\n${b}\n${c}`);
      }
    }
    for (const t of texts) expect(hasMultilineScalar(t), JSON.stringify(t)).toBe(reference(t));
  });

  it('a long file of double-quoted values and no single quote', () => {
    const text = Array.from({ length: 50_000 }, (_, i) => `  key_${i}: "value ${i}"`).join('\n');
    expect(hasMultilineScalar(text)).toBe(false);
    expect(hasMultilineScalar(`${text}\n  last: "open`)).toBe(true);
  });
});
