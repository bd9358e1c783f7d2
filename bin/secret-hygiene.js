#!/bin/sh
':' //; s=$0; while [ -h "$s" ]; do l=$(readlink "$s"); case $l in /*) s=$l;; *) s=${s%/*}/$l;; esac; done; exec node -- "${s%/*}/../dist/cli/index.js" "$@"
// The `secret-hygiene` command. The line above is POSIX shell, and to JavaScript a string and a
// comment: run as a program it follows npm's bin symlink to this package and starts
// `node -- dist/cli/index.js ARGS`. The `--` ends Node's own options, so Node 20 to 24 never take
// a `generate --env-file .env` after the script name as their option and stop with
// 'node: .env: not found' (nodejs/node#54232); `/bin/sh` needs no `env -S`, which BusyBox's
// `env` (Alpine, node:*-alpine) does not have. Run as `node bin/secret-hygiene.js`, it is the CLI.
import '../dist/cli/index.js';
