import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditWorktree } from '../../src/audit.js';
import { findConfigFile, loadConfig } from '../../src/config/load.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import type { Finding } from '../../src/core/types.js';
import { RULES } from '../../src/rules/index.js';
import { materializeFixture } from '../helpers/fixture-repo.js';

/**
 * The rule harness. For each rule, test/fixtures/rules/<id>/ holds repository trees:
 * `ng.<case>/` must produce at least one finding of that rule (and, when `ng.<case>.expect.json`
 * exists, a finding matching each partial expectation in it); `ok.<case>/` must produce none.
 * Any other name is an error, as is a rule with no case of either kind (eslint's RuleTester
 * refuses weak tests the same way). A case that holds its own `.secret-hygiene.yml` is scanned
 * with it, as the CLI would (a `weak-values-file` it names, for instance); others with the defaults.
 */
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'rules');
const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

interface Expectation {
  messageId?: string;
  file?: string;
  line?: number;
  severity?: string;
}

async function findingsFor(caseDir: string): Promise<Finding[]> {
  const root = materializeFixture(caseDir);
  temps.push(root);
  const config = findConfigFile(root) === undefined ? DEFAULT_CONFIG : await loadConfig(root);
  const result = await auditWorktree(root, config);
  return result.findings;
}

describe('rule fixtures', () => {
  for (const rule of RULES) {
    const id = rule.meta.id;
    const dir = join(FIXTURES, id);
    const cases = existsSync(dir) ? readdirSync(dir).filter((n) => !n.endsWith('.expect.json')).sort() : [];
    it(`${id} has catching and clean cases`, () => {
      expect(cases.some((c) => c.startsWith('ng.')), `test/fixtures/rules/${id}/ng.* missing`).toBe(true);
      expect(cases.some((c) => c.startsWith('ok.')), `test/fixtures/rules/${id}/ok.* missing`).toBe(true);
      for (const c of cases) expect(c, `fixture ${id}/${c} must start with ng. or ok.`).toMatch(/^(ng|ok)\./);
      // An expectation whose case is missing checks nothing: three Ruby cases once lost their
      // trees to an ignore pattern (lib/) while their expectations stayed and passed unread.
      const expectations = existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.expect.json')) : [];
      for (const e of expectations) expect(cases, `${id}/${e} has no case ${e.replace(/\.expect\.json$/, '')}/`).toContain(e.replace(/\.expect\.json$/, ''));
    });
    for (const c of cases) {
      it(`${id} ${c}`, async () => {
        const findings = (await findingsFor(join(dir, c))).filter((f) => f.ruleId === id);
        const summary = findings.map((f) => `${f.file}:${f.line} ${f.messageId}`).join('; ');
        if (c.startsWith('ok.')) {
          expect(findings, `expected no ${id} findings, got: ${summary}`).toHaveLength(0);
          return;
        }
        expect(findings.length, `expected a ${id} finding`).toBeGreaterThan(0);
        const expectFile = join(dir, `${c}.expect.json`);
        if (existsSync(expectFile)) {
          const expectations = JSON.parse(readFileSync(expectFile, 'utf8')) as Expectation[];
          for (const e of expectations) {
            if (e.messageId !== undefined) expect(Object.keys(rule.meta.messages), `unknown messageId ${e.messageId}`).toContain(e.messageId);
            const hit = findings.some(
              (f) =>
                (e.messageId === undefined || f.messageId === e.messageId) &&
                (e.file === undefined || f.file === e.file) &&
                (e.line === undefined || f.line === e.line) &&
                (e.severity === undefined || f.severity === e.severity),
            );
            expect(hit, `no ${id} finding matches ${JSON.stringify(e)}; got: ${summary}`).toBe(true);
          }
        }
      });
    }
  }
});
