import type { Environment, FileRole } from './types.js';

/**
 * What a path says about its file: which environment it configures and whether it is an example.
 * Segment names are the ones real repositories use: `.env.production`, `overlays/prod/`,
 * `values-staging.yaml`, `config/environments/test.rb`.
 */
const ENVIRONMENT_WORDS: ReadonlyArray<[RegExp, Environment]> = [
  [/^(prod|production|prd|live)$/, 'prod'],
  [/^(staging|stage|stg|preprod|pre_prod|uat|qa)$/, 'staging'],
  [/^(test|tests|testing|ci|e2e)$/, 'test'],
  [/^(dev|development|local|develop)$/, 'dev'],
];

/** The environment a path configures, from its directory names and its file name's parts. */
export function environmentOf(path: string): Environment | undefined {
  const parts = path.toLowerCase().split('/');
  const base = parts.pop() ?? '';
  // The file name counts most: `.env.production`, `values-prod.yaml`, `application-dev.yml`.
  const baseWords = base.replace(/\.(ya?ml|json|env|properties|toml|ini|conf)$/, '').split(/[._-]+/);
  for (const word of [...baseWords].reverse()) {
    for (const [re, env] of ENVIRONMENT_WORDS) if (re.test(word)) return env;
  }
  for (const dir of [...parts].reverse()) {
    for (const word of dir.split(/[._-]+/)) {
      for (const [re, env] of ENVIRONMENT_WORDS) if (re.test(word)) return env;
    }
  }
  return undefined;
}

/**
 * An example is known by its place and, for dotenv files, its suffix: `.env.example`,
 * `.env.sample`, `.env.template`, `.env.dist`, `example.env`, or any file under an `examples/` or
 * `samples/` folder. Its values document the keys and are left alone. A name that merely contains
 * the word is no example: `simple-examples.js` is code, and `compose.example.yml` is the file
 * self-hosters run (such names are documentation by role, see `roleOfPath`, and still reported).
 */
export function isExamplePath(path: string): boolean {
  const parts = path.toLowerCase().split('/');
  const base = parts.pop() ?? '';
  if (parts.some((d) => EXAMPLE_DIRS.has(d))) return true;
  return isDotenvPath(base) && /(^|[._-])(example|examples|sample|samples|template|tmpl|dist)([._-]|$)/.test(base);
}

const EXAMPLE_DIRS = new Set(['example', 'examples', 'sample', 'samples']);

/** A copy-me name with the word as a dotted part: `config.example.yml`, `settings.sample.json`, `phpunit.xml.dist`. */
function hasExampleName(path: string): boolean {
  const base = (path.split('/').pop() ?? '').toLowerCase();
  return isExamplePath(path) || /(^|\.)(example|examples|sample|samples|template|tmpl|dist)(\.|$)/.test(base);
}

/** Dotenv files by name: `.env`, `.env.local`, `.env.production`, `prod.env`, `.env.example`. */
export function isDotenvPath(path: string): boolean {
  const base = (path.split('/').pop() ?? '').toLowerCase();
  return base === '.env' || base.startsWith('.env.') || base.endsWith('.env');
}

export type { FileRole };

export const FILE_ROLES: readonly FileRole[] = ['production', 'test', 'docs', 'ci-test', 'dev'];

const TEST_DIRS = new Set([
  'test', 'tests', '__tests__', '__test__', 'spec', 'specs', 'fixtures', 'fixture', '__fixtures__', 'testdata',
  'test-data', 'test_data', 'testing', 'e2e', 'cypress', 'playwright', '__mocks__', 'mocks', 'testutil', 'testutils',
  'test-utils', 'integration-tests', 'unit-tests', 'functional-tests', 'androidtest',
]);
const DOCS_DIRS = new Set([
  'docs', 'doc', 'documentation', 'examples', 'example', 'samples', 'sample', 'tutorial', 'tutorials',
  'demo', 'demos', 'guide', 'guides', 'cookbook',
]);
const DOCS_FILE = /\.(md|mdx|markdown|rst|adoc|asciidoc|txt|ipynb|http|rest)$|^readme(\.|$)/;
const TEST_FILE =
  /^(test_.+\.py|.+_test\.(py|go|rb|exs?|dart)|conftest\.py|.+\.(test|spec|e2e|cy)\.[cm]?[jt]sx?|.+_spec\.rb|.+(Tests?|Spec|IT)\.(java|kt|kts|scala|cs|groovy|swift|php)|.+\.(test|spec)\.(php|rb|py)|(settings|config)[._-]tests?(ing)?\.[a-z]+|tests?\.(py|sh|rb|exs?)|phpunit\.xml(\.dist)?|pytest\.ini|tox\.ini|jest\.config\.[cm]?[jt]s|vitest\.config\.[cm]?[jt]s|karma\.conf\.js|\.env\.(test|testing|ci|e2e)(\.local)?|(tests?|ci|e2e)\.Dockerfile|Dockerfile\.(tests?|ci|e2e)|(docker-)?compose\.(tests?|ci|e2e)\.ya?ml)$/i;
const DEV_FILE =
  /^(docker-compose|compose)\.(override|dev|development|local)\.ya?ml$|\.(dev|development)(\.[a-z0-9]+)?$|^\.env\.(dev|development|local)(\.local)?$|^(settings|config)[._-](dev|development|local)\.[a-z]+$|^(dev|development|local)\.(py|exs|rb|json|ya?ml|toml|js|ts)$|^devcontainer\.json$/i;

/** The role of a file, from its path. CI test services are decided per value by the CI parser. */
export function roleOfPath(path: string): FileRole {
  const parts = path.split('/');
  const base = parts.pop() ?? '';
  const lowerBase = base.toLowerCase();
  const dirs = parts.map((p) => p.toLowerCase());
  if (dirs.some((d) => TEST_DIRS.has(d)) || TEST_FILE.test(base)) return 'test';
  if (dirs.some((d) => DOCS_DIRS.has(d)) || DOCS_FILE.test(lowerBase) || hasExampleName(path)) return 'docs';
  if (dirs.includes('.devcontainer') || DEV_FILE.test(base)) return 'dev';
  return 'production';
}

/**
 * Translation and localisation files: their values are words shown to users (`'secret_key' =>
 * 'Secret key'`, `"Secret": "Schlüssel"`), never keys. Laravel `resources/lang/`, `lang/`,
 * `locales/`, `i18n/`, Symfony `translations/`, gettext `.po`, Flutter `.arb`, Android `strings.xml`.
 */
export function isTranslationPath(path: string): boolean {
  const lower = path.toLowerCase();
  const parts = lower.split('/');
  const base = parts.pop() ?? '';
  if (/\.(po|pot|xliff|xlf|arb|resx|strings|ftl)$/.test(base) || base === 'strings.xml') return true;
  if (parts.some((d) => /^(lang|langs|locale|locales|i18n|l10n|translations?)$/.test(d))) return true;
  // `en.json`, `de-DE.yml`, `messages.fr.yaml`, `translation.pt_BR.json`
  return /^((messages|translations?|locale|strings)[._-])?[a-z]{2}([_-][a-z]{2,4})?\.(json|ya?ml|php|js|ts|properties)$/.test(base) &&
    /^((messages|translations?|locale|strings)[._-])?(en|de|fr|es|it|pt|nl|ru|ja|zh|ko|pl|tr|sv|da|fi|no|nb|cs|uk|ar|he|hi|id|vi|th|el|hu|ro|bg|hr|sk|sl|lt|lv|et|fa|ms)([_-]|\.)/.test(base);
}

/**
 * Test frameworks a file that is not under a test path shows it is a test with (first 64 KiB only).
 * Each test is tried only on files of its language (by extension; a file without a known one gets
 * them all) and only on a text holding one of its words: a multiline regex anchored at `^` is tried
 * at every character, and a history audit asks this of every version of every file (on Flask's
 * history these seven regexes were 8% of the work, and a docstring's "describe" sent every module
 * to the RSpec test); `includes` is a native search.
 */
const TEST_CONTENT: readonly { lang: RegExp; words: readonly string[]; re: RegExp }[] = [
  { lang: /\.(py|pyi)$/, words: ['pytest', 'unittest', 'django.test', 'rest_framework.test'], re: /^\s*(import pytest|from pytest |import unittest|from unittest |from django\.test |from rest_framework\.test )/m },
  { lang: /\.(java|kt|kts|groovy|scala)$/, words: ['org.junit', 'org.testng', 'kotlin.test'], re: /^\s*import\s+(org\.junit|org\.testng|kotlin\.test)\b/m },
  { lang: /\.go$/, words: ['"testing"'], re: /^\s*import\s+"testing"\s*$/m },
  { lang: /\.php$/, words: ['TestCase'], re: /\bextends\s+(\\?PHPUnit\\Framework\\)?TestCase\b/ },
  { lang: /\.(rb|rake)$/, words: ['describe'], re: /^\s*(RSpec\.)?describe\s+[A-Z'"][^\n]*\bdo\s*$/m },
  { lang: /\.([cm]?[jt]sx?)$/, words: ['vitest', '@jest/globals', 'mocha', 'chai', '@playwright/test', 'supertest'], re: /^\s*(import|const|var|let)\b[^\n]*\bfrom\s+['"](vitest|@jest\/globals|mocha|chai|@playwright\/test|supertest)['"]/m },
  { lang: /\.([cm]?[jt]sx?)$/, words: ['chai', 'supertest', 'mocha', 'jest'], re: /^\s*(const|var|let)\s+[^\n]*=\s*require\(\s*['"](chai|supertest|mocha|jest)['"]\s*\)/m },
];

/**
 * The role of a document: from its path, then from its content when the path says production (a
 * `check_auth.py` that imports pytest is a test wherever it sits).
 */
export function roleOfDocument(path: string, text: string): FileRole {
  const byPath = roleOfPath(path);
  if (byPath !== 'production') return byPath;
  const head = text.length > 65536 ? text.slice(0, 65536) : text;
  const name = path.toLowerCase();
  const known = TEST_CONTENT.some(({ lang }) => lang.test(name));
  return TEST_CONTENT.some(({ lang, words, re }) => (!known || lang.test(name)) && words.some((w) => head.includes(w)) && re.test(head)) ? 'test' : 'production';
}

/** How messages name a role: "in a test file". */
export const ROLE_PHRASE: Record<FileRole, string> = {
  production: 'in production code or configuration',
  test: 'in a test file',
  docs: 'in documentation or an example',
  'ci-test': 'in a CI test service',
  dev: 'in local development tooling',
};
