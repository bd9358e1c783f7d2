import { describe, expect, it } from 'vitest';
import { ciSystemOf, isCiPath, parseCi } from '../../src/parsers/ci.js';
import { options, docOf, summary } from '../helpers/parser-cases.js';

interface Case {
  name: string;
  path: string;
  text: string;
  expected: Record<string, unknown>[];
}

const github = `name: ci
on: [push]
env:
  JWT_SECRET: workflow-literal
  SECRET_KEY: \${{ secrets.SECRET_KEY }}
jobs:
  test:
    runs-on: ubuntu-latest
    env:
      SESSION_SECRET: \${{ secrets.SESSION_SECRET || 'dev-fallback' }}
      APP_KEY: \${{ vars.APP_KEY }}
    services:
      db:
        image: postgres
        env:
          SECRET_KEY_BASE: svc-literal
    steps:
      - uses: actions/checkout@v4
      - name: test
        env:
          JWT_SECRET_KEY: "step-literal"
          COOKIE_SECRET: \${{ secrets.COOKIE_SECRET }}
          DEBUG: "1"
        run: npm test
      - uses: some/action@v1
        with:
          jwt-secret: with-literal
          token: \${{ github.token }}
  deploy:
    uses: ./.github/workflows/deploy.yml
    secrets:
      JWT_SECRET: \${{ secrets.JWT_SECRET }}
`;

const cases: Case[] = [
  {
    name: 'GitHub: workflow, job, service, step env and with; secrets, vars and || defaults',
    path: '.github/workflows/ci.yml',
    text: github,
    expected: [
      { key: 'JWT_SECRET', origin: 'literal', value: 'workflow-literal', line: 4, context: { format: 'ci', ci: { system: 'github' } } },
      { key: 'SECRET_KEY', origin: 'managed', line: 5 },
      { key: 'SESSION_SECRET', origin: 'default', value: 'dev-fallback', spanText: 'dev-fallback', envName: 'SESSION_SECRET', line: 10, context: { ci: { system: 'github', job: 'test' } } },
      { key: 'APP_KEY', origin: 'template', line: 11 },
      { key: 'SECRET_KEY_BASE', origin: 'literal', value: 'svc-literal', line: 16 },
      { key: 'JWT_SECRET_KEY', origin: 'literal', value: 'step-literal', spanText: 'step-literal', line: 21 },
      { key: 'COOKIE_SECRET', origin: 'managed', line: 22 },
      { key: 'jwt-secret', keyId: 'JWT_SECRET', origin: 'literal', value: 'with-literal', line: 27 },
      { key: 'JWT_SECRET', origin: 'managed', line: 32, context: { ci: { job: 'deploy' } } },
    ],
  },
  {
    name: 'GitLab: global and job variables, {value, description}, $VAR and ${VAR}, expand: false',
    path: '.gitlab-ci.yml',
    text: `stages: [test]
variables:
  JWT_SECRET: gitlab-literal
  SECRET_KEY:
    value: described-literal
    description: "the app key"
test:
  stage: test
  variables:
    JWT_SECRET_KEY: $SECRET_KEY
    SESSION_SECRET: \${SESSION_SECRET}
    APP_KEY: "prefix-$CI_COMMIT_SHA"
    COOKIE_SECRET:
      value: $NOT_EXPANDED
      expand: false
  script: [make test]
.template:
  variables:
    AUTH_SECRET: "a$$b"
`,
    expected: [
      { key: 'JWT_SECRET', origin: 'literal', value: 'gitlab-literal', line: 3, context: { ci: { system: 'gitlab' } } },
      { key: 'SECRET_KEY', origin: 'literal', value: 'described-literal', spanText: 'described-literal', line: 5 },
      { key: 'JWT_SECRET_KEY', origin: 'reference', referenceTo: 'SECRET_KEY', spanText: '$SECRET_KEY', line: 10, context: { ci: { system: 'gitlab', job: 'test' } } },
      { key: 'SESSION_SECRET', origin: 'env', envName: 'SESSION_SECRET', line: 11 },
      { key: 'APP_KEY', origin: 'template', line: 12 },
      { key: 'COOKIE_SECRET', origin: 'literal', value: '$NOT_EXPANDED', line: 14 },
      { key: 'AUTH_SECRET', origin: 'literal', value: 'a$b', line: 19, context: { ci: { job: '.template' } } },
    ],
  },
  {
    name: 'Azure Pipelines: map and list variables, stage and job level, step env, macros',
    path: 'azure-pipelines.yml',
    text: `trigger: [main]
variables:
  JWT_SECRET: azure-literal
  SECRET_KEY: $(secretKey)
stages:
  - stage: build
    variables:
      - group: shared
      - name: SESSION_SECRET
        value: list-literal
      - name: APP_KEY
        value: $[variables.key]
    jobs:
      - job: unit
        variables:
          JWT_SECRET_KEY: "#{jwt-secret-key}#"
        steps:
          - script: make
            env:
              COOKIE_SECRET: step-env-literal
              AUTH_SECRET: $(authSecret)
`,
    expected: [
      { key: 'JWT_SECRET', origin: 'literal', value: 'azure-literal', line: 3, context: { ci: { system: 'other' } } },
      { key: 'SECRET_KEY', origin: 'template', line: 4 },
      { key: 'SESSION_SECRET', origin: 'literal', value: 'list-literal', line: 10, context: { ci: { job: 'build' } } },
      { key: 'APP_KEY', origin: 'template', line: 12 },
      { key: 'JWT_SECRET_KEY', origin: 'template', line: 16, context: { ci: { job: 'unit' } } },
      { key: 'COOKIE_SECRET', origin: 'literal', value: 'step-env-literal', line: 20 },
      { key: 'AUTH_SECRET', origin: 'template', line: 21 },
    ],
  },
  {
    name: 'an included GitLab file by folder; the environment from the name',
    path: '.gitlab/ci/deploy-prod.yml',
    text: 'deploy:\n  variables:\n    JWT_SECRET: "prod-ci-literal"\n',
    expected: [{ key: 'JWT_SECRET', value: 'prod-ci-literal', context: { environment: 'prod', ci: { system: 'gitlab', job: 'deploy' } } }],
  },
];

describe('parseCi', () => {
  for (const c of cases) {
    it(c.name, () => {
      const result = parseCi(docOf(c.path, c.text), options);
      expect(result.problems).toEqual([]);
      expect(result.format).toBe('ci');
      expect(result.assignments.map((a) => summary(c.text, a))).toMatchObject(c.expected);
    });
  }

  it('guesses the system from content when the path does not say', () => {
    const gh = parseCi(docOf('ci/build.yml', 'on: push\njobs:\n  a:\n    env:\n      JWT_SECRET: x1\n'), options);
    expect(gh.assignments).toMatchObject([{ context: { ci: { system: 'github', job: 'a' } } }]);
    const gl = parseCi(docOf('ci/build.yml', 'variables:\n  JWT_SECRET: x2\n'), options);
    expect(gl.assignments).toMatchObject([{ context: { ci: { system: 'gitlab' } } }]);
  });

  it('reports parse errors and survives hostile input', () => {
    const broken = parseCi(docOf('.gitlab-ci.yml', 'variables:\n  JWT_SECRET: "x\n'), options);
    expect(broken.problems[0]).toMatch(/^YAML parse error at line \d+: /);
    const long = "env:\n  JWT_SECRET: ${{ a || '" + "'".repeat(100_000) + '\n';
    expect(() => parseCi(docOf('.github/workflows/a.yml', long), options)).not.toThrow();
    const long2 = 'env:\n  JWT_SECRET: "${{ ' + "|| ''".repeat(25_000) + ' }}"\n';
    expect(() => parseCi(docOf('.github/workflows/a.yml', long2), options)).not.toThrow();
    const dollars = 'variables:\n  JWT_SECRET: ' + '$a$'.repeat(30_000) + '\n';
    expect(() => parseCi(docOf('.gitlab-ci.yml', dollars), options)).not.toThrow();
  });

  it('recognises CI paths', () => {
    expect(ciSystemOf('.github/workflows/ci.yml')).toBe('github');
    expect(ciSystemOf('.github/workflows/release.yaml')).toBe('github');
    expect(ciSystemOf('.gitlab-ci.yml')).toBe('gitlab');
    expect(ciSystemOf('templates/docker.gitlab-ci.yml')).toBe('gitlab');
    expect(ciSystemOf('azure-pipelines.yml')).toBe('azure');
    expect(ciSystemOf('pipelines/azure-pipelines-release.yaml')).toBe('azure');
    expect(isCiPath('.github/dependabot.yml')).toBe(false);
    expect(isCiPath('.github/workflows/README.md')).toBe(false);
    expect(isCiPath('config/ci.yml')).toBe(false);
  });
});
