import { createHmac, createSecretKey } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_TOKENS_PER_FILE } from '../../src/parsers/jwt-tokens.js';
import { cli } from '../helpers/cli.js';
import { LineIndexCache, buildFinding } from '../../src/core/findings.js';
import { auditSource, worktreeOptions } from '../../src/audit.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { createFingerprinter, NO_REPOSITORY_KEY } from '../../src/core/redact.js';
import { worktreeSource } from '../../src/sources/worktree.js';
import { excludeMatcher } from '../../src/sources/exclude-matcher.js';
import { globProblem } from '../../src/config/globs.js';
import { MAX_FINDINGS_PER_RULE_AND_FILE } from '../../src/core/scan.js';
import { normalizeKey, splitAcronyms } from '../../src/core/secret-names.js';
import type { Document, Finding } from '../../src/core/types.js';
import { planFixes } from '../../src/fix/plan.js';
import { partnersOf } from '../../src/rules/reused-secret.js';
import { VerificationBudget, verifyInTurns } from '../../src/rules/jwt-verify.js';
import { buildCandidates } from '../../src/rules/jwt-candidates.js';
import type { ScannedDocument } from '../../src/core/rule.js';
import { tempDir } from '../helpers/temp.js';

/**
 * Stages a hostile repository can feed: doubling the input must roughly double the work, counted
 * by the stage itself (no timings). Each of these was quadratic or worse before.
 */
const ratio = (work: (n: number) => number, n: number) => work(2 * n) / work(n);

describe('work that grows with the input, not faster', () => {
  it('splitting acronyms in a key of capitals is linear (was a backtracking regex: 160 KB took 18.5 s)', () => {
    const steps = (n: number) => {
      const s = { n: 0 };
      splitAcronyms('A'.repeat(n) + 'b', s);
      return s.n;
    };
    expect(ratio(steps, 50_000)).toBeLessThan(2.2);
    expect(normalizeKey('A'.repeat(1_000_000) + 'bc').length).toBe(1_000_003);
    expect(normalizeKey('HMACKey')).toBe('HMAC_KEY');
    expect(normalizeKey('myJWTSecretKey')).toBe('MY_JWT_SECRET_KEY');
  });

  it('reused-secret groups by value and purpose, not pairwise (100k identical lines took 551 s)', () => {
    const group = (n: number) => Array.from({ length: n }, (_, i) => ({ keyId: i % 3 === 0 ? 'SECRET_KEY' : i % 3 === 1 ? 'JWT_SECRET' : 'JWT_ACCESS_SECRET' }));
    const steps = (n: number) => {
      const s = { n: 0 };
      partnersOf(group(n), 5, s);
      return s.n;
    };
    expect(ratio(steps, 20_000)).toBeLessThan(2.2);
    const same = partnersOf(group(6), 5);
    expect(same[0]!.map((o) => o.keyId)).toEqual(['JWT_SECRET', 'JWT_ACCESS_SECRET', 'JWT_SECRET', 'JWT_ACCESS_SECRET']);
    expect(partnersOf([{ keyId: 'JWT_SECRET' }, { keyId: 'JWT_SECRET' }], 5)).toEqual([[], []]);
  });

  it('fixable findings: doubling the file and its findings doubles the characters hashed, by the scan and by fix', () => {
    const meta = { id: 'r', description: '', defaultSeverity: 'error', scope: 'document', fixable: true, help: '', messages: { m: 'msg' } } as never;
    const work = (n: number) => {
      const doc: Document = { path: 'a.py', text: 'x = 1\n'.repeat(n), hasBom: false, origin: 'worktree' };
      const lines = new LineIndexCache();
      const findings = Array.from({ length: n }, (_, i) =>
        buildFinding(meta, { messageId: 'm', document: doc, span: { start: i * 6, end: i * 6 + 5 }, fix: { description: 'd', edits: [{ file: 'a.py', start: i * 6 + 4, end: i * 6 + 5, text: '2' }] } } as never, 'error', lines, createFingerprinter(NO_REPOSITORY_KEY)),
      );
      const plan = planFixes(findings, () => ({ text: doc.text, hasBom: false, exists: true }));
      expect(plan.fixed).toHaveLength(n);
      return { scan: lines.hashedChars, fix: plan.hashedChars };
    };
    const [small, big] = [work(2000), work(4000)];
    // Each was n findings × the whole file: doubling quadrupled it.
    expect(big.scan / small.scan).toBe(2);
    expect(big.fix / small.fix).toBe(2);
    expect(small.scan).toBe(6 * 2000);
  });

  it('config globs: doubling the names tested doubles the matching work; a name longer than any file system allows is not matched', () => {
    // The most a pattern may ask for (GLOB_LIMITS): two '**' and two '*' per segment, against
    // names of the longest a file system allows that fail only at the end.
    const patterns = ['**/*a*b', '**/x*y*z/**/*q*w'];
    for (const p of patterns) expect(globProblem(p)).toBeUndefined();
    const name = (i: number) => `src/${'a'.repeat(250)}${String(i).padStart(5, '0')}`;
    const work = (n: number) => {
      const w = { tests: 0, chars: 0, overLong: 0 };
      const isExcluded = excludeMatcher(patterns, w);
      for (let i = 0; i < n; i++) expect(isExcluded(name(i))).toBe(false);
      return w.chars;
    };
    expect(work(2000) / work(1000)).toBe(2);
    const w = { tests: 0, chars: 0, overLong: 0 };
    const isExcluded = excludeMatcher(patterns, w);
    expect(isExcluded(`src/${'a'.repeat(100_000)}b`)).toBe(false);
    expect(isExcluded(`${'d/'.repeat(3000)}x.a1b`)).toBe(false);
    expect(w).toEqual({ tests: 0, chars: 0, overLong: 2 });
    expect(isExcluded('src/app.a1b')).toBe(true);
  });

  it('a file with many fixable findings is hashed once, by the scan and by fix (50k defaults took 183 s)', () => {
    const doc: Document = { path: 'a.py', text: 'x = 1\n'.repeat(1000), hasBom: false, origin: 'worktree' };
    const lines = new LineIndexCache();
    const meta = { id: 'r', description: '', defaultSeverity: 'error', scope: 'document', fixable: true, help: '', messages: { m: 'msg' } } as never;
    const findings: Finding[] = [];
    for (let i = 0; i < 500; i++) {
      findings.push(buildFinding(meta, { messageId: 'm', document: doc, span: { start: i * 6, end: i * 6 + 5 }, fix: { description: 'd', edits: [{ file: 'a.py', start: i * 6 + 4, end: i * 6 + 5, text: '2' }] } } as never, 'error', lines, createFingerprinter(NO_REPOSITORY_KEY)));
    }
    expect(lines.hashed).toBe(1);
    const plan = planFixes(findings, () => ({ text: doc.text, hasBom: false, exists: true }));
    expect(plan.hashed).toBe(1);
    expect(plan.fixed).toHaveLength(500);
    expect(plan.files[0]!.after).toBe('x = 2\n'.repeat(500) + 'x = 1\n'.repeat(500));
  });
});

describe('fingerprints: bounded per run, never cheap for a guessable value', () => {
  // n distinct defaults in one file, the way a hostile repository plants them.
  const plant = (n: number, value: (i: number) => string) => {
    const dir = tempDir('sh-fp-');
    writeFileSync(join(dir, 'config.py'), 'import os\n' + Array.from({ length: n }, (_, i) => `JWT_SECRET_${i} = os.getenv("JWT_SECRET", "${value(i)}")\n`).join(''));
    return dir;
  };
  const audit = async (dir: string, slowUnits: number) => {
    const fingerprints = createFingerprinter(NO_REPOSITORY_KEY, { slowUnits });
    const result = await auditSource(dir, worktreeSource(worktreeOptions(dir, DEFAULT_CONFIG)), DEFAULT_CONFIG, { fingerprints });
    return { result, work: fingerprints.work };
  };
  // A random-looking value of 40 characters per index: the fast tier.
  const opaque = (i: number) => createHmac('sha256', 'plant').update(String(i)).digest('base64url').slice(0, 40);

  it('random-looking values take the fast keyed hash: doubling them doubles the work, with no slow hash', async () => {
    const work = async (n: number) => {
      const dir = plant(n, opaque);
      try {
        const { result, work } = await audit(dir, 0);
        expect(result.findings.filter((f) => f.ruleId === 'hardcoded-default')).toHaveLength(n);
        expect(work.slow).toBe(0);
        return work.fast;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };
    const [small, big] = [await work(500), await work(1000)];
    expect(big / small).toBeGreaterThan(1.8);
    expect(big / small).toBeLessThan(2.2);
  });

  it('short values take scrypt up to the run budget: doubling doubles the work until it, then the work stops growing', async () => {
    const budget = 4 * 24; // 24 short values (4 units each)
    const run = async (n: number) => {
      const dir = plant(n, (i) => `dflt-${String(i).padStart(5, '0')}`);
      try {
        return await audit(dir, budget);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };
    const a = await run(10);
    const b = await run(20);
    expect(b.work.slowUnits / a.work.slowUnits).toBe(2);
    const c = await run(48);
    expect(c.work.slowUnits).toBe(budget);
    expect(c.work.refused).toBe(24);
    // Every finding is still reported: the 24 past the budget without preview and fingerprint,
    // and listed as a problem, so they fail the scan rather than hide behind a baseline.
    const found = c.result.findings.filter((f) => f.ruleId === 'hardcoded-default');
    expect(found).toHaveLength(48);
    expect(found.filter((f) => f.secret === undefined)).toHaveLength(24);
    expect(new Set(found.map((f) => f.fingerprint)).size).toBe(48);
    expect(c.result.problems).toContainEqual({ file: 'config.py', reason: expect.stringMatching(/^24 findings reported without their secret's preview and fingerprint: this run's budget of slow fingerprints \(96 units/), cut: true });
  }, 60_000);
});

describe('findings per rule and file', () => {
  it('a .env of 2,500 identical lines reports 1,000 findings per rule and lists what the cap cut', async () => {
    const dir = tempDir('sh-cap-');
    writeFileSync(join(dir, '.env'), 'JWT_SECRET=changeme\n'.repeat(2500));
    writeFileSync(join(dir, 'app.py'), 'import os\nJWT_SECRET = os.getenv("JWT_SECRET", "changeme")\n');
    const r = await cli(dir, ['scan', '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { findings: { file: string; ruleId: string }[]; problems: { file: string; reason: string }[] };
    const count = (file: string, rule: string) => report.findings.filter((f) => f.file === file && f.ruleId === rule).length;
    expect(count('.env', 'weak-secret')).toBe(MAX_FINDINGS_PER_RULE_AND_FILE);
    expect(report.problems).toContainEqual({ file: '.env', reason: expect.stringMatching(/^1500 more weak-secret finding\(s\) not reported: over the cap of 1000 per rule and file/), cut: true });
    // Another file, and another rule, keep their findings.
    expect(count('app.py', 'hardcoded-default')).toBe(1);
  });
});

describe('configuration bounds a repository cannot lift', () => {
  it('rejects a glob that backtracks, naming the key, and a list over the cap', async () => {
    const { parseConfigText } = await import('../../src/config/load.js');
    const { ConfigError } = await import('../../src/config/errors.js');
    const problems = (yaml: string) => {
      try {
        parseConfigText('.secret-hygiene.yml', yaml, 'yaml');
        return '';
      } catch (err) {
        if (err instanceof ConfigError) return err.message;
        throw err;
      }
    };
    expect(problems('exclude:\n  - "**/*a*a*a*a*a*a*a*a*b"\n')).toMatch(/exclude\[0\].*9 '\*' in the segment/);
    expect(problems('exclude:\n  - "**/a/**/b/**/c"\n')).toMatch(/exclude\[0\].*3 '\*\*' segments/);
    expect(problems('exclude:\n  - "@(a|+(b|c))"\n')).toMatch(/nests/);
    expect(problems(`exclude:\n${'  - "x"\n'.repeat(1001)}`)).toMatch(/exclude.*1001 entries, over the limit of 1000/);
    expect(problems('exclude:\n  - "**/*.min.js"\n  - "test/**"\n  - "*-*.js"\n')).toBe('');
  });
});

describe('JWTs in one file: no silent cap a decoy flood can exploit', () => {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const sign = (payload: unknown, key: string) => {
    const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
    return `${head}.${createHmac('sha256', key).update(head).digest('base64url')}`;
  };

  it('candidate keys: a value set n times is merged in n lookups, not n² (100k identical lines took 12 s in buildCandidates)', () => {
    const env = (n: number): ScannedDocument => ({
      document: { path: 'config/.env', text: '', hasBom: false, origin: 'worktree' },
      parsed: {
        format: 'dotenv',
        assignments: Array.from({ length: n }, (_, i) => ({ key: 'JWT_SECRET', keyId: 'JWT_SECRET', value: 'changeme', origin: 'literal', span: { start: i, end: i + 1 } }) as never),
        uses: [],
        problems: [],
      },
      isExample: false,
      role: 'production',
    });
    const lookups = (n: number) => {
      const work = { placeLookups: 0 };
      const candidates = buildCandidates([env(n)], [], work);
      // Every setting in one document stays a place of the one (public) candidate.
      expect(candidates.find((c) => c.publicValue === 'changeme')?.places).toHaveLength(n);
      return work.placeLookups;
    };
    expect(lookups(20_000) / lookups(10_000)).toBe(2);
  });

  it('HMACs grow with the distinct tokens (copies cost nothing) and stop at the budget', () => {
    const keys = Array.from({ length: 20 }, (_, i) => ({ key: createSecretKey(Buffer.from(`not-a-real-candidate-${i}`)) }));
    const hmacs = (n: number, budget = 1_000_000) => {
      const distinct = Array.from({ length: n }, (_, i) => ({ token: sign({ sub: `u${i}` }, 'Hx7Qm2Vt9Lp4Rw8Ks3Zn6Yd1Bf5Gj0AcQ7eWxxxx'), header: { alg: 'HS256' } }));
      const work = { hmacs: 0 };
      const { unverified } = verifyInTurns([[...distinct, ...distinct], distinct], keys, new VerificationBudget(budget), { work, firstPass: 5 });
      return { hmacs: work.hmacs, unverified: unverified.size };
    };
    expect(hmacs(400).hmacs / hmacs(200).hmacs).toBe(2);
    expect(hmacs(200).hmacs).toBe(200 * keys.length);
    // 3,000: every token's first 5 candidates (2,000), then 66 tokens' other 15; the rest is listed.
    expect(hmacs(400, 3000)).toEqual({ hmacs: 3000, unverified: 400 - 66 });
  });

  it('finds a token signed with "secret" behind 500 copies of a decoy, and lists what a cap cut', async () => {
    const decoy = sign({ sub: 'decoy', exp: 4102444800 }, 'Hx7Qm2Vt9Lp4Rw8Ks3Zn6Yd1Bf5Gj0AcQ7eWxxxx');
    const real = sign({ sub: 'admin', exp: 4102444800 }, 'secret');
    const dir = tempDir('sh-jwt-');
    try {
      writeFileSync(join(dir, 'fixture.http'), `${`Authorization: Bearer ${decoy}\n`.repeat(500)}Authorization: Bearer ${real}\n`);
      const many = Array.from({ length: MAX_TOKENS_PER_FILE + 3 }, (_, i) => `Bearer ${sign({ sub: `u${i}`, exp: 4102444800 }, 'Hx7Qm2Vt9Lp4Rw8Ks3Zn6Yd1Bf5Gj0AcQ7eWyyyy')}`);
      writeFileSync(join(dir, 'many.http'), many.join('\n') + '\n');
      const r = await cli(dir, ['scan', '--format', 'json']);
      const report = JSON.parse(r.stdout) as { findings: { file: string; ruleId: string }[]; problems: { file: string; reason: string }[] };
      expect(report.findings.some((f) => f.file === 'fixture.http' && f.ruleId === 'jwt-forgeable'), JSON.stringify(report.findings.slice(0, 3))).toBe(true);
      expect(report.problems).toContainEqual({ file: 'many.http', reason: expect.stringMatching(/^3 more distinct JWTs not checked: over the cap of 1000/), cut: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('key length cap', () => {
  it('a key of 200k capitals is parsed in linear time, left out, and listed as a problem', async () => {
    const dir = tempDir('sh-key-');
    try {
      writeFileSync(join(dir, '.env'), `${'A'.repeat(200_000)}_JWT_SECRET=changeme\nJWT_SECRET=changeme\n`);
      const r = await cli(dir, ['scan', '--format', 'json']);
      const report = JSON.parse(r.stdout) as { findings: { line: number }[]; problems: { file: string; reason: string }[] };
      expect(report.problems).toContainEqual({ file: '.env', reason: expect.stringMatching(/^1 key longer than 1024 characters not checked/), cut: true });
      expect(report.findings.some((f) => f.line === 2)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
