import { describe, expect, it } from 'vitest';
import { hasSimulator, makeRepo, runAction } from '../helpers/gha.js';

/**
 * The committed bundle, run as the runner runs it (inputs, event payload, GITHUB_* variables, file
 * commands, workflow-command protocol), on real pull requests in temporary repositories.
 */
const STRONG = 'Hx7Qm2Vt9Lp4Rw8Ks3Zn6Yd1Bf5Gj0AcQ7eW';
const PR = (extra: string[] = []) => ['--event', 'pull_request', '--base', 'main', '--head', 'feature', '--action-files', 'git', '--forbid', STRONG, ...extra];

function noErrors(r: ReturnType<typeof runAction>): void {
  const errs = r.violations.filter((v) => v.severity === 'error');
  expect(errs, JSON.stringify(errs)).toHaveLength(0);
}

describe.skipIf(!hasSimulator)('GitHub Action end to end', () => {
  it('passes a clean pull request', () => {
    const repo = makeRepo();
    repo.commit({ 'app/settings.py': 'import os\n\nSECRET_KEY = os.environ["SECRET_KEY"]\n' }, 'base');
    repo.branch('feature');
    repo.commit({ 'app/settings.py': 'import os\n\nSECRET_KEY = os.environ["SECRET_KEY"]\nJWT_SECRET_KEY = os.environ["JWT_SECRET_KEY"]\n' }, 'feature');
    const r = runAction(repo.dir, PR(['--checkout', 'shallow']));
    noErrors(r);
    expect(r.conclusion).toBe('success');
    expect(r.annotations).toHaveLength(0);
    expect(r.outputs.result).toBe('clean');
    expect(r.outputs.findings).toBe('0');
  });

  for (const checkout of ['shallow', 'full'] as const) {
    it(`annotates exactly the added problems (${checkout} checkout)`, () => {
      const repo = makeRepo();
      repo.commit(
        {
          'app/legacy.py': 'import os\nSECRET_KEY = os.getenv("SECRET_KEY", "legacy-default-secret")\n',
          'app/settings.py': 'import os\n\nSECRET_KEY = os.environ["SECRET_KEY"]\n',
        },
        'base',
      );
      repo.branch('feature');
      repo.commit(
        {
          'docker-compose.yml': 'services:\n  api:\n    image: api\n    environment:\n      - JWT_SECRET_KEY=${JWT_SECRET_KEY:-your-secret-key-change-this-in-production}\n',
          '.env': `JWT_SECRET_KEY=${STRONG}\n`,
          'app/settings.py': 'import os\n\nSECRET_KEY = os.environ["SECRET_KEY"]\nJWT_SECRET_KEY = SECRET_KEY\n',
          // touches an unrelated line of a file that already has a problem
          'app/legacy.py': '# legacy settings\nimport os\nSECRET_KEY = os.getenv("SECRET_KEY", "legacy-default-secret")\n',
        },
        'feature',
      );
      const r = runAction(repo.dir, PR(['--checkout', checkout, '--input', 'sarif-file=results.sarif', '--check-file', 'results.sarif']));
      noErrors(r);
      expect(r.conclusion).toBe('failure');
      const at = (file: string, line?: number) => r.annotations.some((a) => a.file === file && (line === undefined || a.line === line));
      expect(at('docker-compose.yml', 5)).toBe(true);
      expect(at('.env')).toBe(true);
      expect(at('app/settings.py', 4)).toBe(true);
      expect(at('app/legacy.py')).toBe(false);
      expect(r.annotations.every((a) => a.title === a.properties.title && /^[a-z-]+$/.test(a.title))).toBe(true);
      expect(r.outputs['sarif-file']).toBe('results.sarif');
      expect(Number(r.outputs.errors)).toBeGreaterThan(0);
      expect(r.summary.markdown).toContain('hardcoded-default');
    });
  }

  it('catches reuse of a value already in another file, with the old place related', () => {
    const repo = makeRepo();
    repo.commit({ 'k8s/secret.yaml': `apiVersion: v1\nkind: Secret\nmetadata:\n  name: api\nstringData:\n  SECRET_KEY: ${STRONG}\n` }, 'base');
    repo.branch('feature');
    repo.commit({ 'docker-compose.yml': `services:\n  api:\n    environment:\n      JWT_SECRET: "${STRONG}"\n` }, 'feature');
    const r = runAction(repo.dir, PR(['--checkout', 'shallow']));
    noErrors(r);
    const reuse = r.annotations.filter((a) => a.title === 'reused-secret');
    expect(reuse.map((a) => `${a.file}:${a.line}`)).toEqual(['docker-compose.yml:4']);
    expect(r.annotations.some((a) => a.file === 'k8s/secret.yaml')).toBe(false);
    expect(r.summary.markdown).toContain('docker-compose.yml');
  });

  it('escapes file names with a comma, colon and space', () => {
    const repo = makeRepo();
    repo.commit({ 'README.md': 'x\n' }, 'base');
    repo.branch('feature');
    repo.commit({ 'config/app,prod: 1.env': `JWT_SECRET_KEY=${STRONG}\n` }, 'feature');
    const r = runAction(repo.dir, PR(['--checkout', 'shallow']));
    noErrors(r);
    expect(r.annotations.some((a) => a.file === 'config/app,prod: 1.env' && a.line === 1)).toBe(true);
  });

  it('shows 10 annotations per level and says how many more there are', () => {
    const repo = makeRepo();
    repo.commit({ 'README.md': 'x\n' }, 'base');
    repo.branch('feature');
    const lines = Array.from({ length: 14 }, (_, i) => `SVC${i}_JWT_SECRET = os.getenv("SVC${i}_JWT_SECRET", "default-${i}")`).join('\n');
    repo.commit({ 'app/many.py': `import os\n${lines}\n` }, 'feature');
    const r = runAction(repo.dir, PR(['--checkout', 'shallow']));
    noErrors(r);
    const errors = r.annotations.filter((a) => a.level === 'error' && a.file);
    expect(r.annotations.filter((a) => a.level === 'error').length).toBeLessThanOrEqual(10);
    expect(r.annotations.filter((a) => a.shown).length).toBe(r.annotations.length);
    expect(errors.at(-1)?.message).toMatch(/more errors? not annotated/);
    expect(r.outputs.findings).toBe('14');
    expect(r.summary.markdown).toContain('every finding is listed below');
  });

  it('fails on a bad input, naming it and the allowed values, never the value given (it may be a secret in the wrong input)', () => {
    const repo = makeRepo();
    repo.commit({ 'README.md': 'x\n' }, 'base');
    repo.branch('feature');
    repo.commit({ 'README.md': 'y\n' }, 'feature');
    const pasted = 'sk_live_Zq8kW2pL5xV9nR3tY7uB1mC4';
    const r = runAction(repo.dir, PR(['--input', `fail-on=${pasted}`, '--input', `annotations=${pasted}`]));
    expect(r.conclusion).toBe('failure');
    const msgs = r.annotations.map((a) => a.message).join('\n');
    expect(msgs).toMatch(/fail-on/);
    expect(msgs).toMatch(/error, warning, note, never/);
    expect(msgs).toMatch(/annotations' must be true or false/);
    expect(JSON.stringify([r.annotations, r.commands, (r as unknown as { log: string[] }).log])).not.toContain(pasted);
  });

  it('scans the pushed range on push', () => {
    const repo = makeRepo();
    repo.commit({ 'app/old.py': 'import os\nSECRET_KEY = os.getenv("SECRET_KEY", "old-default-value")\n' }, 'one');
    repo.commit({ 'app/new.py': 'import os\nJWT_SECRET = os.getenv("JWT_SECRET", "new-default-value")\n' }, 'two');
    const r = runAction(repo.dir, ['--event', 'push', '--before', 'HEAD~1', '--after', 'HEAD', '--action-files', 'git', '--checkout', 'full']);
    noErrors(r);
    expect(r.annotations.filter((a) => a.file).map((a) => a.file)).toEqual(['app/new.py']);
  });

  it('runs the check-env preflight on secrets passed in env, masking them', () => {
    const repo = makeRepo();
    repo.commit({ 'README.md': 'x\n' }, 'base');
    const weak = 'changeme-please-123';
    const strong = 'Vb8nM2xQ7wE4rT9yU1iO5pA3sD6fG0hJkLzXc';
    const args = ['--event', 'workflow_dispatch', '--action-files', 'git', '--input', 'scan=false', '--input', 'check-env=JWT_SECRET_KEY', '--input', 'check-env-distinct=SECRET_KEY,JWT_SECRET_KEY'];
    // Not --forbid: `::add-mask::<value>` must carry the value to the runner (which hides it);
    // every place a person reads is searched instead.
    const bad = runAction(repo.dir, [...args, '--env', `JWT_SECRET_KEY=${weak}`, '--env', `SECRET_KEY=${strong}`]);
    noErrors(bad);
    const visible = JSON.stringify([bad.annotations, bad.summary, bad.outputs]);
    expect(visible).not.toContain(weak);
    expect(visible).not.toContain(strong);
    expect(bad.masked.length).toBe(2);
    expect(bad.conclusion).toBe('failure');
    expect(bad.annotations.map((a) => a.message).join('\n')).toMatch(/JWT_SECRET_KEY .*weak/);
    const same = runAction(repo.dir, [...args, '--env', `JWT_SECRET_KEY=${strong}`, '--env', `SECRET_KEY=${strong}`]);
    noErrors(same);
    expect(same.annotations.map((a) => a.message).join('\n')).toMatch(/same value/);
    const good = runAction(repo.dir, [...args, '--env', `JWT_SECRET_KEY=${strong}`, '--env', 'SECRET_KEY=Qz1xW2cE3vR4bT5nY6mU7iO8pA9sD0fGhJkL']);
    noErrors(good);
    expect(good.conclusion).toBe('success');
  });
});
