import type { ProjectFacts } from '../core/rule.js';
import type { Source } from '../core/source.js';
import type { Document, Problem } from '../core/types.js';
import { decodeText, isBinary } from './decode.js';

/**
 * Text given on standard input (`scan -`), judged as a file named `name` would be: the name only
 * chooses the parser. It belongs to no repository, so nothing about git or .gitignore is judged.
 */
export function stdinSource(bytes: Buffer, name: string): Source {
  const problems: Problem[] = [];
  return {
    problems,
    bytesRead: bytes.length,
    facts(): Promise<ProjectFacts> {
      return Promise.resolve({ isGitRepo: false, gitignoreText: null, dotenvUncovered: [] });
    },
    async *documents(): AsyncGenerator<Document> {
      if (isBinary(bytes)) {
        problems.push({ file: name, reason: 'skipped: binary input' });
        return;
      }
      const { text, hasBom } = decodeText(bytes);
      // `ignored`: it is no file of a tree, so nothing would commit it (committed-dotenv and
      // dotenv-not-ignored judge files git could add; the values in it are judged all the same).
      yield { path: name, text, hasBom, origin: 'worktree', ignored: true };
    },
  };
}

/**
 * Reads standard input up to `maxBytes`; null when it holds more (the caller refuses it: a pipe
 * from a fork's file must not grow memory without bound).
 */
export async function readStdinCapped(stream: NodeJS.ReadableStream, maxBytes: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > maxBytes) return null;
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}
