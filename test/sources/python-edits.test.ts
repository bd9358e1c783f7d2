import { describe, expect, it } from 'vitest';
import { createContentFilter } from '../../src/parsers/index.js';
import { isInertEdit } from '../../src/sources/inert-edits.js';

const mentions = createContentFilter([]);
const inert = (before: string[], after: string[], path = 'app/views.py') => isInertEdit(path, before.join('\n') + '\n', after.join('\n') + '\n', mentions);

/** A module that reads a secret, signs with a name, and has functions that hold none. */
const MODULE = [
  'import os',
  'import jwt',
  '',
  'SECRET_KEY = os.environ["SECRET_KEY"]',
  'token = os.environ.get("JWT_SECRET")',
  '',
  '',
  'def render(rows):',
  '    """Render the rows.',
  '',
  '    Each row is a dict.',
  '    """',
  '    rv = []',
  '    for row in rows:  # in order',
  '        rv.append(row)',
  '    return rv',
  '',
  '',
  'DEFAULTS = dict(',
  '    {',
  "        'PAGE_SIZE': 20,",
  "        'SECRET_KEY': None,",
  '    }',
  ')',
  '',
  '',
  'def sign(payload):',
  '    key = load()',
  '    return jwt.encode(payload, key)',
  '',
];
const edit = (i: number, line: string) => MODULE.map((l, k) => (k === i ? line : l));
const insert = (i: number, ...lines: string[]) => [...MODULE.slice(0, i), ...lines, ...MODULE.slice(i)];

describe('isInertEdit, Python modules', () => {
  it('docstrings, comments, blank lines and imports of other modules are inert', () => {
    expect(inert(MODULE, edit(10, '    Each row is a mapping.'))).toBe(true);
    expect(inert(MODULE, edit(13, '    for row in rows:  # in the order given'))).toBe(true);
    expect(inert(MODULE, insert(16, ''))).toBe(true);
    expect(inert(MODULE, insert(2, 'import json'))).toBe(true);
  });

  it('a comment or docstring naming a secret is prose; one naming a JWT library or a token is judged', () => {
    expect(inert(MODULE, edit(10, '    Each row is signed with the session secret.'))).toBe(true);
    expect(inert(MODULE, insert(13, '    # The secret key is not needed here.'))).toBe(true);
    // A trailing comment is on a line of code: the line is judged.
    expect(inert(MODULE, edit(13, '    for row in rows:  # the secret key is not needed here'))).toBe(false);
    // The JWT rules read a file only when it names jwt or jose; a token starts eyJ.
    expect(inert(MODULE, edit(10, '    Each row is a JWT claim.'))).toBe(false);
    expect(inert(MODULE, edit(13, '    for row in rows:  # eyJhbGciOiJIUzI1NiJ9'))).toBe(false);
    // Outside comments and docstrings a secret word is judged.
    expect(inert(MODULE, edit(12, '    rv = [SECRET_KEY]'))).toBe(false);
  });

  it('statements and functions whose names no line with a secret word uses are inert', () => {
    expect(inert(MODULE, edit(12, '    rv = list()'))).toBe(true);
    expect(inert(MODULE, insert(17, 'def count(rows):', '    return len(rows)', '', ''))).toBe(true);
    // A key beside a secret one in a mapping spread over lines.
    expect(inert(MODULE, edit(20, "        'PAGE_SIZE': 50,"))).toBe(true);
    // A backslash elsewhere in the module does not make every edit judged.
    const joined = insert(6, 'LIMIT = 1 + \\', '    2');
    expect(isInertEdit('app/views.py', joined.join('\n'), joined.map((l, k) => (k === 14 ? '    rv = list()' : l)).join('\n'), mentions)).toBe(true);
  });

  it('a name a line with a secret word reads, or one such a line binds, is judged', () => {
    // `key` is what jwt.encode signs with: a literal bound to it anywhere is the key.
    expect(inert(MODULE, edit(27, '    key = "my-signing-key"'))).toBe(false);
    expect(inert(MODULE, insert(13, '    key = "x"'))).toBe(false);
    // `token` holds a secret: logging it leaks it.
    expect(inert(MODULE, insert(15, '    print(token)'))).toBe(false);
  });

  it('rule words, os imports, class headers, strings bound to names and continued lines are judged', () => {
    expect(inert(MODULE, insert(15, '    opts = {"verify_signature": False}'))).toBe(false);
    expect(inert(MODULE, insert(15, '    algorithms = ["none"]'))).toBe(false);
    expect(inert(MODULE, insert(2, 'from os import environ'))).toBe(false);
    const settings = ['from pydantic import BaseModel', '', 'class Settings(BaseModel):', '    secret_key: str = "dev"', ''];
    expect(inert(settings, settings.map((l, k) => (k === 2 ? 'class Settings(BaseSettings):' : l)))).toBe(false);
    const bound = ['key = """', 'abc', '"""', 'jwt.encode(p, key)', ''];
    expect(inert(bound, bound.map((l, k) => (k === 1 ? 'abd' : l)))).toBe(false);
    const call = ['import jwt', '', 'jwt.encode(', '    payload,', '    key,', ')', ''];
    expect(inert(call, call.map((l, k) => (k === 4 ? '    other,' : l)))).toBe(false);
    const continued = ['x = 1 + \\', '    2', ''];
    expect(inert(continued, continued.map((l, k) => (k === 1 ? '    3' : l)))).toBe(false);
  });

  it('a module that reads the Authorization header has its statements judged; a change of role is judged', () => {
    const header = [...MODULE, 'def auth(request):', '    value = request.headers["Authorization"]', '    return value', ''];
    expect(inert(header, header.map((l, k) => (k === 12 ? '    rv = list()' : l)))).toBe(false);
    expect(inert(MODULE, insert(2, 'import pytest'))).toBe(false);
  });
});
