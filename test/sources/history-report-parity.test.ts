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

  it("judges a test's secret by every production version in the history, wherever batches end", async () => {
    const { dir, commit } = repo();
    // A weak key in a test first; the same key in production code many commits later.
    commit({ 'tests/test_app.py': 'import pytest\n\nSECRET_KEY = "devkey"\n' });
    for (let i = 0; i < 6; i++) commit({ [`docs/note${i}.md`]: `# Note ${i}\n\nThe session secret is set by the operator.\n` });
    commit({ 'app/settings.py': 'SECRET_KEY = "devkey"\n' });
    const one = await auditHistory(dir, { batchDocuments: 1 }, config);
    const all = await auditHistory(dir, {}, config);
    expect(one.findings).toEqual(all.findings);
    const test = all.findings.find((f) => f.file === 'tests/test_app.py');
    expect(test?.message).toContain('but the same secret is used in production');
    expect(test?.severity).not.toBe('note');
  });

  it('reports the first version outside a context that is off, when the first one is in it', async () => {
    const { dir, commit } = repo();
    commit({ 'tests/test_app.py': 'import pytest\n\nSECRET_KEY = "devkey"\n' });
    commit({ 'app/settings_dev.py': 'SECRET_KEY = "devkey"\n' });
    const off = { ...config, contexts: { ...config.contexts, test: 'off' as const } };
    for (const batchDocuments of [1, 100]) {
      const r = await auditHistory(dir, { batchDocuments }, off);
      const weak = r.findings.filter((f) => f.ruleId === 'weak-secret').map((f) => f.file);
      expect(weak).toEqual(['app/settings_dev.py']);
    }
  });

  it('does not judge again a text whose lines with tokens are unchanged, and reports what judging every version does', async () => {
    const { dir, commit } = repo();
    const token = hs256({ sub: 'svc', exp: 1893456000 }, KEY);
    const other = hs256({ sub: 'ops', exp: 1893456000 }, OTHER);
    const changes = (n: number, ...tokens: string[]) =>
      ['Changes', '=======', '', ...Array.from({ length: n }, (_, k) => `- Fixed bug ${k} in the session code.`), '', ...tokens.map((t) => `    Authorization: Bearer ${t}`), ''].join('\n');
    commit({ 'app/settings.py': `JWT_SECRET_KEY = "${KEY}"\n`, 'CHANGES.rst': changes(3) });
    commit({ 'CHANGES.rst': changes(4) }); // inert: no line with a token changed
    const withToken = commit({ 'CHANGES.rst': changes(5, token) }); // a token: judged
    commit({ 'CHANGES.rst': changes(6, token) }); // the token line moves down: inert
    commit({ 'CHANGES.rst': changes(7, token, other) }); // a second token: judged
    commit({ 'CHANGES.rst': changes(8) }); // both removed: judged (a cap may have cut one)
    commit({ 'CHANGES.rst': changes(9, token) }); // back: judged, nothing new
    const whole = { versions: 0, unchanged: 0 };
    const incremental = { versions: 0, unchanged: 0 };
    const a = await auditHistory(dir, { wholeVersions: true, counters: whole }, config);
    const b = await auditHistory(dir, { counters: incremental }, config);
    expect({ findings: b.findings, problems: b.problems }).toEqual({ findings: a.findings, problems: a.problems });
    expect(incremental.unchanged).toBe(2);
    const forged = a.findings.filter((f) => f.ruleId === 'jwt-forgeable' && f.file === 'CHANGES.rst');
    expect(forged.map((f) => f.commit?.sha)).toEqual([withToken]);
  });
});
