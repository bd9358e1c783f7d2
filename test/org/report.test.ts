import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatOrgMarkdown, mergeResults, readResults } from '../../src/org/report.js';
import type { RepositoryResult, ScannedRepository } from '../../src/org/scan-repo.js';
import type { JsonFinding } from '../../src/reporters/json.js';
import { cli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

function finding(file: string, line: number, ruleId = 'hardcoded-default', severity = 'error', message = 'JWT_SECRET_KEY falls back to a hardcoded default.'): JsonFinding {
  return { ruleId, severity, file, line, column: 1, endLine: line, endColumn: 10, message, messageId: 'm', fingerprint: `${ruleId}-${file}`, related: [], fixable: false };
}

function scanned(repository: string, findings: JsonFinding[], commit = 'a'.repeat(40)): ScannedRepository {
  return { version: 1, repository, url: `https://github.example/${repository}`, commit, history: false, findings, problems: [], stats: { files: 1, bytes: 1, ms: 1 } };
}

describe('mergeResults', () => {
  it('sorts repositories, keeps each once (a scan wins over a failure), de-duplicates findings, counts', () => {
    const f = finding('app/settings.py', 3);
    const results: RepositoryResult[] = [
      scanned('acme/web', [finding('b.py', 1, 'secret-logged', 'warning'), finding('a.py', 2)]),
      { version: 1, repository: 'acme/api', error: 'could not clone: timeout' },
      scanned('acme/api', [f, f]),
      { version: 1, repository: 'acme/zeta', error: 'could not clone: boom' },
    ];
    const report = mergeResults(results, [{ shard: 3, repos: 'acme/api,acme/lost' }]);
    expect(report.repositories.map((r) => r.repository)).toEqual(['acme/api', 'acme/lost', 'acme/web', 'acme/zeta']);
    expect(report.repositories[0]?.findings).toHaveLength(1);
    expect(report.repositories[0]?.error).toBeUndefined();
    expect(report.repositories[1]).toEqual({ repository: 'acme/lost', commit: null, findings: [], error: "no result: the scan job of shard 3 did not write one (see that job's log)" });
    expect(report.repositories[2]?.findings.map((x) => x.file)).toEqual(['a.py', 'b.py']);
    expect(report.totals).toEqual({
      repositories: 4,
      scanned: 2,
      unscannable: 2,
      withFindings: 2,
      findings: 3,
      bySeverity: { error: 2, warning: 1, note: 0 },
      byRule: {
        'hardcoded-default': { error: 2, warning: 0, note: 0, repositories: 2 },
        'secret-logged': { error: 0, warning: 1, note: 0, repositories: 1 },
      },
    });
    // Input order does not matter.
    expect(mergeResults([...results].reverse(), [{ shard: 3, repos: 'acme/api,acme/lost' }])).toEqual(report);
  });
});

describe('formatOrgMarkdown', () => {
  it('escapes cells and links findings at their commit', () => {
    const md = formatOrgMarkdown(mergeResults([scanned('acme/api', [finding('a|b/(x) y.py', 7, 'hardcoded-default', 'error', 'bad | value\n<script>')])]));
    expect(md).toContain('[a\\|b/(x) y.py:7](https://github.example/acme/api/blob/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/a%7Cb/%28x%29%20y.py#L7)');
    expect(md).toContain('bad \\| value \\<script\\>');
    expect(md).toContain('| [hardcoded-default](');
    expect(md).toContain('1 repository: 1 scanned, 0 could not be scanned. 1 finding (1 error, 0 warnings, 0 notes) in 1 repository.');
  });

  it('stays within the limit by leaving out whole rows, with a note', () => {
    const many = Array.from({ length: 400 }, (_, i) => scanned(`acme/r${String(i).padStart(3, '0')}`, Array.from({ length: 20 }, (_, j) => finding(`src/file${j}.py`, j + 1))));
    const report = mergeResults(many);
    const full = formatOrgMarkdown(report, 100 * 1024 * 1024);
    expect(full).not.toContain('Truncated');
    for (const max of [4096, 65_536, 1024 * 1024]) {
      const md = formatOrgMarkdown(report, max);
      expect(Buffer.byteLength(md)).toBeLessThanOrEqual(max);
      expect(md).toMatch(/> \*\*Truncated\*\* to stay within the job summary's .* limit: \d+ of \d+ table rows are not shown\./);
      expect(full.startsWith(md.slice(0, md.indexOf('\n> **Truncated**')))).toBe(true);
      for (const line of md.split('\n')) if (line.startsWith('|')) expect(line.endsWith('|'), line).toBe(true);
    }
    expect(formatOrgMarkdown(report, 1024 * 1024)).toContain('1 MiB limit');
  });
});

describe('org report', () => {
  it('reads results from several directories, skips what is not a result, writes JSON or Markdown', async () => {
    const dir = tempDir('sh-org-report-');
    for (const [path, data] of [
      ['s1/acme/api.json', scanned('acme/api', [finding('a.py', 1)])],
      ['s2/acme/web.json', scanned('acme/web', [])],
      ['s2/acme/web.sarif', { version: '2.1.0' }],
      ['s2/other.json', { hello: 1 }],
    ] as const) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), JSON.stringify(data));
    }
    writeFileSync(join(dir, 's2', 'broken.json'), '{');
    expect((await readResults([join(dir, 's1'), join(dir, 's2')])).results).toHaveLength(2);
    const json = await cli(dir, ['org', 'report', 's1', 's2', '--format', 'json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).repositories.map((r: { repository: string }) => r.repository)).toEqual(['acme/api', 'acme/web']);
    expect(json.stderr).toContain('skipped broken.json: not valid JSON');
    expect(json.stderr).toContain('skipped other.json: not a repository result');
    const md = await cli(dir, ['org', 'report', 's1', 's2', '--output', 'out/summary.md']);
    expect(md.code).toBe(0);
    expect(md.stdout).toBe('');
    expect((await cli(dir, ['org', 'report', 'nope'])).stderr).toContain('the 1st argument names no directory');
    expect((await cli(dir, ['org', 'report', 's1', '--format', 'html'])).stderr).toContain('--format must be one of markdown, json');
    expect((await cli(dir, ['org', 'report', 's1', '--matrix', 's1/acme/api.json'])).stderr).toContain('--matrix');
    expect((await cli(dir, ['org', 'report', '--help'])).stdout).toContain('--max-bytes');
  });
});
