import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliProcess } from '../helpers/cli.js';
import { git } from '../helpers/fixture-repo.js';
import { hasSimulator, makeRepo, runAction } from '../helpers/gha.js';
import { tempDir } from '../helpers/temp.js';

/**
 * One published identity, as each face shows it to a user: what `init` writes, the docs links of
 * the text report, SARIF and the job summary, and every file of this repository. The name is
 * chosen once (package.json); a placeholder left anywhere would be copied into users' configs.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; repository: { url: string } };
const REPO = /github\.com\/([\w.-]+\/[\w.-]+?)(?:\.git)?$/.exec(pkg.repository.url)?.[1] ?? '';
const PROJECT_URL = `https://github.com/${REPO}`;
const DOCS = new RegExp(`${PROJECT_URL.replace(/[.]/g, '\\.')}/blob/main/(docs/rules/[a-z-]+\\.md)`, 'g');
const PLANTED = 'Pk7-publication-planted-ww2';
// Spelt in pieces, so that this file, which is tracked too, does not match itself.
const WORD = ['OWN', 'ER'].join('');
const PLACEHOLDER = new RegExp(`\\b${WORD}/|<${WORD}>|\\{${WORD}\\}|github\\.com/${WORD}\\b`);

/** Every docs link in `text` names a page this repository has. */
function expectPublishedDocs(text: string): number {
  const pages = [...text.matchAll(DOCS)].map((m) => m[1] ?? '');
  for (const page of pages) expect(existsSync(join(ROOT, page)), page).toBe(true);
  return pages.length;
}

function plantedRepo(): string {
  const dir = tempDir('sh-publication-');
  writeFileSync(join(dir, 'config.py'), `import os\nJWT_SECRET_KEY = os.getenv("JWT_SECRET_KEY", "${PLANTED}")\n`);
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  return dir;
}

describe('one identity everywhere', () => {
  it('package.json names it; no tracked file holds an OWNER placeholder or another name for this repository', () => {
    expect(REPO).toBe('secret-hygiene/secret-hygiene');
    const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
      .split('\0')
      .filter((f) => f !== '' && !f.startsWith('test/fixtures/') && !f.startsWith('dist/') && f !== 'package-lock.json' && !/\.(png|jpg|gz)$/.test(f) && existsSync(join(ROOT, f)));
    const offenders: string[] = [];
    for (const f of tracked) {
      const text = readFileSync(join(ROOT, f), 'utf8');
      if (PLACEHOLDER.test(text)) offenders.push(`${f}: ${WORD} placeholder`);
      // Any link to this project on github.com (by its package or hook name) uses the one name.
      for (const m of text.matchAll(/github\.com\/([\w.-]+)\/secret-hygiene\b/g)) if (m[1] !== REPO.split('/')[0]) offenders.push(`${f}: github.com/${m[1]}/secret-hygiene`);
      for (const m of text.matchAll(/uses: ([\w.-]+)\/secret-hygiene@/g)) if (m[1] !== REPO.split('/')[0] && m[1] !== '.') offenders.push(`${f}: uses ${m[1]}`);
    }
    expect(offenders).toEqual([]);
  });

  it('init (the CLI process) writes the hook and the workflow under that name, at the released version', () => {
    const dir = tempDir('sh-publication-init-');
    git(dir, 'init', '-q');
    const r = cliProcess(dir, ['init', '--pre-commit', '--workflow']);
    expect(r.code, r.stderr).toBe(0);
    const hook = readFileSync(join(dir, '.pre-commit-config.yaml'), 'utf8');
    expect(hook).toContain(`repo: ${PROJECT_URL}\n`);
    expect(hook).toContain(`rev: v${pkg.version}\n`);
    const workflow = readFileSync(join(dir, '.github', 'workflows', 'secret-hygiene.yml'), 'utf8');
    expect(workflow).toContain(`uses: ${REPO}@v${pkg.version.split('.')[0]}\n`);
    expect(hook + workflow + r.stdout).not.toContain(WORD);
  });

  it('the text report (the CLI process) links each rule to its published docs page, not a path of the user repository', () => {
    const r = cliProcess(plantedRepo(), ['scan', '--no-color']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`Rule docs: ${PROJECT_URL.replace(/[.]/g, '\\.')}/blob/main/docs/rules/hardcoded-default\\.md`));
    expect(expectPublishedDocs(r.stdout)).toBeGreaterThan(0);
    expect(r.stdout).not.toMatch(/(^|[\s(])docs\/rules\//m);
    expect(r.stdout).not.toContain(PLANTED);
  });

  it('SARIF (the CLI process): informationUri is the project, every rule helpUri a published docs page', () => {
    const r = cliProcess(plantedRepo(), ['scan', '--format', 'sarif']);
    const sarif = JSON.parse(r.stdout) as { runs: { tool: { driver: { informationUri: string; rules: { id: string; helpUri: string }[] } } }[] };
    const driver = sarif.runs[0]!.tool.driver;
    expect(driver.informationUri).toBe(PROJECT_URL);
    expect(driver.rules.length).toBeGreaterThan(0);
    for (const rule of driver.rules) {
      expect(rule.helpUri).toBe(`${PROJECT_URL}/blob/main/docs/rules/${rule.id}.md`);
      expect(existsSync(join(ROOT, 'docs', 'rules', `${rule.id}.md`)), rule.id).toBe(true);
    }
  });

  it.skipIf(!hasSimulator)('the job summary (the Action through the runner simulator) links rules to the same docs', () => {
    const repo = makeRepo();
    repo.commit({ 'README.md': 'x\n' }, 'base');
    repo.commit({ 'config.py': `import os\nJWT_SECRET_KEY = os.getenv("JWT_SECRET_KEY", "${PLANTED}")\n` }, 'planted');
    const r = runAction(repo.dir, ['--event', 'push', '--branch', 'main', '--before', 'HEAD~1', '--after', 'HEAD', '--action-files', 'git', '--input', 'fail-on=never']);
    expect(r.summary.markdown).toContain(`[hardcoded-default](${PROJECT_URL}/blob/main/docs/rules/hardcoded-default.md)`);
    expect(expectPublishedDocs(r.summary.markdown)).toBeGreaterThan(0);
    expect(r.summary.markdown).not.toContain(PLANTED);
  });
});
