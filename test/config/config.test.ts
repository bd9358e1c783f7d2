import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { loadConfig, parseConfigText } from '../../src/config/load.js';
import { CONFIG_KEYS } from '../../src/config/schema.js';
import { starterConfig } from '../../src/config/starter.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { validateConfig } from '../../src/config/validate.js';
import { RULES } from '../../src/rules/index.js';
import { cli } from '../helpers/cli.js';
import { git } from '../helpers/fixture-repo.js';
import { tempDir } from '../helpers/temp.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'config');
const RULE_IDS = RULES.map((r) => r.meta.id);

function tree(files: Record<string, string>, opts: { git?: boolean } = {}): string {
  const dir = tempDir('sh-config-');
  for (const [p, t] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), t);
  }
  if (opts.git !== false) {
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
  }
  return dir;
}

/** Expected text of an `ng.` case: `# expect:` lines in a YAML file, a `.expect` file beside a JSON one. */
function expectations(file: string): { texts: string[]; count: number | undefined } {
  const isJson = file.endsWith('.json');
  const lines = readFileSync(join(FIXTURES, isJson ? `${file}.expect` : file), 'utf8').split('\n');
  const texts = isJson ? lines.filter((l) => l !== '' && !l.startsWith('# problems:')) : lines.filter((l) => l.startsWith('# expect: ')).map((l) => l.slice('# expect: '.length));
  const count = lines.find((l) => l.startsWith('# problems: '));
  return { texts, count: count === undefined ? undefined : Number(count.slice('# problems: '.length)) };
}

async function loadFixture(file: string): Promise<unknown> {
  const dir = tempDir('sh-config-case-');
  const name = file.endsWith('.json') ? '.secret-hygiene.json' : '.secret-hygiene.yml';
  copyFileSync(join(FIXTURES, file), join(dir, name));
  try {
    return await loadConfig(dir);
  } catch (err) {
    return err;
  }
}

describe('config fixtures (one file per case)', () => {
  const cases = readdirSync(FIXTURES).filter((f) => !f.endsWith('.expect')).sort();

  it('every fixture is an ok. or ng. case, and every ng. case states what it expects', () => {
    expect(cases.length).toBeGreaterThan(10);
    for (const f of cases) {
      expect(f, f).toMatch(/^(ok|ng)\.[a-z0-9-]+\.(yml|json)$/);
      if (f.startsWith('ng.')) {
        const { texts, count } = expectations(f);
        expect(texts.length, `${f} has no expected error text`).toBeGreaterThan(0);
        expect(count, `${f} does not say how many problems it has`).toBeGreaterThan(0);
      }
    }
  });

  for (const file of cases.filter((f) => f.startsWith('ok.'))) {
    it(`${file} loads`, async () => {
      const result = await loadFixture(file);
      expect(result instanceof ConfigError ? result.message : 'loaded').toBe('loaded');
    });
  }

  for (const file of cases.filter((f) => f.startsWith('ng.'))) {
    it(`${file} is refused with the expected text`, async () => {
      const err = await loadFixture(file);
      expect(err).toBeInstanceOf(ConfigError);
      const { texts, count } = expectations(file);
      const e = err as ConfigError;
      for (const t of texts) expect(e.message).toContain(t);
      expect(e.problems).toHaveLength(count ?? -1);
      // Every problem says what is allowed or how the file is broken.
      for (const p of e.problems) expect(p.allowed !== undefined || p.key === '(file)', p.key).toBe(true);
    });
  }

  it('ok.full.yml resolves every key', async () => {
    const config = await loadFixture('ok.full.yml');
    expect(config).toMatchObject({
      rules: { 'hardcoded-default': 'error', 'secret-logged': 'off', 'weak-secret': 'note', 'jwt-key-fallback': 'warning' },
      failOn: 'error',
      secretNames: ['ACME_TOKEN_KEY', 'acme.signing-secret'],
      weakValues: ['acme-dev-secret'],
      minSecretBytes: 64,
      maxFileBytes: 1048576,
    });
    expect((config as { exclude: string[] }).exclude.slice(0, 4)).toEqual(['test/fixtures/**', '**/*.min.js', 'legacy/{old,older}/*.py', 'docs/[abc]*.md']);
  });
});

describe('validateConfig', () => {
  it('never throws, whatever it is given', () => {
    const odd: unknown[] = [
      0, 'text', true, [], [[]], { rules: null }, { rules: { 'weak-secret': { nested: 1 } } }, { exclude: [null, {}, []] },
      { 'min-secret-bytes': Number.NaN }, { 'max-file-bytes': Infinity }, JSON.parse('{"__proto__": {"x": 1}}'), { constructor: 1 },
      { 'secret-names': ['a'.repeat(100_000)] }, { [`${'k'.repeat(10_000)}`]: 1 },
    ];
    for (const raw of odd) {
      const r = validateConfig(raw, { ruleIds: RULE_IDS });
      expect(Array.isArray(r.problems)).toBe(true);
      expect(r.config.minSecretBytes).toBe(DEFAULT_CONFIG.minSecretBytes);
    }
  });

  it('reports a __proto__ key as unknown instead of using it', () => {
    const r = validateConfig(JSON.parse('{"__proto__": {"fail-on": "never"}}'), { ruleIds: RULE_IDS });
    expect(r.problems.map((p) => p.key)).toEqual(['__proto__']);
    expect(r.config.failOn).toBe('warning');
  });

  it('gives JSON examples for JSON files', () => {
    const r = validateConfig({ 'fail-on': 'x' }, { ruleIds: RULE_IDS, syntax: 'json' });
    expect(r.problems[0]?.example).toBe('{ "fail-on": "error" }');
  });
});

describe('loadConfig', () => {
  it('uses the defaults without a file, and never scans the default baseline file', async () => {
    const dir = tree({});
    const config = await loadConfig(dir);
    expect({ ...config, exclude: [] }).toEqual({ ...DEFAULT_CONFIG, exclude: [] });
    expect(config.exclude).toEqual(['.secret-hygiene-baseline.json']);
  });

  it('excludes the config file itself, matched literally', async () => {
    const dir = tree({ 'ci/[odd] name.yml': 'fail-on: error\n' });
    const config = await loadConfig(dir, join(dir, 'ci/[odd] name.yml'));
    expect(config.failOn).toBe('error');
    const isExcluded = picomatch(config.exclude, { dot: true });
    expect(isExcluded('ci/[odd] name.yml')).toBe(true);
    expect(isExcluded('ci/o name.yml')).toBe(false);
  });

  it('does not exclude a config file outside the scanned directory', async () => {
    const outside = tree({ 'shared.yml': 'fail-on: note\n' });
    const dir = tree({});
    const config = await loadConfig(dir, join(outside, 'shared.yml'));
    expect(config.failOn).toBe('note');
    expect(config.exclude).toEqual(['.secret-hygiene-baseline.json']);
  });

  it('reads .yaml and .json at the root, and refuses two files at once', async () => {
    expect((await loadConfig(tree({ '.secret-hygiene.yaml': 'fail-on: note\n' }))).failOn).toBe('note');
    expect((await loadConfig(tree({ '.secret-hygiene.json': '{"fail-on": "error"}' }))).failOn).toBe('error');
    const both = tree({ '.secret-hygiene.yml': 'fail-on: note\n', '.secret-hygiene.json': '{}' });
    await expect(loadConfig(both)).rejects.toThrow(/2 configuration files in one directory; only one is read/);
  });

  it('names a --config file that does not exist', async () => {
    const dir = tree({});
    await expect(loadConfig(dir, join(dir, 'nope.yml'))).rejects.toThrow(/nope\.yml: 1 problem.*\n.*the configuration file does not exist/);
  });

  it('accepts a BOM and CRLF line endings', () => {
    expect(parseConfigText('x.yml', 'fail-on: note\r\nmin-secret-bytes: 48\r\n', 'yaml')).toMatchObject({ failOn: 'note', minSecretBytes: 48 });
  });
});

describe('the starter configuration', () => {
  it('is valid, names every key and every rule id, and holds the defaults', () => {
    const text = starterConfig(RULE_IDS);
    const config = parseConfigText('.secret-hygiene.yml', text, 'yaml');
    expect(config).toEqual({ ...DEFAULT_CONFIG });
    // A key that is off unless set (weak-values-file) is written commented out.
    for (const key of CONFIG_KEYS) expect(text).toMatch(new RegExp(`^(# )?${key}: `, 'm'));
    for (const id of RULE_IDS) expect(text).toContain(id);
  });

  it('each commented example is valid once uncommented', () => {
    const text = starterConfig(RULE_IDS);
    const uncommented = text
      .split('\n')
      .filter((l) => !/^[a-z-]+: /.test(l))
      .map((l) => (l.startsWith('#   ') ? l.slice(4) : l.startsWith('#') ? '' : l))
      .join('\n');
    expect(() => parseConfigText('.secret-hygiene.yml', uncommented, 'yaml')).not.toThrow();
  });
});

describe('configuration through the CLI', () => {
  const app = 'import os\nJWT_SECRET = os.getenv("JWT_SECRET", "old-default-secret")\n';

  it('a bad config exits 2 and lists every problem with the key, what is allowed and an example', async () => {
    const dir = tree({ 'config.py': app, '.secret-hygiene.yml': 'rulez: {}\nfail-on: sometimes\n' });
    const r = await cli(dir, ['scan', '.']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('.secret-hygiene.yml: 2 problems in the configuration');
    expect(r.stderr).toContain("rulez (line 1): unknown key; did you mean 'rules'?");
    expect(r.stderr).toContain('fail-on (line 2): must be one of error, warning, note, never');
    expect(r.stderr).toContain('Allowed:');
    expect(r.stderr).toContain('Example:');
  });

  it('applies rules, fail-on, exclude and secret-names; --fail-on overrides the file', async () => {
    const dir = tree({
      'config.py': app,
      'legacy/old.py': app,
      'acme.py': 'import os\nACME_TOKEN_KEY = os.getenv("ACME_TOKEN_KEY", "fallback-acme-value")\n',
      '.secret-hygiene.yml': 'rules:\n  hardcoded-default: note\nfail-on: warning\nexclude:\n  - "legacy/**"\nsecret-names: [ACME_TOKEN_KEY]\n',
    });
    const r = await cli(dir, ['scan', '.', '--format', 'json']);
    const j = JSON.parse(r.stdout) as { findings: { file: string; ruleId: string; severity: string }[] };
    expect(j.findings.map((f) => `${f.file} ${f.ruleId} ${f.severity}`)).toEqual(['acme.py hardcoded-default note', 'config.py hardcoded-default note']);
    expect(r.code).toBe(0);
    expect((await cli(dir, ['scan', '.', '--fail-on', 'note'])).code).toBe(1);
  });

  it('a rule set to off reports nothing', async () => {
    const dir = tree({ 'config.py': app, '.secret-hygiene.yml': 'rules:\n  hardcoded-default: off\n' });
    const r = await cli(dir, ['scan', '.']);
    expect(r.code).toBe(0);
  });

  it('never scans the config file or the baseline file', async () => {
    const dir = tree({ 'config.py': app, '.secret-hygiene.yml': 'fail-on: error\n', '.secret-hygiene-baseline.json': '{"version": 1, "entries": []}\n', 'accepted.json': '{"version": 1, "entries": []}\n' });
    const r = await cli(dir, ['scan', '.', '--format', 'json', '--baseline', 'accepted.json']);
    const j = JSON.parse(r.stdout) as { stats: { files: number } };
    expect(j.stats.files).toBe(1);
  });

  it('--config FILE is read relative to the working directory', async () => {
    const dir = tree({ 'config.py': app, 'ci/sh.yml': 'rules:\n  hardcoded-default: off\n' });
    expect((await cli(dir, ['scan', '.', '--config', 'ci/sh.yml'])).code).toBe(0);
    expect((await cli(dir, ['scan', '.', '--config', 'ci/missing.yml'])).code).toBe(2);
  });
});

describe('secret-hygiene init', () => {
  it('writes a starter config the scan accepts, and refuses to overwrite it without --force', async () => {
    const dir = tree({});
    const r = await cli(dir, ['init']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Wrote .secret-hygiene.yml');
    await expect(loadConfig(dir)).resolves.toMatchObject({ failOn: 'warning' });
    expect((await cli(dir, ['scan', '.'])).code).toBe(0);
    const again = await cli(dir, ['init']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('.secret-hygiene.yml exists');
    expect((await cli(dir, ['init', '--force'])).code).toBe(0);
  });

  it('refuses when a config of another name exists, even with --force', async () => {
    const dir = tree({ '.secret-hygiene.json': '{}' });
    const r = await cli(dir, ['init', '--force']);
    expect(r.code).toBe(2);
    expect(existsSync(join(dir, '.secret-hygiene.yml'))).toBe(false);
  });

  it('writes the pre-commit config and the workflow on request, and leaves an existing pre-commit config alone', async () => {
    const dir = tree({});
    const r = await cli(dir, ['init', '--pre-commit', '--workflow']);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, '.pre-commit-config.yaml'), 'utf8')).toContain('id: secret-hygiene');
    expect(readFileSync(join(dir, '.github/workflows/secret-hygiene.yml'), 'utf8')).toContain('secret-hygiene@v1');

    const other = tree({ '.pre-commit-config.yaml': 'repos: []\n' });
    const r2 = await cli(other, ['init', '--pre-commit']);
    expect(r2.code).toBe(0);
    expect(r2.stdout).toContain('id: secret-hygiene');
    expect(readFileSync(join(other, '.pre-commit-config.yaml'), 'utf8')).toBe('repos: []\n');
  });
});
