import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/rules/index.js';

/** Keeps the rule catalogue honest: registry = rule files = docs, ids read well, messages fix things. */
const RULES_DIR = join(import.meta.dirname, '..', '..', 'src', 'rules');
const DOCS_DIR = join(import.meta.dirname, '..', '..', 'docs', 'rules');
/** Small named helpers that live beside the rules and are not rules. */
const HELPERS = new Set(['index', 'secret-strength', 'literal-secret', 'value-groups', 'gitignore-fix', 'jwt-candidates', 'jwt-code', 'jwt-verify']);

describe('rule catalogue', () => {
  it('registry equals the rule files in src/rules', () => {
    const files = readdirSync(RULES_DIR)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => f.slice(0, -3))
      .filter((f) => !HELPERS.has(f))
      .sort();
    expect(RULES.map((r) => r.meta.id).sort()).toEqual(files);
  });

  for (const rule of RULES) {
    const { id, messages, help, description } = rule.meta;
    it(`${id}: kebab-case id, docs page, messages that say how to fix`, () => {
      expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(description.endsWith('.')).toBe(true);
      expect(help.split('\n')).toHaveLength(2);
      const doc = join(DOCS_DIR, `${id}.md`);
      expect(existsSync(doc), `docs/rules/${id}.md`).toBe(true);
      const text = readFileSync(doc, 'utf8');
      expect(text).toContain(`# ${id}`);
      expect(text).toMatch(rule.meta.fixable ? /Fixable: yes/ : /Fixable: no/);
      for (const [mid, template] of Object.entries(messages)) {
        expect(mid).toMatch(/^[a-z][A-Za-z0-9]*$/);
        // Every message points at a way out: a command, a pattern or a concrete change.
        expect(template, `${id}.${mid}`).toMatch(/secret-hygiene|\.gitignore|secretKeyRef|environment|\$\{|Remove|Give|Require|Log whether/);
      }
    });
  }
});
