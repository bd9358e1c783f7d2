import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Writable } from 'node:stream';

/**
 * Writes request lines to a batch process's stdin, one write per burst of requests instead of one
 * per line: each write to a pipe is a system call that wakes git, and a history asks for tens of
 * thousands of objects. The burst ends when the current run of callbacks and promise jobs does.
 */
export class CoalescingWriter {
  private pending = '';

  constructor(private readonly stdin: Writable) {}

  write(line: string): void {
    if (this.pending === '') {
      process.nextTick(() => {
        const text = this.pending;
        this.pending = '';
        // Empty once end() has sent it.
        if (text !== '') this.stdin.write(text);
      });
    }
    this.pending += line;
  }

  /** Sends what is pending, then closes stdin: git answers it and exits. */
  end(): void {
    const text = this.pending;
    this.pending = '';
    this.stdin.end(text);
  }
}

/**
 * Reads many blobs through one `git cat-file --batch` process instead of one process per file.
 * simple-git runs one command per call and cannot keep a batch process's stdin open, so this is
 * the one place we drive git directly. Requests are answered in order; many may be in flight.
 */
export class BlobReader {
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly requests: CoalescingWriter;
  /** Output not yet taken apart, as received: joined only once a whole answer is there. */
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Bytes the answer at the head of `chunks` needs (header, body and newline), once its header is read. */
  private needed = 0;
  private readonly waiting: { resolve: (b: Buffer | null) => void; reject: (e: Error) => void }[] = [];
  private failed: Error | null = null;

  constructor(cwd: string) {
    this.proc = spawn('git', ['cat-file', '--batch'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.requests = new CoalescingWriter(this.proc.stdin);
    this.proc.stdout.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
      if (this.buffered >= this.needed) this.drain();
    });
    this.proc.on('error', (err) => this.fail(err));
    this.proc.on('close', (code) => {
      if (this.waiting.length > 0) this.fail(new Error(`git cat-file exited with ${code}`));
    });
  }

  /** The blob named by `spec` (`<rev>:<path>`, `:<path>` for the index, or a blob id), or null when missing. */
  read(spec: string): Promise<Buffer | null> {
    if (this.failed) return Promise.reject(this.failed);
    if (spec.includes('\n')) return Promise.resolve(null); // cannot be asked in batch mode
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.requests.write(spec + '\n');
    });
  }

  close(): void {
    this.requests.end();
  }

  private drain(): void {
    let buffer = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.buffered);
    this.needed = 0;
    while (this.waiting.length > 0) {
      const nl = buffer.indexOf(10);
      if (nl === -1) break;
      const header = buffer.toString('utf8', 0, nl);
      if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
        buffer = buffer.subarray(nl + 1);
        this.waiting.shift()?.resolve(null);
        continue;
      }
      const size = Number(header.split(' ')[2]);
      if (!Number.isFinite(size)) {
        this.fail(new Error(`unexpected git cat-file output: ${header.slice(0, 80)}`));
        return;
      }
      const end = nl + 1 + size + 1;
      if (buffer.length < end) {
        this.needed = end;
        break;
      }
      // A copy, so a small blob kept by the caller does not pin the whole chunk it arrived in.
      const body = Buffer.from(buffer.subarray(nl + 1, nl + 1 + size));
      buffer = buffer.subarray(end);
      this.waiting.shift()?.resolve(body);
    }
    this.chunks = buffer.length > 0 ? [buffer] : [];
    this.buffered = buffer.length;
  }

  private fail(err: Error): void {
    this.failed = err;
    for (const w of this.waiting.splice(0)) w.reject(err);
  }
}
