import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliProcess } from '../helpers/cli.js';
import { git, stageFiles } from '../helpers/fixture-repo.js';
import { tempDir } from '../helpers/temp.js';

/**
 * The edges a new user meets first, through the CLI process: where the total goes with --output,
 * what --progress says where it has nothing to show.
 */
const DEFAULT = 'Vt8-first-minute-planted-4kQ';
const SETTINGS = `import os\nJWT_SECRET_KEY = os.getenv("JWT_SECRET_KEY", "${DEFAULT}")\n`;

function repo(files: Record<string, string>): string {
  const dir = tempDir('sh-first-');
  git(dir, 'init', '-q');
  stageFiles(dir, files);
  git(dir, 'commit', '-q', '-m', 'init');
  return dir;
}

describe('the CLI process: the first minute', () => {
  it('--output FILE writes the report there and still prints the one-line total on stderr', () => {
    const dir = repo({ 'app/settings.py': SETTINGS, 'README.md': '# app\n' });
    const r = cliProcess(dir, ['scan', '--format', 'sarif', '--output', 'out/results.sarif']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('secret-hygiene: 1 finding (1 error, 0 warnings, 0 notes) in 2 files, 1 rule; report written to out/results.sarif.\n');
    expect(JSON.parse(readFileSync(join(dir, 'out', 'results.sarif'), 'utf8'))).toHaveProperty('version', '2.1.0');
    const clean = repo({ 'README.md': '# app\n' });
    const ok = cliProcess(clean, ['scan', '--format', 'json', '--output', 'r.json']);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toBe('secret-hygiene: no findings in 1 file; report written to r.json.\n');
    // --quiet (a hook) stays silent on a clean scan, as without --output.
    expect(cliProcess(clean, ['scan', '--quiet', '--output', 'r.txt']).stderr).toBe('');
  });

  it('--progress: plain lines off a terminal; on a scan without a counter it says so in one line', () => {
    const read = 'import os\nSECRET_KEY = os.environ["SECRET_KEY"]\n';
    const dir = repo({ 'app/a.py': read, 'app/b.py': read });
    const full = cliProcess(dir, ['scan', '--progress', '--format', 'json']);
    expect(full.code).toBe(0);
    // The first count and the last, one plain line each.
    expect(full.stderr.split('\n').filter(Boolean).every((l) => /^secret-hygiene: scan \d\/2 files$/.test(l))).toBe(true);
    expect(full.stderr.endsWith('secret-hygiene: scan 2/2 files\n')).toBe(true);
    expect(full.stderr).not.toContain('\r');
    expect(full.stderr).not.toContain('\u001b');
    const staged = cliProcess(dir, ['scan', '--staged', '--progress', '--quiet']);
    expect(staged.code).toBe(0);
    expect(staged.stderr).toBe('secret-hygiene: --progress has no effect on a --staged scan: it has no counter (it reads what the change needs, not the whole tree).\n');
    const diff = cliProcess(dir, ['scan', '--diff', 'HEAD', '--progress', '--format', 'json']);
    expect(diff.stderr.trim().split('\n')).toEqual(['secret-hygiene: --progress has no effect on a --diff scan: it has no counter (it reads what the change needs, not the whole tree).']);
    const history = cliProcess(dir, ['scan', '--history', '--progress', '--format', 'json']);
    expect(history.stderr).toBe('secret-hygiene: history 1/1 commits\n');
  });
});
