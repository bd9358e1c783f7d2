import { normalizeKey } from '../core/secret-names.js';
import type { Severity } from '../core/types.js';
import type { ConfigProblem } from './errors.js';
import { globProblem } from './globs.js';
import type { ContextLevels } from '../core/context-severity.js';
import {
  CONFIG_KEYS,
  CONTEXT_NAMES,
  CONFIG_SCHEMA,
  FAIL_ON_LEVELS,
  MAX_FILE_BYTES_CEILING,
  MAX_FILE_BYTES_FLOOR,
  MIN_SECRET_BYTES_CEILING,
  MIN_SECRET_BYTES_FLOOR,
  RULE_LEVELS,
  specOf,
  type ConfigKey,
} from './schema.js';
import { closest } from './suggest.js';
import { DEFAULT_CONFIG, type FailOn, type ResolvedConfig } from './types.js';
import { looksRandom } from '../core/redact.js';

export interface ValidateOptions {
  /** The rule ids a `rules` entry may name. */
  ruleIds: readonly string[];
  /** Which syntax the examples in problems use: the file's own. */
  syntax?: 'yaml' | 'json';
}

/** A problem with the path of the key it is about, so the loader can add a line number. */
export interface LocatedProblem extends ConfigProblem {
  path: readonly (string | number)[];
}

export interface ValidationResult {
  /** The configuration with defaults for every key that was missing or wrong. */
  config: ResolvedConfig;
  /** Every problem found; empty when the configuration is valid. */
  problems: LocatedProblem[];
}

/**
 * Checks a parsed configuration strictly against the schema and resolves it over the defaults.
 * Never throws: every problem is collected, so the user sees all of them at once.
 */
export function validateConfig(raw: unknown, options: ValidateOptions): ValidationResult {
  const config: ResolvedConfig = { ...DEFAULT_CONFIG, rules: {}, secretNames: [], weakValues: [], exclude: [], contexts: { ...DEFAULT_CONFIG.contexts } };
  const problems: LocatedProblem[] = [];
  const syntax = options.syntax ?? 'yaml';
  const example = (key: ConfigKey) => {
    const spec = specOf(key);
    return spec ? (syntax === 'json' ? spec.json : spec.yaml) : undefined;
  };
  const problem = (key: ConfigKey, path: readonly (string | number)[], message: string, allowed?: string) => {
    const spec = specOf(key);
    const p: LocatedProblem = { key: keyName(path), path, message, allowed: allowed ?? spec?.allowed ?? '' };
    const ex = example(key);
    if (ex !== undefined) p.example = ex;
    problems.push(p);
  };

  if (raw === null || raw === undefined) return { config, problems };
  if (!isPlainObject(raw)) {
    problems.push({
      key: '(file)',
      path: [],
      message: `must be a mapping of settings, got ${typeof raw === 'string' ? `a string of ${raw.length} characters` : describe(raw)}`,
      allowed: `the keys ${CONFIG_KEYS.join(', ')}`,
      example: syntax === 'json' ? '{ "fail-on": "error" }' : 'fail-on: error',
    });
    return { config, problems };
  }

  for (const [key, value] of Object.entries(raw)) {
    switch (key) {
      case 'rules':
        config.rules = checkRules(value, options.ruleIds, problem);
        break;
      case 'contexts':
        config.contexts = { ...config.contexts, ...checkContexts(value, problem) };
        break;
      case 'fail-on':
        if (typeof value === 'string' && (FAIL_ON_LEVELS as readonly string[]).includes(value)) config.failOn = value as FailOn;
        else problem('fail-on', [key], `must be one of ${FAIL_ON_LEVELS.join(', ')}, got ${describe(value)}`);
        break;
      case 'secret-names':
        config.secretNames = checkStringList('secret-names', value, problem, (name) =>
          normalizeKey(name) === '' ? 'has no letters or digits, so it names no key' : undefined,
        );
        break;
      case 'weak-values':
        config.weakValues = checkStringList('weak-values', value, problem, () => undefined);
        break;
      case 'weak-values-file':
        if (typeof value !== 'string' || value.trim() === '') problem('weak-values-file', [key], `must be a path, got ${describe(value)}`);
        else if (value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value) || value.split(/[\\/]/).includes('..')) {
          problem('weak-values-file', [key], `must be a path inside the scanned directory (no leading \`/\`, no \`..\`), got ${describe(value)}`);
        } else config.weakValuesFile = value;
        break;
      case 'baseline':
        if (typeof value !== 'string' || value.trim() === '') problem('baseline', [key], `must be a path, got ${describe(value)}`);
        else if (value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value) || value.split(/[\\/]/).includes('..')) {
          problem('baseline', [key], `must be a path inside the scanned directory (no leading \`/\`, no \`..\`), got ${describe(value)}`);
        } else config.baselineFile = value;
        break;
      case 'exclude':
        config.exclude = checkStringList('exclude', value, problem, globProblem);
        break;
      case 'min-secret-bytes': {
        const n = checkInteger('min-secret-bytes', value, MIN_SECRET_BYTES_FLOOR, MIN_SECRET_BYTES_CEILING, problem);
        if (n !== undefined) config.minSecretBytes = n;
        break;
      }
      case 'max-file-bytes': {
        const n = checkInteger('max-file-bytes', value, MAX_FILE_BYTES_FLOOR, MAX_FILE_BYTES_CEILING, problem);
        if (n !== undefined) config.maxFileBytes = n;
        break;
      }
      default: {
        const guess = closest(key, CONFIG_KEYS);
        const guessedSpec = guess !== undefined ? specOf(guess) : undefined;
        problems.push({
          key: keyName([key]),
          path: [key],
          message: `unknown key${guess !== undefined ? `; did you mean '${guess}'?` : ''}`,
          allowed: `the keys ${CONFIG_KEYS.join(', ')}`,
          example: guessedSpec ? (syntax === 'json' ? guessedSpec.json : guessedSpec.yaml) : minimalExample(syntax),
        });
      }
    }
  }
  return { config, problems };
}

type Report = (key: ConfigKey, path: readonly (string | number)[], message: string, allowed?: string) => void;

function checkRules(value: unknown, ruleIds: readonly string[], problem: Report): Record<string, Severity | 'off'> {
  const out: Record<string, Severity | 'off'> = {};
  if (!isPlainObject(value)) {
    problem('rules', ['rules'], `must be a mapping of rule id to severity, got ${describe(value)}`);
    return out;
  }
  for (const [id, level] of Object.entries(value)) {
    let ok = true;
    if (!ruleIds.includes(id)) {
      const guess = closest(id, ruleIds);
      problem('rules', ['rules', id], `unknown rule id '${id}'${guess !== undefined ? `; did you mean '${guess}'?` : ''}`, `the rule ids ${ruleIds.join(', ')}`);
      ok = false;
    }
    if (typeof level !== 'string' || !(RULE_LEVELS as readonly string[]).includes(level)) {
      const hint = level === false ? "; write off, not false" : '';
      problem('rules', ['rules', id], `must be one of ${RULE_LEVELS.join(', ')}, got ${describe(level)}${hint}`, RULE_LEVELS.join(' | '));
      ok = false;
    }
    if (ok) out[id] = level as Severity | 'off';
  }
  return out;
}

function checkContexts(value: unknown, problem: Report): ContextLevels {
  const out: ContextLevels = {};
  if (!isPlainObject(value)) {
    problem('contexts', ['contexts'], `must be a mapping of context to severity, got ${describe(value)}`);
    return out;
  }
  for (const [name, level] of Object.entries(value)) {
    if (!(CONTEXT_NAMES as readonly string[]).includes(name)) {
      const guess = closest(name, CONTEXT_NAMES);
      const why = name === 'production' ? '; production findings keep each rule\'s severity (use `rules` to change it)' : guess !== undefined ? `; did you mean '${guess}'?` : '';
      problem('contexts', ['contexts', name], `unknown context '${name}'${why}`, `the contexts ${CONTEXT_NAMES.join(', ')}`);
      continue;
    }
    if (typeof level !== 'string' || !(RULE_LEVELS as readonly string[]).includes(level)) {
      problem('contexts', ['contexts', name], `must be one of ${RULE_LEVELS.join(', ')}, got ${describe(level)}`, RULE_LEVELS.join(' | '));
      continue;
    }
    out[name as keyof ContextLevels] = level as Severity | 'off';
  }
  return out;
}

const MAX_LIST_ENTRIES = 1000;

function checkStringList(key: ConfigKey, value: unknown, problem: Report, itemProblem: (item: string) => string | undefined): string[] {
  if (!Array.isArray(value)) {
    problem(key, [key], `must be a list, got ${describe(value)}`);
    return [];
  }
  // Each entry costs work on every file (a glob match, a name comparison): bounded, and said so.
  if (value.length > MAX_LIST_ENTRIES) {
    problem(key, [key], `has ${value.length} entries, over the limit of ${MAX_LIST_ENTRIES}: merge patterns or names (nothing was scanned)`);
    return [];
  }
  const out: string[] = [];
  value.forEach((item: unknown, i) => {
    if (typeof item !== 'string' || item === '') {
      problem(key, [key, i], `must be a non-empty string, got ${describe(item)}`);
      return;
    }
    const why = itemProblem(item);
    if (why !== undefined) {
      problem(key, [key, i], `'${truncate(item)}' ${why}`);
      return;
    }
    out.push(item);
  });
  return out;
}

function checkInteger(key: ConfigKey, value: unknown, min: number, max: number, problem: Report): number | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    problem(key, [key], `must be a whole number, got ${describe(value)}`);
    return undefined;
  }
  if (value < min || value > max) {
    problem(key, [key], `must be from ${min} to ${max}, got ${value}`);
    return undefined;
  }
  return value;
}

/** `rules.hardcoded-default`, `exclude[2]`. */
function keyName(path: readonly (string | number)[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  return out === '' ? '(file)' : out;
}

function minimalExample(syntax: 'yaml' | 'json'): string {
  const first = CONFIG_SCHEMA[0];
  return first ? (syntax === 'json' ? first.json : first.yaml) : '';
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A short description of a wrong value. A string is quoted only when it is short and reads as
 * words or a pattern (a misspelt level like 'fatal', a glob): the file read may not be a
 * configuration at all (`--config .env`), and its values may be secrets.
 */
function describe(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (v === '') return 'an empty string';
  if (typeof v === 'string') return v.length <= 40 && !/[\s'"]/.test(v) && !looksRandom(v) ? `'${v}' (a string)` : `a string of ${v.length} characters`;
  return `${String(v)} (a ${typeof v})`;
}

function truncate(s: string): string {
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}
