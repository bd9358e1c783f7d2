import { describe, expect, it } from 'vitest';
import {
  isHelmTemplatePath,
  isHelmValuesPath,
  isKustomizationPath,
  parseHelmTemplate,
  parseHelmValues,
  parseKustomization,
} from '../../src/parsers/helm.js';
import { options, docOf, summary } from '../helpers/parser-cases.js';

interface Case {
  name: string;
  path: string;
  text: string;
  expected: Record<string, unknown>[];
  problems?: number;
}

const valueCases: Case[] = [
  {
    name: 'nested keys joined with dots; environment from the file name',
    path: 'charts/api/values-prod.yaml',
    text: 'replicaCount: 2\nauth:\n  jwtSecret: prod-jwt-literal\n  sessionSecret: ""\ndjango:\n  secretKey: "{{ .Values.global.key }}"\n',
    expected: [
      { key: 'auth.jwtSecret', keyId: 'AUTH_JWT_SECRET', origin: 'literal', value: 'prod-jwt-literal', line: 3, spanText: 'prod-jwt-literal', context: { format: 'helm', environment: 'prod', isExample: false } },
      { key: 'django.secretKey', keyId: 'DJANGO_SECRET_KEY', origin: 'template', line: 6 },
    ],
  },
  {
    name: 'env lists of {name, value} pass through to containers',
    path: 'values.yaml',
    text: 'extraEnv:\n  - name: JWT_SECRET_KEY\n    value: "from-values"\n  - name: SECRET_KEY\n    value: "#{secret-key}#"\n  - name: PORT\n    value: "80"\n',
    expected: [
      { key: 'JWT_SECRET_KEY', origin: 'literal', value: 'from-values', line: 3 },
      { key: 'SECRET_KEY', origin: 'template', line: 5 },
    ],
  },
  {
    name: 'staging values by dotted name; anchors followed; numbers read as written',
    path: 'deploy/values.staging.yml',
    text: 'defaults: &d\n  secret: 0123\napp: *d\nsecret: 00042\n',
    expected: [
      { key: 'defaults.secret', keyId: 'DEFAULTS_SECRET', origin: 'literal', value: '0123', line: 2, context: { environment: 'staging' } },
      { key: 'app.secret', keyId: 'APP_SECRET', origin: 'literal', value: '0123', line: 2, context: { environment: 'staging' } },
      { key: 'secret', keyId: 'SECRET', origin: 'literal', value: '00042', line: 4 },
    ],
  },
  {
    name: 'a parse error is a problem, not a crash',
    path: 'values.yaml',
    text: 'auth:\n  jwtSecret: [unclosed\n',
    expected: [],
    problems: 1,
  },
];

const templateCases: Case[] = [
  {
    name: 'env entries in a chart template: template, literal, secretKeyRef',
    path: 'charts/api/templates/deployment.yaml',
    text: [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: {{ include "api.fullname" . }}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: {{ .Chart.Name }}',
      '          env:',
      '            - name: JWT_SECRET_KEY',
      '              value: {{ .Values.auth.jwtSecret | quote }}',
      '            - name: SECRET_KEY',
      '              {{- if .Values.debug }}',
      '              # a comment',
      '              value: "hard-coded-in-template"  # note',
      '              {{- end }}',
      '            - name: "SESSION_SECRET"',
      '              valueFrom:',
      '                secretKeyRef:',
      '                  name: {{ .Release.Name }}',
      '                  key: session',
      "            - name: 'APP_KEY'",
      "              value: 'it''s plain'",
      '            - name: COOKIE_SECRET',
      '            - name: AUTH_SECRET',
      '              value: |',
      '                block',
      '            - name: {{ .Values.dynamicName }}',
      '              value: x',
      '',
    ].join('\n'),
    expected: [
      { key: 'JWT_SECRET_KEY', origin: 'template', line: 12 },
      { key: 'SECRET_KEY', origin: 'literal', value: 'hard-coded-in-template', spanText: 'hard-coded-in-template', line: 16 },
      { key: 'SESSION_SECRET', origin: 'managed', line: 19 },
      { key: 'APP_KEY', origin: 'literal', value: "it's plain", line: 24 },
    ],
  },
  {
    name: 'CRLF template',
    path: 'templates/job.yaml',
    text: 'env:\r\n  - name: JWT_SECRET\r\n    value: crlf-literal\r\n',
    expected: [{ key: 'JWT_SECRET', origin: 'literal', value: 'crlf-literal', spanText: 'crlf-literal', line: 3 }],
  },
];

describe('parseHelmValues', () => {
  for (const c of valueCases) {
    it(c.name, () => {
      const result = parseHelmValues(docOf(c.path, c.text), options);
      expect(result.format).toBe('helm');
      expect(result.problems).toHaveLength(c.problems ?? 0);
      if (c.problems) expect(result.problems[0]).toMatch(/^YAML parse error at line \d+: /);
      expect(result.assignments.map((a) => summary(c.text, a))).toMatchObject(c.expected);
    });
  }

  it('recognises values files', () => {
    for (const p of ['values.yaml', 'charts/x/values-prod.yaml', 'values.staging.yml']) expect(isHelmValuesPath(p)).toBe(true);
    for (const p of ['myvalues.yaml', 'values.json', 'values.schema.json']) expect(isHelmValuesPath(p)).toBe(false);
  });
});

describe('parseHelmTemplate', () => {
  for (const c of templateCases) {
    it(c.name, () => {
      const result = parseHelmTemplate(docOf(c.path, c.text), options);
      expect(result.problems).toEqual([]);
      expect(result.assignments.map((a) => summary(c.text, a))).toMatchObject(c.expected);
    });
  }

  it('never reports parse errors and survives hostile lines', () => {
    const hostile = '- name: JWT_SECRET\n  value: "' + '\\'.repeat(100_000) + '\n- name: ' + ' '.repeat(100_000) + '#\n' + '  - name: SECRET_KEY\n    value: ' + ' #'.repeat(50_000);
    const result = parseHelmTemplate(docOf('templates/x.yaml', hostile), options);
    expect(result.problems).toEqual([]);
    expect(parseHelmTemplate(docOf('templates/x.yaml', '{{ if }}: [\n'), options).problems).toEqual([]);
  });

  it('recognises template paths', () => {
    expect(isHelmTemplatePath('charts/api/templates/deployment.yaml')).toBe(true);
    expect(isHelmTemplatePath('templates/_helpers.tpl')).toBe(true);
    expect(isHelmTemplatePath('charts/api/values.yaml')).toBe(false);
  });
});

describe('parseKustomization', () => {
  it('reads generator literals of an overlay, environment from the path', () => {
    const text = 'secretGenerator:\n  - name: api\n    literals:\n      - JWT_SECRET=overlay-literal\n';
    const result = parseKustomization(docOf('k8s/overlays/staging/kustomization.yaml', text), options);
    expect(result.assignments.map((a) => summary(text, a))).toMatchObject([
      { key: 'JWT_SECRET', origin: 'literal', value: 'overlay-literal', line: 4, context: { environment: 'staging', kubernetes: { kind: 'Secret', name: 'api' } } },
    ]);
    expect(isKustomizationPath('k8s/overlays/staging/kustomization.yaml')).toBe(true);
    expect(isKustomizationPath('kustomization.json')).toBe(false);
  });
});
