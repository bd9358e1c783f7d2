import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every temporary path the suite makes lives under one private directory per run, so nothing is left
 * in the real temp directory (a run used to leave hundreds of `sh-*` folders there). Workers and the
 * processes they spawn inherit TMPDIR; per-file directories are made and checked by file-temp.ts.
 */
export default function setup(): () => void {
  const real = tmpdir();
  const before = new Set(readdirSync(real));
  const run = mkdtempSync(join(real, 'sh-run-'));
  process.env.SH_TEST_REAL_TMPDIR = real;
  process.env.SH_TEST_RUN_TMPDIR = run;
  for (const name of ['TMPDIR', 'TMP', 'TEMP']) process.env[name] = run;
  return () => {
    const left = readdirSync(run);
    rmSync(run, { recursive: true, force: true });
    // Other agents' processes share the real temp directory, so entries appearing there are only
    // reported (by our prefix), never failed on; the private directory is the strict check.
    const strays = readdirSync(real).filter((n) => !before.has(n) && n.startsWith('sh-') && !n.startsWith('sh-run-'));
    if (strays.length > 0) {
      const shown = strays.slice(0, 10).join(', ') + (strays.length > 10 ? `, and ${strays.length - 10} more` : '');
      console.warn(`test temp: ${strays.length} new sh-* entries in ${real} during this run (another process, or a spawn without TMPDIR): ${shown}`);
    }
    if (left.length > 0) throw new Error(`test temp: a test file left entries in the run's temp directory: ${left.join(', ')}`);
  };
}
