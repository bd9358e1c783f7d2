import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BaselineError, parseBaseline, serializeBaseline, type BaselineEntry } from '../../src/baseline/file.js';
import { applyBaseline, updateBaseline } from '../../src/baseline/match.js';
import { findingFingerprint } from '../../src/core/findings.js';
import { fingerprintSecret, legacyFingerprintSecret } from '../../src/core/redact.js';
import type { Finding } from '../../src/core/types.js';
import { cli } from '../helpers/cli.js';
import { git } from '../helpers/fixture-repo.js';
import { tempDir } from '../helpers/temp.js';

const BASELINE = '.secret-hygiene-baseline.json';
const APP = 'import os\nJWT_SECRET = os.getenv("JWT_SECRET", "old-default-secret")\n';

function repo(files: Record<string, string>): string {
  const dir = tempDir('sh-baseline-');
  write(dir, files);
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  return dir;
}

function write(dir: string, files: Record<string, string>): void {
  for (const [p, t] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), t);
  }
}

interface JsonReport {
  findings: { file: string; line: number; ruleId: string; fingerprint: string }[];
  problems: { file: string; reason: string }[];
  notes: { file: string; message: string }[];
}

async function scan(dir: string, ...args: string[]): Promise<{ code: number; report: JsonReport }> {
  const r = await cli(dir, ['scan', '.', '--format', 'json', ...args]);
  if (r.code === 2) throw new Error(r.stderr);
  return { code: r.code, report: JSON.parse(r.stdout) as JsonReport };
}

function entry(rule: string, file: string, fingerprint: string): BaselineEntry {
  return { rule, file, fingerprint, messageId: 'm' };
}

function finding(ruleId: string, file: string, fingerprint: string): Finding {
  return { ruleId, file, fingerprint, context: 'production', severity: 'error', messageId: 'm', message: 'm', line: 1, column: 1, endLine: 1, endColumn: 2, related: [] };
}

describe('the baseline file', () => {
  const entries = [entry('weak-secret', 'b.py', 'bbbbbbbb'), entry('hardcoded-default', 'a.py', 'aaaaaaaa'), entry('hardcoded-default', 'b.py', 'cccccccc')];

  it('is sorted, one entry per line, every entry line ending in a comma, with a fixed last line', () => {
    const text = serializeBaseline(entries, 'git:test');
    expect(text.split('\n')).toEqual(
      [
        '{',
        '  "version": 3,',
        expect.stringMatching(/^ {2}"about": ".*",$/) as unknown as string,
        '  "repository": "git:test",',
        '  "entries": [',
        '    {"rule": "hardcoded-default", "file": "a.py", "fingerprint": "aaaaaaaa", "messageId": "m"},',
        '    {"rule": "hardcoded-default", "file": "b.py", "fingerprint": "cccccccc", "messageId": "m"},',
        '    {"rule": "weak-secret", "file": "b.py", "fingerprint": "bbbbbbbb", "messageId": "m"},',
        '    {"end": true}',
        '  ]',
        '}',
        '',
      ],
    );
  });

  it('is stable: the same entries in any order, or twice, give the same bytes', () => {
    const a = serializeBaseline(entries, 'git:test');
    expect(serializeBaseline([...entries].reverse(), 'git:test')).toBe(a);
    expect(serializeBaseline([...entries, ...entries], 'git:test')).toBe(a);
    expect(serializeBaseline(parseBaseline('b', a).entries, 'git:test')).toBe(a);
  });

  it('keeps an odd path on one line', () => {
    const text = serializeBaseline([entry('weak-secret', 'dir\nwith "quotes"/x.env', 'abcdef01')], 'git:test');
    expect(text.split('\n').filter((l) => l.includes('weak-secret'))).toHaveLength(1);
    expect(parseBaseline('b', text).entries[0]?.file).toBe('dir\nwith "quotes"/x.env');
  });

  it('reads what a union merge leaves: unsorted, duplicated lines', () => {
    const merged = '{\n  "version": 1,\n  "entries": [\n    {"rule": "weak-secret", "file": "z.py", "fingerprint": "cccccccc"},\n    {"rule": "weak-secret", "file": "a.py", "fingerprint": "aaaaaaaa"},\n    {"rule": "weak-secret", "file": "z.py", "fingerprint": "cccccccc"},\n    {"end": true}\n  ]\n}\n';
    expect(parseBaseline('b', merged).entries.map((e) => e.file)).toEqual(['a.py', 'z.py']);
  });

  it('refuses a broken file, naming every bad entry', () => {
    expect(() => parseBaseline('b.json', '{"version": 1, "entries": [')).toThrow(/b\.json: not valid JSON/);
    expect(() => parseBaseline('b.json', '{"entries": []}')).toThrow(/not a secret-hygiene baseline/);
    let err: unknown;
    try {
      parseBaseline('b.json', '{"version": 1, "entries": [{"rule": "x", "file": "a", "fingerprint": "NOT-HEX"}, 3, {"file": "a", "fingerprint": "abcdef01"}]}');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BaselineError);
    expect((err as Error).message).toMatch(/3 bad entries:\n {2}- entries\[0\]\.fingerprint .*\n {2}- entries\[1\] is not an object\n {2}- entries\[2\]\.rule must be a rule id/);
  });
});

describe('matching and pruning', () => {
  const old = [entry('hardcoded-default', 'a.py', 'aaaaaaaa'), entry('weak-secret', 'gone.py', 'dddddddd')];

  it('accepts by rule, file and fingerprint, and lists the entries that match nothing', () => {
    const m = applyBaseline([finding('hardcoded-default', 'a.py', 'aaaaaaaa'), finding('hardcoded-default', 'a.py', 'eeeeeeee'), finding('weak-secret', 'a.py', 'aaaaaaaa')], old);
    expect(m.accepted.map((f) => f.fingerprint)).toEqual(['aaaaaaaa']);
    expect(m.findings.map((f) => `${f.ruleId} ${f.fingerprint}`)).toEqual(['hardcoded-default eeeeeeee', 'weak-secret aaaaaaaa']);
    expect(m.unused.map((e) => e.file)).toEqual(['gone.py']);
  });

  it('baseline adds new findings and keeps stale entries; --prune removes stale entries and adds nothing', () => {
    const now = [finding('hardcoded-default', 'a.py', 'aaaaaaaa'), finding('weak-secret', 'new.py', 'ffffffff')];
    const added = updateBaseline(old, now, false);
    expect(added.entries.map((e) => e.file)).toEqual(['a.py', 'gone.py', 'new.py']);
    expect([added.added, added.stale]).toEqual([1, 1]);
    const pruned = updateBaseline(old, now, true);
    expect(pruned.entries.map((e) => e.file)).toEqual(['a.py']);
    expect(pruned.removed).toBe(1);
  });
});

describe('secret-hygiene baseline and scan --baseline', () => {
  it('accepts the current findings; survives inserted lines and reformatting (the acceptance case)', async () => {
    const dir = repo({ 'config.py': APP });
    expect((await scan(dir)).code).toBe(1);
    const r = await cli(dir, ['baseline']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Wrote .secret-hygiene-baseline.json: 1 entry (1 new finding accepted, 0 kept).');
    expect((await scan(dir, '--baseline', BASELINE)).code).toBe(0);

    // The baseline is read by default: --no-baseline shows the accepted finding.
    expect((await scan(dir)).code).toBe(0);
    const before = (await scan(dir, '--no-baseline')).report.findings[0];
    write(dir, { 'config.py': 'import os\n\n\n# moved\nJWT_SECRET = os.getenv("JWT_SECRET",   "old-default-secret")\n' });
    const after = (await scan(dir, '--no-baseline')).report.findings[0];
    expect(after?.line).toBe(5);
    expect(after?.fingerprint).toBe(before?.fingerprint);
    const accepted = await scan(dir, '--baseline', BASELINE);
    expect(accepted.code).toBe(0);
    expect(accepted.report.problems).toEqual([]);
    expect(accepted.report.notes).toEqual([]);
  });

  it('survives reformatting in other file kinds: quotes, indentation, key order', async () => {
    const dir = repo({
      'src/auth.js': "const jwtSecret = process.env.JWT_SECRET || 'demo-fallback-value';\n",
      'config/application.yml': 'jwt:\n  secret: Zq8xL2mN5pR7tV9wY1bC3dF6gH4jK0sA\n',
    });
    await cli(dir, ['baseline']);
    write(dir, {
      'src/auth.js': '// reformatted\nconst other = 1;\n\nconst jwtSecret =\n  process.env.JWT_SECRET ||\n  "demo-fallback-value";\n',
      'config/application.yml': 'server:\n    port: 8080\njwt:\n    issuer: me\n    secret: "Zq8xL2mN5pR7tV9wY1bC3dF6gH4jK0sA"\n',
    });
    const { code, report } = await scan(dir, '--baseline', BASELINE);
    expect(report.findings).toEqual([]);
    expect(code).toBe(0);
  });

  it('breaks on a changed value and on a move to another file, and reports the stale entry', async () => {
    const dir = repo({ 'config.py': APP });
    await cli(dir, ['baseline']);
    write(dir, { 'config.py': APP.replace('old-default-secret', 'new-default-secret') });
    const changed = await scan(dir, '--baseline', BASELINE);
    expect(changed.code).toBe(1);
    expect(changed.report.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`)).toEqual(['config.py:2 hardcoded-default']);
    // A stale entry is a note of the run, not a problem (no file went unread).
    expect(changed.report.problems).toEqual([]);
    expect(changed.report.notes).toEqual([
      { file: BASELINE, message: expect.stringMatching(/^the entry for hardcoded-default in config\.py \(fingerprint [0-9a-f]{8}\) matches no finding \(fixed, changed or moved\); remove it with `secret-hygiene baseline --prune`$/) as unknown as string },
    ]);

    write(dir, { 'config.py': APP });
    git(dir, 'mv', 'config.py', 'settings.py');
    const moved = await scan(dir, '--baseline', BASELINE);
    expect(moved.code).toBe(1);
    expect(moved.report.findings.map((f) => f.file)).toEqual(['settings.py']);
  });

  it('baseline --prune removes entries that match nothing and accepts nothing new', async () => {
    const dir = repo({ 'config.py': APP, 'old.py': APP.replace('old-default', 'older-default') });
    await cli(dir, ['baseline']);
    rmSync(join(dir, 'old.py'));
    git(dir, 'add', '-A');
    write(dir, { 'new.py': APP.replace('old-default', 'brand-new-default') });
    const kept = await cli(dir, ['baseline', '--no-gitattributes', '--output', 'copy.json']);
    expect(kept.code).toBe(0);
    const r = await cli(dir, ['baseline', '--prune']);
    expect(r.stdout).toContain('1 entry (1 removed that matched no finding)');
    const entries = parseBaseline('b', readFileSync(join(dir, BASELINE), 'utf8')).entries;
    expect(entries.map((e) => e.file)).toEqual(['config.py']);
    const after = await scan(dir, '--baseline', BASELINE);
    expect(after.report.findings.map((f) => f.file)).toEqual(['new.py']);
    expect(after.report.problems).toEqual([]);
  });

  it('running baseline again keeps old entries and says which match nothing', async () => {
    const dir = repo({ 'config.py': APP });
    await cli(dir, ['baseline']);
    write(dir, { 'config.py': 'import os\nJWT_SECRET = os.environ["JWT_SECRET"]\n' });
    const r = await cli(dir, ['baseline']);
    expect(r.stdout).toContain('1 entry matches no finding any more: `secret-hygiene baseline --prune` removes them.');
  });

  it('holds no value, no preview and no line number', async () => {
    const planted = 'Pk7-baseline-planted-ww2';
    const dir = repo({ 'config.py': APP.replace('old-default-secret', planted), '.env': `JWT_SECRET=${planted}\n` });
    await cli(dir, ['baseline']);
    const text = readFileSync(join(dir, BASELINE), 'utf8');
    expect(text).not.toContain(planted);
    expect(text).not.toContain(planted.slice(0, 4));
    expect(text).not.toMatch(/"(line|column|preview|value)"/);
  });

  it('a missing or broken baseline file exits 2 with what to do', async () => {
    const dir = repo({ 'config.py': APP, 'broken.json': '{"version": 1, "entries": [' });
    const missing = await cli(dir, ['scan', '.', '--baseline', 'nope.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.json: no such baseline file. Write one with `secret-hygiene baseline`');
    const broken = await cli(dir, ['scan', '.', '--baseline', 'broken.json']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('broken.json: not valid JSON');
    expect((await cli(dir, ['baseline', '--prune', '--output', 'none.json'])).code).toBe(2);
  });

  it('a diff scan does not call entries unused (it sees only part of the findings)', async () => {
    const dir = repo({ 'config.py': APP });
    await cli(dir, ['baseline']);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'base');
    write(dir, { 'other.py': 'x = 1\n' });
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'next');
    const r = await scan(dir, '--baseline', BASELINE, '--diff', 'HEAD~1..HEAD');
    expect(r.report.problems).toEqual([]);
  });
});

describe('two branches that each accept findings merge without conflicts', () => {
  const commit = (dir: string, message: string) => {
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', message);
  };

  async function branchesMerge(opts: { fileA: string; fileB: string; gitattributes: boolean }): Promise<{ merged: boolean; dir: string }> {
    const dir = repo({ 'config.py': APP });
    const flags = opts.gitattributes ? [] : ['--no-gitattributes'];
    await cli(dir, ['baseline', ...flags]);
    expect(existsSync(join(dir, '.gitattributes'))).toBe(opts.gitattributes);
    commit(dir, 'base: accept config.py');

    git(dir, 'checkout', '-q', '-b', 'feature-a');
    write(dir, { [opts.fileA]: APP.replace('old-default-secret', 'branch-a-default') });
    await cli(dir, ['baseline', ...flags]);
    commit(dir, 'a');

    git(dir, 'checkout', '-q', 'main');
    git(dir, 'checkout', '-q', '-b', 'feature-b');
    write(dir, { [opts.fileB]: APP.replace('old-default-secret', 'branch-b-default') });
    await cli(dir, ['baseline', ...flags]);
    commit(dir, 'b');

    try {
      git(dir, 'merge', '-q', '--no-edit', 'feature-a');
      return { merged: true, dir };
    } catch {
      return { merged: false, dir };
    }
  }

  it('entries that meet at the same place: the merge=union attribute `baseline` writes keeps both', async () => {
    // a.py and b.py both sort before config.py: both branches insert at the same line.
    const { merged, dir } = await branchesMerge({ fileA: 'a.py', fileB: 'b.py', gitattributes: true });
    expect(merged).toBe(true);
    expect(readFileSync(join(dir, '.gitattributes'), 'utf8')).toContain('/.secret-hygiene-baseline.json merge=union');
    const text = readFileSync(join(dir, BASELINE), 'utf8');
    expect(text).not.toMatch(/^(<<<<<<<|=======|>>>>>>>)/m);
    expect(parseBaseline('merged', text).entries.map((e) => e.file)).toEqual(['a.py', 'b.py', 'config.py']);
    const r = await scan(dir, '--baseline', BASELINE);
    expect(r.code).toBe(0);
    expect(r.report.problems).toEqual([]);
  });

  it('(without the attribute, entries at the same place would conflict: why `baseline` adds it)', async () => {
    const { merged } = await branchesMerge({ fileA: 'a.py', fileB: 'b.py', gitattributes: false });
    expect(merged).toBe(false);
  });

  it('entries at different places merge cleanly even without the attribute (sorted, one per line)', async () => {
    const { merged, dir } = await branchesMerge({ fileA: 'a.py', fileB: 'z.py', gitattributes: false });
    expect(merged).toBe(true);
    const text = readFileSync(join(dir, BASELINE), 'utf8');
    expect(parseBaseline('merged', text).entries.map((e) => e.file)).toEqual(['a.py', 'config.py', 'z.py']);
    // The merge result is exactly what `baseline` would write: sorted and stable.
    const parsed = parseBaseline('merged', text);
    expect(parsed.repository).toBeDefined();
    expect(serializeBaseline(parsed.entries, parsed.repository ?? '')).toBe(text);
  });
});

describe('fingerprint scheme v3: baselines and pins written before it still match', () => {
  // A random-looking value: v3 gives it the fast keyed hash, v2 gave it scrypt.
  const OPAQUE = 'hQ7vK2mN5pR7tWxB3yC9dF4gJ6kL8zS1aE0uXo2';
  const KEY = 'git:' + '1'.repeat(40);
  const CODE = `import os\nJWT_SECRET = os.getenv("JWT_SECRET", "${OPAQUE}")\n`;
  interface Full {
    findings: { file: string; ruleId: string; messageId: string; fingerprint: string; secret?: { fingerprint: string } }[];
    problems: { file: string; reason: string }[];
  }
  /** The version-2 file an older secret-hygiene wrote for the current findings. */
  const v2Baseline = (findings: Full['findings']) => {
    const v3 = fingerprintSecret(OPAQUE, KEY);
    const entries = findings.map((f) => ({
      rule: f.ruleId,
      file: f.file,
      fingerprint: f.secret?.fingerprint === v3 ? findingFingerprint(f.ruleId, f.file, legacyFingerprintSecret(OPAQUE, KEY)) : f.fingerprint,
    }));
    expect(entries.some((e, i) => e.fingerprint !== findings[i]!.fingerprint)).toBe(true);
    return serializeBaseline(entries, KEY).replace('"version": 3', '"version": 2');
  };

  it('a version-2 baseline accepts its findings, says to rewrite it, and `baseline` rewrites it to v3', async () => {
    const dir = repo({ 'config.py': CODE, [BASELINE]: serializeBaseline([], KEY) });
    try {
      const now = JSON.parse((await cli(dir, ['scan', '.', '--format', 'json', '--baseline', BASELINE])).stdout) as Full;
      expect(now.findings.length).toBeGreaterThan(0);
      writeFileSync(join(dir, BASELINE), v2Baseline(now.findings));
      const old = await scan(dir, '--baseline', BASELINE);
      expect(old.code).toBe(0);
      expect(old.report.findings).toEqual([]);
      expect(old.report.problems).toEqual([]);
      expect(old.report.notes).toEqual([{ file: BASELINE, message: expect.stringMatching(/match(es)? by the fingerprint an older secret-hygiene gave .* run `secret-hygiene baseline` to rewrite/) }]);

      const r = await cli(dir, ['baseline']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/rewritten with the current fingerprint \(scheme v3\)/);
      const text = readFileSync(join(dir, BASELINE), 'utf8');
      expect(text).toContain('"version": 3');
      for (const f of now.findings) expect(text).toContain(f.fingerprint);
      const again = await scan(dir, '--baseline', BASELINE);
      expect(again.code).toBe(0);
      expect(again.report.problems).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a pin written with the v2 fingerprint of the secret still covers its finding', async () => {
    const pin = legacyFingerprintSecret(OPAQUE, KEY).slice(0, 8);
    const pinned = `import os\nJWT_SECRET = os.getenv("JWT_SECRET", "${OPAQUE}")  # secret-hygiene: ignore[hardcoded-default@${pin}] reviewed demo value\n`;
    const dir = repo({ 'config.py': pinned, [BASELINE]: serializeBaseline([], KEY) });
    try {
      const { report } = await scan(dir, '--baseline', BASELINE, '--report-unused-suppressions');
      expect(report.findings.filter((f) => f.ruleId === 'hardcoded-default')).toEqual([]);
      expect(report.problems).toEqual([]);
      // A different value on that line is not covered.
      write(dir, { 'config.py': pinned.replace(OPAQUE, 'pV4wK9mN2xR7tWqB3yC8dF5gJ6kL1zS0aH3uXj7') });
      expect((await scan(dir, '--baseline', BASELINE)).report.findings.some((f) => f.ruleId === 'hardcoded-default')).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
