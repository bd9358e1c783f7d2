import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Writable } from 'node:stream';

/**
 * Writes request lines to a batch process's stdin, one write per burst of requests instead of one
 * per line: each write to a pipe is a system call that wakes git, and a history asks for tens of
 * thousands of objects. The burst ends when the current run of callbacks and promise jobs does.
 */
export class CoalescingWriter {
  private pending = '';
  private ended = false;

  constructor(private readonly stdin: Writable) {}

  /** True once end() was called: a reader asked after that (a consumer that stopped early) gets an error, not a write after end. */
  get closed(): boolean {
    return this.ended;
  }

  write(line: string): void {
    if (this.ended) throw new Error('request written after the batch process was closed');
    if (this.pending === '') {
      process.nextTick(() => {
        const text = this.pending;
        this.pending = '';
        // Empty once end() has sent it.
        if (text !== '' && !this.ended) this.stdin.write(text);
      });
    }
    this.pending += line;
  }

  /** Sends what is pending, then closes stdin: git answers it and exits. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
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
  private readonly waiting: { spec: string; resolve: (b: Buffer | null) => void; reject: (e: Error) => void }[] = [];
  private failed: Error | null = null;

  constructor(cwd: string) {
    // -z (git 2.38+): requests end with NUL, so a path holding a line break can be asked for (a
    // repository can name a file `x\n::stop-commands::t\n.env`; newline-ended requests had to
    // skip it, and a hook then passed a secret by its file's name).
    this.proc = spawn('git', ['cat-file', '--batch', '-z'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
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
    if (this.requests.closed) return Promise.reject(new Error('git cat-file was closed before the blob was asked for'));
    if (spec.includes('\0')) return Promise.resolve(null); // no path holds a NUL
    return new Promise((resolve, reject) => {
      this.waiting.push({ spec, resolve, reject });
      this.requests.write(spec + '\0');
    });
  }

  close(): void {
    this.requests.end();
  }

  private drain(): void {
    let buffer = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.buffered);
    this.needed = 0;
    while (this.waiting.length > 0) {
      // git echoes the request in a `missing` answer, line breaks and all: matched whole.
      const head = (this.waiting[0] as { spec: string }).spec;
      const notFound = echoedAnswer(buffer, head);
      if (notFound === 'partial') break;
      if (notFound !== null) {
        buffer = buffer.subarray(notFound);
        this.waiting.shift()?.resolve(null);
        continue;
      }
      const nl = buffer.indexOf(10);
      if (nl === -1) break;
      const header = buffer.toString('utf8', 0, nl);
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
      // A small blob is copied, so that keeping it does not pin the whole chunk it arrived in; a
      // large one is most of its buffer, and a copy would double what a history of 1 MB versions
      // allocates outside the heap (freed only when V8 collects, so it is what peak memory holds).
      const view = buffer.subarray(nl + 1, nl + 1 + size);
      const body = size * 2 >= buffer.length ? view : Buffer.from(view);
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

/**
 * When `buffer` starts with git's answer `<spec> missing` or `<spec> ambiguous` to `spec`: the
 * length of that answer; 'partial' when it may be one not yet fully received; else null.
 */
function echoedAnswer(buffer: Buffer, spec: string): number | 'partial' | null {
  for (const word of [' missing\n', ' ambiguous\n']) {
    const answer = Buffer.from(spec + word, 'utf8');
    const n = Math.min(buffer.length, answer.length);
    if (!buffer.subarray(0, n).equals(answer.subarray(0, n))) continue;
    if (buffer.length >= answer.length) return answer.length;
    // Only a spec with a line break can leave its answer's first line ambiguous.
    if (spec.includes('\n') || n < Buffer.byteLength(spec, 'utf8') + 1) return 'partial';
  }
  return null;
}
