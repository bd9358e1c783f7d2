/** A mistake in how the tool was called or configured: exit 2 with a message that says what to do. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Exit codes, decided here only: 0 clean, 1 findings at or above the threshold, 2 usage/config/runtime error. */
export const EXIT = { clean: 0, findings: 1, error: 2 } as const;

/**
 * What a user typed where it does not fit is never repeated in an error: it may be a secret pasted
 * in the wrong place (`--format $JWT_SECRET`, `check-env "$KEY"`), and the error lands in a CI log.
 * Errors name the option or argument and what it accepts; a value is shown only once it has proven
 * to be what it was meant to be (an existing file, a commit). "(2 were given, not shown: ...)".
 */
export function notShown(count: number): string {
  return `${count} ${count === 1 ? 'was' : 'were'} given, not shown: an argument may be a value`;
}

/** "the 2nd argument" for an argument that is not shown (see notShown). */
export function nthArgument(index: number): string {
  const n = index + 1;
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `the ${n}${suffix} argument`;
}

/** "PATH 'app.py' is not a directory" for a PATH that exists (`st` its stat); one that does not is not repeated (see notShown). */
export function notADirectory(st: object | null | undefined, given: string | undefined): string {
  if (st || given === undefined) return `PATH '${given ?? '.'}' is not a directory`;
  return 'PATH names no file or directory (not shown: it may be a value)';
}
