#!/usr/bin/env node
// The benchmark: `npm run bench [-- options] [REPO...]`
//
//   --sizes 1k,10k,100k   corpora to generate and time (default: all three; none skips them)
//   --commits N           commits in the flat history corpus (default 10500; 0 skips it)
//   --history A,B         shaped history corpora to time (default: framework,compose,app,django; none skips them)
//   --runs N              timed runs per command (default 5; 3 on 100k files)
//   --no-secretlint       do not install and time secretlint
//   --secretlint-limit S  stop a secretlint run after S seconds (default 120): its time is then a lower bound
//   --out FILE            the markdown table (default: bench/results.md)
//   --compare CLI         also time this other build of the CLI on the history corpora, alternately (before/after in one run)
//   --history-repo DIR    also time `scan --history` of this local repository against `git log -p --all` (repeatable)
//   REPO...               also time a full scan of these local repositories (no planted check)
//
// It times whole processes, as a user or a hook runs them: `node dist/cli/index.js` (the committed
// bundle), beside `rg` with the same keyword regex the scanner's prefilter uses, secretlint with its
// recommended preset (installed into a temporary prefix), `git log -p` for history mode and `node`
// loading the bundle (`--version`) for the hook's floor. Every timed scan of a corpus is also
// checked: each planted problem must be in the JSON report. Corpora are cached in bench/corpora/.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, release, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { missing, stageThreeFiles, unstage, writeCorpus, writeHistoryCorpus, writePullRequest } from './corpus.mjs';
import { HISTORY_SHAPES, writeShapedHistory } from './history-corpora.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
// BENCH_CLI: time another build of the CLI (say, tsc's output under node_modules/.cache) instead of dist/.
const CLI = process.env.BENCH_CLI ? resolve(process.env.BENCH_CLI) : join(ROOT, 'dist/cli/index.js');
const PROBE = join(ROOT, 'bench/rss-probe.mjs');
const CORPORA = join(ROOT, 'bench/corpora');
// The words a full scan's `git grep` selects files by (src/parsers/index.ts contentWords), for rg.
const KEYWORDS = 'secret|authorization|jwt|jose|joken|jsonwebtoken|signing|app_key|appkey|app-key|key_base|keybase|secretorkey|session|cookieparser|securitykey|hmac|internal_|encryption_key|encryptionkey|eyj|private key-----|kty';

function parseArgs(argv) {
  const o = { sizes: [1000, 10000, 100000], commits: 10500, history: Object.keys(HISTORY_SHAPES), runs: null, secretlint: true, secretlintLimit: 120, out: join(ROOT, 'bench/results.md'), repos: [], historyRepos: [], compare: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) usage(`${a} needs a value`);
      return v;
    };
    if (a === '--sizes') o.sizes = value().split(',').filter((n) => n !== '' && n !== 'none').map(parseSize);
    else if (a === '--commits') o.commits = Number(value());
    else if (a === '--history') o.history = value().split(',').filter((n) => n !== '' && n !== 'none');
    else if (a === '--runs') o.runs = Number(value());
    else if (a === '--no-secretlint') o.secretlint = false;
    else if (a === '--secretlint-limit') o.secretlintLimit = Number(value());
    else if (a === '--out') o.out = resolve(value());
    else if (a === '--compare') o.compare = resolve(value());
    else if (a === '--history-repo') o.historyRepos.push(resolve(value()));
    else if (a === '--help' || a === '-h') usage();
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else o.repos.push(resolve(a));
  }
  return o;
}

function parseSize(s) {
  const m = /^(\d+)(k?)$/i.exec(s.trim());
  if (!m) usage(`not a size: '${s}' (write 1k, 10k, 100k or a number of files)`);
  return Number(m[1]) * (m[2] ? 1000 : 1);
}

function usage(problem) {
  const head = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 9).map((l) => l.replace(/^\/\/ ?/, '')).join('\n');
  if (problem) console.error(`bench: ${problem}\n`);
  console.error(head);
  process.exit(problem ? 2 : 0);
}

const label = (n) => (n % 1000 === 0 ? `${n / 1000}k` : String(n));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Runs a command `runs` times (after one warm-up run) with its output thrown away. */
function time(cmd, args, { cwd, runs, okCodes = [0, 1], timeoutMs, warmup = true }) {
  const ms = [];
  for (let i = warmup ? -1 : 0; i < runs; i++) {
    const t = performance.now();
    const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26, timeout: timeoutMs, killSignal: 'SIGKILL' });
    const took = performance.now() - t;
    // Stopped at the time limit: the time is a lower bound, and one such run says enough.
    if (timeoutMs !== undefined && (r.error?.code === 'ETIMEDOUT' || r.signal === 'SIGKILL')) {
      return { median: took, min: took, max: took, runs: 1, stopped: true };
    }
    if (r.error) throw r.error;
    if (!okCodes.includes(r.status)) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${String(r.stderr).slice(0, 500)}`);
    if (i >= 0) ms.push(took);
  }
  return { median: median(ms), min: Math.min(...ms), max: Math.max(...ms), runs };
}

/**
 * `scan --history` with our CLI, `git <gitArgs>`, and each other CLI, timed in turn `runs` times
 * (the caller's first scan warmed the caches; git's first run is a warm-up), so load on the
 * machine hits them alike: their summaries, ours first, then git's, then the others'.
 */
function historyAgainstGit(dir, gitArgs, runs, others = []) {
  const ms = [[], [], ...others.map(() => [])];
  for (let i = 0; i < runs; i++) {
    ms[0].push(time('node', [CLI, 'scan', '--history', '--format', 'json', '--fail-on', 'never'], { cwd: dir, runs: 1, warmup: false }).median);
    ms[1].push(time('git', gitArgs, { cwd: dir, runs: 1, warmup: i === 0, okCodes: [0] }).median);
    others.forEach((cli, k) => ms[k + 2].push(time('node', [cli, 'scan', '--history', '--format', 'json', '--fail-on', 'never'], { cwd: dir, runs: 1, warmup: false }).median));
  }
  return ms.map((t) => ({ median: median(t), min: Math.min(...t), max: Math.max(...t), runs }));
}

/** Paths whose blob, in some commit, is not in the repository (git cat-file says `missing`). */
function pathsOfMissingBlobs(repo) {
  const raw = execFileSync('git', ['log', '--all', '--raw', '--no-renames', '--no-abbrev', '-z', '--format='], { cwd: repo, maxBuffer: 1 << 30 }).toString('utf8').split('\0');
  const pathsOf = new Map();
  for (let i = 0; i + 1 < raw.length; i++) {
    const meta = raw[i].replace(/^\n/, '');
    if (!meta.startsWith(':')) continue;
    const [, mode, , blob] = meta.split(' ');
    const path = raw[++i];
    // A submodule's entry names a commit of another repository, not a blob of this one.
    if (!blob || /^0+$/.test(blob) || mode === '160000') continue;
    pathsOf.set(blob, [...(pathsOf.get(blob) ?? []), path]);
  }
  const answers = execFileSync('git', ['cat-file', '--batch-check'], { cwd: repo, input: [...pathsOf.keys()].join('\n') + '\n', maxBuffer: 1 << 30, encoding: 'utf8' });
  const gone = new Set();
  for (const line of answers.split('\n')) if (line.endsWith(' missing')) for (const p of pathsOf.get(line.split(' ')[0]) ?? []) gone.add(p);
  return [...gone].sort();
}

/** The scanner's JSON report and its peak RSS (from a preloaded probe, so git's children are not counted). */
function scanOnce(cwd, args, cli = CLI) {
  const rssFile = join(tmpdir(), `secret-hygiene-bench-rss-${process.pid}`);
  rmSync(rssFile, { force: true });
  const r = spawnSync('node', ['--import', PROBE, cli, ...args, '--format', 'json', '--fail-on', 'never'], {
    cwd,
    env: { ...process.env, BENCH_RSS_FILE: rssFile },
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0) throw new Error(`scan ${args.join(' ')} exited ${r.status}: ${String(r.stderr).slice(0, 500)}`);
  const rss = Number(readFileSync(rssFile, 'utf8')) / 1024;
  rmSync(rssFile, { force: true });
  return { report: JSON.parse(String(r.stdout)), rssMiB: rss };
}

function check(what, expect, findings) {
  const lost = missing(expect, findings);
  if (lost.length > 0) {
    failures.push(`${what}: ${lost.length} planted problem(s) not found: ${lost.map((e) => `${e.rule} ${e.file}:${e.line}`).join(', ')}`);
    return `MISSED ${lost.length}/${expect.length}`;
  }
  return `${expect.length}/${expect.length}`;
}

const has = (cmd) => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;

/**
 * secretlint and its recommended preset, installed once into a temporary prefix. Pinned to 13.0.6,
 * what users install: 12's profiler is quadratic in the number of files, fixed in 13. 13 declares
 * Node >= 22 but installs on Node 20 with an engine warning and runs.
 */
const SECRETLINT_VERSION = '13.0.6';
function secretlint() {
  const prefix = join(tmpdir(), `secret-hygiene-bench-secretlint-${SECRETLINT_VERSION}`);
  const bin = join(prefix, 'node_modules/secretlint/bin/secretlint.js');
  if (!existsSync(bin)) {
    console.error('bench: installing secretlint into', prefix);
    mkdirSync(prefix, { recursive: true });
    const r = spawnSync('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', `secretlint@${SECRETLINT_VERSION}`, `@secretlint/secretlint-rule-preset-recommend@${SECRETLINT_VERSION}`], { stdio: 'inherit' });
    if (r.status !== 0) return null;
  }
  const rc = join(prefix, '.secretlintrc.json');
  writeFileSync(rc, JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
  writeFileSync(join(prefix, 'none'), '');
  const version = JSON.parse(readFileSync(join(prefix, 'node_modules/secretlint/package.json'), 'utf8')).version;
  // secretlint resolves its rules from the working directory's node_modules unless told where.
  return { version, args: [bin, '**/*', '--secretlintrc', rc, '--secretlintignore', join(prefix, 'none'), '--no-color'], prefix };
}

const fmt = (t) => {
  if (!t) return '—';
  if (t.stopped) return `> ${(t.median / 1000).toFixed(0)} s (stopped)`;
  return `${(t.median / 1000).toFixed(2)} s (${(t.min / 1000).toFixed(2)}–${(t.max / 1000).toFixed(2)})`;
};
const ratio = (a, b) => (a && b ? a.median / b.median : null);
const fmtRatio = (x, atLeast = false) => (x === null ? '—' : `${atLeast ? '≥ ' : ''}${x.toFixed(x >= 100 ? 0 : 2)}x`);

const failures = [];
let perRepoSeconds = null;
const rows = [];
const targets = [];

function target(name, value, limit, holds, note = '') {
  targets.push({ name, value, limit, ok: value === null ? null : holds(value), note });
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (!existsSync(CLI)) usage('dist/cli/index.js is missing: run `npm run build` first');
  mkdirSync(CORPORA, { recursive: true });
  const rg = has('rg');
  if (!rg) console.error('bench: rg not found: ripgrep columns skipped (apt-get install ripgrep)');
  const sl = o.secretlint ? secretlint() : null;
  if (o.secretlint && !sl) console.error('bench: secretlint could not be installed: its column is skipped');
  const runsFor = (files) => o.runs ?? (files >= 100000 ? 3 : 5);

  const load = time('node', [CLI, '--version'], { cwd: ROOT, runs: 10, okCodes: [0] });
  rows.push(['node loads the bundle (`--version`)', '', fmt(load), '', '', '', '']);

  const full = new Map();
  const diff = new Map();
  for (const files of o.sizes) {
    const dir = join(CORPORA, `files-${label(files)}`);
    console.error(`bench: corpus of ${label(files)} files in ${dir}`);
    const meta = writeCorpus(dir, files);
    const runs = runsFor(files);
    const { report, rssMiB } = scanOnce(dir, ['scan', '.']);
    const found = check(`full scan, ${label(files)} files`, meta.expect, report.findings);
    const ours = time('node', [CLI, 'scan', '.', '--format', 'json', '--fail-on', 'never'], { cwd: dir, runs });
    const rgT = rg ? time('rg', ['-i', '-l', '--hidden', '-g', '!.git', '-e', KEYWORDS, '.'], { cwd: dir, runs }) : null;
    // secretlint is slow enough here (see the README) that one run, stopped at a limit, says enough.
    const slT = sl ? time('node', sl.args, { cwd: dir, runs: 1, warmup: false, timeoutMs: o.secretlintLimit * 1000 }) : null;
    full.set(files, { ours, rgT, slT, rssMiB });
    rows.push([`full scan, ${label(files)} files`, found, fmt(ours), fmt(rgT), fmtRatio(ratio(ours, rgT)), slT ? `${fmt(slT)}; ${fmtRatio(ratio(slT, ours), slT.stopped)} slower` : '—', `${rssMiB.toFixed(0)} MiB`]);

    // A pull request of 20 changed files: findings on what it adds, the whole tree as context.
    const pr = writePullRequest(dir, 20);
    const prScan = scanOnce(dir, ['scan', '.', '--diff', pr.range]);
    const prFound = check(`PR diff, ${label(files)} files`, pr.expect, prScan.report.findings);
    const prT = time('node', [CLI, 'scan', '.', '--diff', pr.range, '--format', 'json', '--fail-on', 'never'], { cwd: dir, runs });
    diff.set(files, prT);
    rows.push([`PR diff (20 files), ${label(files)} files`, prFound, fmt(prT), '', '', '', `${prScan.rssMiB.toFixed(0)} MiB`]);

    if (files === 10000 || o.sizes.length === 1 || files === o.sizes[0]) {
      const staged = stageThreeFiles(dir);
      try {
        const r = spawnSync('node', [CLI, 'scan', '--staged', '--format', 'json', '--fail-on', 'never'], { cwd: dir, maxBuffer: 1 << 26 });
        const stFound = check(`pre-commit, ${label(files)} files`, staged.expect, JSON.parse(String(r.stdout)).findings);
        const hook = time('node', [CLI, 'scan', '--staged', '--quiet'], { cwd: dir, runs: 10 });
        rows.push([`pre-commit (\`scan --staged\`, 3 files), ${label(files)} files`, stFound, fmt(hook), '', '', `${fmtRatio(ratio(hook, load))} of node loading the bundle`, '']);
        if (files === 10000) target('pre-commit, 10k files, 3 staged', ratio(hook, load), '≤ 1.6x node loading the bundle', (x) => x <= 1.6);
      } finally {
        unstage(dir);
      }
    }
  }

  // The org audit's unit of work: a depth-1 clone and a scan of a typical (1k-file) repository.
  const typical = o.sizes.find((n) => n === 1000) ?? o.sizes[0];
  if (typical !== undefined) {
    const src = join(CORPORA, `files-${label(typical)}`);
    const dest = join(tmpdir(), `secret-hygiene-bench-clone-${process.pid}`);
    const script = `rm -rf "$2" && git clone -q --depth 1 "file://$1" "$2" && node "$3" scan "$2" --format json --fail-on never > /dev/null`;
    const perRepo = time('sh', ['-c', script, 'sh', src, dest, CLI], { cwd: ROOT, runs: o.runs ?? 5, okCodes: [0] });
    rmSync(dest, { recursive: true, force: true });
    perRepoSeconds = perRepo.median / 1000;
    rows.push([`org audit: clone (depth 1) + scan, one ${label(typical)}-file repository`, '', fmt(perRepo), '', '', '', '']);
  }

  for (const files of [10000, 100000]) {
    const f = full.get(files);
    if (!f) continue;
    target(`full scan, ${label(files)}: vs ripgrep`, ratio(f.ours, f.rgT), '≤ 4x', (x) => x <= 4);
    target(`full scan, ${label(files)}: secretlint's time over ours`, ratio(f.slT, f.ours), '≥ 3x', (x) => x >= 3, f.slT?.stopped ? 'lower bound: secretlint was stopped' : '');
  }
  if (diff.has(10000) && diff.has(100000)) target('PR diff, 100k over 10k', ratio(diff.get(100000), diff.get(10000)), '≤ 2x', (x) => x <= 2);
  if (full.has(100000)) target('peak RSS, full scan 100k', full.get(100000).rssMiB, '≤ 200 MiB', (x) => x <= 200);

  if (o.commits > 0) {
    const dir = join(CORPORA, `history-${o.commits}`);
    console.error(`bench: history corpus of ${o.commits} commits in ${dir}`);
    const meta = writeHistoryCorpus(dir, o.commits);
    // Cross-file rules (reused-secret) do not run on history: each version is judged alone.
    const expect = meta.expect.filter((e) => e.rule !== 'reused-secret');
    const { report, rssMiB } = scanOnce(dir, ['scan', '--history']);
    const found = check(`history, ${o.commits} commits`, expect, report.findings);
    const runs = o.runs ?? 3;
    const ours = time('node', [CLI, 'scan', '--history', '--format', 'json', '--fail-on', 'never'], { cwd: dir, runs });
    const gitT = time('git', ['log', '-p', '--all'], { cwd: dir, runs, okCodes: [0] });
    rows.push([`history, ${o.commits} commits`, found, fmt(ours), `git log -p: ${fmt(gitT)}`, fmtRatio(ratio(ours, gitT)), '', `${rssMiB.toFixed(0)} MiB`]);
    target('history vs `git log -p`', ratio(ours, gitT), '≤ 2x', (x) => x <= 2);
    target('peak RSS, history', rssMiB, '≤ 250 MiB', (x) => x <= 250);
  }

  // Histories shaped like real ones: long-lived large files edited in hundreds of commits.
  for (const name of o.history) {
    if (!HISTORY_SHAPES[name]) usage(`no history corpus '${name}' (one of ${Object.keys(HISTORY_SHAPES).join(', ')})`);
    const dir = join(CORPORA, `history-${name}`);
    console.error(`bench: history corpus '${name}' in ${dir}`);
    const meta = writeShapedHistory(dir, name);
    const { report, rssMiB } = scanOnce(dir, ['scan', '--history']);
    const what = `history, ${meta.title} (${meta.commits} commits)`;
    const found = check(what, meta.expect, report.findings);
    const runs = o.runs ?? 3;
    // --compare: the other build's report must find the same, and it is timed in the same rounds.
    const other = o.compare ? scanOnce(dir, ['scan', '--history'], o.compare) : null;
    const otherFound = other ? check(`${what}, ${o.compare}`, meta.expect, other.report.findings) : '';
    // The run above warmed the caches; the commands are timed alternately so load on the machine hits them alike.
    const [oursT, gitS, otherS] = historyAgainstGit(dir, ['log', '-p', '--all'], runs, other ? [o.compare] : []);
    if (other) {
      rows.push([`${what}, compared build (${o.compare})`, otherFound, fmt(otherS), `git log -p --all: ${fmt(gitS)}`, fmtRatio(ratio(otherS, gitS)), '', `${other.rssMiB.toFixed(0)} MiB`]);
    }
    rows.push([what, found, fmt(oursT), `git log -p --all: ${fmt(gitS)}`, fmtRatio(ratio(oursT, gitS)), '', `${rssMiB.toFixed(0)} MiB`]);
    console.error(`bench: ${rows.slice(other ? -2 : -1).map((r) => r.join(' | ')).join('\nbench: ')}`);
    target(`history '${name}' vs \`git log -p --all\``, ratio(oursT, gitS), '≤ 2x', (x) => x <= 2);
    target(`peak RSS, history '${name}'`, rssMiB, '≤ 250 MiB', (x) => x <= 250);
  }

  for (const repo of o.historyRepos) {
    const runs = o.runs ?? 3;
    const { report, rssMiB } = scanOnce(repo, ['scan', '--history']);
    // A mirror or partial clone may lack blobs (large media): `git log -p` stops at the first, so
    // its time would be a fraction of the history's. Those paths are left out of it (a whole clone
    // would only take git longer), and the row says how many.
    const gone = pathsOfMissingBlobs(repo);
    const gitArgs = ['log', '-p', '--all', ...(gone.length > 0 ? ['--', '.', ...gone.map((p) => `:(exclude,literal)${p}`)] : [])];
    const [oursT, gitS] = historyAgainstGit(repo, gitArgs, runs);
    const commits = execFileSync('git', ['rev-list', '--all', '--count'], { cwd: repo, encoding: 'utf8' }).trim();
    const peer = `git log -p --all${gone.length > 0 ? ` (${gone.length} paths with missing blobs left out)` : ''}: ${fmt(gitS)}`;
    rows.push([`history, ${repo} (${commits} commits, real)`, `${report.findings.length} findings`, fmt(oursT), peer, fmtRatio(ratio(oursT, gitS)), '', `${rssMiB.toFixed(0)} MiB`]);
    console.error(`bench: ${rows[rows.length - 1].join(' | ')}`);
    target(`history ${repo} vs \`git log -p --all\``, ratio(oursT, gitS), '≤ 2x', (x) => x <= 2);
    target(`peak RSS, history ${repo}`, rssMiB, '≤ 250 MiB', (x) => x <= 250);
  }

  for (const repo of o.repos) {
    const runs = o.runs ?? 3;
    const { report, rssMiB } = scanOnce(repo, ['scan', '.']);
    const ours = time('node', [CLI, 'scan', '.', '--format', 'json', '--fail-on', 'never'], { cwd: repo, runs });
    const rgT = rg ? time('rg', ['-i', '-l', '--hidden', '-g', '!.git', '-e', KEYWORDS, '.'], { cwd: repo, runs }) : null;
    rows.push([`full scan, ${repo} (${report.stats.files} files)`, `${report.findings.length} findings`, fmt(ours), fmt(rgT), fmtRatio(ratio(ours, rgT)), '', `${rssMiB.toFixed(0)} MiB`]);
  }

  const md = render(o, sl);
  writeFileSync(o.out, md);
  console.log(md);
  console.error(`bench: table written to ${o.out}`);
  if (failures.length > 0) {
    for (const f of failures) console.error(`bench: ${f}`);
    process.exit(1);
  }
}

/** Wall time of an org audit of 10,000 repositories in 250 shards of 40, `parallel` jobs at once. */
function orgEstimate(perRepo, parallel) {
  const shards = 250;
  const perJob = 40 * perRepo + 30;
  const minutes = (Math.ceil(shards / Math.min(parallel, shards)) * perJob) / 60;
  return minutes >= 60 ? `${(minutes / 60).toFixed(1)} h` : `${minutes.toFixed(0)} min`;
}

function render(o, sl) {
  const git = execFileSync('git', ['--version']).toString().trim();
  const rgVersion = has('rg') ? execFileSync('rg', ['--version']).toString().split('\n')[0] : 'not installed';
  const cpu = cpus();
  const lines = [
    '# Benchmark results',
    '',
    `Run with \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ` +
      `${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM (${(freemem() / 2 ** 30).toFixed(0)} free), Linux ${release()}, Node ${process.version}, ${git}, ${rgVersion}` +
      (sl ? `, secretlint ${sl.version} (recommended preset)` : '') + '.',
    '',
    'Times are medians of whole processes (min–max in brackets). "planted" is the correctness check: every problem the corpus generator planted must be in the report.',
    '',
    '| scenario | planted found | secret-hygiene | ripgrep (same keywords) | vs ripgrep | secretlint | peak RSS |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
    ...(perRepoSeconds === null
      ? []
      : [
          `Organization audit (10,000 repositories like the ${label(o.sizes.find((n) => n === 1000) ?? o.sizes[0])}-file corpus, 250 shards of 40, ~30 s job start-up each): ` +
            `at \`max-parallel: 20\` about ${orgEstimate(perRepoSeconds, 20)}; with 256 jobs at once about ${orgEstimate(perRepoSeconds, 256)}.`,
          '',
        ]),
    '## Targets',
    '',
    '| target | measured | limit | met |',
    '|---|---|---|---|',
    ...targets.map((t) => `| ${t.name} | ${t.value === null ? 'not measured' : t.name.includes('RSS') ? `${t.value.toFixed(0)} MiB` : fmtRatio(t.value, t.note !== '')}${t.note ? ` (${t.note})` : ''} | ${t.limit} | ${t.ok === null ? '—' : t.ok ? 'yes' : '**no**'} |`),
    '',
  ];
  return lines.join('\n');
}

main().catch((err) => {
  console.error(`bench: ${err.stack ?? err}`);
  process.exit(2);
});
