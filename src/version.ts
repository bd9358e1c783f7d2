import { readFileSync } from 'node:fs';

/**
 * The package version. Read from package.json beside the bundle (dist/cli/ → ../../package.json)
 * so the number is never typed twice; a build define would be the alternative.
 */
export function packageVersion(): string {
  for (const rel of ['../../package.json', '../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'secret-hygiene' && pkg.version) return pkg.version;
    } catch {
      // not at this depth (bundle vs. lib/ layout); try the next
    }
  }
  return '0.0.0';
}
