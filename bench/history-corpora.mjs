// History corpora shaped like real repositories' histories: thousands of commits that each touch a
// few small files, plus long-lived large files (a ~700-line compose file, a ~3,000-line settings
// module, a ~20,000-line i18n JSON, lockfiles) edited a few lines at a time in hundreds of commits,
// with topic branches merged back. Secrets are planted deep inside the large files, edited, removed,
// reverted and moved to another file; every expected finding is recorded with the line it has at
// the commit that introduced it (history mode reports each secret once, where it first appeared).
//
// Written with `git fast-import` from a seeded generator and repacked once (real clones are packed,
// with deltas), then cached under bench/corpora/ (its `bench-corpus.json` marks it done).
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { GIT_ENV, PLANTS, hs256, ident, kindFor, rng, snake, sortExpect } from './corpus.mjs';

/** Bump when the generated content changes, so cached corpora are rebuilt. */
export const HISTORY_CORPUS_VERSION = 4;

/**
 * The shapes (commit counts after the real repositories in the README's Performance section). Each
 * large file: its kind, path, lines at the start and how many commits change it.
 */
export const HISTORY_SHAPES = {
  framework: {
    title: 'a Python web framework',
    commits: 5600,
    pool: 1200,
    big: [
      { kind: 'pySettings', path: 'framework/conf/global_settings.py', lines: 3000, versions: 260 },
      { kind: 'compose', path: 'docker-compose.yml', lines: 700, versions: 120 },
      { kind: 'i18n', path: 'framework/locale/en/messages.json', lines: 20000, versions: 180 },
      { kind: 'lock', path: 'poetry.lock', lines: 8000, versions: 200 },
    ],
  },
  compose: {
    title: 'a self-hosting setup (compose file with ~250 versions)',
    commits: 5000,
    pool: 600,
    big: [
      { kind: 'compose', path: 'docker-compose.yml', lines: 700, versions: 250 },
      { kind: 'compose', path: 'deploy/compose.prod.yaml', lines: 400, versions: 150 },
      { kind: 'pySettings', path: 'app/settings.py', lines: 3000, versions: 150 },
      { kind: 'i18n', path: 'web/i18n/en.json', lines: 20000, versions: 120 },
      { kind: 'npmLock', path: 'web/package-lock.json', lines: 12000, versions: 200 },
    ],
  },
  app: {
    title: 'a TypeScript app',
    commits: 10300,
    pool: 2500,
    big: [
      { kind: 'i18n', path: 'src/locales/en.json', lines: 20000, versions: 400 },
      { kind: 'i18n', path: 'src/locales/de.json', lines: 20000, versions: 250 },
      { kind: 'npmLock', path: 'package-lock.json', lines: 15000, versions: 500 },
      { kind: 'compose', path: 'docker-compose.yml', lines: 700, versions: 250 },
      { kind: 'pySettings', path: 'backend/settings.py', lines: 3000, versions: 200 },
    ],
  },
  django: {
    title: 'a Django app',
    commits: 15600,
    pool: 3000,
    big: [
      { kind: 'pySettings', path: 'project/settings.py', lines: 3000, versions: 400 },
      { kind: 'compose', path: 'docker-compose.yml', lines: 700, versions: 250 },
      { kind: 'i18n', path: 'static/i18n/fr.json', lines: 20000, versions: 250 },
      { kind: 'lock', path: 'poetry.lock', lines: 8000, versions: 400 },
      { kind: 'npmLock', path: 'frontend/package-lock.json', lines: 15000, versions: 300 },
    ],
  },
};

// ---------------------------------------------------------------------------------------------
// Large files: a list of lines, and an edit that changes a few of them the way commits do (a value
// changed, an entry added or dropped), keeping the file well-formed. Lines a plant owns are marked
// so ordinary edits leave them alone.

const PHRASES = ['Your session has expired', 'Save changes', 'Invite a member', 'Export as CSV', 'No results', 'Reset the filter', 'Delete this item?', 'Last updated', 'Sign in again to continue your session'];

function pySettings(r, n) {
  const lines = ['"""Default settings."""', 'import os', '', 'SECRET_KEY = os.environ["SECRET_KEY"]', 'SESSION_COOKIE_AGE = 60 * 60 * 24 * 14', 'SESSION_ENGINE = "framework.sessions.backends.db"', ''];
  let i = 0;
  while (lines.length < n) {
    if (i % 40 === 0) lines.push('', `# ${ident(r, 3)} settings`, '');
    else if (i % 97 === 0) lines.push(`${snake(ident(r)).toUpperCase()}_MAP_${i} = {`, `    "${ident(r)}": ${r.int(1000)},`, `    "${ident(r)}": "${ident(r)}",`, '}');
    else lines.push(constantLine(r, i));
    i++;
  }
  return { lines, edit: (f) => editLines(r, f, (j) => /^[A-Z_0-9]+ = (\d+|"[a-z]+")$/.test(f.lines[j]), (k) => constantLine(r, 100000 + k)) };
}

function constantLine(r, i) {
  return `${snake(ident(r)).toUpperCase()}_${i} = ${r.next() < 0.5 ? r.int(100000) : `"${r.pick(['account', 'order', 'cache', 'queue'])}"`}`;
}

function compose(r, n) {
  const lines = ['services:'];
  let s = 0;
  while (lines.length < n - 2) {
    const svc = `${snake(ident(r, 1))}-${s++}`;
    lines.push(
      `  ${svc}:`,
      `    image: registry.example.invalid/${svc}:1.${r.int(40)}.${r.int(10)}`,
      '    restart: unless-stopped',
      '    environment:',
      `      LOG_LEVEL: ${r.pick(['info', 'debug', 'warn'])}`,
      `      DATABASE_URL: postgres://app@db:5432/${snake(ident(r, 1))}`,
      '      SESSION_SECRET: ${SESSION_SECRET:?SESSION_SECRET must be set}',
      `      WORKERS: "${1 + r.int(8)}"`,
      `      FEATURE_${snake(ident(r)).toUpperCase()}: "${r.pick(['true', 'false'])}"`,
      '    volumes:',
      `      - ./data/${svc}:/var/lib/${svc}`,
      '    ports:',
      `      - "${8000 + r.int(1000)}:8000"`,
      '    depends_on:',
      '      - db',
      '',
    );
  }
  lines.push('volumes:', '  data: {}');
  return {
    lines,
    edit: (f) =>
      editLines(
        r,
        f,
        (j) => /^ {6}(WORKERS|LOG_LEVEL|FEATURE_\w+): /.test(f.lines[j]) || /^ {4}image: /.test(f.lines[j]),
        (k) => `      FEATURE_${snake(ident(r)).toUpperCase()}_${k}: "${r.pick(['true', 'false'])}"`,
        (j) => /^ {6}FEATURE_/.test(f.lines[j]),
      ),
  };
}

function i18n(r, n) {
  const lines = ['{'];
  let s = 0;
  while (lines.length < n - 1) {
    lines.push(`  "${snake(ident(r, 1))}_${s++}": {`);
    for (let k = 0, m = 20 + r.int(60); k < m; k++) lines.push(`    "${snake(ident(r))}_${k}": "${i18nText(r)}",`);
    lines.push(`    "title": "${r.pick(PHRASES)}"`, '  },');
  }
  lines.push('  "end": {}', '}');
  return { lines, edit: (f) => editLines(r, f, (j) => /^ {4}"[a-z_0-9]+": ".*",$/.test(f.lines[j]), (k) => `    "added_${k}": "${i18nText(r)}",`) };
}

function i18nText(r) {
  return r.next() < 0.03 ? r.pick(PHRASES) : `The ${r.pick(['account', 'order', 'invoice', 'report', 'cart'])} ${r.pick(['was saved', 'is ready', 'could not be loaded', 'has changed'])}`;
}

function lock(r, n) {
  const lines = [];
  let p = 0;
  while (lines.length < n) {
    const name = `${snake(ident(r, 1))}-${p++}`;
    lines.push('[[package]]', `name = "${name}"`, `version = "${r.int(9)}.${r.int(30)}.${r.int(20)}"`, `description = "${ident(r, 3)}"`, 'optional = false', `python-versions = ">=3.${8 + r.int(4)}"`, '', '[package.dependencies]', `${snake(ident(r, 1))} = ">=${r.int(5)}.0"`, '');
  }
  return { lines, edit: (f) => editLines(r, f, (j) => f.lines[j].startsWith('version = '), () => null) };
}

function npmLock(r, n) {
  const lines = ['{', '  "name": "app",', '  "lockfileVersion": 3,', '  "packages": {'];
  let p = 0;
  while (lines.length < n - 2) {
    const name = `${snake(ident(r, 1))}-${p++}`;
    lines.push(`    "node_modules/${name}": {`, `      "version": "${r.int(9)}.${r.int(30)}.${r.int(20)}",`, `      "resolved": "https://registry.example.invalid/${name}/-/${name}.tgz",`, `      "integrity": "sha512-${r.strong(86)}==",`, '      "dev": true', '    },');
  }
  lines.push('    "": {}', '  }', '}');
  return { lines, edit: (f) => editLines(r, f, (j) => /^ {6}"(version|integrity)": /.test(f.lines[j]), () => null) };
}

const BIG_KINDS = { pySettings, compose, i18n, lock, npmLock };

/**
 * One commit's edit of a large file: a few lines changed, sometimes one added or dropped, near one
 * place (as real edits are). `changeable(j)` says which lines an edit may touch; `added(k)` makes a
 * new line (null: this kind only changes lines); `removable(j)` which lines may be dropped.
 */
function editLines(r, f, changeable, added, removable = changeable) {
  const at = r.int(f.lines.length);
  const ops = 1 + r.int(4);
  for (let o = 0; o < ops; o++) {
    const j = findFrom(f, at + r.int(40), changeable);
    if (j === -1) continue;
    const x = r.next();
    if (x < 0.15 && removable(j) && f.lines.length > 10) f.lines.splice(j, 1);
    // Added before a removable line: its neighbour has the same shape (indentation, comma).
    else if (x < 0.4 && removable(j) && added(0) !== null) f.lines.splice(j, 0, added(f.counter++));
    else f.lines[j] = changeLine(r, f.lines[j]);
  }
}

function findFrom(f, start, ok) {
  for (let k = 0; k < 400; k++) {
    const j = (start + k) % f.lines.length;
    if (!f.owned.has(f.lines[j]) && ok(j)) return j;
  }
  return -1;
}

/** The same line with its digits or its last word changed: an edited value. */
function changeLine(r, line) {
  if (/\d/.test(line)) return line.replace(/\d+(?!.*\d)/, String(r.int(100000)));
  return line.replace(/[a-z]+(?=[^a-z]*$)/, r.pick(['account', 'order', 'cache', 'queue', 'search']));
}

// ---------------------------------------------------------------------------------------------

/**
 * Writes the history corpus `name` (a key of HISTORY_SHAPES) into `root` and returns its metadata:
 * the shape and every expected finding ({ rule, file, line } at the introducing commit).
 */
export function writeShapedHistory(root, name) {
  const shape = HISTORY_SHAPES[name];
  if (!shape) throw new Error(`no history shape '${name}' (one of ${Object.keys(HISTORY_SHAPES).join(', ')})`);
  const marker = join(root, '.git', 'bench-corpus.json');
  if (existsSync(marker)) {
    const meta = JSON.parse(readFileSync(marker, 'utf8'));
    if (meta.version === HISTORY_CORPUS_VERSION && meta.name === name) return meta;
  }
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: root });
  const r = rng(shape.commits * 31 + name.length);
  const { commits } = shape;

  const pool = Array.from({ length: shape.pool }, (_, i) => {
    const kind = kindFor(r);
    return { path: `${kind.dir}/pkg${String(Math.floor(i / 40)).padStart(4, '0')}/${snake(ident(r))}_${i}.${kind.ext}`, kind };
  });
  const big = shape.big.map((b) => {
    const f = { ...b, counter: 0, owned: new Set() };
    const made = BIG_KINDS[b.kind](r, b.lines);
    f.lines = made.lines;
    f.edit = () => made.edit(f);
    f.at = new Set();
    while (f.at.size < b.versions) f.at.add(2 + r.int(commits - 1));
    return f;
  });

  const expect = [];
  /** Plant steps by commit: each changes files (large or small) and may record expected findings. */
  const steps = new Map();
  const step = (c, fn) => steps.set(c, [...(steps.get(c) ?? []), fn]);
  const smallFiles = new Map(); // path -> lines, written at the commit that changes them
  const deleted = new Set();
  const settings = big.find((f) => f.kind === 'pySettings');
  const composeFile = big.find((f) => f.kind === 'compose');
  const i18nFile = big.find((f) => f.kind === 'i18n');
  const at = (fraction) => Math.floor(commits * fraction);

  // A literal signing key deep in the settings module: edited to a new value, removed, then the
  // removal reverted (the first value is back: no new finding).
  {
    const first = `JWT_SECRET_KEY = "${r.strong(50)}"`;
    const second = `JWT_SECRET_KEY = "${r.strong(50)}"`;
    const strict = 'JWT_SECRET_KEY = os.environ["JWT_SECRET_KEY"]';
    const c = at(0.2);
    step(c, () => {
      const j = Math.floor(settings.lines.length * 0.55);
      settings.lines.splice(j, 0, first);
      settings.owned.add(first);
      expect.push({ rule: 'hardcoded-secret', file: settings.path, line: j + 1 });
      return [settings];
    });
    step(c + 40, () => {
      const j = settings.lines.indexOf(first);
      settings.lines[j] = second;
      settings.owned.add(second);
      expect.push({ rule: 'hardcoded-secret', file: settings.path, line: j + 1 });
      return [settings];
    });
    step(c + 90, () => {
      settings.lines[settings.lines.indexOf(second)] = strict;
      settings.owned.add(strict);
      return [settings];
    });
    step(c + 150, () => {
      settings.lines[settings.lines.indexOf(strict)] = first;
      return [settings];
    });
  }
  // A literal default in a compose service in the middle of the file: removed, then reverted.
  {
    const c = at(0.35);
    let j = -1;
    let strictLine = '';
    // A default of its own: 'changeme' is planted elsewhere too, and a secret is reported once, where it first appeared.
    const weak = '      SESSION_SECRET: ${SESSION_SECRET:-change-this-session-secret}';
    step(c, () => {
      j = composeFile.lines.findIndex((l, k) => k > composeFile.lines.length / 2 && l.startsWith('      SESSION_SECRET: '));
      strictLine = composeFile.lines[j];
      composeFile.lines[j] = weak;
      composeFile.owned.add(weak);
      expect.push({ rule: 'hardcoded-default', file: composeFile.path, line: j + 1 });
      return [composeFile];
    });
    step(c + 30, () => {
      // Made unique, so the revert below finds this very line again.
      strictLine = `${strictLine}  # required`;
      composeFile.lines[composeFile.lines.indexOf(weak)] = strictLine;
      composeFile.owned.add(strictLine);
      return [composeFile];
    });
    step(c + 60, () => {
      composeFile.lines[composeFile.lines.indexOf(strictLine)] = weak;
      return [composeFile];
    });
  }
  // A key in a small module, moved into the settings module (same value: one finding, the first).
  {
    const c = at(0.5);
    const line = `JWT_SECRET_KEY = "${r.strong(48)}"`;
    step(c, () => {
      smallFiles.set('app/keys.py', ['import os', '', line]);
      expect.push({ rule: 'hardcoded-secret', file: 'app/keys.py', line: 3 });
      return [];
    });
    step(c + 20, () => {
      deleted.add('app/keys.py');
      settings.lines.splice(Math.floor(settings.lines.length * 0.7), 0, line);
      settings.owned.add(line);
      return [settings];
    });
  }
  // A forgeable token (signed with jwt.io's example key) as an example string deep in the i18n JSON.
  {
    const c = at(0.65);
    const token = hs256({ sub: String(r.int(1e6)), iat: 1735689600, exp: 1893456000 }, 'your-256-bit-secret');
    const line = `    "api_example": "Authorization: Bearer ${token}",`;
    step(c, () => {
      const j = i18nFile.lines.findIndex((l, k) => k > i18nFile.lines.length * 0.6 && /^ {4}"[a-z_0-9]+": ".*",$/.test(l));
      i18nFile.lines.splice(j, 0, line);
      i18nFile.owned.add(line);
      expect.push({ rule: 'jwt-forgeable', file: i18nFile.path, line: j + 1 });
      return [i18nFile];
    });
    step(c + 50, () => {
      i18nFile.lines.splice(i18nFile.lines.indexOf(line), 1);
      return [i18nFile];
    });
  }
  // The small-file plants of the flat history corpus, each removed a hundred commits later.
  PLANTS.forEach((plant, i) => {
    const p = plant(r, `services/hist${i}`);
    const c = Math.floor((commits * (i + 1)) / (PLANTS.length + 2));
    step(c, () => {
      for (const [rel, lines] of Object.entries(p.files)) smallFiles.set(rel, lines);
      // Cross-file rules (reused-secret) do not run on history: each version is judged alone.
      expect.push(...p.expect.filter((e) => e.rule !== 'reused-secret'));
      return [];
    });
    step(c + 100, () => {
      for (const rel of Object.keys(p.files)) deleted.add(rel);
      return [];
    });
  });

  const streamPath = join(root, '.git', 'bench-fast-import');
  const fd = openSync(streamPath, 'w');
  const out = (s) => writeSync(fd, s);
  const data = (text) => {
    const buf = Buffer.from(text);
    writeSync(fd, `data ${buf.length}\n`);
    writeSync(fd, buf);
    writeSync(fd, '\n');
  };
  const body = (lines) => lines.join('\n') + '\n';
  let mark = 0;
  let mainTip = 0;
  let topic = null; // { tip, left, files: Map } while a topic branch is open
  for (let c = 1; c <= commits; c++) {
    // Every ~45 commits a topic branch of 2-5 commits starts; it is merged back when it ends.
    if (topic === null && c > 1 && c % 45 === 0) topic = { tip: mainTip, left: 2 + r.int(4), files: new Map() };
    const ref = topic ? 'refs/heads/topic' : 'refs/heads/main';
    out(`commit ${ref}\nmark :${++mark}\ncommitter bench <bench@example.invalid> ${1600000000 + c * 600} +0000\n`);
    data(`change ${c}`);
    if (topic) out(`from :${topic.tip}\n`);
    else if (mainTip) out(`from :${mainTip}\n`);
    const changed = new Map();
    if (c === 1) {
      for (const f of pool) changed.set(f.path, f.kind.make(r));
      for (const f of big) changed.set(f.path, f.lines);
    } else {
      for (let k = 0, n = 1 + r.int(3); k < n; k++) {
        const f = r.pick(pool);
        changed.set(f.path, f.kind.make(r));
      }
      for (const f of big) {
        if (f.at.has(c)) {
          f.edit();
          changed.set(f.path, f.lines);
        }
      }
    }
    for (const fn of steps.get(c) ?? []) for (const f of fn()) changed.set(f.path, f.lines);
    for (const [rel, lines] of smallFiles) changed.set(rel, lines);
    smallFiles.clear();
    for (const [path, lines] of changed) {
      out(`M 100644 inline ${path}\n`);
      data(body(lines));
      if (topic) topic.files.set(path, body(lines));
    }
    for (const rel of deleted) out(`D ${rel}\n`);
    if (topic) for (const rel of deleted) topic.files.set(rel, null);
    deleted.clear();
    out('\n');
    if (topic) {
      topic.tip = mark;
      if (--topic.left === 0) {
        // A merge commit on main whose tree is the topic's (main did not move meanwhile).
        out(`commit refs/heads/main\nmark :${++mark}\ncommitter bench <bench@example.invalid> ${1600000000 + c * 600 + 300} +0000\n`);
        data('Merge branch topic');
        out(`from :${mainTip}\nmerge :${topic.tip}\n`);
        for (const [path, text] of topic.files) {
          if (text === null) out(`D ${path}\n`);
          else {
            out(`M 100644 inline ${path}\n`);
            data(text);
          }
        }
        out('\n');
        mainTip = mark;
        topic = null;
      }
    } else {
      mainTip = mark;
    }
  }
  closeSync(fd);
  const env = GIT_ENV;
  execFileSync('sh', ['-c', 'git fast-import --quiet < .git/bench-fast-import'], { cwd: root, env, stdio: 'inherit' });
  rmSync(streamPath, { force: true });
  // Packed with deltas, as a clone is: reading a version then costs git (and us) what it costs in a real repository.
  execFileSync('git', ['repack', '-a', '-d', '-q', '--window=10', '--depth=50'], { cwd: root, env, stdio: 'inherit' });
  execFileSync('git', ['checkout', '-q', '-f', 'main'], { cwd: root, env });
  const meta = { version: HISTORY_CORPUS_VERSION, name, commits, title: shape.title, expect: sortExpect(expect) };
  writeFileSync(marker, JSON.stringify(meta));
  return meta;
}
