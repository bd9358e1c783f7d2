import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ActionIO } from '../../src/action/io.js';
import { run } from '../../src/action/main.js';
import { cli } from '../helpers/cli.js';
import { stagedRepo } from '../helpers/fixture-repo.js';

const APP = 'import os\nJWT_SECRET = os.getenv("JWT_SECRET", "old-default-secret")\n';

const repo = (files: Record<string, string>): string => stagedRepo('sh-action-inputs-', files);

/** Runs the Action's main in-process over a workspace, whole-tree mode, with the given inputs. */
async function runAction(workspace: string, inputs: Record<string, string>) {
  const outputs: Record<string, string | number> = {};
  const log: string[] = [];
  let failed: string | undefined;
  const io: ActionIO = {
    getInput: (name) => ({ mode: 'full', annotations: 'false', summary: 'false', 'fail-on': 'warning', ...inputs })[name] ?? '',
    env: { GITHUB_WORKSPACE: workspace, GITHUB_EVENT_NAME: 'workflow_dispatch' },
    event: {},
    info: (m) => void log.push(m),
    warning: (m) => void log.push(m),
    annotate: () => undefined,
    setOutput: (n, v) => void (outputs[n] = v),
    setSecret: () => undefined,
    setFailed: (m) => void (failed = m),
    writeSummary: async () => undefined,
  };
  await run(io);
  return { outputs, failed, log: log.join('\n') };
}

describe('the Action honours the config and baseline inputs', () => {
  it('baseline: accepted findings pass, a changed value fails', async () => {
    const dir = repo({ 'config.py': APP });
    expect((await runAction(dir, {})).failed).toMatch(/1 finding at or above 'warning'/);
    await cli(dir, ['baseline']);
    // Read by default once written; `baseline: none` reads none.
    expect((await runAction(dir, {})).failed).toBeUndefined();
    expect((await runAction(dir, { baseline: 'none' })).failed).toMatch(/1 finding at or above 'warning'/);
    const accepted = await runAction(dir, { baseline: '.secret-hygiene-baseline.json' });
    expect(accepted.failed).toBeUndefined();
    expect(accepted.outputs.findings).toBe(0);
    writeFileSync(join(dir, 'config.py'), APP.replace('old-default', 'new-default'));
    const changed = await runAction(dir, { baseline: '.secret-hygiene-baseline.json' });
    expect(changed.outputs.findings).toBe(1);
    expect(changed.log).toContain('matches no finding');
  });

  it('config: the file at the scanned path is read, or the one the input names', async () => {
    const dir = repo({ 'app/config.py': APP, 'app/.secret-hygiene.yml': 'rules:\n  hardcoded-default: off\n', 'ci/strict.yml': 'rules:\n  hardcoded-default: error\n' });
    const implicit = await runAction(dir, { path: 'app' });
    expect(implicit.failed).toBeUndefined();
    const named = await runAction(dir, { path: 'app', config: 'ci/strict.yml' });
    expect(named.outputs.errors).toBe(1);
  });

  it('a bad config or a missing baseline fails the step with the message', async () => {
    const dir = repo({ 'config.py': APP, '.secret-hygiene.yml': 'rulez: {}\n' });
    expect((await runAction(dir, {})).failed).toMatch(/rulez \(line 1\): unknown key; did you mean 'rules'\?/);
    const other = repo({ 'config.py': APP });
    expect((await runAction(other, { baseline: 'nope.json' })).failed).toMatch(/nope\.json: no such baseline file/);
  });
});
