/** A mistake in how the tool was called or configured: exit 2 with a message that says what to do. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Exit codes, decided here only: 0 clean, 1 findings at or above the threshold, 2 usage/config/runtime error. */
export const EXIT = { clean: 0, findings: 1, error: 2 } as const;
