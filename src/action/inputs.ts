import type { FailOn } from '../config/types.js';

export interface ActionInputs {
  path: string;
  mode: 'auto' | 'diff' | 'full';
  /** Undefined when the input is empty: the config file's `fail-on` (or `warning`) applies. */
  failOn: FailOn | undefined;
  sarifFile: string;
  config: string;
  baseline: string;
  annotations: boolean;
  summary: boolean;
  githubToken: string;
  /** Post fixes as one-click suggestions in a pull-request review. */
  suggestions: boolean;
  /** Run the scan (false: only the check-env preflight). */
  scan: boolean;
  /** check-env: keys that must be set, non-empty and strong (values from the step's env). */
  checkEnv: string[];
  /** check-env: keys whose values must all differ. */
  checkEnvDistinct: string[];
}

/** An input with a value outside what it allows: the step fails with a message naming it. */
export class InputError extends Error {}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[], fallback: T): T {
  if (value === '') return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new InputError(`Input '${name}' must be one of ${allowed.join(', ')} (the value given is not shown: it may be a secret pasted into the wrong input). Fix the 'with:' block of this step.`);
}

function bool(name: string, value: string, fallback: boolean): boolean {
  if (value === '') return fallback;
  if (/^(true|True|TRUE)$/.test(value)) return true;
  if (/^(false|False|FALSE)$/.test(value)) return false;
  throw new InputError(`Input '${name}' must be true or false (the value given is not shown). Fix the 'with:' block of this step.`);
}

function keyList(name: string, value: string): string[] {
  const keys = value.split(/[\s,]+/).filter(Boolean);
  const bad = keys.filter((k) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(k));
  if (bad.length > 0) throw new InputError(`Input '${name}' takes environment variable names separated by commas (${bad.length} ${bad.length === 1 ? 'entry is' : 'entries are'} not; not shown: ${bad.length === 1 ? 'it' : 'they'} may be values).`);
  return keys;
}

/** Reads and validates every input at once, so a bad value fails before any work. */
export function readInputs(get: (name: string) => string): ActionInputs {
  const errors: string[] = [];
  const attempt = <T>(fn: () => T, fallback: T): T => {
    try {
      return fn();
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      errors.push(err.message);
      return fallback;
    }
  };
  const inputs: ActionInputs = {
    path: get('path') || '.',
    mode: attempt(() => oneOf('mode', get('mode'), ['auto', 'diff', 'full'] as const, 'auto'), 'auto'),
    failOn: get('fail-on') === '' ? undefined : attempt(() => oneOf('fail-on', get('fail-on'), ['error', 'warning', 'note', 'never'] as const, 'warning'), 'warning'),
    sarifFile: get('sarif-file'),
    config: get('config'),
    baseline: get('baseline'),
    annotations: attempt(() => bool('annotations', get('annotations'), true), true),
    summary: attempt(() => bool('summary', get('summary'), true), true),
    githubToken: get('github-token'),
    suggestions: attempt(() => bool('suggestions', get('suggestions'), false), false),
    scan: attempt(() => bool('scan', get('scan'), true), true),
    checkEnv: attempt(() => keyList('check-env', get('check-env')), []),
    checkEnvDistinct: attempt(() => keyList('check-env-distinct', get('check-env-distinct')), []),
  };
  if (errors.length > 0) throw new InputError(errors.join('\n'));
  return inputs;
}
