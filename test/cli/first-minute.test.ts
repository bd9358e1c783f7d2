import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cliProcess } from '../helpers/cli.js';
import { git, stageFiles } from '../helpers/fixture-repo.js';
import { tempDir } from '../helpers/temp.js';

/**
 * The edges a new user meets first, through the CLI process: where the total goes with --output,
 * what --progress says where it has nothing to show, argument errors that never repeat a value,
 * and SARIF paths of a subdirectory scan.
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

  describe('argument errors: one line, a did-you-mean, never the value', () => {
    const dir = tempDir('sh-first-args-');
    const TOKEN = 'ghp_Zq8kW2pL5xV9nR3tY7uB1mC4hJ6gF0dS8aQ2';
    const error = (args: string[]) => {
      const r = cliProcess(dir, args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.endsWith('\n') && !r.stderr.slice(0, -1).includes('\n')).toBe(true);
      expect(r.stderr).not.toContain(TOKEN.slice(4, 16));
      return r.stderr;
    };

    it.each([
      [['scan', '--formt', 'json'], "secret-hygiene scan: unknown option '--formt' (did you mean --format?). See 'secret-hygiene scan --help'.\n"],
      [['scan', '--fromat', 'json'], "secret-hygiene scan: unknown option '--fromat' (did you mean --format?). See 'secret-hygiene scan --help'.\n"],
      [['scan', '--basleine', 'b.json'], "secret-hygiene scan: unknown option '--basleine' (did you mean --baseline?). See 'secret-hygiene scan --help'.\n"],
      [['scan', `--tokne=${TOKEN}`], "secret-hygiene scan: unknown option '--tokne' (its value not shown). See 'secret-hygiene scan --help'.\n"],
      [['scan', `--fromat=${TOKEN}`], "secret-hygiene scan: unknown option '--fromat' (its value not shown; did you mean --format?). See 'secret-hygiene scan --help'.\n"],
      [['scan', `--staged=${TOKEN}`], "secret-hygiene scan: option '--staged' takes no value (the value is not shown). See 'secret-hygiene scan --help'.\n"],
      [['scan', `-p${TOKEN}`], "secret-hygiene scan: unknown option '-p' (the rest of the argument is not shown). See 'secret-hygiene scan --help'.\n"],
      [['scan', `--${TOKEN}`], "secret-hygiene scan: unknown option (not shown: it does not look like an option name, and may be a value). See 'secret-hygiene scan --help'.\n"],
      [['generate', '--encding', 'hex'], "secret-hygiene generate: unknown option '--encding' (did you mean --encoding?). See 'secret-hygiene generate --help'.\n"],
      [[TOKEN], "secret-hygiene: unknown command (not shown: it does not look like a command name). See 'secret-hygiene --help'.\n"],
    ])('%j', (args, expected) => {
      expect(error(args)).toBe(expected);
    });
  });

  it('SARIF of a subdirectory: %SRCROOT% is the repository root, paths relative to it', () => {
    const dir = repo({ 'services/api/app/settings.py': SETTINGS, 'README.md': '# app\n' });
    type Sarif = { runs: { originalUriBaseIds: Record<string, { uri?: string }>; results: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }[] }[] }[] };
    const uris = (s: Sarif) => s.runs[0]?.results.map((r) => r.locations[0]?.physicalLocation.artifactLocation) ?? [];
    const rootUri = pathToFileURL(dir).href + '/';
    for (const [cwd, args] of [
      [dir, ['scan', 'services/api', '--format', 'sarif']],
      [join(dir, 'services', 'api'), ['scan', '--format', 'sarif']],
      [join(dir, 'services'), ['scan', 'api/app', '--format', 'sarif']],
      [dir, ['scan', '--format', 'sarif']],
    ] as [string, string[]][]) {
      const r = cliProcess(cwd, args);
      expect(r.code, r.stderr).toBe(1);
      const sarif = JSON.parse(r.stdout) as Sarif;
      expect(sarif.runs[0]?.originalUriBaseIds['%SRCROOT%']?.uri).toBe(rootUri);
      expect(uris(sarif)).toEqual([{ uri: 'services/api/app/settings.py', uriBaseId: '%SRCROOT%' }]);
    }
    // The text and JSON reports keep paths relative to the directory scanned, as before.
    expect(cliProcess(dir, ['scan', 'services/api', '--format', 'json']).stdout).toContain('"file": "app/settings.py"');
    // Outside git, the scanned directory is the root.
    const plain = tempDir('sh-first-plain-');
    mkdirSync(join(plain, 'app'));
    writeFileSync(join(plain, 'app', 'settings.py'), SETTINGS);
    const p = JSON.parse(cliProcess(plain, ['scan', '--format', 'sarif']).stdout) as Sarif;
    expect(p.runs[0]?.originalUriBaseIds['%SRCROOT%']?.uri).toBe(pathToFileURL(plain).href + '/');
    expect(uris(p).map((u) => u?.uri)).toEqual(['app/settings.py']);
  });
});
