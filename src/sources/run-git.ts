import { execFile } from 'node:child_process';

/**
 * Runs git in `cwd`; exit codes in `ok` count as success (git grep exits 1 when nothing matches).
 * `input` is written to git's standard input: what must not be on the command line (secret values
 * are visible there to every user of the machine) goes there.
 */
export function runGit(cwd: string, args: string[], ok: readonly number[] = [0], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('git', args, { cwd, maxBuffer: 1024 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      if (ok.includes(code)) resolve(stdout);
      else reject(new Error(`git ${args[0]} failed (exit ${code}): ${stderr.trim().split('\n')[0] ?? ''}`));
    });
    if (input !== undefined && child.stdin) {
      // git may exit before reading all of it (a usage error): its exit code reports that, not EPIPE.
      child.stdin.on('error', () => undefined);
      child.stdin.end(input);
    }
  });
}
