#!/usr/bin/env node
import { guardStdio } from './io.js';
import { main } from './main.js';

const stdio = guardStdio();
const code = await main(process.argv.slice(2));
process.exitCode = stdio.failed() ? 2 : code;
