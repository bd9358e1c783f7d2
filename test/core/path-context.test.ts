import { describe, expect, it } from 'vitest';
import { isTranslationPath, roleOfPath } from '../../src/core/path-context.js';

describe('roleOfPath', () => {
  const cases: [string, string][] = [
    ['tests/test_admin.py', 'test'],
    ['app/tests.py', 'test'],
    ['src/auth.test.ts', 'test'],
    ['src/__tests__/login.tsx', 'test'],
    ['spec/models/user_spec.rb', 'test'],
    ['internal/auth/jwt_test.go', 'test'],
    ['pkg/testdata/keys.json', 'test'],
    ['src/test/java/com/acme/JwtProviderTest.java', 'test'],
    ['config/test.exs', 'test'],
    ['config/environments/test.rb', 'test'],
    ['app/settings_testing.py', 'test'],
    ['.env.test', 'test'],
    ['docs/setup.md', 'docs'],
    ['README.md', 'docs'],
    ['.env.example', 'docs'],
    ['examples/flask/app.py', 'docs'],
    ['.devcontainer/docker-compose.yml', 'dev'],
    ['docker-compose.override.yml', 'dev'],
    ['docker-compose.dev.yml', 'dev'],
    ['Dockerfile.dev', 'dev'],
    ['config/dev.exs', 'dev'],
    ['app/settings.py', 'production'],
    ['src/features/auth/config.ts', 'production'],
    ['src/main/resources/application.yml', 'production'],
    ['docker-compose.yml', 'production'],
    ['contest/app.py', 'production'],
    ['src/latest.ts', 'production'],
  ];
  for (const [path, role] of cases) it(`${path} is ${role}`, () => expect(roleOfPath(path)).toBe(role));
});

describe('isTranslationPath', () => {
  for (const p of ['resources/lang/en/account.php', 'src/locales/de.json', 'public/i18n/en-US.json', 'translations/messages.fr.yaml', 'po/de.po', 'lib/l10n/app_en.arb', 'config/en.json']) {
    it(`${p} is a translation file`, () => expect(isTranslationPath(p)).toBe(true));
  }
  for (const p of ['src/app.json', 'config/settings.py', 'app/de.py', 'src/messages/queue.ts', 'lang.go', 'config/secrets.yml']) {
    it(`${p} is not`, () => expect(isTranslationPath(p)).toBe(false));
  }
});
