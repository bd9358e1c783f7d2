import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { stagedRepo } from '../helpers/fixture-repo.js';

const repo = (files: Record<string, string>): string => stagedRepo('sh-fixcli-', files);

const A = 'import os\nJWT_SECRET = os.getenv("JWT_SECRET", "aaaa-default-one")\n';
const B = 'import os\nSECRET_KEY = os.getenv("SECRET_KEY", "bbbb-default-two")\n';

describe('secret-hygiene fix', () => {
  it('changes nothing without --write and prints a diff without the value', async () => {
    const dir = repo({ 'a.py': A });
    const r = await cli(dir, ['fix']);
    expect(r.stdout).toContain('+JWT_SECRET = os.environ["JWT_SECRET"]');
    expect(r.stdout).not.toContain('aaaa-default-one');
    expect(r.stdout).toContain('in no commit yet');
    expect(r.stdout).not.toContain('still in git history');
    expect(readFileSync(join(dir, 'a.py'), 'utf8')).toBe(A);
  });

  it('given files, fixes only those (the pre-commit fix hook)', async () => {
    const dir = repo({ 'a.py': A, 'b.py': B });
    await cli(dir, ['fix', '--write', 'a.py']);
    expect(readFileSync(join(dir, 'a.py'), 'utf8')).toContain('os.environ["JWT_SECRET"]');
    expect(readFileSync(join(dir, 'b.py'), 'utf8')).toBe(B);
  });

  it('--rule limits the repairs; an unknown rule is a usage error', async () => {
    const dir = repo({ 'a.py': A, '.env.example': 'JWT_SECRET=\n', '.env.staging': 'JWT_SECRET=Tq8Ue2WrXv93kLq0Rt5Wz8Nm2Pb7Hc4Jd6Fs1Gy3\n' });
    await cli(dir, ['fix', '--write', '--rule', 'dotenv-not-ignored']);
    expect(readFileSync(join(dir, 'a.py'), 'utf8')).toBe(A);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toContain('.env.*');
    const bad = await cli(dir, ['fix', '--rule', 'no-such-rule']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/hardcoded-default/);
  });

  it('exits 1 and lists the manual step when a finding has no mechanical fix', async () => {
    const dir = repo({ 'settings.py': 'import os\nSECRET_KEY = os.environ["SECRET_KEY"]\nJWT_SECRET_KEY = SECRET_KEY\n' });
    const r = await cli(dir, ['fix', '--write']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/needs? a manual fix/);
    expect(r.stdout).toMatch(/settings\.py:3 +reused-secret/);
  });

  it('skips a file that changed since the scan', async () => {
    const { planFixes } = await import('../../src/fix/plan.js');
    const finding = { ruleId: 'x', context: 'production' as const, severity: 'error' as const, messageId: 'm', message: '', file: 'a.py', line: 1, column: 1, endLine: 1, endColumn: 2, related: [], fingerprint: 'f', fix: { description: 'd', edits: [{ file: 'a.py', start: 0, end: 1, text: 'y' }], baseHash: 'not-the-hash' } };
    const plan = planFixes([finding], () => ({ text: 'x = 1\n', hasBom: false, exists: true }));
    expect(plan.files).toHaveLength(0);
    expect(plan.stale).toHaveLength(1);
  });
});
