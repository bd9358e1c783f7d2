import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { git } from '../helpers/fixture-repo.js';
import { hasSimulator, makeRepo, runAction } from '../helpers/gha.js';

/**
 * A fork's pull request chooses the file names the Action prints. Names that hold line breaks and
 * workflow commands must reach the log and the annotations as names, never as commands.
 */
const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

const HOSTILE_NAMES = [
  'x\n::stop-commands::tok\n.env',
  'y\n::error title=X::pwned-by-newline\n.env',
  'z\r::error title=X::pwned-by-cr\r.env',
  '::error title=X::pwned-at-line-start.env',
  'w ##[error]pwned-legacy.env',
];

describe.skipIf(!hasSimulator)('GitHub Action on hostile file names', () => {
  it('accepts no forged workflow command and keeps annotating', () => {
    const repo = makeRepo();
    made.push(repo.dir);
    repo.commit({ 'README.md': 'app\n' }, 'base');
    repo.branch('feature');
    // Written directly: `git add` would read a leading ':' as pathspec magic.
    for (const name of HOSTILE_NAMES) writeFileSync(join(repo.dir, name), 'JWT_SECRET=changeme\n');
    // Sorted last, so it is annotated after every hostile name was printed.
    mkdirSync(join(repo.dir, 'zz'));
    writeFileSync(join(repo.dir, 'zz', '.env'), 'JWT_SECRET=changeme\n');
    git(repo.dir, 'add', '-A');
    repo.commit({}, 'feature');

    const r = runAction(repo.dir, ['--event', 'pull_request', '--base', 'main', '--head', 'feature', '--action-files', 'git', '--checkout', 'full']);
    const commands = r.commands as { command: string; format: string; properties: Record<string, string>; data: string }[];
    // Our own annotations name the files (the name is in their data, escaped); a forged command
    // would be a stop-commands, a legacy ##[...], or one whose title or data the name chose.
    const forged = commands.filter((c) => c.command.toLowerCase() === 'stop-commands' || c.format === 'legacy' || c.data.startsWith('pwned') || c.properties.title === 'X');
    expect(forged, JSON.stringify(forged)).toEqual([]);
    expect(r.violations.filter((v) => v.code.startsWith('stop-commands'))).toEqual([]);
    // The real findings are annotated, on the real names, after the hostile names were logged.
    const files_ = new Set(r.annotations.map((a) => a.file));
    expect(files_.has('zz/.env')).toBe(true);
    for (const name of HOSTILE_NAMES) expect(files_.has(name), JSON.stringify(name)).toBe(true);
    expect(r.annotations.every((a) => a.title !== 'X')).toBe(true);
    expect(r.conclusion).toBe('failure');
  });
});
