import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { CoalescingWriter } from './cat-file.js';

/**
 * Sizes of objects through one `git cat-file --batch-check` process, so a blob over the size cap
 * is skipped without being read into memory (a history can hold a 500 MB dump). Answers come in
 * the order asked; many questions may be in flight at once.
 */
export class ObjectSizes {
  private readonly proc: ChildProcessWithoutNullStreams;
  private rest = '';
  private readonly waiting: { resolve: (n: number | null) => void; reject: (e: Error) => void }[] = [];
  private failed: Error | null = null;
  private readonly requests: CoalescingWriter;

  constructor(cwd: string) {
    this.proc = spawn('git', ['cat-file', '--batch-check'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.requests = new CoalescingWriter(this.proc.stdin);
    this.proc.stdout.setEncoding('utf8');
    this.proc.stdout.on('data', (chunk: string) => this.take(chunk));
    this.proc.on('error', (err) => this.fail(err));
    this.proc.on('close', (code) => {
      if (this.waiting.length > 0) this.fail(new Error(`git cat-file --batch-check exited with ${code}`));
    });
  }

  /** The size in bytes of the object `spec` names, or null when it is missing. */
  size(spec: string): Promise<number | null> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.requests.closed) return Promise.reject(new Error('git cat-file --batch-check was closed before the size was asked for'));
    if (spec.includes('\n')) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.requests.write(spec + '\n');
    });
  }

  close(): void {
    this.requests.end();
  }

  private take(chunk: string): void {
    this.rest += chunk;
    let start = 0;
    for (let nl = this.rest.indexOf('\n'); nl !== -1; nl = this.rest.indexOf('\n', start)) {
      const line = this.rest.slice(start, nl);
      start = nl + 1;
      // <id> <type> <size>, or <spec> missing
      const size = Number(line.split(' ')[2]);
      this.waiting.shift()?.resolve(line.endsWith(' missing') || !Number.isFinite(size) ? null : size);
    }
    this.rest = this.rest.slice(start);
  }

  private fail(err: Error): void {
    this.failed = err;
    for (const w of this.waiting.splice(0)) w.reject(err);
  }
}

