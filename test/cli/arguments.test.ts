import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliProcess } from '../helpers/cli.js';
import { git } from '../helpers/fixture-repo.js';
import { tempDir } from '../helpers/temp.js';

const version = (JSON.parse((await import('node:fs')).readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
const dir = tempDir('sh-args-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COMMANDS = ['scan', 'generate', 'check-env', 'fix', 'baseline', 'init', 'exposure', 'org', 'org list', 'org scan', 'org report'];

describe('the CLI process: arguments as users of commander-based tools expect', () => {
  it('an unknown option is one line with a did-you-mean, exit 2', () => {
    const r = cliProcess(dir, ['scan', '--formt', 'json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("secret-hygiene scan: unknown option '--formt' (did you mean --format?). See 'secret-hygiene scan --help'.\n");
  });

  it('exposure: a mistyped option is one line, its argument never repeated, the suggestion inside the parentheses', () => {
    const r = cliProcess(dir, ['exposure', '--frm-env=ghp_Zq8kW2pL5xV9nR3tY7uB1mC4hJ6gF0dS8aQ2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("secret-hygiene exposure: exposure was given an unknown option (not shown: it may hold the key; did you mean --from-env?). See 'secret-hygiene exposure --help'.\n");
  });

  it('a mistyped command suggests the command, exit 2', () => {
    const r = cliProcess(dir, ['scna']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('did you mean scan?');
  });

  it('an option without its value says so in one line, exit 2', () => {
    const r = cliProcess(dir, ['generate', '--bytes']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--bytes .*argument missing/);
  });

  it.each([['-V'], ['--version'], ['-v']])('%s prints the version', (flag) => {
    const r = cliProcess(dir, [flag]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${version}\n`);
  });

  it.each(COMMANDS)('%s accepts --help, -h, --version and -V', (command) => {
    const words = command.split(' ');
    for (const flag of ['--help', '-h']) {
      const r = cliProcess(dir, [...words, flag]);
      expect(r.code, `${command} ${flag}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toContain(`Usage: secret-hygiene ${words[0]}`);
    }
    for (const flag of ['--version', '-V']) {
      const r = cliProcess(dir, [...words, flag]);
      expect(r.code, `${command} ${flag}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toBe(`${version}\n`);
    }
  });

  it('help COMMAND prints the command help', () => {
    const r = cliProcess(dir, ['help', 'scan']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: secret-hygiene scan');
  });

  it('options and values keep working after the switch: --no-color, repeated options, --', () => {
    const repo = mkdtempSync(join(dir, 'repo-'));
    writeFileSync(join(repo, 'config.py'), 'import os\nJWT_SECRET_KEY = os.getenv("JWT_SECRET_KEY", "Pk7-args-planted-ww2")\n');
    git(repo, 'init', '-q');
    git(repo, 'add', '-A');
    const r = cliProcess(repo, ['scan', '--no-color', '--format=json', '--', '.']);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as { findings: unknown[] }).findings.length).toBeGreaterThan(0);
    const strong = (c: string) => c.repeat(3) + 'Zq8-kW2_pL5xV9nR3tY7uB1mC4hJ6gF0dS8aQ2wE';
    const env = cliProcess(dir, ['check-env', '--require', 'A_KEY', '--require', 'B_KEY'], { A_KEY: strong('a'), B_KEY: strong('b') });
    expect(env.stdout).toContain('(A_KEY, B_KEY)');
  });

  it('FORCE_COLOR colours text output off a terminal; NO_COLOR and --no-color keep it plain', () => {
    const repo = mkdtempSync(join(dir, 'repo-'));
    writeFileSync(join(repo, 'config.py'), 'import os\nJWT_SECRET_KEY = os.getenv("JWT_SECRET_KEY", "Pk7-args-planted-ww2")\n');
    git(repo, 'init', '-q');
    git(repo, 'add', '-A');
    const esc = '\u001b[';
    expect(cliProcess(repo, ['scan'], { FORCE_COLOR: '1' }).stdout).toContain(esc);
    expect(cliProcess(repo, ['scan'], { FORCE_COLOR: '1' }).stdout).not.toContain('Pk7-args-planted-ww2');
    expect(cliProcess(repo, ['scan'], { FORCE_COLOR: '0' }).stdout).not.toContain(esc);
    expect(cliProcess(repo, ['scan'], { NO_COLOR: '1' }).stdout).not.toContain(esc);
    expect(cliProcess(repo, ['scan', '--no-color'], { FORCE_COLOR: '1' }).stdout).not.toContain(esc);
    expect(cliProcess(repo, ['scan']).stdout).not.toContain(esc);
  });

  it('scan --staged outside a git repository: exit 2, "not a git repository", not an internal error', () => {
    const plain = mkdtempSync(join(dir, 'plain-'));
    const r = cliProcess(plain, ['scan', '--staged']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not a git repository');
    expect(r.stderr).not.toContain('internal error');
  });
});
