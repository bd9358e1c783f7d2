import { describe, expect, it } from 'vitest';
import type { LocatedFinding } from '../../src/core/scan.js';
import type { Source } from '../../src/core/source.js';
import { createSuppressionFilter, parseSuppressions, type Suppression } from '../../src/core/suppressions.js';
import type { Document, Finding } from '../../src/core/types.js';
import { RULES } from '../../src/rules/index.js';
import { cli } from '../helpers/cli.js';
import { stagedRepo } from '../helpers/fixture-repo.js';

const IDS = RULES.map((r) => r.meta.id);

const tree = (files: Record<string, string>): string => stagedRepo('sh-suppress-', files);

interface JsonReport {
  findings: { file: string; line: number; ruleId: string; fingerprint: string; secret?: { fingerprint: string } }[];
  problems: { file: string; reason: string }[];
}

async function scanJson(dir: string, args: string[] = []): Promise<{ code: number; report: JsonReport }> {
  const r = await cli(dir, ['scan', '.', '--format', 'json', ...args]);
  return { code: r.code, report: JSON.parse(r.stdout) as JsonReport };
}

const brief = (s: Suppression) => ({ line: s.line, lines: [s.firstLine, s.lastLine], targets: s.targets.map((t) => (t.pin ? `${t.ruleId}@${t.pin}` : t.ruleId)), reason: s.reason });

describe('parseSuppressions: every comment syntax, on the line and the line above', () => {
  const cases: { name: string; path: string; text: string; expected: ReturnType<typeof brief>[] }[] = [
    {
      name: 'Python, trailing # comment: its own line only',
      path: 'app/config.py',
      text: 'import os\nJWT_SECRET = os.getenv("JWT_SECRET", "demo")  # secret-hygiene: ignore[hardcoded-default] local demo only\n',
      expected: [{ line: 2, lines: [2, 2], targets: ['hardcoded-default'], reason: 'local demo only' }],
    },
    {
      name: 'Python, # comment on the line above: that line and the next',
      path: 'config.py',
      text: 'import os\n    # secret-hygiene: ignore[hardcoded-default] local demo only\nJWT_SECRET = os.getenv("JWT_SECRET", "demo")\n',
      expected: [{ line: 2, lines: [2, 3], targets: ['hardcoded-default'], reason: 'local demo only' }],
    },
    {
      name: 'JavaScript // trailing and above, two rules in one comment',
      path: 'src/auth.ts',
      text: '// secret-hygiene: ignore[hardcoded-default, weak-secret] test server only\nconst k = process.env.JWT_SECRET || "x";\nconst j = 1; // secret-hygiene: ignore[secret-logged] -- redacted by the logger\n',
      expected: [
        { line: 1, lines: [1, 2], targets: ['hardcoded-default', 'weak-secret'], reason: 'test server only' },
        { line: 3, lines: [3, 3], targets: ['secret-logged'], reason: 'redacted by the logger' },
      ],
    },
    {
      name: 'block comments: /* */ above, trailing, and a * continuation line',
      path: 'src/Auth.java',
      text: '/* secret-hygiene: ignore[hardcoded-default] integration tests only */\nString k = x;\nString j = y; /* secret-hygiene: ignore[weak-secret] fixture */\n/**\n * secret-hygiene: ignore[hardcoded-secret] documented sample key\n */\n',
      expected: [
        { line: 1, lines: [1, 2], targets: ['hardcoded-default'], reason: 'integration tests only' },
        { line: 3, lines: [3, 3], targets: ['weak-secret'], reason: 'fixture' },
        { line: 5, lines: [5, 6], targets: ['hardcoded-secret'], reason: 'documented sample key' },
      ],
    },
    {
      name: 'HTML and Markdown <!-- -->',
      path: 'docs/setup.md',
      text: '# Setup\n\n<!-- secret-hygiene: ignore[hardcoded-secret] the key from the tutorial, revoked -->\nJWT_SECRET=...\n',
      expected: [{ line: 3, lines: [3, 4], targets: ['hardcoded-secret'], reason: 'the key from the tutorial, revoked' }],
    },
    {
      name: 'YAML # comments',
      path: 'k8s/deployment.yaml',
      text: 'env:\n  # secret-hygiene: ignore[plaintext-manifest-secret] kind cluster for CI\n  - name: JWT_SECRET\n    value: abc # secret-hygiene: ignore[weak-secret] CI only\n',
      expected: [
        { line: 2, lines: [2, 3], targets: ['plaintext-manifest-secret'], reason: 'kind cluster for CI' },
        { line: 4, lines: [4, 4], targets: ['weak-secret'], reason: 'CI only' },
      ],
    },
    {
      name: 'dotenv # comments, with CRLF line endings',
      path: '.env.test',
      text: '# secret-hygiene: ignore[weak-secret] throwaway test value\r\nJWT_SECRET=test\r\n',
      expected: [{ line: 1, lines: [1, 2], targets: ['weak-secret'], reason: 'throwaway test value' }],
    },
    {
      name: 'properties # and ! comments',
      path: 'src/main/resources/application.properties',
      text: '! secret-hygiene: ignore[hardcoded-secret] local profile\njwt.secret=abc\n# secret-hygiene: ignore[weak-secret] local profile\n',
      expected: [
        { line: 1, lines: [1, 2], targets: ['hardcoded-secret'], reason: 'local profile' },
        { line: 3, lines: [3, 4], targets: ['weak-secret'], reason: 'local profile' },
      ],
    },
    {
      name: 'a pinned fingerprint, upper case accepted',
      path: 'config.py',
      text: 'X = 1  # secret-hygiene: ignore[hardcoded-default@ECB062FA] demo\n',
      expected: [{ line: 1, lines: [1, 1], targets: ['hardcoded-default@ecb062fa'], reason: 'demo' }],
    },
    {
      name: 'not a comment of the language: a JS string with #, Markdown prose, a Python string',
      path: 'src/a.js',
      text: 'const s = "# secret-hygiene: ignore[hardcoded-default] smuggled";\n',
      expected: [],
    },
    {
      name: 'Markdown prose mentioning the syntax is no suppression',
      path: 'README.md',
      text: 'Write `# secret-hygiene: ignore[rule-id] reason` in a comment.\n',
      expected: [],
    },
    {
      name: 'a Python string without a comment',
      path: 'x.py',
      text: 'HELP = "secret-hygiene: ignore[hardcoded-default] reason"\n',
      expected: [],
    },
    {
      name: 'a comment that mentions the tool but is no suppression',
      path: 'x.py',
      text: '# secret-hygiene: checked by CI\n',
      expected: [],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const parsed = parseSuppressions(c.path, c.text, IDS);
      expect(parsed.notices).toEqual([]);
      expect(parsed.suppressions.map(brief)).toEqual(c.expected);
    });
  }
});

describe('parseSuppressions: what is wrong is reported', () => {
  const cases: { name: string; text: string; notice: RegExp; kept?: string[] }[] = [
    { name: 'no reason', text: '# secret-hygiene: ignore[hardcoded-default]\n', notice: /^suppression ignore\[hardcoded-default\] has no reason, so it suppresses nothing/ },
    { name: 'only punctuation as reason', text: 'x = 1  # secret-hygiene: ignore[weak-secret] --\n', notice: /has no reason/ },
    { name: 'no reason in a block comment', text: '/* secret-hygiene: ignore[weak-secret] */\n', notice: /has no reason/ },
    { name: 'unknown rule id, the known one still applies', text: '# secret-hygiene: ignore[hardcoded-defualt, weak-secret] demo\n', notice: /unknown rule id 'hardcoded-defualt', so it suppresses nothing; rule ids: ci-plaintext-secret/, kept: ['weak-secret'] },
    { name: 'empty brackets', text: '# secret-hygiene: ignore[] demo\n', notice: /names no rule/ },
    { name: 'no brackets', text: '# secret-hygiene: ignore hardcoded-default demo\n', notice: /malformed suppression/ },
    { name: 'a pin too short', text: '# secret-hygiene: ignore[weak-secret@abc] demo\n', notice: /the pin of 'weak-secret' must be 8 to 24 hex digits/ },
    { name: 'not a rule id', text: '# secret-hygiene: ignore[Weak Secret!] demo\n', notice: /'Weak Secret!' is not a rule id/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const p = parseSuppressions(c.text.startsWith('/*') ? 'a.js' : 'config.py', c.text, IDS);
      expect(p.notices).toHaveLength(1);
      expect(p.notices[0]?.line).toBe(1);
      expect(p.notices[0]?.message).toMatch(c.notice);
      expect(p.suppressions.flatMap((s) => s.targets.map((t) => t.ruleId))).toEqual(c.kept ?? []);
    });
  }

  it('stays linear on hostile input', () => {
    const many = '# secret-hygiene: ignore[' + 'a,'.repeat(50_000) + '\n';
    const long = '# ' + 'secret-hygiene:'.repeat(7_000) + ' ignore[weak-secret] x\n';
    const noNewline = 'x'.repeat(100_000) + '// secret-hygiene: ignore[weak-secret] ' + 'y'.repeat(100_000);
    // The marker is assembled so this source file holds no malformed suppression of its own.
    const openersThenMarker = '/*'.repeat(50_000) + ['secret-hygiene', ' ignore['].join(':') + ']'.repeat(50_000);
    for (const text of [many, long, noNewline, openersThenMarker]) {
      expect(() => parseSuppressions('a.js', text, IDS)).not.toThrow();
    }
    expect(parseSuppressions('a.js', noNewline, IDS).suppressions).toHaveLength(1);
  });
});

describe('the suppression filter (any file type, including HTML comments)', () => {
  function finding(file: string, line: number, ruleId: string, secretFp = 'ab12cd34ef56ab12cd34'): Finding {
    return { ruleId, context: 'production', severity: 'error', messageId: 'm', message: 'm', file, line, column: 1, endLine: line, endColumn: 2, related: [], fingerprint: 'f00d' + line, secret: { preview: '…', length: 40, fingerprint: secretFp } };
  }
  function source(docs: Document[]): Source {
    return { problems: [], bytesRead: 0, facts: async () => ({ isGitRepo: true, gitignoreText: null, dotenvUncovered: [] }), documents: async function* () { yield* docs; } };
  }
  const doc = (path: string, text: string, changedLines?: ReadonlySet<number>): Document => ({ path, text, hasBom: false, origin: 'worktree', ...(changedLines ? { changedLines } : {}) });

  it('suppresses covered findings, keeps the rest, and reports unused suppressions on request', async () => {
    const html = doc('public/index.html', '<!-- secret-hygiene: ignore[hardcoded-secret] sample token from the docs -->\n<p>x</p>\n<p>y</p> <!-- secret-hygiene: ignore[weak-secret] never matches -->\n');
    const filter = createSuppressionFilter(IDS);
    for await (const _ of filter.observe(source([html])).documents()) void _;
    const located: LocatedFinding[] = [
      { finding: finding(html.path, 2, 'hardcoded-secret'), document: html },
      { finding: finding(html.path, 2, 'weak-secret'), document: html },
    ];
    expect(filter.apply(located).map((f) => f.ruleId)).toEqual(['weak-secret']);
    expect(filter.problems({ reportUnused: false })).toEqual([]);
    expect(filter.problems({ reportUnused: true })).toEqual([
      { file: 'public/index.html', reason: 'line 3: unused suppression ignore[weak-secret]: no weak-secret finding on this line; remove it' },
    ]);
  });

  it('a pinned suppression covers only the secret it names', async () => {
    const py = doc('a.py', 'K = x  # secret-hygiene: ignore[weak-secret@ab12cd34] demo value\n');
    const filter = createSuppressionFilter(IDS);
    for await (const _ of filter.observe(source([py])).documents()) void _;
    const kept = filter.apply([
      { finding: finding('a.py', 1, 'weak-secret', 'ab12cd34ef56ab12cd34'), document: py },
      { finding: finding('a.py', 1, 'weak-secret', '99999999ef56ab12cd34'), document: py },
    ]);
    expect(kept.map((f) => f.secret?.fingerprint)).toEqual(['99999999ef56ab12cd34']);
  });

  it('in a diff scan, reports only on the lines the change adds', async () => {
    const old = doc('old.py', '# secret-hygiene: ignore[weak-secret]\nK = 1\n', new Set());
    const added = doc('new.py', '# secret-hygiene: ignore[weak-secret]\nK = 1\n', new Set([1, 2]));
    const filter = createSuppressionFilter(IDS);
    for await (const _ of filter.observe(source([old, added])).documents()) void _;
    filter.apply([]);
    expect(filter.problems({ reportUnused: true }).map((p) => p.file)).toEqual(['new.py']);
  });
});

describe('suppressions end to end (secret-hygiene scan)', () => {
  const files: Record<string, [string, string]> = {
    python: ['app/config.py', 'import os\n# secret-hygiene: ignore[hardcoded-default] local demo only\nJWT_SECRET = os.getenv("JWT_SECRET", "demo")\n'],
    'python trailing': ['app/other.py', 'import os\nJWT_SECRET = os.getenv("JWT_SECRET", "demo")  # secret-hygiene: ignore[hardcoded-default] local demo only\n'],
    'javascript //': ['src/auth.js', 'const jwtSecret = process.env.JWT_SECRET || "demo-fallback"; // secret-hygiene: ignore[hardcoded-default] dev server only\n'],
    'javascript /* */': ['src/auth2.js', '/* secret-hygiene: ignore[hardcoded-default] dev server only */\nconst jwtSecret = process.env.JWT_SECRET || "demo-fallback";\n'],
    yaml: ['config/application.yml', 'jwt:\n  # secret-hygiene: ignore[hardcoded-secret] local profile, never deployed\n  secret: "Zq8xL2mN5pR7tV9wY1bC3dF6gH4jK0sA"\n'],
    compose: ['docker-compose.yml', 'services:\n  api:\n    environment:\n      JWT_SECRET: ${JWT_SECRET:-changeme} # secret-hygiene: ignore[hardcoded-default] local compose only\n'],
    properties: ['src/main/resources/application.properties', '# secret-hygiene: ignore[hardcoded-secret] local profile\njwt.secret=Zq8xL2mN5pR7tV9wY1bC3dF6gH4jK0sA\n'],
    'json with comments': ['appsettings.json', '{\n  // secret-hygiene: ignore[hardcoded-secret] local development settings\n  "Jwt": { "Secret": "Zq8xL2mN5pR7tV9wY1bC3dF6gH4jK0sA" }\n}\n'],
    dotenv: ['.env.test', '# secret-hygiene: ignore[weak-secret] throwaway test value\nJWT_SECRET=changeme\n'],
  };

  for (const [name, [path, text]] of Object.entries(files)) {
    it(`${name}: the finding is suppressed, and reported again without the comment`, async () => {
      const withComment = await scanJson(tree({ [path]: text, '.gitignore': '.env*\n!.env.test\n' }));
      // The same comment without the marker: the finding it covered must be there.
      const without = await scanJson(tree({ [path]: text.replace('secret-hygiene: ignore', 'no marker here'), '.gitignore': '.env*\n!.env.test\n' }));
      const rule = /ignore\[([a-z-]+)/.exec(text)?.[1];
      expect(without.report.findings.filter((f) => f.ruleId === rule).length, `${name}: a finding to suppress`).toBeGreaterThan(0);
      expect(withComment.report.findings.filter((f) => f.ruleId === rule)).toEqual([]);
      expect(withComment.report.problems.filter((p) => p.reason.includes('suppression'))).toEqual([]);
    });
  }

  it('the acceptance case: a config sets the severity, the comment still suppresses', async () => {
    const dir = tree({
      'config.py': 'import os\n# secret-hygiene: ignore[hardcoded-default] local demo only\nJWT_SECRET = os.getenv("JWT_SECRET", "demo")\n',
      '.secret-hygiene.yml': 'rules:\n  hardcoded-default: error\n',
    });
    const { report } = await scanJson(dir);
    expect(report.findings.map((f) => f.ruleId)).not.toContain('hardcoded-default');
  });

  it('without a reason nothing is suppressed, and the text and JSON outputs say why', async () => {
    const dir = tree({ 'config.py': 'import os\nJWT_SECRET = os.getenv("JWT_SECRET", "demo")  # secret-hygiene: ignore[hardcoded-default]\n' });
    const { code, report } = await scanJson(dir);
    expect(code).toBe(1);
    expect(report.findings.map((f) => f.ruleId)).toContain('hardcoded-default');
    expect(report.problems).toContainEqual({ file: 'config.py', reason: expect.stringMatching(/^line 2: suppression ignore\[hardcoded-default\] has no reason/) as unknown as string });
    const text = await cli(dir, ['scan', '.']);
    expect(text.stdout).toMatch(/problem config\.py: line 2: suppression ignore\[hardcoded-default\] has no reason/);
  });

  it('an unknown rule id is reported', async () => {
    const dir = tree({ 'config.py': 'import os\nJWT_SECRET = os.getenv("JWT_SECRET", "demo")  # secret-hygiene: ignore[hardcoded-defaults] demo\n' });
    const { code, report } = await scanJson(dir);
    expect(code).toBe(1);
    expect(report.problems.map((p) => p.reason).join('\n')).toMatch(/line 2: suppression ignore\[hardcoded-defaults\]: unknown rule id 'hardcoded-defaults'/);
  });

  it('an unused suppression is reported with --report-unused-suppressions only', async () => {
    const dir = tree({ 'config.py': 'import os\n# secret-hygiene: ignore[hardcoded-default] was a demo default\nJWT_SECRET = os.environ["JWT_SECRET"]\n' });
    expect((await scanJson(dir)).report.problems).toEqual([]);
    const { code, report } = await scanJson(dir, ['--report-unused-suppressions']);
    expect(code).toBe(0);
    expect(report.problems).toEqual([{ file: 'config.py', reason: 'line 2: unused suppression ignore[hardcoded-default]: no hardcoded-default finding on this line or the next; remove it' }]);
  });

  it('a pinned suppression stops covering the line when a different secret is put there', async () => {
    const first = await scanJson(tree({ 'config.py': 'import os\nJWT_SECRET = os.getenv("JWT_SECRET", "demo")\n' }));
    const pin = first.report.findings[0]?.secret?.fingerprint.slice(0, 8) ?? '';
    expect(pin).toMatch(/^[0-9a-f]{8}$/);
    const comment = `# secret-hygiene: ignore[hardcoded-default@${pin}] local demo only`;
    const same = await scanJson(tree({ 'config.py': `import os\n${comment}\nJWT_SECRET = os.getenv("JWT_SECRET", "demo")\n` }));
    expect(same.report.findings).toEqual([]);
    const changed = await scanJson(tree({ 'config.py': `import os\n${comment}\nJWT_SECRET = os.getenv("JWT_SECRET", "another-default")\n` }), ['--report-unused-suppressions']);
    expect(changed.code).toBe(1);
    expect(changed.report.findings.map((f) => `${f.line} ${f.ruleId}`)).toContain('3 hardcoded-default');
    expect(changed.report.problems.map((p) => p.reason).join('\n')).toContain(`unused suppression ignore[hardcoded-default@${pin}]: no hardcoded-default finding with that fingerprint`);
  });
});
