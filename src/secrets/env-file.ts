import { normalizeKey, type SecretNameMatcher } from '../core/secret-names.js';
import type { Span } from '../core/types.js';
import { parseDotenvEntries, type DotenvEntry } from '../parsers/dotenv.js';

/**
 * Sets one key of a dotenv text, changing nothing else: every other byte (comments, blank lines,
 * CRLF line ends, a BOM, `export`, a trailing `# comment` on the line itself) stays as it was.
 * Pure: the caller reads and writes the file (see atomic-write.ts).
 */

/** The key that keeps the outgoing value during a rotation's grace period. */
export function previousKeyOf(key: string): string {
  return `${key}_PREVIOUS`;
}

/** Names we write: what every shell and dotenv loader accepts as a variable name. */
export function isEnvKeyName(key: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]{0,199}$/.test(key);
}

/** Values we write need no quoting or escaping in any dotenv dialect: base64, base64url, hex. */
const SAFE_VALUE = /^[A-Za-z0-9+/=_-]+$/;

export interface SetSecretRequest {
  key: string;
  value: string;
  /** Move the current value to `KEY_PREVIOUS` before writing the new one. */
  rotate: boolean;
  /** Which other keys hold secrets the new value must not equal. */
  names: SecretNameMatcher;
}

export type EnvEditProblem =
  /** Which line the app reads is then unclear, so we do not guess which one to change. */
  | { code: 'duplicate-key'; key: string; lines: number[] }
  | { code: 'nothing-to-rotate'; key: string }
  | { code: 'same-as-other'; key: string; other: string };

export type SetSecretResult =
  | {
      ok: true;
      text: string;
      action: 'added' | 'replaced';
      /** With `rotate`: what happened to `KEY_PREVIOUS`. */
      previous?: { key: string; action: 'added' | 'replaced' };
    }
  | { ok: false; problem: EnvEditProblem };

interface Edit extends Span {
  text: string;
}

export function setSecretInDotenv(text: string, request: SetSecretRequest): SetSecretResult {
  const { key, value, rotate, names } = request;
  if (!isEnvKeyName(key)) throw new RangeError(`not a variable name: ${JSON.stringify(key)}`);
  if (!SAFE_VALUE.test(value)) throw new RangeError('the value must be base64, base64url or hex text');

  const entries = parseDotenvEntries(text);
  const prevKey = previousKeyOf(key);
  const current = single(entries, key);
  if (!current.ok) return current;
  const previous = rotate ? single(entries, prevKey) : { ok: true as const, entry: undefined };
  if (!previous.ok) return previous;

  if (rotate && (current.entry === undefined || current.entry.value.trim() === '')) {
    return { ok: false, problem: { code: 'nothing-to-rotate', key } };
  }

  // The values that stay in the file (or move into it) must all differ from the new one.
  const kept: { key: string; value: string }[] = [];
  for (const e of entries) {
    if (e.key === key || (rotate && e.key === prevKey)) continue;
    if (e.key === prevKey || names.isSecretKey(normalizeKey(e.key))) kept.push({ key: e.key, value: e.value });
  }
  if (rotate && current.entry) kept.push({ key: prevKey, value: current.entry.value });
  const clash = kept.find((k) => k.value.trim() === value);
  if (clash) return { ok: false, problem: { code: 'same-as-other', key, other: clash.key } };

  const edits: Edit[] = [];
  const eol = lineEnding(text);
  if (current.entry) {
    const q = current.entry.quote ?? '';
    edits.push({ ...current.entry.rawValueSpan, text: q + value + q });
  } else {
    const lead = text.length > 0 && !text.endsWith('\n') ? eol : '';
    edits.push({ start: text.length, end: text.length, text: `${lead}${key}=${value}${eol}` });
  }

  let previousAction: 'added' | 'replaced' | undefined;
  if (rotate && current.entry) {
    // Copy the old value as written, quotes included, so that loaders decode it exactly as before.
    const oldRaw = text.slice(current.entry.rawValueSpan.start, current.entry.rawValueSpan.end);
    if (previous.entry) {
      edits.push({ ...previous.entry.rawValueSpan, text: oldRaw });
      previousAction = 'replaced';
    } else {
      const exportPrefix = current.entry.exported ? 'export ' : '';
      const at = current.entry.lineSpan.end;
      edits.push({ start: at, end: at, text: `${eol}${exportPrefix}${prevKey}=${oldRaw}` });
      previousAction = 'added';
    }
  }

  return {
    ok: true,
    text: applyEdits(text, edits),
    action: current.entry ? 'replaced' : 'added',
    ...(previousAction ? { previous: { key: prevKey, action: previousAction } } : {}),
  };
}

function single(entries: DotenvEntry[], key: string): { ok: true; entry: DotenvEntry | undefined } | { ok: false; problem: EnvEditProblem } {
  const found = entries.filter((e) => e.key === key);
  if (found.length > 1) return { ok: false, problem: { code: 'duplicate-key', key, lines: found.map((e) => e.line) } };
  return { ok: true, entry: found[0] };
}

/** The file's own line ending: CRLF when its first line ends so, else LF. */
function lineEnding(text: string): string {
  const nl = text.indexOf('\n');
  return nl > 0 && text[nl - 1] === '\r' ? '\r\n' : '\n';
}

/** Applies non-overlapping edits, last first so that earlier offsets stay valid. */
function applyEdits(text: string, edits: Edit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** How a file's bytes became text, so that writing the text back gives the same bytes. */
export type TextEncodingUsed = 'utf8' | 'latin1';

/**
 * Decodes a dotenv file so that re-encoding reproduces it byte for byte: strict UTF-8 (a BOM is
 * kept as U+FEFF), and latin1, one character per byte, when the bytes are not valid UTF-8.
 */
export function decodeFileText(bytes: Uint8Array): { text: string; encoding: TextEncodingUsed } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes), encoding: 'utf8' };
  } catch {
    // Not UTF-8 (a latin1 comment, say): latin1 maps each byte to one character and back.
    return { text: Buffer.from(bytes).toString('latin1'), encoding: 'latin1' };
  }
}

export function encodeFileText(text: string, encoding: TextEncodingUsed): Buffer {
  return Buffer.from(text, encoding);
}
