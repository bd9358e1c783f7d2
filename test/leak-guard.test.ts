import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auditWorktree } from '../src/audit.js';
import { DEFAULT_CONFIG } from '../src/config/types.js';
import { createSecretNameMatcher } from '../src/core/secret-names.js';
import { createDocumentParser } from '../src/parsers/index.js';
import { formatJson } from '../src/reporters/json.js';
import { formatSarif } from '../src/reporters/sarif.js';
import { formatText } from '../src/reporters/text.js';
import { RULES } from '../src/rules/index.js';
import { isKnownWeak } from '../src/rules/secret-strength.js';
import { materializeFixture } from './helpers/fixture-repo.js';

/**
 * One guard over every fixture: no output format may contain a secret value the parsers
 * extracted (publicly known weak values excepted: they are no secret and may be shown).
 */
const FIXTURES = join(import.meta.dirname, 'fixtures', 'rules');
const temps: string[] = [];
afterAll(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

function caseDirs(): string[] {
  const out: string[] = [];
  for (const rule of readdirSync(FIXTURES)) {
    for (const c of readdirSync(join(FIXTURES, rule))) {
      if (statSync(join(FIXTURES, rule, c)).isDirectory()) out.push(join(FIXTURES, rule, c));
    }
  }
  return out.sort();
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === '.git') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

describe('no output leaks a secret', () => {
  const parse = createDocumentParser(createSecretNameMatcher());
  for (const dir of caseDirs()) {
    it(relative(FIXTURES, dir), async () => {
      const root = materializeFixture(dir);
      temps.push(root);
      const values = new Set<string>();
      for (const file of filesUnder(root)) {
        const doc = { path: relative(root, file), text: readFileSync(file, 'utf8'), hasBom: false, origin: 'worktree' as const };
        for (const a of parse(doc).assignments) {
          if (a.value !== undefined && a.value.length >= 6 && !isKnownWeak(a.value)) values.add(a.value);
        }
      }
      const result = await auditWorktree(root, DEFAULT_CONFIG);
      const metas = RULES.map((r) => r.meta);
      const outputs = [formatJson(result), formatSarif(result, metas, '0.0.0'), formatText(result, metas, { color: false, verbose: true })];
      for (const out of outputs) for (const v of values) expect(out.includes(v), `a secret of ${values.size} leaked`).toBe(false);
    });
  }
});
