import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createFingerprinter, NO_REPOSITORY_KEY } from '../../src/core/redact.js';
import { needlesOf } from '../../src/exposure/forms.js';
import { HeldKey } from '../../src/exposure/held-key.js';
import { MAX_OCCURRENCES_PER_TEXT, findOccurrences, nameBefore } from '../../src/exposure/scan-text.js';

const VALUE = 'k3y+With/Slash=and~more-9Qz';

describe('the held key', () => {
  it('never turns into text by accident', () => {
    const key = new HeldKey(VALUE, createFingerprinter(NO_REPOSITORY_KEY));
    for (const text of [String(key), `${key}`, JSON.stringify({ key }), inspect(key), inspect({ key })]) expect(text).not.toContain(VALUE.slice(0, 8));
    expect(key.summary.preview).toBe('k3y+…');
    expect(key.equals(VALUE)).toBe(true);
    expect(key.equals(VALUE + 'x')).toBe(false);
  });
});

describe('finding the key in a text', () => {
  const key = new HeldKey(VALUE, createFingerprinter(NO_REPOSITORY_KEY));
  const needles = needlesOf(key);
  const at = (text: string) => findOccurrences(text, needles).map((o) => `${o.line}:${o.column} ${o.form} ${o.writtenAs} ${o.name ?? '-'}`);

  it('in each form, with the name written before it', () => {
    const b64 = Buffer.from(VALUE).toString('base64');
    const text = [
      `JWT_SECRET=${VALUE}`,
      `  jwt-secret: "${VALUE}"`,
      `  KEY: \${APP_KEY:-${VALUE}}`,
      `  key: ${b64}`,
      `url = "https://x.invalid/?token=${encodeURIComponent(VALUE)}"`,
      `hex := '${Buffer.from(VALUE).toString('hex').toUpperCase()}'`,
      // Unpadded base64 and base64url are the same string when the bytes give no + or /.
      `"nested": {"k": "${Buffer.from(VALUE).toString('base64url')}"}`,
      `mentioned in prose, ${VALUE} (no name)`,
    ].join('\n');
    expect(at(text)).toEqual([
      '1:12 raw plain JWT_SECRET',
      '2:16 raw quoted jwt-secret',
      '3:19 raw default APP_KEY',
      '4:8 base64 plain key',
      '5:33 url-encoded plain token',
      `6:9 hex quoted hex`,
      '7:18 base64 quoted k',
      '8:21 raw plain -',
    ]);
  });

  it('never takes a name that holds the key (a key used as a mapping key)', () => {
    expect(at(`${VALUE}: ${VALUE}`)).toEqual(['1:1 raw plain -', '1:30 raw plain -']);
  });

  it('takes at most a bounded number of places from one text', () => {
    const text = `${VALUE}\n`.repeat(MAX_OCCURRENCES_PER_TEXT + 50);
    expect(findOccurrences(text, needles)).toHaveLength(MAX_OCCURRENCES_PER_TEXT);
  });

  it('reads names with a loop, not a regex over the line (a long hostile prefix stays linear)', () => {
    expect(nameBefore('x'.repeat(100_000) + '=')).toBeNull();
    expect(nameBefore('A'.repeat(50) + '=')).toEqual({ name: 'A'.repeat(50), isDefault: false });
    expect(nameBefore('${A_B-')).toEqual({ name: 'A_B', isDefault: true });
  });
});
