/**
 * One thing wrong with a configuration file: which key, what is wrong, what is allowed, and a
 * minimal valid example to copy.
 */
export interface ConfigProblem {
  /** The key as written in the file: `rules`, `rules.hardcoded-default`, `exclude[2]`; `(file)` for the file as a whole. */
  key: string;
  /** What is wrong, in one sentence. */
  message: string;
  /** What the key accepts. */
  allowed?: string;
  /** A minimal valid snippet, in the file's own syntax family (YAML; JSON files get JSON). */
  example?: string;
  /** 1-based line in the file, when known. */
  line?: number;
}

/**
 * A configuration that cannot be used: every problem found, listed at once. The CLI turns it into
 * exit 2, the Action into a failed step; the message is complete on its own.
 */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(renderConfigProblems(file, problems));
    this.name = 'ConfigError';
  }
}

/** The text of a ConfigError: one block per problem, each with what is allowed and an example. */
export function renderConfigProblems(file: string, problems: readonly ConfigProblem[]): string {
  const head = `${file}: ${problems.length === 1 ? '1 problem' : `${problems.length} problems`} in the configuration (nothing was scanned):`;
  const blocks = problems.map((p) => {
    const where = p.line !== undefined ? ` (line ${p.line})` : '';
    const lines = [`  - ${p.key}${where}: ${p.message}`];
    if (p.allowed !== undefined) lines.push(`    Allowed: ${p.allowed}`);
    if (p.example !== undefined) {
      lines.push('    Example:');
      for (const l of p.example.split('\n')) lines.push(`      ${l}`);
    }
    return lines.join('\n');
  });
  return [head, ...blocks].join('\n');
}
