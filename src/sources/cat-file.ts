import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/**
 * Reads many blobs through one `git cat-file --batch` process instead of one process per file.
 * simple-git runs one command per call and cannot keep a batch process's stdin open, so this is
 * the one place we drive git directly. Requests are answered in order.
 */
export class BlobReader {
  private readonly proc: ChildProcessWithoutNullStreams;
  private buffer: Buffer = Buffer.alloc(0);
  private readonly waiting: { resolve: (b: Buffer | null) => void; reject: (e: Error) => void }[] = [];
  private failed: Error | null = null;

  constructor(cwd: string) {
    this.proc = spawn('git', ['cat-file', '--batch'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stdout.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      this.drain();
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
      this.proc.stdin.write(spec + '\n');
    });
  }

  close(): void {
    this.proc.stdin.end();
  }

  private drain(): void {
    while (this.waiting.length > 0) {
      const nl = this.buffer.indexOf(10);
      if (nl === -1) return;
      const header = this.buffer.subarray(0, nl).toString('utf8');
      if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
        this.buffer = this.buffer.subarray(nl + 1);
        this.waiting.shift()?.resolve(null);
        continue;
      }
      const size = Number(header.split(' ')[2]);
      if (!Number.isFinite(size)) {
        this.fail(new Error(`unexpected git cat-file output: ${header.slice(0, 80)}`));
        return;
      }
      if (this.buffer.length < nl + 1 + size + 1) return;
      const body = Buffer.from(this.buffer.subarray(nl + 1, nl + 1 + size));
      this.buffer = this.buffer.subarray(nl + 1 + size + 1);
      this.waiting.shift()?.resolve(body);
    }
  }

  private fail(err: Error): void {
    this.failed = err;
    for (const w of this.waiting.splice(0)) w.reject(err);
  }
}
