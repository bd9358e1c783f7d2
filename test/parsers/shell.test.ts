import { describe, expect, it } from 'vitest';
import { parseCi } from '../../src/parsers/ci.js';
import { parseJenkinsfile } from '../../src/parsers/jenkins.js';
import { isShellScript, parseMakefile, parseMarkdown, parseShellScript } from '../../src/parsers/scripts.js';
import { parserFor } from '../../src/parsers/index.js';
import type { Parser } from '../../src/parsers/parser.js';
import { docOf, options, summary } from '../helpers/parser-cases.js';

function found(parser: Parser, path: string, text: string): Record<string, unknown>[] {
  return parser(docOf(path, text), options).assignments.map((a) => {
    const s = summary(text, a);
    return { key: s.key, origin: s.origin, value: s.value, line: s.line, spanText: s.spanText, role: a.context.role };
  });
}

const HD = 'EOF';

describe('shell scripts', () => {
  const script = [
    '#!/usr/bin/env bash',
    'source venv/bin/activate',
    'export DB_PASSWORD=""',
    'export SECRET_KEY=testkey',
    "export JWT_SECRET_KEY='this-is-secret' DEBUG=1",
    'SESSION_SECRET="plain-session" node app.js',
    'declare -x APP_SECRET="declared-value"',
    'docker run --rm -e JWT_SECRET=docker-secret --env COOKIE_SECRET=cookie-value -e DEBUG=1 img',
    'podman run --env=SECRET_KEY_BASE=podman-value img',
    'docker build --build-arg JWT_SECRET="build-arg-value" .',
    'kubectl create secret generic api-secrets \\',
    '  --from-literal=secret-key=k8s-literal \\',
    '  --from-literal db-password=not-a-signing-key',
    'echo "SECRET_KEY=echoed-value" >> .env',
    "printf 'JWT_SECRET=printed-value\\n' > .env",
    'echo "JWT_SECRET=piped-value" | tee -a .env',
    `cat > .env <<${HD}`,
    'JWT_SECRET=heredoc-value',
    'PORT=3000',
    HD,
    'heroku config:set SESSION_SECRET=heroku-value -a app',
    'gh secret set JWT_SECRET --body gh-value',
    '',
  ].join('\n');

  it('finds every form, on its line, with the value as the shell reads it', () => {
    expect(found(parseShellScript, 'scripts/test.sh', script)).toEqual([
      expect.objectContaining({ key: 'SECRET_KEY', origin: 'literal', value: 'testkey', line: 4 }),
      expect.objectContaining({ key: 'JWT_SECRET_KEY', value: 'this-is-secret', spanText: 'this-is-secret', line: 5 }),
      expect.objectContaining({ key: 'SESSION_SECRET', value: 'plain-session', line: 6 }),
      expect.objectContaining({ key: 'APP_SECRET', value: 'declared-value', line: 7 }),
      expect.objectContaining({ key: 'JWT_SECRET', value: 'docker-secret', line: 8 }),
      expect.objectContaining({ key: 'COOKIE_SECRET', value: 'cookie-value', line: 8 }),
      expect.objectContaining({ key: 'SECRET_KEY_BASE', value: 'podman-value', line: 9 }),
      expect.objectContaining({ key: 'JWT_SECRET', value: 'build-arg-value', spanText: 'build-arg-value', line: 10 }),
      expect.objectContaining({ key: 'secret-key', value: 'k8s-literal', line: 12 }),
      expect.objectContaining({ key: 'SECRET_KEY', value: 'echoed-value', line: 14 }),
      expect.objectContaining({ key: 'JWT_SECRET', value: 'printed-value', line: 15 }),
      expect.objectContaining({ key: 'JWT_SECRET', value: 'piped-value', line: 16 }),
      expect.objectContaining({ key: 'JWT_SECRET', value: 'heredoc-value', line: 18 }),
      expect.objectContaining({ key: 'SESSION_SECRET', value: 'heroku-value', line: 21 }),
      expect.objectContaining({ key: 'JWT_SECRET', value: 'gh-value', line: 22 }),
    ]);
  });

  it('leaves values made at run time, read from elsewhere, or only printed, alone (near misses)', () => {
    const text = [
      '#!/bin/sh',
      'export SECRET_KEY=$(openssl rand -hex 32)',
      'export JWT_SECRET=`head -c 32 /dev/urandom | base64`',
      'export SECRET_KEY=$1',
      'export JWT_SECRET="$JWT_SECRET_FROM_VAULT"',
      'export SESSION_SECRET=${SESSION_SECRET:?must be set}',
      'echo "JWT_SECRET=still-to-the-terminal"',
      'docker run -e JWT_SECRET img',
      '# export JWT_SECRET=commented-out',
      `cat <<${HD}`,
      'JWT_SECRET=heredoc-to-the-terminal',
      HD,
      'kubectl get secret api-secrets --from-literal=secret-key=not-a-create',
      '',
    ].join('\n');
    const origins = found(parseShellScript, 'run.sh', text).map((a) => `${String(a.key)}:${String(a.origin)}`);
    expect(origins).toEqual(['JWT_SECRET:reference', 'SESSION_SECRET:env']);
  });

  it('reads a default as a default, and a random literal holding a `$` as literal', () => {
    const text = 'export JWT_SECRET=${JWT_SECRET:-dev-default}\nexport SECRET_KEY="Qm4vT9xK2pL7wZ3rB8nF5hJ1cD6gS0aE$Xk"\n';
    expect(found(parseShellScript, 'env.sh', text)).toEqual([
      expect.objectContaining({ key: 'JWT_SECRET', origin: 'default', value: 'dev-default', line: 1 }),
      expect.objectContaining({ key: 'SECRET_KEY', origin: 'literal', line: 2 }),
    ]);
  });

  it('records a secret echoed to the terminal, not one only tested or measured', () => {
    const text = 'SESSION_SECRET=$(openssl rand -hex 32)\necho "SESSION_SECRET: $SESSION_SECRET"\necho "set: $([ -n "${JWT_SECRET:-}" ] && printf yes)"\necho "${JWT_SECRET:+set}"\n';
    const uses = parseShellScript(docOf('k8s/create-secrets.sh', text), options).uses;
    expect(uses.map((u) => `${u.key}@${u.sink}:${text.slice(u.span.start, u.span.end)}`)).toEqual(['SESSION_SECRET@echo:$SESSION_SECRET']);
  });

  it('knows a script by its extension or, without one, by its shebang', () => {
    expect(isShellScript('deploy.sh', '')).toBe(true);
    expect(isShellScript('bin/setup', '#!/usr/bin/env bash\necho hi\n')).toBe(true);
    expect(isShellScript('bin/setup', '#!/usr/bin/env python3\n')).toBe(false);
    expect(isShellScript('notes', 'export JWT_SECRET=x\n')).toBe(false);
    expect(parserFor('scripts/run-dev.sh', '')).toBe(parseShellScript);
  });

  it('survives hostile input in linear time', () => {
    const hostile = ['$('.repeat(20_000), '"'.repeat(30_001), "export JWT_SECRET='".repeat(5000), `cat <<${HD}\n`.repeat(5000), '\\\n'.repeat(20_000), '${'.repeat(20_000)];
    for (const text of hostile) {
      const t0 = Date.now();
      parseShellScript(docOf('x.sh', text), options);
      expect(Date.now() - t0).toBeLessThan(2000);
    }
  });
});

describe('Makefiles', () => {
  it('reads variables, target-specific exports and recipe commands', () => {
    const text = [
      'JWT_SECRET ?= make-default',
      'export SECRET_KEY = "make-literal"',
      'dev: export SESSION_SECRET="target-literal"',
      'test: export SECRET_KEY=$(shell openssl rand -hex 32)',
      'APP_SECRET := $(APP_SECRET_FROM_ENV)',
      '',
      'run-dev:',
      '\tpodman run --rm \\',
      '\t-e JWT_SECRET_KEY="recipe-literal" -e DEBUG=1 \\',
      '\t$(IMAGE)',
      '\t@echo "SECRET_KEY=echoed" >> .env',
      '',
    ].join('\n');
    expect(found(parseMakefile, 'Makefile', text)).toEqual([
      expect.objectContaining({ key: 'JWT_SECRET', origin: 'default', value: 'make-default', line: 1 }),
      expect.objectContaining({ key: 'SECRET_KEY', origin: 'literal', value: 'make-literal', spanText: 'make-literal', line: 2 }),
      expect.objectContaining({ key: 'SESSION_SECRET', origin: 'literal', value: 'target-literal', line: 3 }),
      expect.objectContaining({ key: 'JWT_SECRET_KEY', value: 'recipe-literal', line: 9 }),
      expect.objectContaining({ key: 'SECRET_KEY', value: 'echoed', line: 11 }),
    ]);
    expect(parserFor('makefile', '')).toBe(parseMakefile);
  });
});

describe('Markdown code blocks', () => {
  it('reads shell and dotenv blocks, not prose or other languages', () => {
    const fence = '```';
    const text = [
      '# App',
      '',
      'Set SECRET_KEY=prose-is-not-read in your shell.',
      '',
      fence,
      'SECRET_KEY=readme-literal-value',
      'API_PORT=8000',
      fence,
      '',
      `${fence}console`,
      '$ kubectl create secret generic app --from-literal=jwt-secret=console-value',
      fence,
      '',
      `${fence}python`,
      'SECRET_KEY = "python-is-the-code-parsers"',
      fence,
      '',
    ].join('\n');
    expect(found(parseMarkdown, 'README.md', text).map((a) => [a.key, a.value, a.line])).toEqual([
      ['SECRET_KEY', 'readme-literal-value', 6],
      ['jwt-secret', 'console-value', 11],
    ]);
  });
});

describe('Jenkinsfiles', () => {
  const text = [
    'pipeline {',
    '  agent any',
    '  environment {',
    '    registry = "acme/app"',
    "    SECRET_KEY = 'pipeline-literal'",
    "    JWT_SECRET = credentials('jwt-secret')",
    '    TOKEN_SECRET = "${env.OTHER}"',
    '  }',
    '  stages {',
    "    stage('Unit tests') {",
    '      environment {',
    "        SESSION_SECRET = 'stage-literal'",
    '      }',
    '      steps {',
    "        sh 'python manage.py test'",
    '        sh """export JWT_SECRET_KEY=sh-literal',
    '          pytest"""',
    '      }',
    '    }',
    "    stage('Deploy') {",
    '      steps {',
    "        withEnv(['APP_SECRET=withenv-literal']) {",
    "          sh(script: 'kubectl apply -f k8s/')",
    '        }',
    '      }',
    '    }',
    '  }',
    '}',
    '',
  ].join('\n');

  it('reads environment blocks, sh steps and withEnv; a test stage is a CI test context', () => {
    expect(found(parseJenkinsfile, 'Jenkinsfile', text)).toEqual([
      expect.objectContaining({ key: 'SECRET_KEY', origin: 'literal', value: 'pipeline-literal', line: 5, role: undefined }),
      expect.objectContaining({ key: 'JWT_SECRET', origin: 'managed', line: 6 }),
      expect.objectContaining({ key: 'SESSION_SECRET', value: 'stage-literal', line: 12, role: 'ci-test' }),
      expect.objectContaining({ key: 'JWT_SECRET_KEY', value: 'sh-literal', line: 16, role: 'ci-test' }),
      expect.objectContaining({ key: 'APP_SECRET', value: 'withenv-literal', line: 22, role: undefined }),
    ]);
    expect(parserFor('ci/Jenkinsfile', '')).toBe(parseJenkinsfile);
  });
});

describe('shell in CI files', () => {
  it('GitHub run steps: a deploy job is production, a job with a test database is a CI test', () => {
    const text = [
      'on: push',
      'jobs:',
      '  deploy:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: |',
      '          export JWT_SECRET=deploy-literal',
      '          export JWT_SECRET_KEY=${{ secrets.JWT_SECRET_KEY }}',
      '          echo "SECRET_KEY=${{ secrets.SECRET_KEY }}" >> .env',
      '          ./deploy.sh',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    services:',
      '      postgres:',
      '        image: postgres',
      '    steps:',
      '      - run: export JWT_SECRET=test-literal && pytest',
      '',
    ].join('\n');
    const got = found(parseCi, '.github/workflows/ci.yml', text).filter((a) => a.origin === 'literal');
    expect(got).toEqual([
      expect.objectContaining({ key: 'JWT_SECRET', value: 'deploy-literal', line: 7, role: undefined }),
      expect.objectContaining({ key: 'JWT_SECRET', value: 'test-literal', line: 17, role: 'ci-test' }),
    ]);
  });

  it('GitLab scripts, Travis env strings, CircleCI environment lists and run steps, Bitbucket steps', () => {
    const gitlab = 'deploy:\n  stage: deploy\n  script:\n    - export SECRET_KEY_BASE=gitlab-literal\n    - ./deploy\n';
    expect(found(parseCi, '.gitlab-ci.yml', gitlab)).toEqual([expect.objectContaining({ key: 'SECRET_KEY_BASE', value: 'gitlab-literal', line: 4 })]);
    const travis = 'language: python\nservices:\n  - postgresql\nenv:\n  global:\n  - SECRET_KEY=travis-global\n  - secure: "AbCdEf=="\n  matrix:\n  - "JWT_SECRET=matrix-value FOO=y"\nscript:\n  - pytest\n';
    expect(found(parseCi, '.travis.yml', travis).map((a) => [a.key, a.value, a.line, a.role])).toEqual([
      ['SECRET_KEY', 'travis-global', 6, 'ci-test'],
      ['JWT_SECRET', 'matrix-value', 9, 'ci-test'],
    ]);
    const circle = 'version: 2\njobs:\n  build:\n    docker:\n      - image: cimg/node:18.0\n        environment:\n        - NODE_ENV: development\n        - JWT_SECRET: circle-list\n    steps:\n      - run:\n          command: ./release.sh\n          environment:\n            SESSION_SECRET: circle-run\n      - run: export APP_SECRET=circle-inline && ./release.sh\n';
    expect(found(parseCi, '.circleci/config.yml', circle).map((a) => [a.key, a.value, a.line])).toEqual([
      ['JWT_SECRET', 'circle-list', 8],
      ['SESSION_SECRET', 'circle-run', 13],
      ['APP_SECRET', 'circle-inline', 14],
    ]);
    const bitbucket = 'pipelines:\n  branches:\n    main:\n      - step:\n          name: Deploy\n          script:\n            - export JWT_SECRET=bitbucket-literal\n            - ./deploy.sh\n';
    expect(found(parseCi, 'bitbucket-pipelines.yml', bitbucket)).toEqual([expect.objectContaining({ key: 'JWT_SECRET', value: 'bitbucket-literal', line: 7 })]);
  });
});
