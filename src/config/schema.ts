import type { FailOn } from './types.js';

/** The keys a configuration file may hold, as written in the file. */
export type ConfigKey = 'rules' | 'contexts' | 'fail-on' | 'secret-names' | 'weak-values' | 'weak-values-file' | 'baseline' | 'exclude' | 'min-secret-bytes' | 'max-file-bytes';

export interface KeySpec {
  key: ConfigKey;
  /** One line: what the key does. */
  description: string;
  /** What the key accepts, as shown in error messages. */
  allowed: string;
  /** A minimal valid example in YAML, and the same in JSON. */
  yaml: string;
  json: string;
}

export const RULE_LEVELS = ['error', 'warning', 'note', 'off'] as const;
/** The contexts `contexts` may name: every role but production, which keeps each rule's severity. */
export const CONTEXT_NAMES = ['test', 'docs', 'ci-test', 'dev'] as const;
export const FAIL_ON_LEVELS: readonly FailOn[] = ['error', 'warning', 'note', 'never'];

/** RFC 7518 §3.2: an HS256 key must be at least 256 bits; half of that is the floor a setting may lower it to. */
export const MIN_SECRET_BYTES_FLOOR = 16;
export const MIN_SECRET_BYTES_CEILING = 1024;
export const MAX_FILE_BYTES_FLOOR = 1024;
export const MAX_FILE_BYTES_CEILING = 1024 * 1024 * 1024;

/** Every key, in the order the starter file and the docs list them. */
export const CONFIG_SCHEMA: readonly KeySpec[] = [
  {
    key: 'rules',
    description: 'per-rule severity, or off',
    allowed: `a mapping of rule id to ${RULE_LEVELS.join(' | ')}`,
    yaml: 'rules:\n  hardcoded-default: error\n  secret-logged: off',
    json: '{ "rules": { "hardcoded-default": "error", "secret-logged": "off" } }',
  },
  {
    key: 'contexts',
    description: 'the highest severity of findings in tests, docs and examples, CI test services and dev tooling (defaults: test, docs, ci-test: note)',
    allowed: `a mapping of ${CONTEXT_NAMES.join(' | ')} to ${RULE_LEVELS.join(' | ')}`,
    yaml: 'contexts:\n  test: note\n  docs: note\n  ci-test: note\n  dev: warning',
    json: '{ "contexts": { "test": "note", "docs": "note", "ci-test": "note", "dev": "warning" } }',
  },
  {
    key: 'fail-on',
    description: 'the lowest severity that fails the run (the --fail-on flag overrides it)',
    allowed: FAIL_ON_LEVELS.join(' | '),
    yaml: 'fail-on: error',
    json: '{ "fail-on": "error" }',
  },
  {
    key: 'secret-names',
    description: 'extra key names that hold signing secrets (matched across case and _ - . spellings)',
    allowed: 'a list of key names (letters, digits, _ - .)',
    yaml: 'secret-names:\n  - ACME_TOKEN_KEY',
    json: '{ "secret-names": ["ACME_TOKEN_KEY"] }',
  },
  {
    key: 'weak-values',
    description: 'extra values known to be weak in this organisation (compared exactly, case-insensitive)',
    allowed: 'a list of non-empty strings',
    yaml: 'weak-values:\n  - acme-dev-secret',
    json: '{ "weak-values": ["acme-dev-secret"] }',
  },
  {
    key: 'weak-values-file',
    description: 'a wordlist of weak secrets, one a line (a public JWT secret list, your own leaked keys): a value in it is weak (the --weak-values-file flag wins)',
    allowed: 'a path relative to the scanned directory, inside it (no leading `/`, no `..`), of a text file of at most 4000000 values',
    yaml: 'weak-values-file: security/jwt-weak-secrets.txt',
    json: '{ "weak-values-file": "security/jwt-weak-secrets.txt" }',
  },
  {
    key: 'baseline',
    description: 'the baseline file `scan`, the hook and the Action read (and `baseline` writes) instead of .secret-hygiene-baseline.json (--baseline FILE and --no-baseline win)',
    allowed: 'a path relative to the scanned directory, inside it (no leading `/`, no `..`), of a file `secret-hygiene baseline` wrote',
    yaml: 'baseline: security/accepted-findings.json',
    json: '{ "baseline": "security/accepted-findings.json" }',
  },
  {
    key: 'exclude',
    description: 'paths not to scan: globs relative to the scanned directory',
    allowed: 'a list of globs relative to the scanned directory, `/`-separated (no leading `/`, `./` or `..`, no `!` negation)',
    yaml: 'exclude:\n  - "test/fixtures/**"\n  - "**/*.min.js"',
    json: '{ "exclude": ["test/fixtures/**", "**/*.min.js"] }',
  },
  {
    key: 'min-secret-bytes',
    description: 'shortest acceptable secret, in bytes (RFC 7518 §3.2: 32 for HS256)',
    allowed: `an integer from ${MIN_SECRET_BYTES_FLOOR} to ${MIN_SECRET_BYTES_CEILING}`,
    yaml: 'min-secret-bytes: 32',
    json: '{ "min-secret-bytes": 32 }',
  },
  {
    key: 'max-file-bytes',
    description: 'files larger than this are skipped and listed as problems',
    allowed: `an integer from ${MAX_FILE_BYTES_FLOOR} to ${MAX_FILE_BYTES_CEILING}`,
    yaml: 'max-file-bytes: 2097152',
    json: '{ "max-file-bytes": 2097152 }',
  },
];

export const CONFIG_KEYS: readonly ConfigKey[] = CONFIG_SCHEMA.map((s) => s.key);

const BY_KEY = new Map<string, KeySpec>(CONFIG_SCHEMA.map((s) => [s.key, s]));

/** The spec of a key, or undefined for a key the schema does not have. */
export function specOf(key: string): KeySpec | undefined {
  return BY_KEY.get(key);
}

/** The file names looked for at the scanned root, in order. */
export const CONFIG_FILE_NAMES = ['.secret-hygiene.yml', '.secret-hygiene.yaml', '.secret-hygiene.json'] as const;
