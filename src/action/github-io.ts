import { EOL } from 'node:os';
import * as core from '@actions/core';
import { readToolText } from '../fs/tool-file.js';
import type { ActionIO } from './io.js';
import { escapeLogText, formatCommand } from './workflow-commands.js';

/** The event payload is written by the runner, not the repository; the cap only guards memory. */
const MAX_EVENT_BYTES = 64 * 1024 * 1024;

/**
 * The runner-backed ActionIO. Everything it writes to stdout goes through workflow-commands.ts
 * (log text cannot start a command; command data and properties are escaped); @actions/core is
 * used for inputs, outputs, masks and the job summary, which are files or fixed commands.
 */
export function githubIO(): ActionIO {
  let event: Record<string, unknown> = {};
  const write = (line: string) => void process.stdout.write(line + EOL);
  const eventPath = process.env.GITHUB_EVENT_PATH;
  if (eventPath) {
    try {
      event = JSON.parse(readToolText(eventPath, { shown: 'GITHUB_EVENT_PATH', maxBytes: MAX_EVENT_BYTES }) ?? '{}') as Record<string, unknown>;
    } catch (err) {
      write(formatCommand('warning', {}, `Could not read the event payload at GITHUB_EVENT_PATH (${(err as Error).message}); scanning the whole tree.`));
    }
  }
  return {
    getInput: (name) => core.getInput(name),
    env: process.env,
    event,
    info: (m) => write(escapeLogText(m)),
    warning: (m) => write(formatCommand('warning', {}, m)),
    annotate(a) {
      const props = { title: a.title, file: a.file, line: a.startLine, endLine: a.endLine, col: a.startColumn, endColumn: a.endColumn };
      write(formatCommand(a.level === 'note' ? 'notice' : a.level, props, a.message));
    },
    setOutput: (n, v) => core.setOutput(n, v),
    setSecret: (v) => core.setSecret(v),
    setFailed(m) {
      process.exitCode = 1;
      write(formatCommand('error', {}, m));
    },
    async writeSummary(markdown) {
      await core.summary.addRaw(markdown).write();
    },
  };
}
