import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { tempDir } from '../helpers/temp.js';

/** The release workflow, read as GitHub reads it, and the documented versions it makes true. */
const ROOT = join(import.meta.dirname, '..', '..');
const text = readFileSync(join(ROOT, '.github', 'workflows', 'release.yml'), 'utf8');
interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
const wf = parse(text) as { on: { push: { tags: string[] } }; permissions: unknown; jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }> };
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; repository: { url: string }; homepage: string; bugs: { url: string }; bin: Record<string, string>; files: string[] };
const steps = Object.values(wf.jobs)[0]?.steps ?? [];
const index = (pred: (s: Step) => boolean, what: string) => {
  const i = steps.findIndex(pred);
  expect(i, what).toBeGreaterThanOrEqual(0);
  return i;
};
const runIndex = (needle: string | RegExp) => index((s) => (typeof needle === 'string' ? s.run?.includes(needle) : needle.test(s.run ?? '')) === true, String(needle));

describe('.github/workflows/release.yml', () => {
  it('runs on v* tags only, with write access only where it publishes and moves the tag', () => {
    expect(Object.keys(wf.on)).toEqual(['push']);
    expect(wf.on.push.tags).toEqual(['v*']);
    expect(wf.permissions).toEqual({ contents: 'read' });
    expect(Object.keys(wf.jobs)).toHaveLength(1);
    expect(Object.values(wf.jobs)[0]?.permissions).toEqual({ contents: 'write', 'id-token': 'write' });
  });

  it('checks the tag against package.json, installs, builds, checks dist, tests, publishes with provenance, then moves the major tag', () => {
    const checkout = index((s) => s.uses?.startsWith('actions/checkout@') === true, 'checkout');
    const node = index((s) => s.uses?.startsWith('actions/setup-node@') === true, 'setup-node');
    expect(steps[node]?.with?.['registry-url']).toBe('https://registry.npmjs.org');
    const version = index((s) => s.id === 'version', 'version check');
    expect(steps[version]?.run).toContain('"v$version"');
    const install = runIndex(/^npm ci\b/);
    const build = runIndex('npm run build');
    const dist = runIndex('git status --porcelain -- dist');
    const test = runIndex('npm test');
    const publish = runIndex('npm publish --provenance');
    const major = runIndex('git push --force origin "refs/tags/$MAJOR"');
    expect([checkout, node, version, install, build, dist, test, publish, major]).toEqual([...[checkout, node, version, install, build, dist, test, publish, major]].sort((a, b) => a - b));
    expect(steps[publish]?.env?.NODE_AUTH_TOKEN).toBe('${{ secrets.NPM_TOKEN }}');
    expect(steps[major]?.env?.MAJOR).toBe('${{ steps.version.outputs.major }}');
    expect(steps[major]?.if).toBe("steps.version.outputs.prerelease == 'false'");
    // No expression is pasted into a script (script injection); values come in through env.
    for (const s of steps) if (s.run !== undefined) expect(s.run, s.name).not.toContain('${{');
  });

  it('the version step derives the major tag and the prerelease flag as the later steps read them', () => {
    const script = steps.find((s) => s.id === 'version')?.run ?? '';
    const dir = tempDir('sh-release-');
    try {
      const out = join(dir, 'out');
      const runFor = (tag: string, version: string) => {
        writeFileSync(join(dir, 'package.json'), JSON.stringify({ version }));
        writeFileSync(out, '');
        try {
          execFileSync('bash', ['-e', '-c', script], { cwd: dir, env: { PATH: process.env.PATH, TMPDIR: process.env.TMPDIR, GITHUB_REF_NAME: tag, GITHUB_OUTPUT: out }, stdio: 'pipe' });
        } catch {
          return null;
        }
        return readFileSync(out, 'utf8');
      };
      expect(runFor('v1.0.0', '1.0.0')).toBe('major=v1\nprerelease=false\n');
      expect(runFor('v2.1.0-rc.1', '2.1.0-rc.1')).toBe('major=v2\nprerelease=true\n');
      expect(runFor('v1.0.1', '1.0.0')).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('one published identity, and versions the docs can promise', () => {
  const REPO = 'secret-hygiene/secret-hygiene';
  it('package.json names the repository, homepage and issues', () => {
    expect(pkg.repository.url).toBe(`git+https://github.com/${REPO}.git`);
    expect(pkg.homepage).toBe(`https://github.com/${REPO}#readme`);
    expect(pkg.bugs.url).toBe(`https://github.com/${REPO}/issues`);
    expect(pkg.version).toMatch(/^1\.\d+\.\d+$/);
  });

  it('the README, the hooks file, the reusable workflow and what init writes use it, with the released version; no OWNER placeholder', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const files = ['README.md', '.pre-commit-hooks.yaml', '.github/workflows/org-audit.yml', 'src/cli/commands/init.ts', 'src/core/meta.ts', 'src/reporters/sarif.ts', 'action.yml', 'CHANGELOG.md'];
    for (const f of files) expect(readFileSync(join(ROOT, f), 'utf8'), f).not.toMatch(/\bOWNER\b/);
    for (const m of readme.matchAll(/uses: ([\w.-]+\/[\w.-]+)(?:\/[^@\s]*)?@(v\d+)/g)) {
      if (m[1]?.startsWith('actions/') || m[1]?.startsWith('github/')) continue;
      expect(m[1]).toBe(REPO);
      expect(m[2]).toBe(`v${pkg.version.split('.')[0]}`);
    }
    for (const m of readme.matchAll(/rev: (v[\d.]+)/g)) expect(m[1]).toBe(`v${pkg.version}`);
    expect(readme).toContain(`https://github.com/${REPO}`);
    const changelog = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8');
    expect(changelog).toMatch(new RegExp(`^## ${pkg.version.replace(/\./g, '\\.')}\\b`, 'm'));
  });
});
