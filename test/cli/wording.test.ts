import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_BUNDLE, cli, cliProcess } from '../helpers/cli.js';
import { git, stageFiles } from '../helpers/fixture-repo.js';
import { tempDir } from '../helpers/temp.js';

/**
 * The words a new user reads first: counts in the singular, "findings" for findings, manual steps
 * in whole sentences, no "still in git history" about a value no commit holds, and generate
 * --dotenv making the directories it needs (never through a link).
 */
const DEFAULT = 'Wq3-wording-default-planted-5tY';

function repo(files: Record<string, string>, commit: boolean): string {
  const dir = tempDir('sh-wording-');
  git(dir, 'init', '-q');
  stageFiles(dir, { 'README.md': '# app\n' });
  git(dir, 'commit', '-q', '-m', 'init');
  stageFiles(dir, files);
  if (commit && Object.keys(files).length > 0) git(dir, 'commit', '-q', '-m', 'add');
  return dir;
}

type Run = (cwd: string, args: string[]) => Promise<{ code: number; stdout: string; stderr: string }>;
const bundleDir = dirname(CLI_BUNDLE);
const bundleKnows = existsSync(bundleDir) && readdirSync(bundleDir).some((f) => f.endsWith('.js') && readFileSync(join(bundleDir, f), 'utf8').includes('in no commit yet'));

for (const [face, run] of [
  ['in process', (cwd, args) => cli(cwd, args)],
  ['the built CLI', async (cwd, args) => cliProcess(cwd, args)],
] as [string, Run][]) {
  describe.skipIf(face === 'the built CLI' && !bundleKnows)(`wording (${face})`, () => {
    it('one finding in one file is said in the singular; problems are files not read', async () => {
      const dir = repo({ 'app/settings.py': `import os\nJWT_SECRET_KEY = os.getenv("JWT_SECRET_KEY", "${DEFAULT}")\n` }, true);
      const scan = await run(dir, ['scan', 'app']);
      expect(scan.stdout).toMatch(/secret-hygiene: 1 finding \(1 error, 0 warnings, 0 notes\) in 1 file, 1 rule; 1 fixable/);
      expect(scan.stdout + scan.stderr).not.toMatch(/\b1 (files|findings|problems)\b|\(s\)/);
      const dry = await run(dir, ['fix']);
      expect(dry.stdout).toContain('1 file would change.');
      const write = await run(dir, ['fix', '--write']);
      expect(write.stdout).toContain('Fixed 1 finding in 1 file: app/settings.py.');
      expect(write.stdout).not.toMatch(/\(s\)/);
    });

    it('a manual fix is the whole help, not its first wrapped line', async () => {
      // jwt-verification-disabled has no per-finding suggestion: the line is the rule's help, wrapped in the source.
      const dir = repo({ 'app/auth.py': 'import jwt\n\n\ndef current_user(token):\n    return jwt.decode(token, options={"verify_signature": False})\n' }, true);
      const r = await run(dir, ['fix']);
      expect(r.stdout).toContain('1 finding needs a manual fix:');
      const line = r.stdout.split('\n').find((l) => l.includes('app/auth.py:5  jwt-verification-disabled:')) ?? '';
      expect(line).toMatch(/with its key and a pinned algorithm \(`algorithms=\["HS256"\]`\); read unverified claims only to choose the key\.$/);
    });

    it('the fix hook on a value only staged does not say it is in git history; a committed one does', async () => {
      const staged = repo({ 'app/settings.py': `import os\nJWT_SECRET_KEY = os.getenv("JWT_SECRET_KEY", "${DEFAULT}")\n` }, false);
      const hook = await run(staged, ['fix', '--write', 'app/settings.py']);
      expect(hook.stdout).toContain('Fixed 1 finding in 1 file');
      expect(hook.stdout).not.toContain('still in git history');
      expect(hook.stdout).toContain('in no commit yet');
      const committed = repo({ 'app/settings.py': `import os\nJWT_SECRET_KEY = os.getenv("JWT_SECRET_KEY", "${DEFAULT}")\n` }, true);
      const after = await run(committed, ['fix', '--write', 'app/settings.py']);
      expect(after.stdout).toContain('The removed values are still in git history');
      expect(after.stdout).not.toContain('in no commit yet');
    });

    it('generate --dotenv dir/x creates dir/ (as --output does), never through a link', async () => {
      const dir = repo({}, true);
      const r = await run(dir, ['generate', '--dotenv', 'config/local/.env', '--key', 'JWT_SECRET_KEY']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(readFileSync(join(dir, 'config', 'local', '.env'), 'utf8')).toMatch(/^JWT_SECRET_KEY=\S{40,}\n$/);
      const outside = tempDir('sh-wording-outside-');
      mkdirSync(join(dir, 'deploy'));
      symlinkSync(outside, join(dir, 'deploy', 'shared'));
      writeFileSync(join(dir, '.gitignore'), '.env\n');
      const linked = await run(dir, ['generate', '--dotenv', 'deploy/shared/new/.env', '--key', 'JWT_SECRET_KEY']);
      expect(linked.code).toBe(2);
      expect(linked.stderr).toContain('passes through a symbolic link (deploy/shared)');
      expect(readdirSync(outside)).toEqual([]);
    });
  });
}
