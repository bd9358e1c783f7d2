#!/usr/bin/env node
// Builds dist/: tsc compiles src/ to lib/, then ncc bundles each entry into one file.
// ncc compiles JavaScript only here: its ts-loader cannot drive TypeScript 6+/7 (see README, Development).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });
rmSync('lib', { recursive: true, force: true });
rmSync('dist', { recursive: true, force: true });
run('npx', ['--no-install', 'tsc', '-p', 'tsconfig.json']);
run('npx', ['--no-install', 'ncc', 'build', 'lib/action/index.js', '-o', 'dist', '--minify', '--no-source-map-register', '--license', 'licenses.txt', '-q']);
run('npx', ['--no-install', 'ncc', 'build', 'lib/cli/index.js', '-o', 'dist/cli', '--minify', '--no-source-map-register', '-q']);
// The history audit's worker thread (src/worker/index.ts): the CLI (dist/cli/) and the Action (dist/)
// start it from dist/worker/index.js, found beside their own bundle (src/worker/history-job.ts).
run('npx', ['--no-install', 'ncc', 'build', 'lib/worker/index.js', '-o', 'dist/worker', '--minify', '--no-source-map-register', '-q']);
