import { existsSync, readdirSync, readFileSync, type Dirent } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isDotenvPath } from '../../src/core/path-context.js';
import { contentWords } from '../../src/parsers/index.js';
import { RULES } from '../../src/rules/index.js';

/** Keeps the rule catalogue honest: registry = rule files = docs, ids read well, messages fix things. */
const RULES_DIR = join(import.meta.dirname, '..', '..', 'src', 'rules');
const DOCS_DIR = join(import.meta.dirname, '..', '..', 'docs', 'rules');
/** Small named helpers that live beside the rules and are not rules. */
const HELPERS = new Set(['index', 'secret-strength', 'guessable', 'literal-secret', 'value-groups', 'gitignore-fix', 'jwt-candidates', 'jwt-code', 'jwt-verify', 'dotenv-content', 'non-secret-data', 'credential-kind', 'k8s-secret-names']);

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

describe('the content prefilter keeps every file a rule must see', () => {
  // In a git repository only files holding a content word (or dotenv files) are read: a rule that
  // fires on a file without one would silently miss it there, while passing on a plain directory.
  const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'rules');
  const words = contentWords([]);
  const mentions = (text: string) => words.some((w) => text.toLowerCase().includes(w));
  for (const rule of readdirSync(FIXTURES)) {
    for (const expectFile of readdirSync(join(FIXTURES, rule)).filter((f) => f.endsWith('.expect.json'))) {
      const caseDir = join(FIXTURES, rule, expectFile.slice(0, -'.expect.json'.length));
      if (!existsSync(caseDir)) continue;
      it(`${rule}/${expectFile.slice(0, -'.expect.json'.length)}`, () => {
        const expected = JSON.parse(readFileSync(join(FIXTURES, rule, expectFile), 'utf8')) as { file?: string }[];
        const all = (readdirSync(caseDir, { recursive: true, withFileTypes: true }) as Dirent[])
          .filter((d) => d.isFile())
          .map((d) => relative(caseDir, join(d.parentPath, d.name)).split(sep).join('/'));
        for (const { file } of expected) {
          // Without a file, the finding is in one of the case's files: at least one must be read.
          const candidates = (file === undefined ? all : [file]).filter((f) => existsSync(join(caseDir, f)));
          if (candidates.length === 0 || candidates.some(isDotenvPath)) continue;
          expect(candidates.some((f) => mentions(readFileSync(join(caseDir, f), 'utf8'))), candidates.join(', ')).toBe(true);
        }
      });
    }
  }
});
