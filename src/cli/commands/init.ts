import { lstatSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { CONFIG_FILE_NAMES } from '../../config/schema.js';
import { starterConfig } from '../../config/starter.js';
import { writeReportFile } from '../../fs/write-file.js';
import { RULES } from '../../rules/index.js';
import type { CliIO } from '../io.js';
import { parseCommand } from '../parse-command.js';
import { EXIT, notShown, notADirectory, UsageError } from '../usage-error.js';

export const initHelp = `Usage: secret-hygiene init [PATH] [options]

Writes a commented starter .secret-hygiene.yml in PATH (default: .): every key with its default.

Options:
  --pre-commit   also write .pre-commit-config.yaml with the secret-hygiene hook
                 (when the file exists, print the lines to add instead)
  --workflow     also write .github/workflows/secret-hygiene.yml running the GitHub Action
  --force        overwrite an existing .secret-hygiene.yml or workflow file

Exit codes: 0 done, 2 usage error or a file that exists (without --force).
`;

/** The hook entry users add to .pre-commit-config.yaml (the hook id of .pre-commit-hooks.yaml). */
export const PRE_COMMIT_SNIPPET = `repos:
  - repo: https://github.com/secret-hygiene/secret-hygiene
    rev: v1.0.0
    hooks:
      - id: secret-hygiene
`;

export const WORKFLOW_SNIPPET = `# Checks what each pull request and push adds: JWT secrets, SECRET_KEY and session keys.
name: secret-hygiene
on:
  pull_request:
  push:
    branches: [main]
permissions:
  contents: read
jobs:
  secret-hygiene:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: secret-hygiene/secret-hygiene@v1
        # with:
        #   config: .secret-hygiene.yml
        #   baseline: none  # .secret-hygiene-baseline.json is read by default when it exists
`;

export async function initCommand(argv: string[], io: CliIO): Promise<number> {
  const parsed = parseCommand(
    'secret-hygiene init',
    argv,
    io,
    {
      'pre-commit': { type: 'boolean', default: false },
      workflow: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
    },
    initHelp,
  );
  if (parsed === null) return EXIT.clean;
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new UsageError(`init takes one PATH (${notShown(positionals.length)}).`);
  const root = resolve(io.cwd, positionals[0] ?? '.');
  const st = await stat(root).catch(() => null);
  if (!st?.isDirectory()) throw new UsageError(`${notADirectory(st, positionals[0])}.`);
  const shown = (p: string) => relative(io.cwd, p) || p;

  // Check everything before writing anything, so a refusal leaves the tree as it was.
  const configFile = join(root, CONFIG_FILE_NAMES[0]);
  const existingConfig = CONFIG_FILE_NAMES.map((n) => join(root, n)).filter((p) => exists(p));
  const workflowFile = join(root, '.github', 'workflows', 'secret-hygiene.yml');
  const refusals: string[] = [];
  const otherConfig = existingConfig.filter((p) => p !== configFile);
  if (otherConfig.length > 0) refusals.push(`${otherConfig.map(shown).join(', ')} exists (a second configuration file would be an error; edit or remove it)`);
  else if (existingConfig.length > 0 && !values.force) refusals.push(`${shown(configFile)} exists`);
  if (values.workflow && exists(workflowFile) && !values.force) refusals.push(`${shown(workflowFile)} exists`);
  if (refusals.length > 0) throw new UsageError(`${refusals.join('; ')}. Nothing was written; add --force to overwrite.`);

  const done: string[] = [];
  // Inside the repository no link is followed: a dangling `.secret-hygiene.yml -> ~/.bashrc` is refused.
  const write = (file: string, text: string) => writeReportFile(file, text, { shown: shown(file), root, hint: 'make the directory writable' });
  await write(configFile, starterConfig(RULES.map((r) => r.meta.id)));
  done.push(`Wrote ${shown(configFile)}: a commented starter configuration (all defaults).`);
  if (values['pre-commit']) {
    const file = join(root, '.pre-commit-config.yaml');
    if (exists(file)) {
      // Its other hooks are the user's: print the entry instead of editing their file.
      done.push(`${shown(file)} exists; add this repository entry to it:\n\n${PRE_COMMIT_SNIPPET.replace(/^repos:\n/, '')}`);
    } else {
      await write(file, PRE_COMMIT_SNIPPET);
      done.push(`Wrote ${shown(file)}: run \`pre-commit install\` to run the hook on every commit.`);
    }
  }
  if (values.workflow) {
    await write(workflowFile, WORKFLOW_SNIPPET);
    done.push(`Wrote ${shown(workflowFile)}: it runs secret-hygiene/secret-hygiene@v1 on pull requests and pushes to main.`);
  }
  io.stdout(done.join('\n') + '\n');
  return EXIT.clean;
}

/** Present, a link included (a dangling link is then refused when written, not silently replaced). */
function exists(path: string): boolean {
  return lstatSync(path, { throwIfNoEntry: false }) !== undefined;
}
