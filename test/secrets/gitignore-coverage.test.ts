import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureGitignored, isTrackedByGit, locateFile } from '../../src/secrets/gitignore-coverage.js';
import { git } from '../helpers/fixture-repo.js';
import { tempDir } from '../helpers/temp.js';

const temps: string[] = [];
afterAll(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

function tree(files: Record<string, string>, repo = true): string {
  const dir = tempDir('sh-ignore-');
  temps.push(dir);
  if (repo) git(dir, 'init', '-q');
  for (const [p, t] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), t);
  }
  return dir;
}

const read = (p: string) => readFileSync(p, 'utf8');

describe('ensureGitignored', () => {
  it('adds the dotenv patterns to the root .gitignore once, keeping what was there', async () => {
    const dir = tree({ '.gitignore': 'node_modules/' });
    const loc = await locateFile(join(dir, '.env'));
    expect(loc).toMatchObject({ rel: '.env', inRepo: true });
    const first = await ensureGitignored(loc);
    expect(first).toMatchObject({ status: 'added', patterns: ['.env', '.env.*', '!.env.example'] });
    const after = read(join(dir, '.gitignore'));
    expect(after.startsWith('node_modules/\n')).toBe(true);
    expect(after.split('\n').filter((l) => l === '.env')).toHaveLength(1);
    expect(await ensureGitignored(loc)).toMatchObject({ status: 'covered' });
    expect(read(join(dir, '.gitignore'))).toBe(after);
  });

  it('uses the root of the repository for a file in a subdirectory, keeping CRLF', async () => {
    const dir = tree({ '.gitignore': 'dist/\r\n', 'backend/app.py': '' });
    const loc = await locateFile(join(dir, 'backend', 'secrets.env'));
    expect(loc.rel).toBe('backend/secrets.env');
    expect(await ensureGitignored(loc)).toMatchObject({ status: 'added', patterns: ['/backend/secrets.env'] });
    expect(read(join(dir, '.gitignore'))).toBe('dist/\r\n# secret-hygiene: keep dotenv files (local secrets) out of git\r\n/backend/secrets.env\r\n');
  });

  it('counts an existing pattern in a nested .gitignore, not .git/info/exclude alone', async () => {
    const nested = tree({ 'api/.gitignore': '.env\n' });
    expect(await ensureGitignored(await locateFile(join(nested, 'api', '.env')))).toMatchObject({ status: 'covered' });

    const excluded = tree({});
    writeFileSync(join(excluded, '.git', 'info', 'exclude'), '.env\n');
    expect(await ensureGitignored(await locateFile(join(excluded, '.env')))).toMatchObject({ status: 'added' });
    expect(read(join(excluded, '.gitignore'))).toContain('\n.env\n');
  });

  it('wins over an earlier negation in the same file with the anchored path', async () => {
    const dir = tree({ '.gitignore': '.env\n!.env\n' });
    const out = await ensureGitignored(await locateFile(join(dir, '.env')));
    expect(out).toMatchObject({ status: 'added' });
    expect(out.status === 'added' && out.patterns).toContain('/.env');
    expect(git(dir, 'check-ignore', '--no-index', '.env').trim()).toBe('.env');
  });

  it('reports a nested negation it cannot override', async () => {
    const dir = tree({ 'api/.gitignore': '!.env\n' });
    const out = await ensureGitignored(await locateFile(join(dir, 'api', '.env')));
    expect(out).toMatchObject({ status: 'uncovered', overriddenBy: join(dir, 'api', '.gitignore') });
  });

  it('outside a repository, covers the file with the .gitignore beside it', async () => {
    const dir = tree({ 'app/.gitignore': '*.log\n' }, false);
    const loc = await locateFile(join(dir, 'app', '.env.local'));
    expect(loc).toMatchObject({ rel: '.env.local', inRepo: false });
    expect(await ensureGitignored(loc)).toMatchObject({ status: 'added' });
    expect(read(join(dir, 'app', '.gitignore'))).toContain('*.log\n# secret-hygiene');
    expect(await ensureGitignored(loc)).toMatchObject({ status: 'covered' });
  });
});

describe('isTrackedByGit', () => {
  it('is true for a committed file only', async () => {
    const dir = tree({ '.env': 'A=1\n', 'other.env': '' });
    git(dir, 'add', '.env');
    expect(await isTrackedByGit(await locateFile(join(dir, '.env')))).toBe(true);
    expect(await isTrackedByGit(await locateFile(join(dir, 'other.env')))).toBe(false);
    expect(await isTrackedByGit(await locateFile(join(tree({}, false), '.env')))).toBe(false);
  });
});
