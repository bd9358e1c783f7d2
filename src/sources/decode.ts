/**
 * Turns file bytes into scannable text. UTF-8 (with or without BOM) is the norm; UTF-16 with a BOM
 * is decoded as such; anything else that is not valid UTF-8 is read as Latin-1 so that offsets
 * still line up one character per byte and ASCII keys are still found.
 */
export interface DecodedText {
  text: string;
  hasBom: boolean;
}

import { isAscii } from 'node:buffer';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** NUL bytes in the first 8 KiB mean binary, as git and ripgrep decide. */
export function isBinary(bytes: Uint8Array): boolean {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return false; // UTF-16LE BOM
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return false; // UTF-16BE BOM
  return bytes.subarray(0, 8192).indexOf(0) !== -1;
}

export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: decodeUtf8OrLatin1(bytes.subarray(3)), hasBom: true };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), hasBom: true };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), hasBom: true };
  }
  return { text: decodeUtf8OrLatin1(bytes), hasBom: false };
}

function decodeUtf8OrLatin1(bytes: Uint8Array): string {
  // Most files are ASCII: checked natively and copied one byte per character, without a UTF-8 decoder.
  if (isAscii(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  try {
    return utf8.decode(bytes);
  } catch {
    return new TextDecoder('latin1').decode(bytes);
  }
}
