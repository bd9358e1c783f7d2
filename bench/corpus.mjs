// Writes the benchmark's corpora: git repositories in a realistic mix of files, with problems
// planted at recorded places so every timed run also checks that nothing planted was missed.
//
// Everything is derived from a seeded generator: the same size gives the same repository, so a
// corpus is written once and reused from the cache directory (its `corpus.json` marks it done).
// The planted values are random or publicly known weak values made up here; none is a real secret.
import { execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Bump when the generated content changes, so cached corpora are rebuilt. */
export const CORPUS_VERSION = 5;

export const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@example.invalid',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@example.invalid',
  GIT_AUTHOR_DATE: '2025-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2025-01-01T00:00:00Z',
};

const git = (cwd, args, input) =>
  execFileSync('git', args, { cwd, env: GIT_ENV, input, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 1 << 30 }).toString();

/** mulberry32: small, fast, and good enough to make varied text. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  const pick = (xs) => xs[int(xs.length)];
  const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const strong = (n) => Array.from({ length: n }, () => alnum[int(alnum.length)]).join('');
  return { next, int, pick, strong };
}

const WORDS = [
  'account', 'order', 'invoice', 'user', 'profile', 'cart', 'payment', 'shipment', 'report', 'audit',
  'search', 'index', 'cache', 'queue', 'worker', 'ledger', 'billing', 'catalog', 'review', 'rating',
  'message', 'channel', 'upload', 'export', 'import', 'metric', 'event', 'schedule', 'tenant', 'region',
  // No secret-prefilter words here ('session', 'token', …): files mention those at the rates set below.
];

export function ident(r, parts = 2) {
  const ws = Array.from({ length: parts }, () => r.pick(WORDS));
  return ws[0] + ws.slice(1).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}
export const snake = (s) => s.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());

// ---------------------------------------------------------------------------------------------
// Ordinary files. About one in eight mentions a secret-looking word innocently (csrf tokens,
// password hashes, strict reads of SECRET_KEY), so the keyword prefilter is exercised honestly.

function python(r) {
  const lines = ['"""' + ident(r, 3) + ' service."""', 'import logging', 'import os', '', 'logger = logging.getLogger(__name__)', ''];
  if (r.next() < 0.08) lines.push('SECRET_KEY = os.environ["SECRET_KEY"]', '');
  for (let f = 0, n = 3 + r.int(8); f < n; f++) {
    const name = snake(ident(r));
    lines.push(`def ${name}(${snake(ident(r, 1))}, limit=${r.int(100)}):`);
    lines.push(`    """Return the ${r.pick(WORDS)} ${r.pick(WORDS)} for the given ${r.pick(WORDS)}."""`);
    for (let s = 0, m = 2 + r.int(6); s < m; s++) lines.push(`    ${snake(ident(r, 1))}_${s} = ${snake(ident(r))}(limit * ${r.int(9) + 1})`);
    if (r.next() < 0.05) lines.push('    csrf_token = request.form.get("csrf_token")');
    if (r.next() < 0.02) lines.push('    db.session.commit()');
    lines.push(`    logger.debug("${name} done")`, `    return ${snake(ident(r, 1))}_0`, '');
  }
  return lines;
}

function typescript(r) {
  const lines = [`import { ${ident(r)} } from './${ident(r, 1)}';`, ''];
  if (r.next() < 0.06) lines.push("const token = request.headers.get('authorization') ?? '';", '');
  for (let f = 0, n = 3 + r.int(8); f < n; f++) {
    const name = ident(r);
    lines.push(`export interface ${name[0].toUpperCase() + name.slice(1)} {`);
    for (let p = 0, m = 2 + r.int(5); p < m; p++) lines.push(`  ${ident(r, 1)}${p}: ${r.pick(['string', 'number', 'boolean'])};`);
    lines.push('}', '', `export function ${name}(input: number): number {`);
    for (let s = 0, m = 2 + r.int(5); s < m; s++) lines.push(`  const ${ident(r, 1)}${s} = input * ${r.int(50)};`);
    lines.push(`  return input + ${r.int(1000)};`, '}', '');
  }
  return lines;
}

function go(r) {
  const lines = [`package ${r.pick(WORDS)}`, '', 'import "fmt"', ''];
  for (let f = 0, n = 3 + r.int(6); f < n; f++) {
    const name = ident(r);
    lines.push(`func ${name[0].toUpperCase() + name.slice(1)}(n int) int {`);
    for (let s = 0, m = 2 + r.int(5); s < m; s++) lines.push(`\t${ident(r, 1)}${s} := n * ${r.int(50)}`);
    lines.push(`\tfmt.Println("${name}")`, `\treturn n + ${r.int(100)}`, '}', '');
  }
  return lines;
}

function java(r) {
  const cls = ident(r)[0].toUpperCase() + ident(r).slice(1);
  const lines = [`package com.example.${r.pick(WORDS)};`, '', `public class ${cls} {`];
  if (r.next() < 0.05) lines.push('    private String passwordHash;');
  for (let f = 0, n = 3 + r.int(6); f < n; f++) {
    lines.push(`    public int ${ident(r)}(int n) {`);
    for (let s = 0, m = 2 + r.int(4); s < m; s++) lines.push(`        int ${ident(r, 1)}${s} = n * ${r.int(50)};`);
    lines.push(`        return n + ${r.int(100)};`, '    }', '');
  }
  lines.push('}');
  return lines;
}

function yamlConfig(r) {
  const lines = [`${r.pick(WORDS)}:`];
  for (let s = 0, n = 4 + r.int(12); s < n; s++) lines.push(`  ${snake(ident(r))}: ${r.pick(['true', 'false', String(r.int(1000)), `"${r.pick(WORDS)}"`])}`);
  return lines;
}

function k8sDeployment(r) {
  const name = r.pick(WORDS) + '-' + r.int(1000);
  return [
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `  name: ${name}`, 'spec:', '  template:', '    spec:',
    '      containers:', `        - name: ${name}`, `          image: example/${name}:1.${r.int(20)}`, '          env:',
    '            - name: LOG_LEVEL', '              value: info',
    '            - name: JWT_SECRET_KEY', '              valueFrom:', '                secretKeyRef:', `                  name: ${name}-secrets`, '                  key: jwt-secret-key',
  ];
}

function compose(r) {
  const svc = r.pick(WORDS);
  return [
    'services:', `  ${svc}:`, `    image: example/${svc}:latest`, '    environment:',
    '      LOG_LEVEL: info', '      JWT_SECRET_KEY: ${JWT_SECRET_KEY:?JWT_SECRET_KEY must be set}', '    ports:', `      - "${8000 + r.int(1000)}:8000"`,
  ];
}

function markdown(r) {
  const lines = [`# ${ident(r, 2)}`, ''];
  for (let p = 0, n = 3 + r.int(6); p < n; p++) lines.push(`The ${r.pick(WORDS)} ${r.pick(WORDS)} handles the ${r.pick(WORDS)} of each ${r.pick(WORDS)}.`, '');
  return lines;
}

function json(r) {
  const o = {};
  for (let s = 0, n = 4 + r.int(10); s < n; s++) o[ident(r)] = r.pick([r.int(1000), r.pick(WORDS), true]);
  return JSON.stringify(o, null, 2).split('\n');
}

const KINDS = [
  { weight: 30, ext: 'py', dir: 'app', make: python },
  { weight: 25, ext: 'ts', dir: 'web/src', make: typescript },
  { weight: 10, ext: 'go', dir: 'cmd', make: go },
  { weight: 10, ext: 'java', dir: 'src/main/java', make: java },
  { weight: 8, ext: 'yaml', dir: 'config', make: yamlConfig },
  { weight: 4, ext: 'yaml', dir: 'deploy/k8s', make: k8sDeployment },
  { weight: 2, ext: 'yml', dir: 'compose', make: compose, name: 'docker-compose' },
  { weight: 6, ext: 'md', dir: 'docs', make: markdown },
  { weight: 5, ext: 'json', dir: 'data', make: json },
];
const TOTAL_WEIGHT = KINDS.reduce((s, k) => s + k.weight, 0);

export function kindFor(r) {
  let x = r.int(TOTAL_WEIGHT);
  for (const k of KINDS) {
    if ((x -= k.weight) < 0) return k;
  }
  return KINDS[0];
}

// ---------------------------------------------------------------------------------------------
// Planted problems: each returns the files it writes and where each expected finding is.

const b64url = (s) => Buffer.from(s).toString('base64url');
export function hs256(payload, key) {
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' })) + '.' + b64url(JSON.stringify(payload));
  return head + '.' + createHmac('sha256', key).update(head).digest('base64url');
}

export const PLANTS = [
  (r, dir) => ({
    files: { [`${dir}/.env`]: ['DEBUG=false', `JWT_SECRET_KEY=${r.strong(40)}`] },
    // committed-dotenv stands on the file's first secret line.
    expect: [{ rule: 'committed-dotenv', file: `${dir}/.env`, line: 2 }],
  }),
  (r, dir) => ({
    files: { [`${dir}/auth/config.py`]: ['import os', '', 'JWT_SECRET_KEY = os.getenv("JWT_SECRET_KEY", "your-secret-key-change-this-in-production")'] },
    expect: [{ rule: 'hardcoded-default', file: `${dir}/auth/config.py`, line: 3 }],
  }),
  (r, dir) => ({
    files: { [`${dir}/docker-compose.yml`]: ['services:', '  api:', '    image: example/api', '    environment:', '      JWT_SECRET: ${JWT_SECRET:-changeme}'] },
    expect: [{ rule: 'hardcoded-default', file: `${dir}/docker-compose.yml`, line: 5 }],
  }),
  (r, dir) => ({
    files: { [`${dir}/server/auth.js`]: ["const jwt = require('jsonwebtoken');", '', "const secret = process.env.JWT_SECRET || 'secret';"] },
    expect: [{ rule: 'hardcoded-default', file: `${dir}/server/auth.js`, line: 3 }],
  }),
  (r, dir) => {
    const file = `${dir}/deploy/secret.yaml`;
    const value = Buffer.from(r.strong(48)).toString('base64');
    return {
      files: { [file]: ['apiVersion: v1', 'kind: Secret', 'metadata:', '  name: api-secrets', 'type: Opaque', 'data:', `  jwt-secret-key: ${value}`] },
      expect: [{ rule: 'plaintext-manifest-secret', file, line: 7 }],
    };
  },
  (r, dir) => {
    const file = `${dir}/deploy/deployment.yaml`;
    return {
      files: {
        [file]: [
          'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: api', 'spec:', '  template:', '    spec:', '      containers:',
          '        - name: api', '          image: example/api', '          env:', '            - name: JWT_SECRET_KEY', `              value: ${r.strong(44)}`,
        ],
      },
      expect: [{ rule: 'plaintext-manifest-secret', file, line: 13 }],
    };
  },
  (r, dir) => {
    const file = `${dir}/settings.py`;
    const value = r.strong(50);
    return {
      files: { [file]: ['import os', '', `SECRET_KEY = "${value}"`, `JWT_SECRET_KEY = "${value}"`] },
      expect: [
        { rule: 'hardcoded-secret', file, line: 3 },
        { rule: 'reused-secret', file, line: 4 },
      ],
    };
  },
  (r, dir) => {
    const file = `${dir}/app/main.py`;
    return {
      files: { [file]: ['import logging', 'import os', '', 'logger = logging.getLogger(__name__)', 'secret_key = os.environ["SECRET_KEY"]', 'logger.info(f"SECRET_KEY={secret_key}")'] },
      expect: [{ rule: 'secret-logged', file, line: 6 }],
    };
  },
  (r, dir) => {
    const file = `${dir}/.gitlab-ci.yml`;
    return {
      files: { [file]: ['variables:', `  JWT_SECRET: "${r.strong(42)}"`, 'test:', '  script: pytest'] },
      expect: [{ rule: 'ci-plaintext-secret', file, line: 2 }],
    };
  },
  (r, dir) => {
    const file = `${dir}/app/jwt_config.py`;
    return {
      files: { [file]: ['import os', '', 'SECRET_KEY = os.environ["SECRET_KEY"]', 'JWT_SECRET_KEY = os.getenv("JWT_SECRET_KEY") or SECRET_KEY'] },
      expect: [{ rule: 'jwt-key-fallback', file, line: 4 }],
    };
  },
  (r, dir) => {
    // A token in API docs, signed with jwt.io's well-known example key: anyone can forge it.
    const file = `${dir}/docs/api.md`;
    const token = hs256({ sub: String(r.int(1e6)), name: 'bench', iat: 1735689600, exp: 1893456000 }, 'your-256-bit-secret');
    return {
      files: { [file]: ['# API', '', 'Send the token in the header:', '', '```', `Authorization: Bearer ${token}`, '```'] },
      expect: [{ rule: 'jwt-forgeable', file, line: 6 }],
    };
  },
];

// ---------------------------------------------------------------------------------------------

/**
 * Writes a repository of about `files` files into `root` (one commit on `main`), with one set of
 * planted problems per 5,000 files (at least one), and returns what was planted.
 */
export function writeCorpus(root, files, seed = 1) {
  const marker = join(root, '.git', 'bench-corpus.json');
  if (existsSync(marker)) {
    const meta = JSON.parse(readFileSync(marker, 'utf8'));
    if (meta.version === CORPUS_VERSION && meta.files === files) return meta;
  }
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const r = rng(seed * 7919 + files);
  const write = (rel, lines) => {
    const path = join(root, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, lines.join('\n') + '\n');
  };

  const expect = [];
  const sets = Math.max(1, Math.round(files / 5000));
  let written = 0;
  for (let s = 0; s < sets; s++) {
    const dir = `services/svc${String(s).padStart(3, '0')}`;
    for (const plant of PLANTS) {
      const p = plant(r, dir);
      for (const [rel, lines] of Object.entries(p.files)) {
        write(rel, lines);
        written++;
      }
      expect.push(...p.expect);
    }
  }
  // Directories of ~40 files, as real trees are: deep enough to matter, never one huge folder.
  for (let i = 0; written < files; i++, written++) {
    const kind = kindFor(r);
    const pkg = `pkg${String(Math.floor(i / 40)).padStart(4, '0')}`;
    const base = kind.name ?? `${snake(ident(r))}_${i}`;
    write(`${kind.dir}/${pkg}/${base}.${kind.ext}`, kind.make(r));
  }
  git(root, ['init', '-q', '-b', 'main']);
  git(root, ['add', '-A']);
  git(root, ['commit', '-q', '-m', 'corpus']);
  const meta = { version: CORPUS_VERSION, files, expect: sortExpect(expect) };
  writeFileSync(marker, JSON.stringify(meta));
  return meta;
}

/**
 * A branch `pr` off `main` changing `changed` files: edits of existing sources plus new files, one
 * of which plants a hardcoded default on a line the PR adds. Returns the range and what must be found.
 */
export function writePullRequest(root, changed = 20) {
  const tracked = git(root, ['ls-files', '--', 'app/*.py']).split('\n').filter(Boolean).slice(0, changed - 2);
  git(root, ['checkout', '-q', '-B', 'pr', 'main']);
  for (const file of tracked) {
    const path = join(root, file);
    writeFileSync(path, readFileSync(path, 'utf8') + '\ndef added_in_pr():\n    return 1\n');
  }
  writeFileSync(join(root, 'app/new_feature.py'), 'def feature():\n    return 2\n');
  mkdirSync(join(root, 'pr'), { recursive: true });
  writeFileSync(join(root, 'pr/auth.py'), 'import os\n\nJWT_SECRET_KEY = os.getenv("JWT_SECRET_KEY", "changeme")\n');
  git(root, ['add', '-A']);
  git(root, ['commit', '-q', '-m', 'pr']);
  git(root, ['checkout', '-q', 'main']);
  return { range: 'main..pr', expect: [{ rule: 'hardcoded-default', file: 'pr/auth.py', line: 3 }] };
}

/** Stages edits to three files (one adds a problem), as a commit in progress would. */
export function stageThreeFiles(root) {
  const files = git(root, ['ls-files', '--', 'web/src/*.ts']).split('\n').filter(Boolean).slice(0, 2);
  for (const file of files) writeFileSync(join(root, file), readFileSync(join(root, file), 'utf8') + '\nexport const added = 1;\n');
  mkdirSync(join(root, 'staged'), { recursive: true });
  writeFileSync(join(root, 'staged/config.js'), "const secret = process.env.JWT_SECRET || 'secret';\n");
  git(root, ['add', '--', ...files, 'staged/config.js']);
  return { expect: [{ rule: 'hardcoded-default', file: 'staged/config.js', line: 1 }] };
}

/** Undoes stageThreeFiles. */
export function unstage(root) {
  git(root, ['reset', '-q', '--hard', 'HEAD']);
  git(root, ['clean', '-q', '-fd']);
}

/**
 * A repository with `commits` commits (written with `git fast-import`, so it takes seconds), each
 * editing one to three of ~600 files; some commits plant a problem that a later commit removes, so
 * history mode must find what HEAD no longer shows.
 */
export function writeHistoryCorpus(root, commits) {
  const marker = join(root, '.git', 'bench-corpus.json');
  if (existsSync(marker)) {
    const meta = JSON.parse(readFileSync(marker, 'utf8'));
    if (meta.version === CORPUS_VERSION && meta.commits === commits) return meta;
  }
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  git(root, ['init', '-q', '-b', 'main']);
  const r = rng(commits);
  const pool = Array.from({ length: 600 }, (_, i) => {
    const kind = kindFor(r);
    return { path: `${kind.dir}/pkg${String(Math.floor(i / 40)).padStart(4, '0')}/${snake(ident(r))}_${i}.${kind.ext}`, kind };
  });
  const plantAt = new Map();
  const expect = [];
  const every = Math.floor(commits / (PLANTS.length + 1));
  PLANTS.forEach((plant, i) => {
    const dir = `services/hist${i}`;
    const p = plant(r, dir);
    plantAt.set(every * (i + 1), p);
    expect.push(...p.expect);
  });

  const chunks = [];
  const data = (text) => {
    const buf = Buffer.from(text);
    chunks.push(Buffer.from(`data ${buf.length}\n`), buf, Buffer.from('\n'));
  };
  const removeLater = new Map();
  for (let c = 1; c <= commits; c++) {
    chunks.push(Buffer.from(`commit refs/heads/main\ncommitter bench <bench@example.invalid> ${1600000000 + c * 600} +0000\n`));
    data(`change ${c}`);
    if (c === 1) {
      for (const f of pool) {
        chunks.push(Buffer.from(`M 100644 inline ${f.path}\n`));
        data(f.kind.make(r).join('\n') + '\n');
      }
    } else {
      for (let k = 0, n = 1 + r.int(3); k < n; k++) {
        const f = r.pick(pool);
        chunks.push(Buffer.from(`M 100644 inline ${f.path}\n`));
        data(f.kind.make(r).join('\n') + '\n');
      }
    }
    const plant = plantAt.get(c);
    if (plant) {
      for (const [rel, lines] of Object.entries(plant.files)) {
        chunks.push(Buffer.from(`M 100644 inline ${rel}\n`));
        data(lines.join('\n') + '\n');
      }
      // Removed a hundred commits later: only history still holds it.
      removeLater.set(c + 100, Object.keys(plant.files));
    }
    for (const rel of removeLater.get(c) ?? []) chunks.push(Buffer.from(`D ${rel}\n`));
    chunks.push(Buffer.from('\n'));
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: root, input: Buffer.concat(chunks), env: GIT_ENV, maxBuffer: 1 << 30 });
  git(root, ['checkout', '-q', '-f', 'main']);
  const meta = { version: CORPUS_VERSION, commits, expect: sortExpect(expect) };
  writeFileSync(marker, JSON.stringify(meta));
  return meta;
}

export function sortExpect(expect) {
  return expect.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule));
}

/** The expected findings that `findings` (the JSON report's) does not contain. */
export function missing(expect, findings) {
  const found = new Set(findings.map((f) => `${f.ruleId}\0${f.file}\0${f.line}`));
  return expect.filter((e) => !found.has(`${e.rule}\0${e.file}\0${e.line}`));
}
