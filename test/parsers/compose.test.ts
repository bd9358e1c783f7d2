import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

import { isComposePath, parseCompose } from '../../src/parsers/compose.js';
import { options, docOf, summary, applyEdits } from '../helpers/parser-cases.js';

interface Case {
  name: string;
  text: string;
  path?: string;
  expected: Record<string, unknown>[];
}

const cases: Case[] = [
  {
    name: 'environment as a map: literal, non-secret key ignored',
    text: 'services:\n  api:\n    environment:\n      DEBUG: "1"\n      JWT_SECRET: abc123\n',
    expected: [{ key: 'JWT_SECRET', keyId: 'JWT_SECRET', origin: 'literal', value: 'abc123', line: 5, spanText: 'abc123', context: { service: 'api', format: 'compose' } }],
  },
  {
    name: 'environment as a list, plain and quoted',
    text: 'services:\n  api:\n    environment:\n      - JWT_SECRET=abc123\n      - "SECRET_KEY=q w e"\n      - PORT=80\n',
    expected: [
      { key: 'JWT_SECRET', origin: 'literal', value: 'abc123', line: 4, spanText: 'abc123' },
      { key: 'SECRET_KEY', origin: 'literal', value: 'q w e', line: 5, spanText: 'q w e' },
    ],
  },
  {
    name: 'the seed: ${K:-literal} is a default',
    text: 'services:\n  api:\n    environment:\n      JWT_SECRET_KEY: ${JWT_SECRET_KEY:-your-secret-key-change-this-in-production}\n',
    expected: [
      {
        key: 'JWT_SECRET_KEY',
        origin: 'default',
        envName: 'JWT_SECRET_KEY',
        value: 'your-secret-key-change-this-in-production',
        spanText: 'your-secret-key-change-this-in-production',
        line: 4,
      },
    ],
  },
  {
    name: '${K-literal} (no colon) is a default too',
    text: 'services:\n  api:\n    environment:\n      - JWT_SECRET=${JWT_SECRET-devsecret}\n',
    expected: [{ origin: 'default', value: 'devsecret', spanText: 'devsecret', line: 4 }],
  },
  {
    name: 'strict reads: ${K}, $K, ${K:?err}, ${K:-} and pass-through',
    text:
      'services:\n  api:\n    environment:\n      JWT_SECRET: ${JWT_SECRET}\n      SECRET_KEY: $SECRET_KEY\n' +
      '      SESSION_SECRET: ${SESSION_SECRET:?set it}\n      APP_KEY: ${APP_KEY:-}\n      COOKIE_SECRET:\n',
    expected: [
      { key: 'JWT_SECRET', origin: 'env', envName: 'JWT_SECRET', spanText: '${JWT_SECRET}' },
      { key: 'SECRET_KEY', origin: 'env', envName: 'SECRET_KEY', spanText: '$SECRET_KEY' },
      { key: 'SESSION_SECRET', origin: 'env', spanText: '${SESSION_SECRET:?set it}' },
      { key: 'APP_KEY', origin: 'env' },
      { key: 'COOKIE_SECRET', origin: 'env', spanText: 'COOKIE_SECRET' },
    ],
  },
  {
    name: 'a different variable: secret-named is a reference, other names are env reads',
    text: 'services:\n  api:\n    environment:\n      JWT_SECRET_KEY: ${SECRET_KEY}\n      JWT_SECRET: ${MY_TOKEN}\n',
    expected: [
      { key: 'JWT_SECRET_KEY', origin: 'reference', referenceTo: 'SECRET_KEY', spanText: '${SECRET_KEY}' },
      { key: 'JWT_SECRET', origin: 'env', envName: 'MY_TOKEN' },
    ],
  },
  {
    name: '${K:-${OTHER}} is a fallback',
    text: 'services:\n  api:\n    environment:\n      - JWT_SECRET_KEY=${JWT_SECRET_KEY:-${SECRET_KEY}}\n',
    expected: [{ origin: 'fallback', envName: 'JWT_SECRET_KEY', referenceTo: 'SECRET_KEY', line: 4 }],
  },
  {
    name: '$$ is a literal dollar',
    text: 'services:\n  api:\n    environment:\n      JWT_SECRET: "ab$$cd"\n',
    expected: [{ origin: 'literal', value: 'ab$cd', spanText: 'ab$$cd' }],
  },
  {
    name: 'double-quoted escapes are decoded',
    text: 'services:\n  api:\n    environment:\n      JWT_SECRET: "ab\\tcd"\n',
    expected: [{ origin: 'literal', value: 'ab\tcd', line: 4 }],
  },
  {
    name: 'templates and pipeline tokens are not literals',
    text: 'services:\n  api:\n    environment:\n      JWT_SECRET: "#{jwt-secret}#"\n      SECRET_KEY: "{{ secret }}"\n      APP_KEY: ""\n',
    expected: [
      { key: 'JWT_SECRET', origin: 'template' },
      { key: 'SECRET_KEY', origin: 'template' },
    ],
  },
  {
    name: 'x- block merged with <<: points at the anchored literal, once',
    text:
      'x-common-env: &common-env\n  JWT_SECRET: shared-literal\n  LOG_LEVEL: info\n' +
      'services:\n  api:\n    environment:\n      <<: *common-env\n      PORT: "80"\n' +
      '  worker:\n    environment:\n      <<: *common-env\n',
    expected: [{ key: 'JWT_SECRET', origin: 'literal', value: 'shared-literal', line: 2, context: { service: 'api' } }],
  },
  {
    name: '<<: [*a, *b]: own keys win, then the earlier map',
    text:
      'x-a: &a\n  JWT_SECRET: from-a\nx-b: &b\n  JWT_SECRET: from-b\n  SECRET_KEY: only-b\n' +
      'services:\n  api:\n    environment:\n      <<: [*a, *b]\n  own:\n    environment:\n      <<: [*a, *b]\n      JWT_SECRET: own\n',
    expected: [
      { key: 'JWT_SECRET', value: 'from-a', line: 2 },
      { key: 'SECRET_KEY', value: 'only-b', line: 5 },
      { key: 'JWT_SECRET', value: 'own', line: 13, context: { service: 'own' } },
    ],
  },
  {
    name: 'a whole service merged from a template, environment aliased',
    text:
      'x-svc: &svc\n  image: app\n  environment: &env\n    SECRET_KEY: templ\nservices:\n  api:\n    <<: *svc\n  worker:\n    environment: *env\n',
    expected: [{ key: 'SECRET_KEY', value: 'templ', line: 4, context: { service: 'api' } }],
  },
  {
    name: 'CRLF line endings keep offsets right',
    text: 'services:\r\n  api:\r\n    environment:\r\n      JWT_SECRET: ${JWT_SECRET:-abc}\r\n      SECRET_KEY: "lit"\r\n',
    expected: [
      { origin: 'default', value: 'abc', spanText: 'abc', line: 4 },
      { origin: 'literal', value: 'lit', spanText: 'lit', line: 5 },
    ],
  },
  {
    name: 'text mixed with another secret is a reference',
    text: 'services:\n  api:\n    environment:\n      JWT_SECRET: "pre-${SECRET_KEY}"\n      SESSION_SECRET: "a${HOST}b"\n',
    expected: [
      { key: 'JWT_SECRET', origin: 'reference', referenceTo: 'SECRET_KEY', spanText: '${SECRET_KEY}' },
      { key: 'SESSION_SECRET', origin: 'template' },
    ],
  },
];

describe('parseCompose', () => {
  for (const c of cases) {
    it(c.name, () => {
      const result = parseCompose(docOf(c.path ?? 'docker-compose.yml', c.text), options);
      expect(result.problems).toEqual([]);
      expect(result.format).toBe('compose');
      expect(result.assignments.map((a) => summary(c.text, a))).toMatchObject(c.expected);
    });
  }

  it('offers ${K:?K must be set} for a default, and the result still parses', () => {
    for (const text of [
      'services:\n  api:\n    environment:\n      JWT_SECRET_KEY: ${JWT_SECRET_KEY:-your-secret-key-change-this-in-production}\n',
      'services:\n  api:\n    environment:\n      - JWT_SECRET_KEY=${JWT_SECRET_KEY:-abc}\n',
      'services:\n  api:\n    environment:\n      - "JWT_SECRET_KEY=${JWT_SECRET_KEY-abc}"\n',
      "services:\r\n  api:\r\n    environment: {JWT_SECRET_KEY: '${JWT_SECRET_KEY:-abc}'}\r\n",
    ]) {
      const [a] = parseCompose(docOf('docker-compose.yml', text), options).assignments;
      expect(a?.strictRead).toMatchObject({
        description: 'Require JWT_SECRET_KEY from the environment instead of defaulting to a literal',
        removesCommittedValue: true,
      });
      expect(a?.strictRead?.edits).toHaveLength(1);
      const fixed = applyEdits(text, a?.strictRead?.edits ?? []);
      expect(fixed).toContain('${JWT_SECRET_KEY:?JWT_SECRET_KEY must be set}');
      expect(fixed.includes('\r\n')).toBe(text.includes('\r\n'));
      const docs = parseAllDocuments(fixed);
      expect(Array.isArray(docs) && docs.every((d) => d.errors.length === 0)).toBe(true);
      const again = parseCompose(docOf('docker-compose.yml', fixed), options);
      expect(again.assignments).toMatchObject([{ origin: 'env', envName: 'JWT_SECRET_KEY' }]);
    }
  });

  it('offers no edit when the value holds escapes that move offsets', () => {
    const text = 'services:\n  api:\n    environment:\n      JWT_SECRET: "\\u0024{JWT_SECRET:-abc}"\n';
    const [a] = parseCompose(docOf('docker-compose.yml', text), options).assignments;
    expect(a).toMatchObject({ origin: 'default', value: 'abc' });
    expect(a?.strictRead).toBeUndefined();
  });

  it('reports a broken document and keeps the others', () => {
    const text = 'services:\n  a: [\n---\nservices:\n  api:\n    environment:\n      JWT_SECRET: lit\n';
    const result = parseCompose(docOf('docker-compose.yml', text), options);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatch(/^YAML parse error at line \d+: /);
    expect(result.assignments).toMatchObject([{ key: 'JWT_SECRET', value: 'lit' }]);
  });

  it('stops at the alias budget on a billion-laughs file', () => {
    // Each level merges ten aliases of the level below: walking level l would visit 10^11 maps.
    const lines = ['a: &a {k0: x, k1: x, k2: x, k3: x, k4: x}'];
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(97 + i - 1);
      const cur = String.fromCharCode(97 + i);
      lines.push(`${cur}: &${cur} {<<: [${Array(10).fill('*' + prev).join(', ')}]}`);
    }
    lines.push('services:', '  api:', '    environment:', '      <<: *l', '      JWT_SECRET: lit');
    const result = parseCompose(docOf('docker-compose.yml', lines.join('\n')), { ...options, maxYamlAliasNodes: 10_000 });
    expect(result.problems.some((p) => /aliases/.test(p))).toBe(true);
    expect(result.problems.join(' ')).not.toMatch(/raise|maxYaml/);
  });

  it('admits a compose file that merges one anchored environment block into 145 services', () => {
    const env = Array.from({ length: 25 }, (_, i) => `  SETTING_${i}: "v${i}"`);
    const lines = ['x-env: &env', ...env, '  JWT_SECRET: lit', 'services:'];
    for (let i = 0; i < 145; i++) lines.push(`  svc${i}:`, '    image: app', '    environment:', '      <<: *env', `      SERVICE_NAME: svc${i}`);
    const result = parseCompose(docOf('docker-compose.yml', lines.join('\n')), options);
    expect(result.problems).toEqual([]);
    expect(result.assignments.filter((a) => a.key === 'JWT_SECRET').length).toBeGreaterThan(0);
  });

  it('stops at the alias budget on merge-key cycles', () => {
    const text = 'x: &x\n  <<: *x\nservices:\n  api:\n    environment:\n      <<: *x\n      JWT_SECRET: lit\n';
    const result = parseCompose(docOf('docker-compose.yml', text), options);
    expect(result.assignments).toMatchObject([{ key: 'JWT_SECRET' }]);
  });

  it('survives hostile input', () => {
    const long = 'services:\n  api:\n    environment:\n      JWT_SECRET: ' + '${'.repeat(50_000) + '\n';
    expect(() => parseCompose(docOf('docker-compose.yml', long), options)).not.toThrow();
    const dollars = 'services:\n  api:\n    environment:\n      - JWT_SECRET=' + '$$a:-'.repeat(20_000) + '\n';
    expect(() => parseCompose(docOf('docker-compose.yml', dollars), options)).not.toThrow();
    const deep = 'services: ' + '['.repeat(100_000);
    expect(parseCompose(docOf('docker-compose.yml', deep), options).problems.length).toBeGreaterThan(0);
    expect(parseCompose(docOf('docker-compose.yml', ''), options)).toMatchObject({ assignments: [], problems: [] });
    expect(parseCompose(docOf('docker-compose.yml', 'just a string'), options).assignments).toEqual([]);
  });

  it('recognises compose paths', () => {
    for (const p of ['docker-compose.yml', 'deploy/docker-compose.prod.yaml', 'compose.yaml', 'compose-dev.yml', 'docker-compose.override.yml']) {
      expect(isComposePath(p)).toBe(true);
    }
    for (const p of ['compose.json', 'my-compose.yml', 'docker-compose.yml.bak']) expect(isComposePath(p)).toBe(false);
  });
});
