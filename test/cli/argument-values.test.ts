import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliProcess } from '../helpers/cli.js';
import { git } from '../helpers/fixture-repo.js';
import { tempDir } from '../helpers/temp.js';

// A value a user might paste into the wrong place (shaped like a live key; not a real one). No
// argument error may repeat it: the message goes to a terminal or a CI log.
const PASTED = 'sk_live_Zq8kW2pL5xV9nR3tY7uB1mC4';

const dir = tempDir('sh-argvalues-');
const repo = join(dir, 'repo');
mkdirSync(repo);
writeFileSync(join(repo, 'app.py'), 'import os\nJWT_SECRET_KEY = os.environ["JWT_SECRET_KEY"]\n');
git(repo, 'init', '-q');
git(repo, 'add', '-A');
git(repo, '-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'init');

/** [the arguments, what the one line must say instead of the value] */
const CASES: [string[], RegExp][] = [
  [['scan', '--format', PASTED], /--format must be one of text, json, sarif/],
  [['scan', `--format=${PASTED}`], /--format must be one of/],
  [['scan', '--fail-on', PASTED], /--fail-on must be one of error, warning, note, never/],
  [['scan', '--diff', `${PASTED} main`], /--diff takes BASE\.\.\.HEAD, BASE\.\.HEAD or BASE/],
  [['scan', '--diff', `${PASTED}...HEAD`], /--diff: its BASE end names no commit/],
  [['scan', '--diff', `HEAD..${PASTED}`], /--diff: its HEAD end names no commit/],
  [['scan', '--history', '--max-count', PASTED], /--max-count takes a positive number of commits/],
  [['scan', '--history', PASTED], /revision range given \(REV-RANGE, not shown/],
  [['scan', '--history', '.', 'HEAD', PASTED], /scan --history takes \[PATH\] \[REV-RANGE\] \(3 were given, not shown/],
  [['scan', PASTED], /the 1st argument names no file or directory/],
  [['scan', 'app.py', PASTED], /the 2nd argument names no file or directory/],
  [['scan', '--staged', PASTED], /--staged reads git, not named files/],
  [['baseline', '--staged', PASTED], /unknown option '--staged'/],
  [['fix', PASTED], /the 1st argument names no file or directory/],
  [['fix', '--rule', PASTED], /--rule takes a rule id/],
  [['baseline', PASTED], /PATH names no file or directory/],
  [['baseline', '.', PASTED], /baseline takes one PATH \(2 were given/],
  [['init', PASTED], /PATH names no file or directory/],
  [['init', '.', PASTED], /init takes one PATH \(2 were given/],
  [['generate', PASTED], /generate takes no arguments \(1 was given, not shown/],
  [['generate', '--encoding', PASTED], /--encoding must be one of/],
  [['generate', '--bytes', PASTED], /--bytes takes a whole number of bytes/],
  [['generate', '--dotenv', '.env', '--key', `${PASTED}+/=`], /--key takes a variable name/],
  [['check-env', PASTED], /check-env takes no arguments \(1 was given/],
  [['check-env', '--require', 'A', '--format', PASTED], /--format must be one of text, json/],
  [['check-env', '--require', `A,${PASTED}-x+y`], /--require takes variable names/],
  [['check-env', '--distinct', 'ONLY_ONE', '--require', 'A'], /--distinct needs two or more keys/],
  [['check-env', '--require', 'A', '--algorithm', PASTED], /--algorithm must be one of HS256/],
  [['check-env', '--require', 'A', '--min-bytes', PASTED], /--min-bytes takes a whole number of bytes/],
  [['exposure', '--from-env', 'K', '--format', PASTED], /--format must be one of/],
  [['exposure', '--from-env', PASTED], /the environment variable --from-env names is not set \(the name is not shown/],
  [['exposure', '--from-file', PASTED], /cannot read the key file --from-file names \(ENOENT; the path is not shown/],
  [['org', PASTED], /unknown subcommand \(not shown/],
  [['org', 'list', '--org', PASTED], /--org takes an organization's login/],
  [['org', 'list', '--org', 'acme', PASTED], /org list takes no positional arguments \(1 was given/],
  [['org', 'list', '--org', 'acme', '--shard-size', PASTED], /--shard-size takes a positive number of repositories/],
  [['org', 'scan', '--repos', PASTED], /--repos takes owner\/name repositories .*1 entry is not/],
  [['org', 'scan', '--repos', 'acme/api', PASTED], /org scan takes no positional arguments/],
  [['org', 'report', '--format', PASTED, '.'], /--format must be one of markdown, json/],
  [['org', 'report', PASTED], /the 1st argument names no directory/],
  [['org', 'report', '--max-bytes', PASTED, '.'], /--max-bytes takes a positive number of bytes/],
];

describe('the CLI process: an argument error names the option and what it accepts, never the value given', () => {
  it.each(CASES)('%j', (args, says) => {
    const r = cliProcess(repo, args, { GITHUB_TOKEN: '' });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(says);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toContain(PASTED);
    expect(r.stderr).not.toContain(PASTED.slice(8, 20));
    expect(r.stderr).not.toContain('internal error');
  });

  it('a mistyped org subcommand gets a did-you-mean', () => {
    const r = cliProcess(repo, ['org', 'lst', '--org', 'acme']);
    expect([r.code, r.stderr]).toEqual([2, "secret-hygiene org: unknown subcommand 'lst' (did you mean list?). Subcommands: list, scan, report. See 'secret-hygiene org --help'.\n"]);
  });

  it('a value that proved to be what it was meant to be is still named: an existing file, a rule id with a did-you-mean', () => {
    const dirArg = cliProcess(repo, ['scan', 'app.py', '.']);
    expect([dirArg.code, dirArg.stderr]).toEqual([2, expect.stringContaining("'.' is a directory")]);
    const rule = cliProcess(repo, ['fix', '--rule', 'weak-secrte']);
    expect([rule.code, rule.stderr]).toEqual([2, expect.stringContaining("--rule 'weak-secrte' is not a rule id (did you mean weak-secret?)")]);
  });
});
