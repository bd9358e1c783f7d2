import type { Annotation } from '../reporters/github.js';

/**
 * What the Action needs from the runner. main.ts works only through this, so it runs in tests
 * without a runner; github-io.ts implements it with @actions/core (the only importer of it).
 */
export interface ActionIO {
  getInput(name: string): string;
  env: NodeJS.ProcessEnv;
  /** The parsed event payload (GITHUB_EVENT_PATH), or {} when absent. */
  event: Record<string, unknown>;
  info(message: string): void;
  warning(message: string): void;
  annotate(annotation: Annotation): void;
  setOutput(name: string, value: string | number): void;
  setSecret(value: string): void;
  setFailed(message: string): void;
  writeSummary(markdown: string): Promise<void>;
}
