import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

import { decodeBase64Strictly, looksLikeKubernetes, parseKubernetes } from '../../src/parsers/kubernetes.js';
import { options, docOf, summary, applyEdits } from '../helpers/parser-cases.js';

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  template:
    spec:
      initContainers:
        - name: migrate
          env:
            - name: SECRET_KEY
              value: init-literal
      containers:
        - name: web
          env:
            - name: JWT_SECRET_KEY
              value: "super-secret-literal"
            - name: SECRET_KEY
              valueFrom:
                secretKeyRef:
                  name: api-secrets
                  key: secret-key
            - name: JWT_SECRET
              value: $(SECRET_KEY)
            - name: SESSION_SECRET
              value: "#{session-secret}#"
            - name: APP_KEY
              value: ""
            - name: LOG_LEVEL
              value: debug
            - name: COOKIE_SECRET
              valueFrom:
                configMapKeyRef: {name: cfg, key: cookie}
`;

interface Case {
  name: string;
  text: string;
  path?: string;
  expected: Record<string, unknown>[];
}

const cases: Case[] = [
  {
    name: 'Deployment: literal, secretKeyRef, $(OTHER), pipeline token, empty, configMapKeyRef',
    text: deployment,
    expected: [
      { key: 'SECRET_KEY', origin: 'literal', value: 'init-literal', line: 13, context: { kubernetes: { kind: 'Deployment', name: 'api', namespace: 'shop', container: 'migrate' } } },
      { key: 'JWT_SECRET_KEY', origin: 'literal', value: 'super-secret-literal', spanText: 'super-secret-literal', line: 18, context: { kubernetes: { container: 'web' } } },
      { key: 'SECRET_KEY', origin: 'managed', line: 21 },
      { key: 'JWT_SECRET', origin: 'reference', referenceTo: 'SECRET_KEY', spanText: '$(SECRET_KEY)' },
      { key: 'SESSION_SECRET', origin: 'template' },
      { key: 'COOKIE_SECRET', origin: 'template' },
    ],
  },
  {
    name: 'CronJob, Pod and a custom resource with spec.template.spec, multi-document',
    text: `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: job
              env:
                - {name: JWT_SECRET, value: cron-literal}
---
apiVersion: v1
kind: Pod
metadata:
  name: one
spec:
  containers:
    - name: c
      env:
        - name: SECRET_KEY
          value: pod-literal
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: ro
spec:
  template:
    spec:
      containers:
        - name: c
          env:
            - name: JWT_SECRET
              value: $(JWT_SECRET_BASE)
`,
    expected: [
      { key: 'JWT_SECRET', origin: 'literal', value: 'cron-literal', line: 12, context: { kubernetes: { kind: 'CronJob', name: 'nightly' } } },
      { key: 'SECRET_KEY', origin: 'literal', value: 'pod-literal', line: 23, context: { kubernetes: { kind: 'Pod' } } },
      // `$(JWT_SECRET_BASE)` names another secret: a reference, not a template slot.
      { key: 'JWT_SECRET', origin: 'reference', context: { kubernetes: { kind: 'Rollout' } } },
    ],
  },
  {
    name: 'Secret data is base64-decoded strictly; stringData and ConfigMap data are literals',
    text: `apiVersion: v1
kind: Secret
metadata:
  name: app
data:
  jwt-secret-key: ${b64('decoded-jwt-secret')}
  SECRET_KEY: <base64-encoded-secret-key>
  session-secret: secret123
  app-key: ${Buffer.from([0xff, 0xfe, 0x00, 0x01]).toString('base64')}
  username: ${b64('admin')}
stringData:
  JWT_SECRET: "plain text"
  AUTH_SECRET: "{{ .Values.auth }}"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
data:
  SECRET_KEY: configmap-secret
`,
    expected: [
      { key: 'jwt-secret-key', keyId: 'JWT_SECRET_KEY', origin: 'literal', encoding: 'base64', value: 'decoded-jwt-secret', line: 6, spanText: b64('decoded-jwt-secret') },
      { key: 'SECRET_KEY', origin: 'template', line: 7 },
      { key: 'session-secret', keyId: 'SESSION_SECRET', origin: 'literal', value: 'secret123', line: 8 },
      { key: 'app-key', keyId: 'APP_KEY', origin: 'literal', value: '//4AAQ==', line: 9 },
      { key: 'JWT_SECRET', origin: 'literal', value: 'plain text', line: 12 },
      { key: 'AUTH_SECRET', origin: 'template' },
      { key: 'SECRET_KEY', origin: 'literal', value: 'configmap-secret', line: 20, context: { kubernetes: { kind: 'ConfigMap', name: 'cfg' } } },
    ],
  },
  {
    name: 'a List of objects',
    text: `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Secret
    metadata: {name: s}
    stringData:
      JWT_SECRET: in-a-list
`,
    expected: [{ key: 'JWT_SECRET', origin: 'literal', value: 'in-a-list', line: 8, context: { kubernetes: { kind: 'Secret', name: 's' } } }],
  },
  {
    name: 'kustomize secretGenerator and configMapGenerator literals',
    path: 'overlays/prod/kustomization.yaml',
    text: `resources:
  - ../../base
secretGenerator:
  - name: api-secrets
    literals:
      - JWT_SECRET=kustomize-literal
      - "SECRET_KEY='quoted value'"
      - USER=admin
configMapGenerator:
  - name: cfg
    literals: [SESSION_SECRET=in-configmap]
`,
    expected: [
      { key: 'JWT_SECRET', origin: 'literal', value: 'kustomize-literal', spanText: 'kustomize-literal', line: 6, context: { environment: 'prod', kubernetes: { kind: 'Secret', name: 'api-secrets' } } },
      { key: 'SECRET_KEY', origin: 'literal', value: 'quoted value', spanText: 'quoted value', line: 7 },
      { key: 'SESSION_SECRET', origin: 'literal', value: 'in-configmap', line: 11, context: { kubernetes: { kind: 'ConfigMap' } } },
    ],
  },
  {
    name: 'env entries merged from an anchor point at the anchor',
    text: `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: a
      env:
        - &jwt
          name: JWT_SECRET
          value: anchored
    - name: b
      env:
        - *jwt
`,
    expected: [{ key: 'JWT_SECRET', value: 'anchored', line: 11, context: { kubernetes: { container: 'a' } } }],
  },
];

function podWith(envBlock: string, eol = '\n', name = 'api'): string {
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  containers:',
    '    - name: web',
    ...envBlock.split('\n'),
    '',
  ].join(eol);
}

describe('parseKubernetes', () => {
  for (const c of cases) {
    it(c.name, () => {
      const result = parseKubernetes(docOf(c.path ?? 'k8s/deployment.yaml', c.text), options);
      expect(result.problems).toEqual([]);
      expect(result.format).toBe('kubernetes');
      expect(result.assignments.map((a) => summary(c.text, a))).toMatchObject(c.expected);
    });
  }

  const layouts: { name: string; text: string }[] = [
    { name: 'block, value after name', text: podWith('      env:\n        - name: JWT_SECRET_KEY\n          value: "lit-value"  # note') },
    { name: 'block, value before name', text: podWith('      env:\n      - value: lit-value\n        name: JWT_SECRET_KEY') },
    { name: 'CRLF', text: podWith('      env:\n        - name: JWT_SECRET_KEY\n          value: lit-value', '\r\n') },
    { name: 'flow entry', text: podWith('      env:\n        - {name: JWT_SECRET_KEY, value: lit-value}') },
    { name: 'flow list', text: podWith("      env: [{name: JWT_SECRET_KEY, value: 'lit-value'}, {name: X, value: y}]") },
    { name: 'multi-line plain value', text: podWith('      env:\n        - name: JWT_SECRET_KEY\n          value: lit\n            value') },
    { name: 'second document', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n' + podWith('      env:\n        - name: JWT_SECRET_KEY\n          value: lit-value') + '---\nkind: x\n' },
    { name: 'block scalar value', text: podWith('      env:\n        - name: JWT_SECRET_KEY\n          value: |\n            lit-value\n          other: 1') },
  ];
  for (const layout of layouts) {
    it(`moves a literal env value to secretKeyRef (${layout.name}) and the file still parses`, () => {
      const doc = docOf('k8s/pod.yaml', layout.text);
      const [a] = parseKubernetes(doc, options).assignments;
      expect(a).toMatchObject({ key: 'JWT_SECRET_KEY', origin: 'literal' });
      const fix = a?.strictRead;
      expect(fix).toMatchObject({
        commands: ['kubectl create secret generic api-secrets --from-literal=jwt-secret-key=<generate with: secret-hygiene generate>'],
        removesCommittedValue: true,
      });
      const fixed = applyEdits(layout.text, fix?.edits ?? []);
      expect(fixed).not.toContain('lit-value');
      if (layout.text.includes('\r\n')) expect(fixed.replace(/\r\n/g, '')).not.toContain('\n');
      const stream = parseAllDocuments(fixed);
      const all = Array.isArray(stream) ? stream : [];
      expect(all.length).toBeGreaterThan(0);
      for (const d of all) expect(d.errors).toEqual([]);
      const parsed = all.find((d) => d.get('kind') === 'Pod');
      const env = (parsed?.toJS() as { spec: { containers: { env: Record<string, unknown>[] }[] } }).spec.containers[0]?.env[0];
      expect(env).toMatchObject({ name: 'JWT_SECRET_KEY', valueFrom: { secretKeyRef: { name: 'api-secrets', key: 'jwt-secret-key' } } });
      expect(env).not.toHaveProperty('value');
      const again = parseKubernetes(docOf('k8s/pod.yaml', fixed), options);
      expect(again.assignments).toMatchObject([{ key: 'JWT_SECRET_KEY', origin: 'managed' }]);
    });
  }

  it('names the namespace in the kubectl command', () => {
    const [a] = parseKubernetes(docOf('d.yaml', deployment), options).assignments;
    expect(a?.strictRead?.commands).toEqual([
      'kubectl create secret generic api-secrets --namespace shop --from-literal=secret-key=<generate with: secret-hygiene generate>',
    ]);
  });

  it('offers no edit where it cannot edit safely', () => {
    const noName = podWith('      env:\n        - name: JWT_SECRET\n          value: lit', '\n', '"{{ .Release.Name }}"');
    const aliased = podWith('      env:\n        - name: JWT_SECRET\n          value: &v lit\n        - name: SECRET_KEY\n          value: *v');
    const tagged = podWith('      env:\n        - name: JWT_SECRET\n          value: !!str lit');
    for (const text of [noName, aliased, tagged]) {
      const result = parseKubernetes(docOf('p.yaml', text), options);
      expect(result.assignments.length).toBeGreaterThan(0);
      for (const a of result.assignments) expect(a.strictRead).toBeUndefined();
    }
  });

  it('reports a broken document and keeps the others', () => {
    const text = 'apiVersion: v1\nkind: Secret\nstringData: {a: [\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  JWT_SECRET: kept\n';
    const result = parseKubernetes(docOf('s.yaml', text), options);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatch(/^YAML parse error at line \d+: /);
    expect(result.assignments).toMatchObject([{ key: 'JWT_SECRET', value: 'kept' }]);
  });

  it('survives hostile input', () => {
    const long = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - env:\n        - name: JWT_SECRET\n          value: ' + '$('.repeat(50_000) + '\n';
    expect(() => parseKubernetes(docOf('p.yaml', long), options)).not.toThrow();
    const data = 'apiVersion: v1\nkind: Secret\ndata:\n  JWT_SECRET: ' + 'A'.repeat(100_000) + '=\n';
    expect(() => parseKubernetes(docOf('s.yaml', data), options)).not.toThrow();
    expect(() => parseKubernetes(docOf('s.yaml', '[' + '{a: '.repeat(30_000)), options)).not.toThrow();
  });

  it('decodes base64 only when canonical and UTF-8', () => {
    expect(decodeBase64Strictly(b64('hello world'))).toBe('hello world');
    expect(decodeBase64Strictly('aGVsbG8gd29ybGQ')).toBeNull(); // missing padding
    expect(decodeBase64Strictly('aGVsbG9=')).toBeNull(); // non-canonical trailing bits
    expect(decodeBase64Strictly('<base64-encoded-secret-key>')).toBeNull();
    expect(decodeBase64Strictly('/w==')).toBeNull(); // 0xff is not UTF-8
    expect(decodeBase64Strictly('aGVs\n bG8=')).toBe('hello');
  });

  it('looks like Kubernetes by cheap line checks', () => {
    expect(looksLikeKubernetes('apiVersion: v1\nkind: Secret\n')).toBe(true);
    expect(looksLikeKubernetes('resources: []\nsecretGenerator:\n  - name: x\n')).toBe(true);
    expect(looksLikeKubernetes('spring:\n  kind: x\n')).toBe(false);
    expect(looksLikeKubernetes('a: 1\n  apiVersion: v1\n  kind: Pod\n')).toBe(false);
  });
});
