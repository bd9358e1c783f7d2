import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditHistory } from '../../src/audit-history.js';
import { BASELINE_FILE_NAME } from '../../src/baseline/file.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import type { Finding } from '../../src/core/types.js';
import { cli } from '../helpers/cli.js';
import { git, stageFiles } from '../helpers/fixture-repo.js';
import { tempDir } from '../helpers/temp.js';

// Planted values: made up for these tests, never printed by the tool.
const FIRST = 'Qw3rTy7UiOp9AsDfGh2jKl4ZxCvBn6Mq';
const SECOND = 'Mn4bVc8xZl2kJh6gFd0sAp9oIu7yTr5eW';
const THIRD = 'Pk7wWn2hQz9rTs4uVx6yBa1cDe3fGh5jL';
const ENV_VALUE = 'Zx8vQ2mN7pL4kR9tW3yB6cF1hJ5gD0sAq';

const getenvDefault = (v: string) => `import os\nJWT_SECRET = os.getenv("JWT_SECRET", "${v}")\n`;

function repo(): string {
  const dir = tempDir('sh-history-');
  git(dir, 'init', '-q');
  return dir;
}

let tick = 0;
/** Commits the given writes (null deletes) with a distinct, increasing date; returns the sha. */
function commit(dir: string, files: Record<string, string | Buffer | null>, message = 'change'): string {
  stageFiles(dir, files);
  return commitIndex(dir, message);
}

function commitIndex(dir: string, message: string, extra: string[] = []): string {
  const date = new Date(Date.UTC(2024, 0, 1) + ++tick * 3600_000).toISOString();
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-q', '--allow-empty', '-m', message, ...extra], {
    cwd: dir,
    env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
  });
  return git(dir, 'rev-parse', 'HEAD').trim();
}

const config = { ...DEFAULT_CONFIG, rules: {} };
const summary = (f: Finding) => ({ where: `${f.file}:${f.line}:${f.ruleId}`, sha: f.commit?.sha, stillPresent: f.commit?.stillPresent });

describe('scan --history', () => {
  it('finds a .env added then deleted, at the commit that added it, as still in history', async () => {
    const dir = repo();
    commit(dir, { 'README.md': '# app\n' });
    const added = commit(dir, { 'backend/.env': `DEBUG=true\nSECRET_KEY=${ENV_VALUE}\n` }, 'add env');
    commit(dir, { 'backend/.env': `DEBUG=false\nSECRET_KEY=${ENV_VALUE}\n` });
    commit(dir, { 'backend/.env': null }, 'remove env');
    const result = await auditHistory(dir, {}, config);
    expect(result.findings.map(summary)).toEqual([{ where: 'backend/.env:2:committed-dotenv', sha: added, stillPresent: false }]);
    expect(result.findings[0]?.commit?.date).toMatch(/^2024-01-01T\d\d:00:00/);

    const text = await cli(dir, ['scan', '--history']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`commit ${added.slice(0, 12)}`);
    expect(text.stdout).toContain('deleted since: still in history, rotate it');
    expect(text.stdout + text.stderr).not.toContain(ENV_VALUE);
    expect(text.stderr).toBe(''); // no progress off a terminal unless asked
    expect((await cli(dir, ['scan', '--history', '--progress'])).stderr).toContain('history 4/4 commits');
  });

  it('reads a script without an extension by its shebang, as a tree scan does (bin/start, docker/entrypoint)', async () => {
    const dir = repo();
    commit(dir, { 'README.md': '# app\n', LICENSE: 'MIT\n' });
    const added = commit(dir, { 'bin/start': '#!/usr/bin/env bash\nexport JWT_SECRET="mysecret"\nexec node server.js\n', 'bin/notes': 'JWT_SECRET="mysecret" is not shell without a shebang\n' }, 'add start');
    commit(dir, { 'bin/start': null }, 'remove start');
    const result = await auditHistory(dir, {}, config);
    expect(result.findings.map(summary)).toEqual([{ where: 'bin/start:2:weak-secret', sha: added, stillPresent: false }]);
  });

  it('a secret changed across commits gives two findings; only the current one is still present', async () => {
    const dir = repo();
    const one = commit(dir, { 'app/config.py': getenvDefault(FIRST) });
    commit(dir, { 'app/config.py': getenvDefault(FIRST) + 'DEBUG = True\n' }); // same secret, new version
    const two = commit(dir, { 'app/config.py': getenvDefault(SECOND) + 'DEBUG = True\n' });
    const result = await auditHistory(dir, {}, config);
    // Same file, line and rule: the (keyed) fingerprint orders them, so compare as a set.
    expect(result.findings.map(summary).sort((a, b) => ((a.sha ?? '') < (b.sha ?? '') ? -1 : 1))).toEqual(
      [
        { where: 'app/config.py:2:hardcoded-default', sha: one, stillPresent: false },
        { where: 'app/config.py:2:hardcoded-default', sha: two, stillPresent: true },
      ].sort((a, b) => ((a.sha ?? '') < (b.sha ?? '') ? -1 : 1)),
    );
    expect(result.findings.every((f) => f.fix === undefined)).toBe(true); // offsets into old versions
  });

  it('follows renames: one finding at the original commit, still present under the new name', async () => {
    const dir = repo();
    const one = commit(dir, { 'app/config.py': getenvDefault(FIRST) });
    git(dir, 'mv', 'app/config.py', 'app/settings.py');
    commitIndex(dir, 'rename');
    mkdirSync(join(dir, 'core'));
    git(dir, 'mv', 'app/settings.py', 'core/settings.py');
    writeFileSync(join(dir, 'core/settings.py'), '# moved\n' + getenvDefault(FIRST));
    git(dir, 'add', '-A');
    commitIndex(dir, 'rename and edit');
    const result = await auditHistory(dir, {}, config);
    expect(result.findings.map(summary)).toEqual([{ where: 'app/config.py:2:hardcoded-default', sha: one, stillPresent: true }]);
  });

  it('merges: a branch secret is found at its branch commit, a conflict resolution at the merge', async () => {
    const dir = repo();
    commit(dir, { 'app/config.py': 'import os\nJWT_SECRET = os.environ["JWT_SECRET"]\n' });
    git(dir, 'checkout', '-q', '-b', 'feature');
    const onBranch = commit(dir, { 'app/feature.py': getenvDefault(FIRST) }, 'feature secret');
    commit(dir, { 'app/config.py': 'import os\nJWT_SECRET = os.environ["JWT_SECRET_FEATURE"]\n' });
    git(dir, 'checkout', '-q', 'main');
    commit(dir, { 'app/config.py': 'import os\nJWT_SECRET = os.environ["JWT_SECRET_MAIN"]\n' });
    try {
      git(dir, 'merge', '-q', '--no-edit', 'feature');
    } catch {
      // the conflict is the point: resolved below with a value neither side had
    }
    writeFileSync(join(dir, 'app/config.py'), getenvDefault(SECOND));
    git(dir, 'add', 'app/config.py');
    const merge = commitIndex(dir, 'merge feature');
    const result = await auditHistory(dir, {}, config);
    expect(result.findings.map(summary)).toEqual([
      { where: 'app/config.py:2:hardcoded-default', sha: merge, stillPresent: true },
      { where: 'app/feature.py:2:hardcoded-default', sha: onBranch, stillPresent: true },
    ]);
  });

  it('skips binary versions (once per path) and still finds text secrets', async () => {
    const dir = repo();
    const binary = (n: number) => Buffer.concat([Buffer.from(`JWT_SECRET=${THIRD}`), Buffer.from([0, n, 0])]);
    commit(dir, { 'config/secrets.env': binary(1) });
    commit(dir, { 'config/secrets.env': binary(2), 'assets/logo.png': Buffer.from([0x89, 0x50, 0, 0]) });
    const text = commit(dir, { 'app/config.py': getenvDefault(FIRST) });
    const result = await auditHistory(dir, {}, config);
    expect(result.findings.map(summary)).toEqual([{ where: 'app/config.py:2:hardcoded-default', sha: text, stillPresent: true }]);
    expect(result.problems).toEqual([{ file: 'config/secrets.env', reason: 'skipped: binary file' }]);
  });

  it('lists a version whose blob is missing (path and commit) as a problem, and still scans the rest', async () => {
    const dir = repo();
    try {
      const lost = commit(dir, { 'app/config.py': getenvDefault(FIRST) }, 'lost version');
      const blob = git(dir, 'rev-parse', `${lost}:app/config.py`).trim();
      const kept = commit(dir, { 'app/config.py': getenvDefault(SECOND), 'app/other.py': getenvDefault(THIRD) });
      // As a damaged or partial clone has it: the object is gone from .git/objects.
      rmSync(join(dir, '.git', 'objects', blob.slice(0, 2), blob.slice(2)));
      const result = await auditHistory(dir, {}, config);
      expect(result.problems).toEqual([{ file: 'app/config.py', reason: expect.stringContaining(`commit ${lost.slice(0, 12)} is missing`) }]);
      expect(result.findings.map(summary)).toEqual([
        { where: 'app/config.py:2:hardcoded-default', sha: kept, stillPresent: true },
        { where: 'app/other.py:2:hardcoded-default', sha: kept, stillPresent: true },
      ]);
      // The CLI lists it too (and a missing version is not a clean history).
      const out = await cli(dir, ['scan', '--history', '--format', 'json', '--fail-on', 'never']);
      expect(JSON.parse(out.stdout).problems).toEqual(result.problems);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the first introduction across engine batches', async () => {
    const dir = repo();
    const one = commit(dir, { 'a/config.py': getenvDefault(FIRST) });
    for (let i = 0; i < 5; i++) commit(dir, { [`b${i}/config.py`]: getenvDefault(FIRST) + `# copy ${i}\n` });
    const result = await auditHistory(dir, { batchDocuments: 2 }, config);
    expect(result.findings.map(summary)).toEqual([{ where: 'a/config.py:2:hardcoded-default', sha: one, stillPresent: true }]);
    expect(result.stats.files).toBe(6);
  });

  it('--max-count, --since and a REV-RANGE select commits; JSON carries the commit', async () => {
    const dir = repo();
    const one = commit(dir, { 'app/a.py': getenvDefault(FIRST) });
    const two = commit(dir, { 'app/b.py': getenvDefault(SECOND) });
    const shas = async (args: string[]) => {
      const r = await cli(dir, ['scan', '--history', '--format', 'json', ...args]);
      const j = JSON.parse(r.stdout) as { findings: { commit?: { sha: string; date: string; stillPresent?: boolean } }[] };
      return j.findings.map((f) => f.commit);
    };
    expect(await shas([])).toEqual([
      { sha: one, date: expect.stringMatching(/^2024-/) as unknown as string, stillPresent: true },
      { sha: two, date: expect.stringMatching(/^2024-/) as unknown as string, stillPresent: true },
    ]);
    expect((await shas(['--max-count', '1'])).map((c) => c?.sha)).toEqual([two]);
    expect((await shas([`${one}..HEAD`])).map((c) => c?.sha)).toEqual([two]);
    expect((await shas(['.', 'HEAD~1'])).map((c) => c?.sha)).toEqual([one]);
    expect(await shas(['--since', '2100-01-01'])).toEqual([]);
  });

  it('--baseline leaves accepted findings out of the history too', async () => {
    const dir = repo();
    commit(dir, { 'app/a.py': getenvDefault(FIRST) });
    const two = commit(dir, { 'app/b.py': getenvDefault(SECOND) });
    commit(dir, { 'app/b.py': null });
    expect((await cli(dir, ['baseline'])).code).toBe(0); // accepts what HEAD holds: app/a.py
    const r = await cli(dir, ['scan', '--history', '--format', 'json', '--baseline', BASELINE_FILE_NAME]);
    const j = JSON.parse(r.stdout) as { findings: { file: string; commit?: { sha: string } }[] };
    expect(j.findings.map((f) => `${f.file}@${f.commit?.sha}`)).toEqual([`app/b.py@${two}`]);
  });

  it('a bad range or option is a usage error (exit 2)', async () => {
    const dir = repo();
    commit(dir, { 'README.md': '# app\n' });
    for (const args of [['no-such-branch'], ['--max-count', '0'], ['--max-count', 'ten'], ['--', '--all']]) {
      const r = await cli(dir, ['scan', '--history', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/secret-hygiene scan: /);
    }
  });

  it('an empty repository has no history to report', async () => {
    const dir = repo();
    const r = await cli(dir, ['scan', '--history']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/no findings in 0 files/);
  });

  it('a repository of 3000 commits completes and shows progress', async () => {
    const dir = repo();
    const n = 3000;
    const leakAt = 1234;
    const goneAt = 2345;
    let stream = '';
    const data = (s: string) => `data ${Buffer.byteLength(s)}\n${s}\n`;
    for (let i = 1; i <= n; i++) {
      const who = `t <t@example.invalid> ${1_700_000_000 + i * 60} +0000`;
      stream += `commit refs/heads/main\nmark :${i}\nauthor ${who}\ncommitter ${who}\n${data(`c${i}`)}`;
      if (i > 1) stream += `from :${i - 1}\n`;
      stream += `M 100644 inline app/version.py\n${data(`VERSION = ${i}\n`)}`;
      if (i === leakAt) stream += `M 100644 inline app/auth.py\n${data(getenvDefault(THIRD))}`;
      if (i === goneAt) stream += 'D app/auth.py\n';
    }
    execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, input: stream });
    const shaOf = (message: string) => git(dir, 'log', '--format=%H', '--grep', `^${message}$`, 'main').trim();

    const r = await cli(dir, ['scan', '--history', '--format', 'json'], { SECRET_HYGIENE_PROGRESS: '1' });
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as { findings: { file: string; line: number; commit?: { sha: string; stillPresent?: boolean } }[]; stats: { files: number } };
    expect(j.findings).toEqual([expect.objectContaining({ file: 'app/auth.py', line: 2, commit: expect.objectContaining({ sha: shaOf(`c${leakAt}`), stillPresent: false }) })]);
    expect(j.stats.files).toBe(n + 1);
    expect(r.stderr).toContain(`history ${n}/${n} commits`);
    // Off a terminal: plain lines (no carriage returns or escape codes), not one per commit, the last one complete.
    expect(r.stderr).not.toContain('\r');
    expect(r.stderr).not.toContain('\u001b');
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('secret-hygiene: history'));
    expect(lines.length).toBeLessThan(n / 10);
    expect(lines.at(-1)).toBe(`secret-hygiene: history ${n}/${n} commits`);
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('proves a committed token against a key from another commit, once, at the commit that added it', async () => {
    const { createHmac } = await import('node:crypto');
    const b64 = (x: string) => Buffer.from(x).toString('base64url');
    const key = 'Hq9-history-only-key-0123456789abcdefXYZ';
    const head = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const body = b64(JSON.stringify({ sub: '42', exp: 4102444800 }));
    const token = `${head}.${body}.${createHmac('sha256', key).update(`${head}.${body}`).digest('base64url')}`;
    const dir = repo();
    commit(dir, { 'docker-compose.yml': `services:\n  api:\n    environment:\n      JWT_SECRET: \${JWT_SECRET:-${key}}\n` }, 'compose with a default');
    commit(dir, { 'docker-compose.yml': 'services:\n  api:\n    environment:\n      JWT_SECRET: ${JWT_SECRET:?set it}\n' }, 'strict');
    const added = commit(dir, { 'docs/api.md': `# API\n\ncurl -H "Authorization: Bearer ${token}" /me\n` }, 'docs with a token');
    commit(dir, { 'docs/api.md': `# API\n\nUse a token. Example: ${token}\n` }, 'reword');
    const result = await auditHistory(dir, {}, config);
    const proofs = result.findings.filter((f) => f.ruleId === 'jwt-forgeable');
    expect(proofs.map(summary)).toEqual([{ where: 'docs/api.md:3:jwt-forgeable', sha: added, stillPresent: true }]);
    expect(JSON.stringify(result)).not.toContain(key);
  });
});
