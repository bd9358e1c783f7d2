import type { FailOn } from '../config/types.js';

export interface ActionInputs {
  path: string;
  mode: 'auto' | 'diff' | 'full';
  failOn: FailOn;
  sarifFile: string;
  config: string;
  baseline: string;
  annotations: boolean;
  summary: boolean;
  githubToken: string;
}

/** An input with a value outside what it allows: the step fails with a message naming it. */
export class InputError extends Error {}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[], fallback: T): T {
  if (value === '') return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new InputError(`Input '${name}' must be one of ${allowed.join(', ')} (got '${value}'). Fix the 'with:' block of this step.`);
}

function bool(name: string, value: string, fallback: boolean): boolean {
  if (value === '') return fallback;
  if (/^(true|True|TRUE)$/.test(value)) return true;
  if (/^(false|False|FALSE)$/.test(value)) return false;
  throw new InputError(`Input '${name}' must be true or false (got '${value}').`);
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
    failOn: attempt(() => oneOf('fail-on', get('fail-on'), ['error', 'warning', 'note', 'never'] as const, 'warning'), 'warning'),
    sarifFile: get('sarif-file'),
    config: get('config'),
    baseline: get('baseline'),
    annotations: attempt(() => bool('annotations', get('annotations'), true), true),
    summary: attempt(() => bool('summary', get('summary'), true), true),
    githubToken: get('github-token'),
  };
  if (errors.length > 0) throw new InputError(errors.join('\n'));
  return inputs;
}
