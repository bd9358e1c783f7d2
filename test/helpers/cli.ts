import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';

export const CLI_BUNDLE = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'index.js');

/** Runs the CLI in-process with captured output. */
export async function cli(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd, env, isTTY: false };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** Runs the committed bundle as a user's shell would. */
export function cliProcess(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI_BUNDLE, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR, ...env } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
