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
