import { readFileSync } from 'node:fs';
import * as core from '@actions/core';
import type { ActionIO } from './io.js';

/** The runner-backed ActionIO: @actions/core does the workflow-command escaping. */
export function githubIO(): ActionIO {
  let event: Record<string, unknown> = {};
  const eventPath = process.env.GITHUB_EVENT_PATH;
  if (eventPath) {
    try {
      event = JSON.parse(readFileSync(eventPath, 'utf8')) as Record<string, unknown>;
    } catch (err) {
      core.warning(`Could not read the event payload at GITHUB_EVENT_PATH (${(err as Error).message}); scanning the whole tree.`);
    }
  }
  return {
    getInput: (name) => core.getInput(name),
    env: process.env,
    event,
    info: (m) => core.info(m),
    warning: (m) => core.warning(m),
    annotate(a) {
      const props: core.AnnotationProperties = { title: a.title, file: a.file, startLine: a.startLine, endLine: a.endLine };
      if (a.startColumn !== undefined) props.startColumn = a.startColumn;
      if (a.endColumn !== undefined) props.endColumn = a.endColumn;
      if (a.level === 'error') core.error(a.message, props);
      else if (a.level === 'warning') core.warning(a.message, props);
      else core.notice(a.message, props);
    },
    setOutput: (n, v) => core.setOutput(n, v),
    setSecret: (v) => core.setSecret(v),
    setFailed: (m) => core.setFailed(m),
    async writeSummary(markdown) {
      await core.summary.addRaw(markdown).write();
    },
  };
}
