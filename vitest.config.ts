import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One private temp directory per run and per file, removed and checked at the end (test/setup).
    globalSetup: ['test/setup/global-temp.ts'],
    setupFiles: ['test/setup/file-temp.ts'],
    // End-to-end tests spawn git, node and pre-commit; give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
