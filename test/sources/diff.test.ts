import { createHmac } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { git } from '../helpers/fixture-repo.js';
import { tempDir } from '../helpers/temp.js';

// Planted values: made up for these tests, never printed by the tool.
const STRONG = 'Zx8vQ2mN7pL4kR9tW3yB6cF1hJ5gD0sAq';

function write(dir: string, files: Record<string, string>): void {
  for (const [p, t] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), t);
  }
}

/** A repository whose `main` holds a SECRET_KEY and 40 files that mention secrets harmlessly. */
function repo(): string {
  const dir = tempDir('sh-diff-');
  git(dir, 'init', '-q', '-b', 'main');
  const files: Record<string, string> = { 'app/settings.py': `SECRET_KEY = "${STRONG}"\n` };
  for (let i = 0; i < 40; i++) files[`app/views_${i}.py`] = `import os\nSECRET_KEY = os.environ["SECRET_KEY"]\n\ndef view_${i}():\n    return ${i}\n`;
  write(dir, files);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  return dir;
}

function branch(dir: string, files: Record<string, string>): void {
  git(dir, 'checkout', '-q', '-b', 'pr');
  write(dir, files);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'pr');
}

interface Report {
  findings: { ruleId: string; file: string; line: number; related?: { file: string }[] }[];
  stats: { files: number };
}
async function scan(dir: string, args: string[]): Promise<Report> {
  const r = await cli(dir, ['scan', '.', ...args, '--format', 'json', '--fail-on', 'never']);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Report;
}

function hs256(payload: object, key: string): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${head}.${createHmac('sha256', key).update(head).digest('base64url')}`;
}

describe('scan --diff: the cost grows with the change, the repository is still the context', () => {
  it.each([
    ['a range whose end is not checked out', (dir: string) => (git(dir, 'checkout', '-q', 'main'), ['--diff', 'main..pr'])],
    ['the checked-out work tree against a base', () => ['--diff', 'main']],
  ])('%s: reads the changed file and the one holding its value, and reports the reuse there', async (_, prepare) => {
    const dir = repo();
    branch(dir, { 'auth/jwt.py': `JWT_SECRET_KEY = "${STRONG}"\n` });
    const report = await scan(dir, prepare(dir));
    const reuse = report.findings.find((f) => f.ruleId === 'reused-secret');
    expect(reuse).toMatchObject({ file: 'auth/jwt.py', line: 1 });
    expect(reuse?.related?.map((r) => r.file)).toContain('app/settings.py');
    expect(report.findings.every((f) => f.file === 'auth/jwt.py')).toBe(true);
    // The 40 views mention SECRET_KEY but not the value: they are not read.
    expect(report.stats.files).toBe(2);
  });

  it('a change adding no secret value reads only the changed files', async () => {
    const dir = repo();
    branch(dir, { 'app/views_1.py': 'def view_1():\n    return 2\n' });
    const report = await scan(dir, ['--diff', 'main']);
    expect(report.findings).toEqual([]);
    expect(report.stats.files).toBe(1);
  });

  it('reads a changed script without an extension by its shebang (docker/entrypoint)', async () => {
    const dir = repo();
    branch(dir, { 'docker/entrypoint': '#!/bin/sh\nexport JWT_SECRET="mysecret"\nexec "$@"\n' });
    git(dir, 'checkout', '-q', 'main');
    const report = await scan(dir, ['--diff', 'main..pr']);
    expect(report.findings.map((f) => `${f.file}:${f.line}:${f.ruleId}`)).toEqual(['docker/entrypoint:2:weak-secret']);
  });

  it('a range end that is not a commit is a usage error that says what to do (exit 2)', async () => {
    const dir = repo();
    const r = await cli(dir, ['scan', '.', '--diff', 'main..no-such-branch']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/its HEAD end names no commit .*git log -1 <HEAD>/);
    expect(r.stderr).not.toMatch(/internal error/);
  });

  it('a token added by the change is checked against every key in the repository', async () => {
    const dir = repo();
    const token = hs256({ sub: '1', exp: 1893456000 }, STRONG);
    branch(dir, { 'docs/api.md': `# API\n\nAuthorization: Bearer ${token}\n` });
    const report = await scan(dir, ['--diff', 'main']);
    const forged = report.findings.find((f) => f.ruleId === 'jwt-forgeable');
    expect(forged).toMatchObject({ file: 'docs/api.md', line: 3 });
    expect(JSON.stringify(report)).not.toContain(STRONG);
  });
});
