import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

import { parseYamlConfig } from '../../src/parsers/yaml-config.js';
import { options, docOf, summary, applyEdits } from '../helpers/parser-cases.js';

interface Case {
  name: string;
  text: string;
  path?: string;
  expected: Record<string, unknown>[];
}

const cases: Case[] = [
  {
    name: 'Spring ${K:default} is a default; ${K} an env read',
    text: 'server:\n  port: 8080\njwt:\n  secret: ${JWT_SECRET:mySecretKey123}\nsession:\n  secret: ${SESSION_SECRET}\n',
    expected: [
      { key: 'jwt.secret', keyId: 'JWT_SECRET', origin: 'default', envName: 'JWT_SECRET', value: 'mySecretKey123', spanText: 'mySecretKey123', line: 4, context: { format: 'yaml' } },
      { key: 'session.secret', keyId: 'SESSION_SECRET', origin: 'env', envName: 'SESSION_SECRET', spanText: '${SESSION_SECRET}', line: 6 },
    ],
  },
  {
    name: 'a property bound to a key of another role is a reference; same role is an env read',
    text: 'app:\n  jwt:\n    secret: ${SECRET_KEY}\n    signing-key: ${JWT_SECRET}\n',
    expected: [
      { key: 'app.jwt.secret', keyId: 'APP_JWT_SECRET', origin: 'reference', referenceTo: 'SECRET_KEY', line: 3 },
      { key: 'app.jwt.signing-key', keyId: 'APP_JWT_SIGNING_KEY', origin: 'env', envName: 'JWT_SECRET', line: 4 },
    ],
  },
  {
    name: 'a default that is another placeholder is a fallback; an empty default reads the environment',
    text: 'jwt:\n  secret: "${JWT_SECRET:${app.secret}}"\n  key: ${JWT_KEY:}\n',
    expected: [
      { key: 'jwt.secret', origin: 'fallback', envName: 'JWT_SECRET', referenceTo: 'APP_SECRET', line: 2 },
      { key: 'jwt.key', keyId: 'JWT_KEY', origin: 'env' },
    ],
  },
  {
    name: 'shell-style defaults and strict reads',
    text: 'jwt:\n  secret: ${JWT_SECRET:-shell-default}\n  key: ${JWT_KEY:?required}\nsecret_key: $SECRET_KEY\n',
    expected: [
      { key: 'jwt.secret', origin: 'default', value: 'shell-default', spanText: 'shell-default', line: 2 },
      { key: 'jwt.key', origin: 'env', envName: 'JWT_KEY' },
      { key: 'secret_key', origin: 'env', envName: 'SECRET_KEY' },
    ],
  },
  {
    name: 'literals, flat dotted keys, mixed text, templates, empty values',
    text: 'security.jwt.secret-key: plain-literal\nspring:\n  session:\n    secret: "pre-${X}"\napp:\n  secret: "{{ vault }}"\n  secret-key: ""\n  secret_key_base:\n',
    expected: [
      { key: 'security.jwt.secret-key', keyId: 'SECURITY_JWT_SECRET_KEY', origin: 'literal', value: 'plain-literal', line: 1 },
      { key: 'spring.session.secret', origin: 'template' },
      { key: 'app.secret', origin: 'template' },
    ],
  },
  {
    name: 'a profile document takes its environment from the profile',
    path: 'src/main/resources/application.yml',
    text: 'jwt:\n  secret: base\n---\nspring:\n  config:\n    activate:\n      on-profile: prod\njwt:\n  secret: prod-literal\n',
    expected: [
      { value: 'base', line: 2, context: { format: 'yaml', isExample: false } },
      { value: 'prod-literal', line: 9, context: { environment: 'prod' } },
    ],
  },
  {
    name: 'CRLF offsets',
    text: 'jwt:\r\n  secret: ${JWT_SECRET:crlf-default}\r\n',
    expected: [{ origin: 'default', value: 'crlf-default', spanText: 'crlf-default', line: 2 }],
  },
];

describe('parseYamlConfig', () => {
  for (const c of cases) {
    it(c.name, () => {
      const result = parseYamlConfig(docOf(c.path ?? 'config/application.yml', c.text), options);
      expect(result.problems).toEqual([]);
      expect(result.format).toBe('yaml');
      expect(result.assignments.map((a) => summary(c.text, a))).toMatchObject(c.expected);
    });
  }

  it('offers ${K} for a Spring default, and the result still parses', () => {
    for (const text of [
      'jwt:\n  secret: ${JWT_SECRET:mySecretKey123}\n',
      "jwt:\r\n  secret: '${JWT_SECRET:a:b}'\r\n",
      'jwt: {secret: "${ JWT_SECRET :x}"}\n',
    ]) {
      const [a] = parseYamlConfig(docOf('application.yml', text), options).assignments;
      expect(a?.strictRead).toMatchObject({ description: 'Require JWT_SECRET from the environment instead of defaulting to a literal', removesCommittedValue: true });
      const fixed = applyEdits(text, a?.strictRead?.edits ?? []);
      expect(fixed).toContain('${JWT_SECRET}');
      const docs = parseAllDocuments(fixed);
      expect(Array.isArray(docs) && docs.every((d) => d.errors.length === 0)).toBe(true);
      expect(parseYamlConfig(docOf('application.yml', fixed), options).assignments).toMatchObject([{ origin: 'env', envName: 'JWT_SECRET' }]);
    }
  });

  it('has no edit for a shell-style default', () => {
    const [a] = parseYamlConfig(docOf('a.yml', 'jwt:\n  secret: ${JWT_SECRET:-x}\n'), options).assignments;
    expect(a?.strictRead).toBeUndefined();
  });

  it('reports parse errors and survives hostile input', () => {
    const broken = parseYamlConfig(docOf('a.yml', 'jwt:\n  secret: "unterminated\n'), options);
    expect(broken.problems).toHaveLength(1);
    expect(broken.problems[0]).toMatch(/^YAML parse error at line \d+: /);
    const long = 'jwt:\n  secret: ' + '${a:'.repeat(25_000) + '\n';
    expect(() => parseYamlConfig(docOf('a.yml', long), options)).not.toThrow();
    const deep = Array.from({ length: 200 }, (_, i) => ' '.repeat(i * 2) + 'k' + i + ':').join('\n') + ' secret';
    const result = parseYamlConfig(docOf('a.yml', deep), options);
    expect(result.problems.some((p) => /nests deeper/.test(p))).toBe(true);
  });
});
