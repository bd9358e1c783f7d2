import { DEFAULT_CONFIG, type ResolvedConfig } from './types.js';

/**
 * Loads `.secret-hygiene.yml` (or `.yaml`, `.json`) from `root`, or `configPath` when given, and
 * validates it. Throws a ConfigError listing every problem (exit 2).
 * (Placeholder until the configuration issue lands: defaults only.)
 */
export async function loadConfig(_root: string, _configPath?: string): Promise<ResolvedConfig> {
  return { ...DEFAULT_CONFIG };
}
