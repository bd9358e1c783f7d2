export interface HostileSizes {
  identicalEnvLines: number;
  capitalsKeyChars: number;
  shortDefaults: number;
  decoyTokens: number;
  oversizedBytes: number;
}
export const BENCH_SIZES: HostileSizes;
export const TEST_SIZES: HostileSizes;
export const WORKFLOW_COMMAND_NAMES: readonly string[];
export function gitEnv(): NodeJS.ProcessEnv;
export function signJwt(payload: unknown, key: string): string;
export interface HostileRepo {
  top: string;
  repo: string;
  outside: string;
  bare: string;
  marker: string;
  variants: Record<'linked config' | 'linked baseline' | 'pathological globs', (dir: string) => void>;
  stagedCopy(dir: string): string;
  outsideSnapshot(): [string, string][];
  wroteThroughLinks(dir: string): boolean;
  restore(): void;
}
export function buildHostileRepo(top: string, options?: { sizes?: HostileSizes; pids?: readonly number[] }): HostileRepo;
export interface SimCommand {
  command: string;
  format?: string;
  properties?: Record<string, string>;
  data?: string;
}
export function forgedCommands<C extends SimCommand>(commands: readonly C[]): C[];
