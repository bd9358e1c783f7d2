import { describe, expect, it } from 'vitest';
import { decodeText, isBinary } from '../../src/sources/decode.js';

describe('decodeText', () => {
  it('reads ASCII (the fast path), UTF-8 and, failing that, one character per byte', () => {
    expect(decodeText(Buffer.from('SECRET_KEY = "x"\n'))).toEqual({ text: 'SECRET_KEY = "x"\n', hasBom: false });
    expect(decodeText(Buffer.from('name: "Grüße"\n'))).toEqual({ text: 'name: "Grüße"\n', hasBom: false });
    // 0xE9 alone is no UTF-8: one character per byte, so offsets still line up.
    const latin = decodeText(Buffer.from([0x6b, 0x3d, 0xe9, 0x0a]));
    expect(latin.text).toHaveLength(4);
    expect(latin.text.slice(0, 2)).toBe('k=');
    // An ASCII view into a larger buffer decodes only its own bytes.
    const big = Buffer.from('xxKEY=1yy');
    expect(decodeText(big.subarray(2, 7)).text).toBe('KEY=1');
  });

  it('drops a UTF-8 BOM and says it was there', () => {
    expect(decodeText(Buffer.from([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ text: 'a', hasBom: true });
  });
});

describe('isBinary', () => {
  it('is a NUL byte in the first 8 KiB, unless a UTF-16 BOM says text', () => {
    expect(isBinary(Buffer.from('plain text'))).toBe(false);
    expect(isBinary(Buffer.from([0x61, 0x00, 0x62]))).toBe(true);
    expect(isBinary(Buffer.concat([Buffer.alloc(9000, 0x61), Buffer.from([0])]))).toBe(false);
    expect(isBinary(Buffer.from([0xff, 0xfe, 0x61, 0x00]))).toBe(false);
  });
});
