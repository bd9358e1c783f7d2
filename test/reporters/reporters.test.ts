import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/core/types.js';
import { formatSummary, toAnnotations } from '../../src/reporters/github.js';
import { formatJson } from '../../src/reporters/json.js';
import { formatSarif } from '../../src/reporters/sarif.js';
import { formatText } from '../../src/reporters/text.js';
import { RULES } from '../../src/rules/index.js';

/** Each format against a stored expected file, for a result with findings and for the empty one. */
const EXPECTED = join(import.meta.dirname, 'expected');
const UPDATE = process.env.UPDATE_REPORTER_FIXTURES === '1';
const metas = RULES.map((r) => r.meta);

const withFindings: ScanResult = {
  root: '/repo',
  findings: [
    {
      ruleId: 'hardcoded-default',
      context: 'production',
      severity: 'error',
      messageId: 'literalDefault',
      message: 'JWT_SECRET_KEY falls back to a hardcoded default when JWT_SECRET_KEY is unset. Read it with no default.',
      file: 'app/auth.py',
      line: 3,
      column: 47,
      endLine: 3,
      endColumn: 63,
      secret: { preview: 'Tz8-…', length: 16, fingerprint: '0123456789abcdef0123' },
      related: [],
      fingerprint: 'aaaaaaaaaaaaaaaaaaaaaaaa',
      fix: { description: 'strict read', edits: [{ file: 'app/auth.py', start: 10, end: 20, text: 'os.environ["JWT_SECRET_KEY"]' }] },
    },
    {
      ruleId: 'reused-secret',
      context: 'test',
      severity: 'error',
      messageId: 'byReference',
      message: 'JWT_SECRET_KEY is set to SECRET_KEY | so both roles share one key.',
      file: 'config/a b,c.py',
      line: 4,
      column: 1,
      endLine: 4,
      endColumn: 29,
      related: [{ file: 'config/base.py', line: 2, message: 'SECRET_KEY is set here' }],
      fingerprint: 'bbbbbbbbbbbbbbbbbbbbbbbb',
      suggestion: 'Give JWT_SECRET_KEY its own value.',
      commit: { sha: '0123456789abcdef0123456789abcdef01234567', date: '2025-11-03T10:00:00Z', stillPresent: false },
    },
  ],
  problems: [{ file: 'assets/logo.png', reason: 'skipped: binary file' }],
  notes: [{ file: '.secret-hygiene-baseline.json', message: 'the entry for hardcoded-default in old.py (fingerprint 01234567) matches no finding (fixed, changed or moved); remove it with `secret-hygiene baseline --prune`' }],
  stats: { files: 12, bytes: 3456, ms: 7 },
};
const empty: ScanResult = { root: '/repo', findings: [], problems: [], stats: { files: 3, bytes: 100, ms: 1 } };

const formats: Record<string, (r: ScanResult) => string> = {
  'json': formatJson,
  'sarif': (r) => formatSarif(r, metas, '1.2.3', { srcRoot: '/home/runner/work/app/app' }),
  'text': (r) => formatText(r, metas, { color: false }),
  'github-summary.md': (r) => formatSummary(r, metas, { scope: 'Scope: test.', blobBase: 'https://github.com/o/r/blob/sha/' }),
  'github-annotations.json': (r) => JSON.stringify(toAnnotations(r.findings, 'sub/'), null, 2) + '\n',
};

describe('reporters', () => {
  for (const [name, format] of Object.entries(formats)) {
    for (const [label, result] of [['findings', withFindings], ['empty', empty]] as const) {
      it(`${name}: ${label}`, () => {
        const file = join(EXPECTED, `${label}.${name}`);
        const out = format(result);
        if (UPDATE) writeFileSync(file, out);
        expect(existsSync(file), `${file} missing: run with UPDATE_REPORTER_FIXTURES=1`).toBe(true);
        expect(out).toBe(readFileSync(file, 'utf8'));
      });
    }
  }
});
