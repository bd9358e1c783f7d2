import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDiffRange } from '../../src/cli/diff-range.js';
import { cliProcess } from '../helpers/cli.js';
import { git } from '../helpers/fixture-repo.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const hardcoded = (name: string, value: string) => `import os\n${name} = os.getenv("${name}", "${value}")\n`;

/**
 * main and feature share `legacy.py`, whose hardcoded default main has since fixed; feature (cut
 * before the fix) adds `feature.py`. The branch's own change is feature.py only: `main...feature`
 * must say so, while `main..feature` (the two tips compared) also sees legacy.py's line come back.
 */
function branchedRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sh-range-'));
  dirs.push(dir);
  const commit = (files: Record<string, string>, msg: string) => {
    for (const [p, t] of Object.entries(files)) writeFileSync(join(dir, p), t);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', msg);
  };
  git(dir, 'init', '-q');
  commit({ 'legacy.py': hardcoded('JWT_SECRET_KEY', 'Pk7-legacy-range-q1') }, 'base');
  git(dir, 'checkout', '-qb', 'feature');
  commit({ 'feature.py': hardcoded('SESSION_SECRET', 'Pk7-feature-range-q2') }, 'feature');
  git(dir, 'checkout', '-q', 'main');
  commit({ 'legacy.py': 'import os\nJWT_SECRET_KEY = os.environ["JWT_SECRET_KEY"]\n' }, 'fix on main');
  return dir;
}

const files = (stdout: string) => [...new Set((JSON.parse(stdout) as { findings: { file: string }[] }).findings.map((f) => f.file))].sort();

describe('scan --diff ranges, as git reads them (the CLI process)', () => {
  it('A...B is the change since the merge base; A..B compares the two tips; either checkout', () => {
    const dir = branchedRepo();
    for (const checkout of ['feature', 'main']) {
      git(dir, 'checkout', '-q', checkout);
      const three = cliProcess(dir, ['scan', '--diff', 'main...feature', '--format', 'json']);
      expect(three.code, three.stderr).toBe(1);
      expect(files(three.stdout)).toEqual(['feature.py']);
      const two = cliProcess(dir, ['scan', '--diff', 'main..feature', '--format', 'json']);
      expect(two.code, two.stderr).toBe(1);
      expect(files(two.stdout)).toEqual(['feature.py', 'legacy.py']);
    }
    // An empty end is HEAD, as in git: on feature, `main...` is `main...feature`.
    git(dir, 'checkout', '-q', 'feature');
    expect(files(cliProcess(dir, ['scan', '--diff', 'main...', '--format', 'json']).stdout)).toEqual(['feature.py']);
    // The other way round, main's own change adds no finding.
    const back = cliProcess(dir, ['scan', '--diff', 'feature...main', '--format', 'json']);
    expect(back.code, back.stderr).toBe(0);
  });

  it('a bad range exits 2 with one message saying what to do, never a silent misreading', () => {
    const dir = branchedRepo();
    git(dir, 'checkout', '-q', '--orphan', 'unrelated');
    git(dir, 'commit', '-qm', 'unrelated root');
    git(dir, 'checkout', '-q', 'main');
    const cases: [string, RegExp][] = [
      ['main....feature', /--diff takes BASE\.\.\.HEAD, BASE\.\.HEAD or BASE \(what was given is not shown: it may be a value\); e\.g\./],
      ['...', /--diff takes BASE\.\.\.HEAD/],
      ['main..feature..x', /--diff takes/],
      ['nope...feature', /its BASE end names no commit .*git log -1 <BASE>/],
      ['main..nope', /its HEAD end names no commit/],
      ['main...unrelated', /no common ancestor .*git fetch --unshallow.*--diff main\.\.unrelated/],
    ];
    for (const [range, message] of cases) {
      const r = cliProcess(dir, ['scan', '--diff', range]);
      expect(r.code, range).toBe(2);
      expect(r.stdout, range).toBe('');
      expect(r.stderr, range).toMatch(message);
      expect(r.stderr, range).not.toContain('internal error');
      expect(r.stderr.trim().split('\n'), range).toHaveLength(1);
      // A value that names no commit is not repeated (it may be a secret pasted into the wrong place).
      if (range.includes('nope')) expect(r.stderr, range).not.toContain('nope');
    }
  });

  it('parses ends as git does: `...` before `..`, an empty end is HEAD, no option-like end', () => {
    expect(parseDiffRange('v1.0...HEAD')).toEqual({ left: 'v1.0', right: 'HEAD', mergeBase: true });
    expect(parseDiffRange('v1.0..v1.1')).toEqual({ left: 'v1.0', right: 'v1.1', mergeBase: false });
    expect(parseDiffRange('origin/main')).toEqual({ left: 'origin/main', right: undefined, mergeBase: false });
    expect(parseDiffRange('..feature')).toEqual({ left: '', right: 'feature', mergeBase: false });
    for (const bad of ['..', '--output=x..HEAD', 'a b..c', 'a.....b']) expect(() => parseDiffRange(bad), bad).toThrow(/--diff takes/);
  });
});
