import { describe, expect, it } from 'vitest';
import { createSecretNameMatcher } from '../../src/core/secret-names.js';
import { decodeFileText, encodeFileText, setSecretInDotenv, type SetSecretResult } from '../../src/secrets/env-file.js';

const NEW = 'NEWvalue_0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ-';
const names = createSecretNameMatcher();

function set(text: string, rotate = false, key = 'JWT_SECRET_KEY', value = NEW): SetSecretResult {
  return setSecretInDotenv(text, { key, value, rotate, names });
}

function okText(r: SetSecretResult): string {
  if (!r.ok) throw new Error(`expected success, got ${r.problem.code}`);
  return r.text;
}

describe('setSecretInDotenv: adds or replaces one line, keeps every other byte', () => {
  const cases: { name: string; input: string; expected: string; action: 'added' | 'replaced' }[] = [
    { name: 'empty file', input: '', expected: `JWT_SECRET_KEY=${NEW}\n`, action: 'added' },
    { name: 'appends after a last line without a newline', input: 'A=1', expected: `A=1\nJWT_SECRET_KEY=${NEW}\n`, action: 'added' },
    { name: 'appends with CRLF in a CRLF file', input: '# c\r\nA=1\r\n', expected: `# c\r\nA=1\r\nJWT_SECRET_KEY=${NEW}\r\n`, action: 'added' },
    {
      name: 'replaces an unquoted value, keeps the comment after it and the lines around',
      input: '# top\nA=1\nJWT_SECRET_KEY=old   # the signing key\n\nB=2\n',
      expected: `# top\nA=1\nJWT_SECRET_KEY=${NEW}   # the signing key\n\nB=2\n`,
      action: 'replaced',
    },
    { name: 'keeps double quotes', input: 'JWT_SECRET_KEY="old"\n', expected: `JWT_SECRET_KEY="${NEW}"\n`, action: 'replaced' },
    { name: 'keeps single quotes', input: "JWT_SECRET_KEY='old'\n", expected: `JWT_SECRET_KEY='${NEW}'\n`, action: 'replaced' },
    { name: 'keeps export and spaces around =', input: 'export JWT_SECRET_KEY = old\r\nX=1\r\n', expected: `export JWT_SECRET_KEY = ${NEW}\r\nX=1\r\n`, action: 'replaced' },
    {
      name: 'replaces a multi-line quoted value whole',
      input: 'A=1\nJWT_SECRET_KEY="line1\nline2"\nB=2\n',
      expected: `A=1\nJWT_SECRET_KEY="${NEW}"\nB=2\n`,
      action: 'replaced',
    },
    { name: 'a BOM before the key stays', input: '\uFEFFJWT_SECRET_KEY=old\n', expected: `\uFEFFJWT_SECRET_KEY=${NEW}\n`, action: 'replaced' },
    { name: 'an empty value is replaced', input: 'JWT_SECRET_KEY=\n', expected: `JWT_SECRET_KEY=${NEW}\n`, action: 'replaced' },
    {
      name: 'a commented-out line is not the key',
      input: '# JWT_SECRET_KEY=old\n',
      expected: `# JWT_SECRET_KEY=old\nJWT_SECRET_KEY=${NEW}\n`,
      action: 'added',
    },
    {
      name: 'a longer key with the same prefix is another key',
      input: 'JWT_SECRET_KEY_FILE=/run/secrets/jwt\n',
      expected: `JWT_SECRET_KEY_FILE=/run/secrets/jwt\nJWT_SECRET_KEY=${NEW}\n`,
      action: 'added',
    },
  ];

  it.each(cases)('$name', ({ input, expected, action }) => {
    const r = set(input);
    expect(okText(r)).toBe(expected);
    expect(r.ok && r.action).toBe(action);
  });
});

describe('setSecretInDotenv --rotate', () => {
  it('moves the value as written (quotes included) to KEY_PREVIOUS, on the next line', () => {
    const r = set('# keys\r\nexport JWT_SECRET_KEY="old value" # note\r\nB=2\r\n', true);
    expect(okText(r)).toBe(`# keys\r\nexport JWT_SECRET_KEY="${NEW}" # note\r\nexport JWT_SECRET_KEY_PREVIOUS="old value"\r\nB=2\r\n`);
    expect(r.ok && r.previous).toEqual({ key: 'JWT_SECRET_KEY_PREVIOUS', action: 'added' });
  });

  it('replaces an earlier KEY_PREVIOUS in place', () => {
    const r = set('JWT_SECRET_KEY_PREVIOUS=older\nA=1\nJWT_SECRET_KEY=old', true);
    expect(okText(r)).toBe(`JWT_SECRET_KEY_PREVIOUS=old\nA=1\nJWT_SECRET_KEY=${NEW}`);
    expect(r.ok && r.previous?.action).toBe('replaced');
  });

  it('refuses when there is nothing to rotate', () => {
    for (const input of ['A=1\n', 'JWT_SECRET_KEY=\n', 'JWT_SECRET_KEY="  "\n']) {
      const r = set(input, true);
      expect(r.ok ? null : r.problem).toEqual({ code: 'nothing-to-rotate', key: 'JWT_SECRET_KEY' });
    }
  });
});

describe('setSecretInDotenv refusals', () => {
  it('refuses a key set more than once, naming the lines', () => {
    const r = set('JWT_SECRET_KEY=a\nB=1\nJWT_SECRET_KEY=b\n');
    expect(r.ok ? null : r.problem).toEqual({ code: 'duplicate-key', key: 'JWT_SECRET_KEY', lines: [1, 3] });
    const p = set('JWT_SECRET_KEY=a\nJWT_SECRET_KEY_PREVIOUS=b\nJWT_SECRET_KEY_PREVIOUS=c\n', true);
    expect(p.ok ? null : p.problem.code).toBe('duplicate-key');
  });

  it('refuses a value equal to another secret-named key (SECRET_KEY), or to KEY_PREVIOUS', () => {
    for (const [input, other] of [
      [`SECRET_KEY=${NEW}\n`, 'SECRET_KEY'],
      [`SESSION_SECRET="${NEW}"\n`, 'SESSION_SECRET'],
      [`JWT_SECRET_KEY_PREVIOUS=${NEW}\n`, 'JWT_SECRET_KEY_PREVIOUS'],
    ] as const) {
      const r = set(input);
      expect(r.ok ? null : r.problem, input).toEqual({ code: 'same-as-other', key: 'JWT_SECRET_KEY', other });
    }
  });

  it('does not compare with keys that are not secrets, nor with the value being replaced', () => {
    expect(set(`GREETING=${NEW}\n`).ok).toBe(true);
    expect(set(`JWT_SECRET_KEY=${NEW}\n`).ok).toBe(true);
    // With --rotate the old value becomes KEY_PREVIOUS, so the new one must differ from it.
    const r = set(`JWT_SECRET_KEY=${NEW}\n`, true);
    expect(r.ok ? null : r.problem).toEqual({ code: 'same-as-other', key: 'JWT_SECRET_KEY', other: 'JWT_SECRET_KEY_PREVIOUS' });
  });

  it('throws on a value or key it cannot write safely (a programming error, not user input)', () => {
    expect(() => set('', false, 'JWT_SECRET_KEY', 'has space')).toThrow(RangeError);
    expect(() => set('', false, '1BAD', NEW)).toThrow(RangeError);
  });
});

describe('decodeFileText / encodeFileText', () => {
  it('round-trips UTF-8 with a BOM and bytes that are not UTF-8, byte for byte', () => {
    const samples = [
      Buffer.from('\uFEFFA=1\r\n# café\n', 'utf8'),
      Buffer.from([0x23, 0x20, 0xe9, 0x74, 0xe9, 0x0a, 0x41, 0x3d, 0x31, 0x0a]), // "# été" in latin1
      Buffer.alloc(0),
    ];
    for (const bytes of samples) {
      const { text, encoding } = decodeFileText(bytes);
      expect(encodeFileText(text, encoding).equals(bytes)).toBe(true);
    }
  });

  it('keeps latin1 bytes around an edited line', () => {
    const bytes = Buffer.concat([Buffer.from([0x23, 0xe9, 0x0a]), Buffer.from('JWT_SECRET_KEY=old\n')]);
    const { text, encoding } = decodeFileText(bytes);
    expect(encoding).toBe('latin1');
    const out = encodeFileText(okText(set(text)), encoding);
    expect(out.subarray(0, 3).equals(Buffer.from([0x23, 0xe9, 0x0a]))).toBe(true);
    expect(out.subarray(3).toString()).toBe(`JWT_SECRET_KEY=${NEW}\n`);
  });
});
