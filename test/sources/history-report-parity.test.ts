import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { auditHistory } from '../../src/audit-history.js';
import { auditWorktree } from '../../src/audit.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { datedHistory } from '../helpers/fixture-repo.js';

// Planted values: made up for these tests, never printed by the tool.
const KEY = 'Rk4Xn8Wq2Lz6Jv0Hs3Bd7Fm1Ct5Gp9Ya';
const OTHER = 'Ux2Pe7Ka4Nw9Qr1Zt6Ym3Lb8Vc5Dj0Hs';
const config = { ...DEFAULT_CONFIG, rules: {} };

const b64url = (s: string) => Buffer.from(s).toString('base64url');
function hs256(payload: object, key: string): string {
  const head = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}`;
  return `${head}.${createHmac('sha256', key).update(head).digest('base64url')}`;
}

const repo = () => datedHistory('sh-history-parity-');

/** A compose file whose services are edited a value at a time (inert edits), with a comment above the secret. */
function compose(workers: number, extraServices: number, comment: string): string {
  const lines = ['services:'];
  for (let s = 0; s < extraServices; s++) lines.push(`  svc${s}:`, '    image: example/svc:1.0', '    environment:', `      WORKERS: "${workers}"`);
  lines.push('  api:', '    image: example/api:1.0', '    environment:', `      ${comment}`, '      JWT_SECRET: ${JWT_SECRET:-changeme}', '');
  return lines.join('\n');
}

describe('history reports what tree scans report', () => {
  it('reports a suppression comment that is wrong once, at the first version that has it, as judging every version whole does', async () => {
    const { dir, commit } = repo();
    const noReason = '# secret-hygiene: ignore[hardcoded-default]';
    commit({ 'docker-compose.yml': compose(1, 2, '# the api') });
    const first = commit({ 'docker-compose.yml': compose(1, 2, noReason) });
    // Inert edits (a value), then services added above it: the comment moves down.
    commit({ 'docker-compose.yml': compose(2, 2, noReason) });
    commit({ 'docker-compose.yml': compose(3, 3, noReason) });
    commit({ 'docker-compose.yml': compose(4, 3, noReason) });
    const whole = await auditHistory(dir, { wholeVersions: true }, config);
    const incremental = await auditHistory(dir, {}, config);
    expect(incremental.problems).toEqual(whole.problems);
    const notices = incremental.problems.filter((p) => p.file === 'docker-compose.yml' && p.reason.includes('has no reason'));
    expect(notices).toHaveLength(1);
    expect(notices[0]?.reason).toMatch(new RegExp(`^line 13 \\(commit ${first.slice(0, 12)}\\): `));
    // A tree scan reports the same comment, at its line at HEAD, without a commit.
    const tree = await auditWorktree(dir, config);
    expect(tree.problems.filter((p) => p.reason.includes('has no reason')).map((p) => p.reason.replace(/^line \d+: /, ''))).toEqual([notices[0]?.reason.replace(/^line \d+ \(commit [0-9a-f]+\): /, '')]);
  });

  it('counts the places a key is set as files and keys, not versions ("set in N more places")', async () => {
    const { dir, commit } = repo();
    const token = hs256({ sub: 'svc', exp: 1893456000 }, KEY);
    commit({ 'config/app.yaml': `jwt:\n  secret: ${KEY}\n`, 'app/settings.py': `JWT_SECRET_KEY = "${KEY}"\n`, 'docs/api.md': `# API\n\nAuthorization: Bearer ${token}\n` });
    // A second version of config/app.yaml with the same key and a new secret: set aside for the proof again.
    commit({ 'config/app.yaml': `jwt:\n  secret: ${KEY}\nsession:\n  secret: ${OTHER}\n` });
    commit({ 'config/app.yaml': `jwt:\n  secret: ${KEY}\nsession:\n  secret: ${OTHER}x\n` });
    const more = (fs: { ruleId: string; message: string }[]) => fs.filter((f) => f.ruleId === 'jwt-forgeable').map((f) => /set in (\d+) more place/.exec(f.message)?.[1] ?? '0');
    const history = await auditHistory(dir, {}, config);
    const tree = await auditWorktree(dir, config);
    expect(more(tree.findings)).toEqual(['1']);
    expect(more(history.findings)).toEqual(['1']);
  });
});
