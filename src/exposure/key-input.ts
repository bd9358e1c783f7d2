import { open } from 'node:fs/promises';
import { HeldKey } from './held-key.js';
import type { SecretFingerprinter } from '../core/redact.js';

/** How the key is given. Never on the command line: argv is visible to every user of the machine (ps, /proc) and kept in shell history. */
export type KeySource = { kind: 'env'; name: string } | { kind: 'file'; path: string } | { kind: 'stdin' } | { kind: 'fingerprint'; fingerprint: string };

/** A key is at most this long: a signing key, not a file. */
export const MAX_KEY_BYTES = 64 * 1024;
/** Shorter values match ordinary words and identifiers everywhere; a real signing key is longer (RFC 7518 §3.2 asks 32 bytes). */
export const MIN_KEY_CHARS = 8;

export class KeyInputError extends Error {}

/**
 * Reads the key from the environment, a file or stdin. One trailing newline (what `echo` and
 * editors add) is dropped; nothing else is trimmed, as a key may end in spaces.
 */
export async function readKey(
  source: Exclude<KeySource, { kind: 'fingerprint' }>,
  env: NodeJS.ProcessEnv,
  stdin: () => Promise<Buffer>,
  fingerprints: SecretFingerprinter,
): Promise<HeldKey> {
  let value: string;
  let what: string;
  if (source.kind === 'env') {
    what = `the environment variable ${source.name}`;
    const v = env[source.name];
    // A name that names no variable is not repeated: it may be the key itself, pasted in its place.
    if (v === undefined) throw new KeyInputError(`the environment variable --from-env names is not set (the name is not shown: it may be the key itself). Export it in this shell (or the CI job's env:) and run again.`);
    value = v;
  } else {
    what = source.kind === 'stdin' ? 'stdin' : source.path;
    value = stripNewline(decode(source.kind === 'stdin' ? await stdin() : await readSmallFile(source.path), what));
  }
  if (value.length === 0) throw new KeyInputError(`${what} is empty: give the key whose exposure to trace.`);
  if (value.length < MIN_KEY_CHARS) {
    throw new KeyInputError(`the key from ${what} is ${value.length} characters long; below ${MIN_KEY_CHARS} it would match ordinary text everywhere. A key this short is weak anyway: rotate it (secret-hygiene generate).`);
  }
  return new HeldKey(value, fingerprints);
}

async function readSmallFile(path: string): Promise<Buffer> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    // A path that opens nothing is not repeated: it may be the key itself, pasted in its place.
    throw new KeyInputError(`cannot read the key file --from-file names (${(err as NodeJS.ErrnoException).code ?? 'error'}; the path is not shown: it may be the key itself): give a readable file holding only the key.`);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new KeyInputError(`${path} is not a regular file: give a file holding only the key, or - for stdin.`);
    if (st.size > MAX_KEY_BYTES) throw new KeyInputError(`${path} is ${st.size} bytes, more than a key (at most ${MAX_KEY_BYTES}): give a file holding only the key.`);
    return await fh.readFile();
  } finally {
    await fh.close();
  }
}

/** Reads all of stdin, up to the key size cap. */
export async function readStdin(stream: NodeJS.ReadableStream = process.stdin): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += b.length;
    if (size > MAX_KEY_BYTES) throw new KeyInputError(`stdin holds more than ${MAX_KEY_BYTES} bytes: pipe in only the key.`);
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

function decode(bytes: Buffer, what: string): string {
  if (bytes.includes(0)) throw new KeyInputError(`${what} holds binary data: give the key as text, as the application reads it.`);
  return bytes.toString('utf8');
}

function stripNewline(v: string): string {
  return v.endsWith('\r\n') ? v.slice(0, -2) : v.endsWith('\n') ? v.slice(0, -1) : v;
}
