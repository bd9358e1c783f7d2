import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

/** A fresh temporary directory, removed after the test file (test/setup/file-temp.ts). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every directory tempDir() made so far. */
export function removeTracked(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
