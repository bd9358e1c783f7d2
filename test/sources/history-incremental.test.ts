import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { auditHistory } from '../../src/audit-history.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { createContentFilter } from '../../src/parsers/index.js';
import { blankInertJsonEntries, isInertEdit, isInertTokenEdit } from '../../src/sources/inert-edits.js';
import { diffLines } from '../../src/sources/line-diff.js';
import { git, stageFiles } from '../helpers/fixture-repo.js';
import { tempDir } from '../helpers/temp.js';

// Planted values: made up for these tests, never printed by the tool.
const KEY_A = 'Hq7Lm2Xv9Rt4Wz6Ys1Pk3Nd8Fb5Jc0Ge';
const KEY_B = 'Tz4Qw8Er2Ty6Ui0Op3As7Df1Gh5Jk9Lx';
const KEY_C = 'Bn5Mv1Cx7Za3Sd9Fg2Hj6Kl0Qw4Er8Ty';
const KEY_D = 'Wd3Ks8Lq1Zm6Xn4Cb9Vf2Gt7Hy0Ju5Ir';
const KEY_E = 'Ep6Ra2Ts9Yd4Uf1Ig7Oh3Pj0Ak5Sl8Dz';
const config = { ...DEFAULT_CONFIG, rules: {} };

const b64url = (s: string) => Buffer.from(s).toString('base64url');
function hs256(payload: object, key: string): string {
  const head = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}`;
  return `${head}.${createHmac('sha256', key).update(head).digest('base64url')}`;
}
const mentions = createContentFilter([]);

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

let tick = 0;
function commit(dir: string, files: Record<string, string | null>): void {
  stageFiles(dir, files);
  const date = new Date(Date.UTC(2024, 0, 1) + ++tick * 3600_000).toISOString();
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-q', '--allow-empty', '-m', `c${tick}`], {
    cwd: dir,
    env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
  });
}

/** A long i18n JSON: `sections` objects of plain entries, one mentioning a session (so the file is read). */
function i18n(edit: (lines: string[]) => void = () => undefined): string {
  const lines = ['{'];
  for (let s = 0; s < 12; s++) {
    lines.push(`  "section_${s}": {`);
    for (let k = 0; k < 20; k++) lines.push(`    "entry_${k}": "Text ${s}.${k}",`);
    lines.push('    "expired": "Your session has expired"', '  },');
  }
  lines.push('  "end": {}', '}');
  edit(lines);
  return lines.join('\n') + '\n';
}

function compose(edit: (lines: string[]) => void = () => undefined): string {
  const lines = ['services:'];
  for (let s = 0; s < 8; s++) {
    lines.push(`  svc${s}:`, `    image: example/svc${s}:1.0`, '    environment:', '      LOG_LEVEL: info', `      WORKERS: "${s + 1}"`, '      JWT_SECRET: ${JWT_SECRET:?JWT_SECRET must be set}', '    ports:', `      - "${8000 + s}:8000"`);
  }
  edit(lines);
  return lines.join('\n') + '\n';
}

const k8s = (value: string, replicas: number) =>
  ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: api', 'spec:', `  replicas: ${replicas}`, '  template:', '    spec:', '      containers:', '        - name: api', '          env:', '            - name: JWT_SECRET_KEY', `              value: ${value}`, ''].join('\n');

const appKey = (value: string, ttl: number) => ['app:', '  key: ' + value, `  ttl: ${ttl}`, 'cache:', '  session_store: redis', ''].join('\n');

const replaceAt = (i: number, line: string) => (lines: string[]) => void (lines[i] = line);
/** The entry on line i keeps its key and gets a new value. */
const valueAt = (i: number, text: string) => (lines: string[]) => void (lines[i] = (lines[i] as string).replace(/: ".*"/, `: "${text}"`));
const insertAt = (i: number, line: string) => (lines: string[]) => void lines.splice(i, 0, line);

describe('history: versions whose edit no rule can judge are not judged again', () => {
  it('reports exactly what judging every version whole reports (moved, edited and reverted secrets)', async () => {
    const dir = tempDir('sh-incremental-');
    dirs.push(dir);
    git(dir, 'init', '-q');
    const secretLine = `    "jwt_secret": "${KEY_A}",`;
    commit(dir, { 'config/messages.json': i18n(), 'docker-compose.yml': compose(), 'deploy/api.yaml': k8s('$(JWT_SECRET_KEY)', 1), 'config/app.yaml': appKey('"${APP_KEY}"', 60) });
    // Inert edits: values of plain entries, entries added and removed beside their siblings.
    for (let i = 0; i < 4; i++) commit(dir, { 'config/messages.json': i18n(valueAt(30 + i, `Edited ${i}`)), 'docker-compose.yml': compose(replaceAt(5 + 8 * i, `      WORKERS: "${10 + i}"`)) });
    // A secret planted deep in the JSON (a new line mentioning one: judged), then inert edits around it.
    commit(dir, { 'config/messages.json': i18n(insertAt(150, secretLine)) });
    // A token signed with it: proven against the key, whose versions (inert edits) are one place.
    commit(dir, { 'docs/api.md': `# API\n\nAuthorization: Bearer ${hs256({ sub: '1', exp: 1893456000 }, KEY_A)}\n` });
    commit(dir, { 'config/messages.json': i18n((l) => (insertAt(150, secretLine)(l), valueAt(40, 'Edited again')(l))) });
    // Edited to a new value, then reverted to the first (no new finding), then removed.
    commit(dir, { 'config/messages.json': i18n(insertAt(150, `    "jwt_secret": "${KEY_B}",`)) });
    commit(dir, { 'config/messages.json': i18n(insertAt(150, secretLine)) });
    commit(dir, { 'config/messages.json': i18n(valueAt(41, 'Later')) });
    // A section added whole (inert), then one whose nested mapping holds a new secret (judged), then both removed.
    const section = (inner: string[]) => (l: string[]) => void l.splice(1, 0, '  "added": {', '    "plain": "Text",', '    "nested": {', ...inner, '    }', '  },');
    commit(dir, { 'config/messages.json': i18n((l) => (valueAt(41, 'Later')(l), section(['      "x": "y"'])(l))) });
    commit(dir, { 'config/messages.json': i18n((l) => (valueAt(41, 'Later')(l), section([`      "signing_key": "${KEY_E}"`])(l))) });
    commit(dir, { 'config/messages.json': i18n(valueAt(41, 'Later')) });
    // A literal default in a compose service, removed and reverted, with inert edits between.
    const weak = (l: string[]) => replaceAt(38, '      JWT_SECRET: ${JWT_SECRET:-changeme}')(l);
    commit(dir, { 'docker-compose.yml': compose(weak) });
    commit(dir, { 'docker-compose.yml': compose((l) => (weak(l), replaceAt(13, '      WORKERS: "99"')(l))) });
    commit(dir, { 'docker-compose.yml': compose() });
    commit(dir, { 'docker-compose.yml': compose((l) => (weak(l), replaceAt(21, '      LOG_LEVEL: debug')(l))) });
    // A Kubernetes env value named by its sibling: the changed line mentions no secret word.
    commit(dir, { 'deploy/api.yaml': k8s(KEY_C, 1) });
    commit(dir, { 'deploy/api.yaml': k8s(KEY_C, 2) });
    commit(dir, { 'deploy/api.yaml': k8s(KEY_A, 3) });
    // A key whose name is its path (`app` > `key` is APP_KEY): the changed line mentions nothing.
    commit(dir, { 'config/app.yaml': appKey(KEY_B, 61) });
    commit(dir, { 'config/app.yaml': appKey(KEY_B, 62) });
    commit(dir, { 'config/app.yaml': appKey(KEY_C, 63) });
    // A settings module: module-level numbers edited (inert), a literal key planted, edited, reverted.
    const settings = (...extra: string[]) => ['import os', '', 'SECRET_KEY = os.environ["SECRET_KEY"]', ...Array.from({ length: 30 }, (_, k) => `SETTING_${k} = ${k}`), ...extra, ''].join('\n');
    commit(dir, { 'app/settings.py': settings() });
    commit(dir, { 'app/settings.py': settings('SETTING_99 = 1') });
    commit(dir, { 'app/settings.py': settings('SETTING_99 = 2', `JWT_SECRET_KEY = "${KEY_D}"`) });
    commit(dir, { 'app/settings.py': settings('SETTING_99 = 3', `JWT_SECRET_KEY = "${KEY_D}"`) });
    commit(dir, { 'app/settings.py': settings('SETTING_99 = 3', `JWT_SECRET_KEY = "${KEY_E}"`) });
    commit(dir, { 'app/settings.py': settings('SETTING_99 = 4', `JWT_SECRET_KEY = "${KEY_D}"`) });
    // Moved: the JSON secret goes to another file (same value: one finding, the first).
    commit(dir, { 'config/messages.json': i18n(), 'config/keys.json': `{\n  "auth": {\n    "jwt_secret": "${KEY_A}"\n  }\n}\n` });
    // A key added that the file already has is judged (a duplicate may be a parse problem).
    commit(dir, { 'config/messages.json': i18n(insertAt(3, '    "entry_5": "Twice",')) });
    // A broken line is a parse problem naming a line: later edits of that file are judged too, and
    // an edit above it moves the line the problem names.
    const broken = (l: string[]) => insertAt(6, '     BROKEN: "indent"')(l);
    commit(dir, { 'docker-compose.yml': compose(broken) });
    commit(dir, { 'docker-compose.yml': compose((l) => (broken(l), insertAt(4, '      EXTRA: "1"')(l))) });

    const whole = { versions: 0, unchanged: 0, readAgain: 0 };
    const incremental = { versions: 0, unchanged: 0, readAgain: 0 };
    const a = await auditHistory(dir, { wholeVersions: true, counters: whole }, config);
    const b = await auditHistory(dir, { counters: incremental }, config);
    const strip = (r: typeof a) => ({ findings: r.findings, problems: r.problems });
    expect(strip(b)).toEqual(strip(a));
    expect(whole.unchanged).toBe(0);
    expect(incremental.versions).toBe(whole.versions);
    // The inert ones: 8 edits of the first four commits, and the JSON and compose edits beside planted lines.
    expect(incremental.unchanged).toBeGreaterThanOrEqual(14);
    // And the report holds what was planted: each secret once, where it first appeared.
    const where = a.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`);
    expect(where).toEqual(
      expect.arrayContaining([
        'hardcoded-default docker-compose.yml:39',
        'plaintext-manifest-secret deploy/api.yaml:13',
        'jwt-forgeable docs/api.md:3',
        expect.stringMatching(/ config\/messages\.json:151$/),
        expect.stringMatching(/ config\/messages\.json:5$/),
        expect.stringMatching(/ config\/app\.yaml:2$/),
        'hardcoded-secret app/settings.py:35',
        'hardcoded-secret app/settings.py:35',
      ]),
    );
    expect(a.findings.filter((f) => f.file === 'deploy/api.yaml').length).toBe(2); // KEY_C, then KEY_A
    expect(a.findings.some((f) => f.file === 'config/keys.json')).toBe(false); // moved, not new
    expect(a.findings.filter((f) => f.file === 'config/messages.json').length).toBe(3); // KEY_A, KEY_B (KEY_A again: not new), KEY_E in a section
    expect(a.problems.filter((p) => p.file === 'docker-compose.yml').length).toBe(2); // the broken line, then one line lower
  });
});

describe('isInertEdit', () => {
  const json = (entries: string[]) => ['{', '  "a": {', ...entries, '    "last": 1', '  }', '}', ''].join('\n');
  it('a plain value changed, added or removed beside a sibling is inert', () => {
    expect(isInertEdit('x.json', json(['    "b": "one",']), json(['    "b": "two",']), mentions)).toBe(true);
    expect(isInertEdit('x.json', json(['    "b": "one",']), json(['    "b": "one",', '    "c": 3,']), mentions)).toBe(true);
    expect(isInertEdit('x.json', json(['    "b": "one",', '    "c": 3,']), json(['    "b": "one",']), mentions)).toBe(true);
    expect(isInertEdit('x.yml', 'a:\n  b: 1\n  c: 2\n', 'a:\n  b: 1\n  c: 3\n', mentions)).toBe(true);
  });
  it('JSON: an entry appended after the last one, the last one removed, a key another mapping has, an escaped quote', () => {
    const two = (inner: string[]) => ['{', '  "a": {', ...inner, '  },', '  "b": {', '    "title": "B"', '  }', '}', ''].join('\n');
    // Appended: the entry before it gains its comma.
    expect(isInertEdit('x.json', two(['    "x": "1"']), two(['    "x": "1",', '    "y": "2"']), mentions)).toBe(true);
    // The last one removed: the one before it loses its comma.
    expect(isInertEdit('x.json', two(['    "x": "1",', '    "y": "2"']), two(['    "x": "1"']), mentions)).toBe(true);
    // `title` is b's too: a key new to its own mapping.
    expect(isInertEdit('x.json', two(['    "x": "1"']), two(['    "title": "A",', '    "x": "1"']), mentions)).toBe(true);
    expect(isInertEdit('x.json', two(['    "x": "1"']), two(['    "x": "say \\"hi\\""']), mentions)).toBe(true);
    // Commas left wrong, or a key given twice in its mapping, are judged (the reader reports them).
    expect(isInertEdit('x.json', two(['    "x": "1"']), two(['    "x": "1"', '    "y": "2"']), mentions)).toBe(false);
    expect(isInertEdit('x.json', two(['    "x": "1",', '    "y": "2"']), two(['    "x": "1",']), mentions)).toBe(false);
    expect(isInertEdit('x.json', two(['    "x": "1"']), two(['    "x": "1",', '    "x": "2"']), mentions)).toBe(false);
  });

  it('JSON: a mapping of plain entries added or removed whole, nested or not, is inert', () => {
    const section = ['    "s": {', '      "x": "1",', '      "inner": {', '        "y": "2"', '      }', '    },'];
    expect(isInertEdit('x.json', json(['    "b": "one",']), json(['    "b": "one",', ...section]), mentions)).toBe(true);
    expect(isInertEdit('x.json', json(['    "b": "one",', ...section]), json(['    "b": "one",']), mentions)).toBe(true);
    // An empty one, and one added with a value edited elsewhere.
    expect(isInertEdit('x.json', json([]), json(['    "e": {', '    },']), mentions)).toBe(true);
    expect(isInertEdit('x.json', json(['    "b": "one",']), json(['    "b": "two",', ...section]), mentions)).toBe(true);
    // After another mapping: the diff adds `},` and the new opener, and the old `},` closes the new one.
    const sections = (n: number) => ['{', ...Array.from({ length: n }, (_, k) => [`  "s${k}": {`, `    "t": "${k}"`, k === n - 1 ? '  }' : '  },']).flat(), '}', ''].join('\n');
    expect(isInertEdit('x.json', sections(2), sections(3), mentions)).toBe(true);
    expect(isInertEdit('x.json', sections(3), sections(2), mentions)).toBe(true);
  });

  it('JSON: a mapping added whole is judged when a rule may read it, or when it changes the shape', () => {
    const withInner = (inner: string[], key = 's', comma = ',') => json(['    "b": "one",', `    "${key}": {`, ...inner, `    }${comma}`]);
    // A word in an entry, in the opener's key, or in the key a parser makes of the path.
    expect(isInertEdit('x.json', json(['    "b": "one",']), withInner(['      "x": "my session"']), mentions)).toBe(false);
    expect(isInertEdit('x.json', json(['    "b": "one",']), withInner(['      "x": "1"'], 'jwt'), mentions)).toBe(false);
    expect(isInertEdit('x.json', json(['    "b": "one",']), withInner(['      "key": "1"'], 'app'), mentions)).toBe(false);
    // A key its mapping has already, a context key, a comma left wrong, an array inside.
    expect(isInertEdit('x.json', json(['    "b": "one",']), withInner(['      "x": "1"'], 'b'), mentions)).toBe(false);
    expect(isInertEdit('x.json', json(['    "b": "one",']), withInner(['      "x": "1"'], 'kind'), mentions)).toBe(false);
    expect(isInertEdit('x.json', json(['    "b": "one",']), withInner(['      "x": "1"'], 's', ''), mentions)).toBe(false);
    expect(isInertEdit('x.json', json(['    "b": "one",']), withInner(['      "x": [', '        "1"', '      ]']), mentions)).toBe(false);
    // A closer that is not the opener's (another indentation), and an opener whose closer was there before.
    expect(isInertEdit('x.json', json(['    "b": "one",']), json(['    "b": "one",', '    "s": {', '      "x": "1"', '  },']), mentions)).toBe(false);
    expect(isInertEdit('x.json', json(['    "b": "one",', '    },']), json(['    "s": {', '    "b": "one",', '    },']), mentions)).toBe(false);
  });

  it('anything a rule may judge is not', () => {
    // A word the engine reads files for, on the line or above it.
    expect(isInertEdit('x.json', json(['    "b": "one",']), json(['    "b": "my session",']), mentions)).toBe(false);
    expect(isInertEdit('x.yml', 'jwt:\n  b: 1\n  c: 2\n', 'jwt:\n  b: 1\n  c: 3\n', mentions)).toBe(false);
    // A name made of the path, a name/value pair, context keys, sequences, the top level.
    expect(isInertEdit('x.yml', 'app:\n  key: a\n  c: 2\n', 'app:\n  key: b\n  c: 2\n', mentions)).toBe(false);
    expect(isInertEdit('x.yml', 'e:\n  name: X\n  value: a\n', 'e:\n  name: X\n  value: b\n', mentions)).toBe(false);
    expect(isInertEdit('x.yml', 'm:\n  kind: ConfigMap\n  c: 1\n', 'm:\n  kind: Secret\n  c: 1\n', mentions)).toBe(false);
    expect(isInertEdit('x.yml', 'l:\n  - a: 1\n    b: 2\n', 'l:\n  - a: 1\n    b: 3\n', mentions)).toBe(false);
    expect(isInertEdit('x.yml', 'a: 1\nb: 2\n', 'a: 1\nb: 3\n', mentions)).toBe(false);
    // Shape: a block scalar, a duplicate key, a JSON comma, a structural line, another format.
    expect(isInertEdit('x.yml', 'a:\n  t: |\n    x: 1\n', 'a:\n  t: |\n    x: 2\n', mentions)).toBe(false);
    expect(isInertEdit('x.yml', 'a:\n  b: 1\n  c: 2\n', 'a:\n  b: 1\n  b: 1\n  c: 2\n', mentions)).toBe(false);
    expect(isInertEdit('x.json', json(['    "b": "one",']), json(['    "b": "one"']), mentions)).toBe(false);
    // A closing and an opening line added between unchanged entries: "last" moves into another mapping.
    expect(isInertEdit('x.json', json(['    "b": "one",']), json(['    "b": "one"', '  },', '  "c": {']), mentions)).toBe(false);
    expect(isInertEdit('x.md', 'A = 1\n', 'A = 2\n', mentions)).toBe(false);
  });
});

describe('history: i18n files edited on branches and merged', () => {
  it('compares a version with its parent on its own branch, and a merge with either parent; the report is the same', async () => {
    const dir = tempDir('sh-incremental-branches-');
    dirs.push(dir);
    git(dir, 'init', '-q', '-b', 'main');
    const messages = (o: { ax?: string; ay?: string; az?: boolean; by?: boolean; secret?: boolean } = {}) =>
      [
        '{',
        '  "account": {',
        `    "title": "${o.ax ?? 'Account'}",`,
        `    "save": "${o.ay ?? 'Save'}"${o.az ? ',' : ''}`,
        ...(o.az ? ['    "close": "Close"'] : []),
        '  },',
        '  "login": {',
        '    "title": "Log in",',
        ...(o.by ? ['    "save": "Remember me",'] : []),
        ...(o.secret ? [`    "jwt_secret": "${KEY_A}",`] : []),
        '    "expired": "Your session has expired"',
        '  }',
        '}',
        '',
      ].join('\n');
    commit(dir, { 'config/messages.json': messages() });
    git(dir, 'checkout', '-q', '-b', 'feature');
    // A value; an entry appended after the last one (which gains a comma); a key another mapping has too.
    commit(dir, { 'config/messages.json': messages({ ay: 'Keep' }) });
    commit(dir, { 'config/messages.json': messages({ ay: 'Keep', az: true }) });
    commit(dir, { 'config/messages.json': messages({ ay: 'Keep', az: true, by: true }) });
    git(dir, 'checkout', '-q', 'main');
    commit(dir, { 'config/messages.json': messages({ ax: 'Your account' }) });
    // A secret planted on main, in a line that mentions one: judged.
    commit(dir, { 'config/messages.json': messages({ ax: 'Your account', secret: true }) });
    // The branches touch neighbouring lines: the merge is resolved by hand, so its file differs from both parents.
    try {
      git(dir, 'merge', '-q', '--no-ff', '--no-commit', 'feature');
    } catch {
      // a conflict, resolved below
    }
    commit(dir, { 'config/messages.json': messages({ ax: 'Your account', ay: 'Keep', az: true, by: true, secret: true }) });
    expect(git(dir, 'rev-list', '--parents', '-n', '1', 'HEAD').trim().split(' ')).toHaveLength(3);
    // After the merge, a value edited: compared with the merge's version.
    commit(dir, { 'config/messages.json': messages({ ax: 'Profile', ay: 'Keep', az: true, by: true, secret: true }) });
    const whole = { versions: 0, unchanged: 0, readAgain: 0 };
    const incremental = { versions: 0, unchanged: 0, readAgain: 0 };
    const a = await auditHistory(dir, { wholeVersions: true, counters: whole }, config);
    const b = await auditHistory(dir, { counters: incremental }, config);
    expect({ findings: b.findings, problems: b.problems }).toEqual({ findings: a.findings, problems: a.problems });
    expect(a.findings.filter((f) => f.file === 'config/messages.json').length).toBeGreaterThan(0);
    // The three feature edits, main's first edit, the merge (over main's side) and the edit after it.
    // Main's first edit replaces a version read before the feature's two latest (a path keeps two in
    // memory): it is compared with the feature's latest instead, a few value edits away, so its
    // parent is not read again.
    expect(incremental.unchanged).toBe(6);
    expect(incremental.readAgain).toBe(0);
  });

  it('reads a parent again when no version kept of the path is an inert edit away', async () => {
    const dir = tempDir('sh-incremental-reread-');
    dirs.push(dir);
    git(dir, 'init', '-q', '-b', 'main');
    const messages = (o: { title?: string; save?: string; expired?: string } = {}) =>
      ['{', '  "account": {', `    "title": "${o.title ?? 'Account'}",`, `    "save": "${o.save ?? 'Save'}",`, `    "expired": "${o.expired ?? 'Your session has expired'}"`, '  }', '}', ''].join('\n');
    commit(dir, { 'config/messages.json': messages() });
    git(dir, 'checkout', '-q', '-b', 'feature');
    // A line with a word the engine reads files for: judged; then a value edit over it (inert).
    commit(dir, { 'config/messages.json': messages({ expired: 'Your session ended' }) });
    commit(dir, { 'config/messages.json': messages({ expired: 'Your session ended', save: 'Keep' }) });
    git(dir, 'checkout', '-q', 'main');
    // Its parent was pushed out by the feature's two versions, which differ from it in the judged line.
    commit(dir, { 'config/messages.json': messages({ title: 'Your account' }) });
    const counters = { versions: 0, unchanged: 0, readAgain: 0 };
    const whole = await auditHistory(dir, { wholeVersions: true }, config);
    const incremental = await auditHistory(dir, { counters }, config);
    expect({ findings: incremental.findings, problems: incremental.problems }).toEqual({ findings: whole.findings, problems: whole.problems });
    expect(counters).toEqual({ versions: 4, unchanged: 2, readAgain: 1 });
  });
});

describe('history: a range that starts after a version', () => {
  it('judges whole the first version the range holds of a path, whose parent it never read', async () => {
    const dir = tempDir('sh-incremental-range-');
    dirs.push(dir);
    git(dir, 'init', '-q');
    const settings = (title: string) => `{\n  "title": "${title}",\n  "auth": {\n    "jwt_secret": "${KEY_A}"\n  }\n}\n`;
    commit(dir, { 'config/settings.json': settings('One') });
    commit(dir, { 'config/settings.json': settings('Two') });
    // Inert over its parent, which this range does not reach: the secret is the range's to report.
    const counters = { versions: 0, unchanged: 0, readAgain: 0 };
    const whole = await auditHistory(dir, { maxCount: 1, wholeVersions: true }, config);
    const incremental = await auditHistory(dir, { maxCount: 1, counters }, config);
    expect(incremental.findings).toEqual(whole.findings);
    expect(incremental.findings.some((f) => f.file === 'config/settings.json' && f.secret)).toBe(true);
    expect(counters).toEqual({ versions: 1, unchanged: 0, readAgain: 0 });
  });
});

describe('history: Python modules edited where no rule looks', () => {
  it('reports exactly what judging every version whole reports, with secrets reached through names', async () => {
    const dir = tempDir('sh-incremental-py-');
    dirs.push(dir);
    git(dir, 'init', '-q');
    const module = (o: { doc?: string; helper?: string[]; signer?: string[]; extra?: string[] } = {}) =>
      [
        'import os',
        'import jwt',
        '',
        'SECRET_KEY = os.environ["SECRET_KEY"]',
        '',
        '',
        'def render(rows):',
        `    """${o.doc ?? 'Render the rows.'}"""`,
        ...(o.helper ?? ['    rv = []', '    for row in rows:', '        rv.append(row)', '    return rv']),
        '',
        '',
        ...(o.extra ?? []),
        'def sign(payload):',
        ...(o.signer ?? ['    key = os.environ["JWT_SECRET_KEY"]', '    return jwt.encode(payload, key, algorithm="HS256")']),
        '',
      ].join('\n');
    commit(dir, { 'app/tokens.py': module() });
    // Inert: a docstring, a helper's body, a function added that holds no secret.
    commit(dir, { 'app/tokens.py': module({ doc: 'Render rows in order.' }) });
    commit(dir, { 'app/tokens.py': module({ doc: 'Render rows in order.', helper: ['    return list(rows)'] }) });
    commit(dir, { 'app/tokens.py': module({ doc: 'Render rows.', helper: ['    return list(rows)'], extra: ['def count(rows):', '    return len(rows)', '', ''] }) });
    // Judged: the signing key becomes a literal, first directly, then through a name bound in a helper.
    const literal = [`    key = "${KEY_A}"`, '    return jwt.encode(payload, key, algorithm="HS256")'];
    const byName = ['    return jwt.encode(payload, DEFAULT, algorithm="HS256")'];
    commit(dir, { 'app/tokens.py': module({ signer: literal }) });
    commit(dir, { 'app/tokens.py': module({ signer: byName, extra: [`DEFAULT = "${KEY_B}"`, '', ''] }) });
    // The name bound in a function that mentions no secret word: the engine binds by file.
    commit(dir, { 'app/tokens.py': module({ signer: byName, extra: ['def defaults():', '    DEFAULT = "x"', '', ''] }) });
    commit(dir, { 'app/tokens.py': module({ signer: byName, extra: ['def defaults():', `    DEFAULT = "${KEY_C}"`, '', ''] }) });
    // Reverted to the first literal, then the helper edited again (inert).
    commit(dir, { 'app/tokens.py': module({ signer: literal }) });
    commit(dir, { 'app/tokens.py': module({ signer: literal, helper: ['    return sorted(rows)'] }) });

    const whole = { versions: 0, unchanged: 0, readAgain: 0 };
    const incremental = { versions: 0, unchanged: 0, readAgain: 0 };
    const a = await auditHistory(dir, { wholeVersions: true, counters: whole }, config);
    const b = await auditHistory(dir, { counters: incremental }, config);
    expect({ findings: b.findings, problems: b.problems }).toEqual({ findings: a.findings, problems: a.problems });
    // The docstring, the helper, the added function, and the edit after the revert: the version it
    // replaces was read four versions earlier (a path keeps its last two in memory), and is read again.
    expect(incremental.unchanged).toBe(4);
    expect(incremental.readAgain).toBe(1);
    // Each literal key once, where it first appeared.
    const secrets = new Set(a.findings.filter((f) => f.secret).map((f) => f.secret?.fingerprint));
    expect(secrets.size).toBeGreaterThanOrEqual(3);
  });
});

describe('isInertTokenEdit', () => {
  const t1 = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
  const t2 = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIyIn0.c2lnbmF0dXJl';
  it('an edit of other lines is inert; the same token lines, moved, are too', () => {
    expect(isInertTokenEdit('CHANGES.rst', `a\nb\nBearer ${t1}\n`, `a\nb2\nc\nBearer ${t1}\n`)).toBe(true);
    expect(isInertTokenEdit('notes.txt', 'a\n', 'a\nb\n')).toBe(true);
  });
  it('a token line added, removed, changed or reordered is not, nor a change of role', () => {
    expect(isInertTokenEdit('CHANGES.rst', 'a\n', `a\n${t1}\n`)).toBe(false);
    expect(isInertTokenEdit('CHANGES.rst', `a\n${t1}\n`, 'a\n')).toBe(false);
    expect(isInertTokenEdit('CHANGES.rst', `x ${t1}\n`, `x ${t2}\n`)).toBe(false);
    expect(isInertTokenEdit('CHANGES.rst', `${t1}\n${t2}\n`, `${t2}\n${t1}\n`)).toBe(false);
    expect(isInertTokenEdit('page.html', `<p>${t1}</p>\n`, `import pytest\n<p>${t1}</p>\n`)).toBe(false);
  });
});

describe('isInertEdit, long files', () => {
  it('finds the mappings above an entry many thousand lines up, whatever lies between', () => {
    const entries = Array.from({ length: 6000 }, (_, i) => `    "entry_${i}": "Text ${i}",`);
    const file = (top: string, edit: (l: string[]) => void) => {
      const l = [...entries];
      edit(l);
      return ['{', `  "${top}": {`, ...l, '    "last": 1', '  }', '}', ''].join('\n');
    };
    const change = (l: string[]) => void (l[5000] = '    "entry_5000": "Edited",');
    expect(isInertEdit('x.json', file('ui', () => undefined), file('ui', change), mentions)).toBe(true);
    // The mapping 5,000 lines (many search blocks) above names a secret: the entry is part of it.
    expect(isInertEdit('x.json', file('jwt', () => undefined), file('jwt', change), mentions)).toBe(false);
    // Lines at every indentation between (a nested mapping and a sequence above the entry).
    const nested = (l: string[]) => void l.splice(100, 0, '    "inner": {', '      "k": 1', '    },', '    "list": [', '      1', '    ],');
    expect(isInertEdit('x.json', file('ui', nested), file('ui', (l) => (change(l), nested(l))), mentions)).toBe(true);
    const yaml = (top: string, value: string) => [`${top}:`, ...Array.from({ length: 3000 }, (_, i) => `  key_${i}: value ${i}`), `  edited: ${value}`, '  last: 1', ''].join('\n');
    expect(isInertEdit('x.yml', yaml('ui', 'a'), yaml('ui', 'b'), mentions)).toBe(true);
    expect(isInertEdit('x.yml', yaml('session', 'a'), yaml('session', 'b'), mentions)).toBe(false);
  });
});

describe('isInertEdit, Python', () => {
  const py = (...lines: string[]) => ['import os', '', ...lines, 'LAST = 0', ''].join('\n');
  it('a module-level number changed, added or removed among statements is inert', () => {
    expect(isInertEdit('s.py', py('A = 1', 'B = 2'), py('A = 1', 'B = 3'), mentions)).toBe(true);
    expect(isInertEdit('s.py', py('A = 1'), py('A = 1', 'C = 5'), mentions)).toBe(true);
    expect(isInertEdit('s.py', py('LEVEL = "info"'), py('LEVEL = "debug"'), mentions)).toBe(true);
    // Brackets inside strings and comments, and strings that end, leave the next line at the top level.
    const before = ['X = ("a)", \'(\', "\\\\")  # (', 'D = """ ( \\""" [', '"""', 'E = "open ( \\n"', 'F = 1'];
    expect(isInertEdit('s.py', py(...before, 'A = 1'), py(...before, 'A = 2'), mentions)).toBe(true);
  });
  it('strings, flags, brackets, blocks and multi-line strings bound to a name a secret is read with are not; nor are secret names', () => {
    // The fallback of a secret's read is whatever A is bound to: every binding of A is judged.
    const reads = (...lines: string[]) => py(...lines, 'JWT_SECRET_KEY = os.getenv("JWT_SECRET_KEY", A)');
    expect(isInertEdit('s.py', reads('A = "Some Text"'), reads('A = "Other"'), mentions)).toBe(false);
    expect(isInertEdit('s.py', reads('ALGORITHM = "rs256"'), reads('ALGORITHM = "hs256"'), mentions)).toBe(false);
    expect(isInertEdit('s.py', reads('A = "x"'), reads('A = "none"'), mentions)).toBe(false);
    expect(isInertEdit('s.py', reads('A = False'), reads('A = True'), mentions)).toBe(false);
    expect(isInertEdit('s.py', reads('CONF = dict(', 'A = 1', ')'), reads('CONF = dict(', 'A = 2', ')'), mentions)).toBe(false);
    expect(isInertEdit('s.py', reads('if DEBUG:', '    A = 1'), reads('if DEBUG:', '    A = 2'), mentions)).toBe(false);
    expect(isInertEdit('s.py', reads('A = """', 'x', '"""'), reads('A = """', 'y', '"""'), mentions)).toBe(false);
    expect(isInertEdit('s.py', py('SESSION_AGE = 1'), py('SESSION_AGE = 2'), mentions)).toBe(false);
    expect(isInertEdit('s.py', py('APP_KEY = 1'), py('APP_KEY = 2'), mentions)).toBe(false);
    // A bracket still open (its closer is in a comment or a string) far above: A = 1 is an argument of that call.
    const open = ['X = foo(  # )', ...Array.from({ length: 2000 }, (_, i) => `    ${i},`), '    ")"'];
    expect(isInertEdit('s.py', reads(...open, 'A = 1', ')'), reads(...open, 'A = 2', ')'), mentions)).toBe(false);
    // Where nothing reads A, the same edits are inert.
    expect(isInertEdit('s.py', py('A = "Some Text"'), py('A = "Other"'), mentions)).toBe(true);
    expect(isInertEdit('s.py', py('if DEBUG:', '    A = 1'), py('if DEBUG:', '    A = 2'), mentions)).toBe(true);
  });
});

describe('blankInertJsonEntries', () => {
  it('blanks plain entries followed by a sibling, keeping every offset; keeps what may matter', () => {
    const text = ['{', '  "ui": {', '    "a": "A",', '    "b": "your session",', '    "c": 3,', '    "d": "last"', '  },', '  "jwt": {', '    "ttl": 5,', '    "x": 1', '  },', '  "list": [', '    {"k": 1},', '    2', '  ]', '}', ''].join('\n');
    const out = blankInertJsonEntries('x.json', text, mentions);
    expect(out.length).toBe(text.length);
    expect(out.split('\n').map((l) => l.trim())).toEqual(['{', '"ui": {', '', '"b": "your session",', '', '"d": "last"', '},', '"jwt": {', '"ttl": 5,', '"x": 1', '},', '"list": [', '{"k": 1},', '2', ']', '}', '']);
    expect(JSON.parse(out)).toEqual({ ui: { b: 'your session', d: 'last' }, jwt: { ttl: 5, x: 1 }, list: [{ k: 1 }, 2] });
    expect(blankInertJsonEntries('x.yaml', text, mentions)).toBe(text);
  });
});

describe('diffLines', () => {
  it('finds the lines removed and added, in whole lines, past a shared head and tail', () => {
    expect(diffLines('a\nb\nc\n', 'a\nB\nc\n', 10)).toEqual({ removed: [1], added: [1] });
    expect(diffLines('a\nX\n', 'aa\nX\n', 10)).toEqual({ removed: [0], added: [0] });
    expect(diffLines('a\nb\n', 'a\nb\nc\n', 10)).toEqual({ removed: [], added: [2] });
    expect(diffLines('x\na\nb\nc\n', 'a\nb\nc\ny\n', 10)).toEqual({ removed: [0], added: [3] });
    expect(diffLines('same\n', 'same\n', 10)).toEqual({ removed: [], added: [] });
    expect(diffLines('a\nb\nc\nd\n', 'e\nf\ng\nh\n', 3)).toBeNull();
  });

  it('finds the same lines in long texts, whose shared head and tail are compared a block at a time', () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `    "entry_${i}": "Text ${i}",`);
    const edited = [...lines];
    edited[2500] = '    "entry_2500": "Edited",';
    edited.splice(4000, 0, '    "added": "New",');
    const text = (l: string[]) => `{\n${l.join('\n')}\n}\n`;
    expect(diffLines(text(lines), text(edited), 10)).toEqual({ removed: [2501], added: [2501, 4001] });
    // A change in the first and in the last line: nothing shared at either end but whole lines.
    const ends = [...lines];
    ends[0] = '    "entry_0": "First",';
    ends[4999] = '    "entry_4999": "Last",';
    expect(diffLines(text(lines), text(ends), 10)).toEqual({ removed: [1, 5000], added: [1, 5000] });
  });
});

describe('history: JSON on one long line (an animation, a bundle)', () => {
  it('is judged whole in every version, neither kept nor read again to compare with; the report is the same', async () => {
    const dir = tempDir('sh-incremental-minified-');
    dirs.push(dir);
    git(dir, 'init', '-q');
    // A Lottie-like animation: one line of 6,000+ characters, which mentions a session (so it is read).
    const frames = (n: number, extra = '') => JSON.stringify({ v: '4.8.0', nm: 'session expired', layers: Array.from({ length: 120 }, (_, k) => ({ ind: k, ks: { o: { k: (k * n) % 100 } }, nm: `layer ${k}` })) }).replace('"layers"', `${extra}"layers"`);
    commit(dir, { 'public/animation.json': frames(1) });
    commit(dir, { 'public/animation.json': frames(2) });
    commit(dir, { 'public/animation.json': frames(3, `"jwt_secret":"${KEY_B}",`) });
    commit(dir, { 'public/animation.json': frames(4, `"jwt_secret":"${KEY_B}",`) });
    commit(dir, { 'public/animation.json': frames(5) });
    expect(frames(1).length).toBeGreaterThan(4096);
    const counters = { versions: 0, unchanged: 0, readAgain: 0 };
    const whole = await auditHistory(dir, { wholeVersions: true }, config);
    const incremental = await auditHistory(dir, { counters }, config);
    expect({ findings: incremental.findings, problems: incremental.problems }).toEqual({ findings: whole.findings, problems: whole.problems });
    expect(incremental.findings.some((f) => f.file === 'public/animation.json' && f.secret)).toBe(true);
    expect(counters).toEqual({ versions: 5, unchanged: 0, readAgain: 0 });
  });
});
