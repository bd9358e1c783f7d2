import { execFile } from 'node:child_process';

/** Runs git in `cwd`; exit codes in `ok` count as success (git grep exits 1 when nothing matches). */
export function runGit(cwd: string, args: string[], ok: readonly number[] = [0]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, maxBuffer: 1024 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      if (ok.includes(code)) resolve(stdout);
      else reject(new Error(`git ${args[0]} failed (exit ${code}): ${stderr.trim().split('\n')[0] ?? ''}`));
    });
  });
}
