import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeLogText, formatCommand } from '../../src/action/workflow-commands.js';
import { escapeControlChars } from '../../src/core/control-chars.js';

describe('workflow-command escaping', () => {
  it('keeps log lines but lets none of them start a command', () => {
    const out = escapeLogText('report\n  ::stop-commands::tok\r::error title=X::y\r\nname ##[error]z');
    expect(out.split('\n')).toEqual(['report', '  %3A%3Astop-commands::tok', '%3A%3Aerror title=X::y', 'name ##%5Berror]z']);
  });

  it('escapes data and properties the way the runner reverses', () => {
    expect(formatCommand('error', { file: 'a,b:c\n::x', title: 'rule', line: 3, col: undefined }, '100% sure\r\n::stop-commands::t')).toBe(
      '::error file=a%2Cb%3Ac%0A%3A%3Ax,title=rule,line=3::100%25 sure%0D%0A::stop-commands::t',
    );
  });

  it('shows control characters in names as visible escapes', () => {
    expect(escapeControlChars('x\n::e\r\u001b[2J\\.env')).toBe('x\\n::e\\r\\x1b[2J\\\\.env');
    expect(escapeControlChars('plain/name.env')).toBe('plain/name.env');
  });
});

describe('one way to the runner', () => {
  const SRC = join(import.meta.dirname, '..', '..', 'src');
  const files = (readdirSync(SRC, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => join(SRC, f));
  /** Code (comments dropped) that writes to the process's streams, or logs through @actions/core. */
  const WRITES = /process\.(stdout|stderr)\.write|\bconsole\.[a-z]+\(|\bcore\.(info|notice|warning|error|debug|startGroup|endGroup|setFailed|setCommandEcho)\(/;
  const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');

  it('outside the CLI, only the Action\'s runner IO writes to stdout or stderr, and every line it writes is escaped', () => {
    const writers = files.filter((f) => WRITES.test(code(readFileSync(f, 'utf8')))).map((f) => relative(SRC, f));
    expect(writers.filter((f) => !f.startsWith('cli/'))).toEqual(['action/github-io.ts']);
    const io = code(readFileSync(join(SRC, 'action', 'github-io.ts'), 'utf8'));
    // The local write(line): its only callers; process.stdout.write is inside it.
    const calls = [...io.matchAll(/(?<![.\w])write\(([^)]{0,40})/g)].map((m) => m[1] as string);
    expect(calls.length).toBeGreaterThan(0);
    for (const arg of calls) expect(arg, arg).toMatch(/^(escapeLogText|formatCommand)\(/);
  });
});
