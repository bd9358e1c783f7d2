// A hostile repository with every attack of issue 15 at once, run through every face: scan, scan
// --staged, scan --history, fix --write and the Action (through ../shared/clients/gha-sim.mjs).
// Each run must finish in bounded time, with honest exit codes and the cut work listed as
// problems, and print nothing of the file outside the repository that links point at.
//
//   npm run build && node bench/hostile-repo.mjs [--keep]
//
// The repository is built by test/helpers/hostile-repo.mjs at the sizes the issue measured;
// test/hostile/every-face.test.ts runs the same repository at small sizes (and a lowered
// fingerprint budget, ~8 s a run here by design) on every test run. This script also runs a scan
// as an unprivileged user (the unreadable directory) and the bare clone. Exits 1 when any
// expectation fails.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BENCH_SIZES, buildHostileRepo, forgedCommands, gitEnv } from '../test/helpers/hostile-repo.mjs';

const PROJECT = join(import.meta.dirname, '..');
const CLI = join(PROJECT, 'dist', 'cli', 'index.js');
/** The runner simulator beside the checkout, or beside the main checkout for a git worktree (as test/helpers/gha.ts finds it). */
function findSimulator() {
  const beside = join(PROJECT, '..', 'shared', 'clients', 'gha-sim.mjs');
  if (existsSync(beside)) return beside;
  try {
    const common = execFileSync('git', ['rev-parse', '--path-format=absolute', '--git-common-dir'], { cwd: PROJECT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return join(dirname(dirname(common)), 'shared', 'clients', 'gha-sim.mjs');
  } catch {
    return beside;
  }
}
const SIM = findSimulator();
/** Generous: each run is expected in seconds; this only catches unbounded work. */
const BOUND_S = 120;
const keep = process.argv.includes('--keep');
const ENV = gitEnv();
const git = (cwd, ...args) => execFileSync('git', args, { cwd, env: ENV, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 }).toString();

// The runs below are new processes: their pids follow this one's, so the next 200 get a link at
// fix's old predictable temporary name.
const h = buildHostileRepo(mkdtempSync(join(tmpdir(), 'sh-hostile-')), { sizes: BENCH_SIZES, pids: Array.from({ length: 200 }, (_, i) => process.pid + 1 + i) });
const { top, repo, bare, marker: CANARY } = h;

const results = [];
const failures = [];

function run(label, args, { cwd = repo, expect, as } = {}) {
  const started = process.hrtime.bigint();
  const cmd = as ? 'setpriv' : process.execPath;
  const argv = as ? ['--reuid', as, '--regid', as, '--clear-groups', process.execPath, CLI, ...args] : [CLI, ...args];
  const r = spawnSync(cmd, argv, { cwd, env: ENV, encoding: 'utf8', maxBuffer: 1 << 30, timeout: BOUND_S * 1000 });
  const s = Number(process.hrtime.bigint() - started) / 1e9;
  const out = (r.stdout ?? '') + (r.stderr ?? '');
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    report = undefined;
  }
  const row = { label, s: s.toFixed(1), exit: r.status, findings: report?.findings?.length, problems: report?.problems?.length };
  results.push(row);
  const fail = (why) => failures.push(`${label}: ${why}`);
  if (r.status === null) fail(`did not finish in ${BOUND_S} s`);
  if (out.includes(CANARY) || out.includes(CANARY.slice(0, 12))) fail('printed the outside file');
  if (expect?.exit !== undefined && r.status !== expect.exit) fail(`exit ${r.status}, expected ${expect.exit}: ${out.slice(0, 300)}`);
  if (/internal error|this is a bug|\n\s+at .*\(.*:\d+:\d+\)/.test(out)) fail(`crashed: ${out.slice(0, 300)}`);
  for (const [what, pattern] of expect?.problems ?? []) {
    if (!report?.problems?.some((p) => pattern.test(`${p.file}: ${p.reason}`))) fail(`no problem listing ${what}`);
  }
  for (const [what, test] of expect?.findings ?? []) if (!report?.findings?.some(test)) fail(`no finding: ${what}`);
  for (const [what, pattern] of expect?.says ?? []) if (!pattern.test(out)) fail(`does not say ${what}: ${out.slice(0, 300)}`);
  return { r, report, out };
}

const BOUNDED = [
  ['the key length cap', /^keys\/\.env: 1 key longer than 1024/],
  ['the findings cap', /^config\/\.env: \d+ more weak-secret finding\(s\) not reported/],
  ['the fingerprint budget', /^app\/settings\.py: \d+ findings? reported without their secret's preview and fingerprint/],
];
const FOUND = [
  ['the token signed with "secret"', (f) => f.file === 'docs/requests.http' && f.ruleId === 'jwt-forgeable'],
  ['the huge .env', (f) => f.file === 'config/.env'],
  ['a file named with workflow commands', (f) => f.file.includes('::stop-commands::')],
];

// Each on its own copy (everything of the feature commit staged): fix --write, which reads no
// baseline, goes on with a linked one and changes the files it fixes.
for (const [name, make] of Object.entries(h.variants)) {
  const cwd = h.stagedCopy(join(top, `variant-${name.replace(/ /g, '-')}`));
  make(cwd);
  const says = [[`what is wrong with the tool's file (${name})`, /\.secret-hygiene(\.yml|-baseline\.json)/]];
  run(`scan, ${name}`, ['scan', '.', '--format', 'json'], { cwd, expect: { exit: 2, says } });
  run(`scan --staged, ${name}`, ['scan', '--staged', '.', '--format', 'json'], { cwd, expect: { exit: 2, says } });
  run(`fix --write, ${name}`, ['fix', '--write', '.'], { cwd, expect: name === 'linked baseline' ? { exit: 1 } : { exit: 2, says } });
  if (h.wroteThroughLinks(cwd)) failures.push(`fix --write, ${name}: wrote through a planted link`);
}

run('scan', ['scan', '.', '--format', 'json'], { expect: { exit: 1, problems: BOUNDED, findings: FOUND } });
run('scan, unprivileged user', ['scan', '.', '--format', 'json'], { as: '65534', expect: { exit: 1, problems: [['the unreadable directory', /^private/]], findings: FOUND } });
run('scan repo.git (bare)', ['scan', bare], { cwd: top, expect: { exit: 2, says: [['it is a bare repository', /bare git repository/]] } });
run('scan --history repo.git (bare)', ['scan', '--history', bare, '--format', 'json'], { cwd: top, expect: { exit: 1, problems: BOUNDED } });
run('scan --history', ['scan', '--history', '.', '--format', 'json'], { expect: { exit: 1, problems: BOUNDED, findings: FOUND } });

// Everything staged on top of the base.
const staged = h.stagedCopy(join(top, 'staged'));
run('scan --staged', ['scan', '--staged', '.', '--format', 'json'], { cwd: staged, expect: { exit: 1, problems: BOUNDED, findings: FOUND } });

// fix --write on a clone: nothing outside may change, no planted link may be written through.
const outsideBefore = JSON.stringify(h.outsideSnapshot());
const fixed = join(top, 'fixed');
git(top, 'clone', '-q', '--branch', 'feature', repo, fixed);
run('fix --write', ['fix', '--write', '.'], { cwd: fixed });
if (JSON.stringify(h.outsideSnapshot()) !== outsideBefore) failures.push('fix --write: changed a file outside the repository');
if (h.wroteThroughLinks(fixed)) failures.push('fix --write: wrote through a planted link');
run('scan after fix --write', ['scan', '.', '--format', 'json'], { cwd: fixed });

// The Action on the pull request, as the runner runs it.
if (existsSync(SIM)) {
  const out = join(top, 'sim.json');
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [SIM, '--action', PROJECT, '--workspace', repo, '--out', out, '--event', 'pull_request', '--base', 'main', '--head', 'feature', '--action-files', 'git', '--checkout', 'full', '--forbid', CANARY], { encoding: 'utf8', timeout: BOUND_S * 1000, env: ENV });
  const s = Number(process.hrtime.bigint() - started) / 1e9;
  const report = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : undefined;
  results.push({ label: 'Action (gha-sim, pull_request)', s: s.toFixed(1), exit: report?.exitCode, findings: report?.annotations?.length, problems: report?.violations?.length });
  if (!report) failures.push(`Action: no report (${(r.stderr ?? '').slice(0, 300)})`);
  else {
    if (report.leaks.length > 0) failures.push('Action: printed the outside file');
    if (report.conclusion !== 'failure') failures.push(`Action: concluded ${report.conclusion}, expected failure (findings)`);
    const forged = forgedCommands(report.commands);
    if (forged.length > 0) failures.push(`Action: forged commands accepted: ${JSON.stringify(forged).slice(0, 300)}`);
    const errors = report.violations.filter((v) => v.severity === 'error');
    if (errors.length > 0) failures.push(`Action: runner protocol violations: ${JSON.stringify(errors).slice(0, 300)}`);
  }
} else failures.push(`Action: no simulator at ${SIM}`);

console.log('| run | seconds | exit | findings | problems |\n|---|---|---|---|---|');
for (const r of results) console.log(`| ${r.label} | ${r.s} | ${r.exit} | ${r.findings ?? ''} | ${r.problems ?? ''} |`);
console.log(failures.length === 0 ? 'hostile repository: every run bounded, honest, silent about the outside' : `hostile repository: ${failures.length} failure(s)\n- ${failures.join('\n- ')}`);
if (!keep) {
  h.restore();
  rmSync(top, { recursive: true, force: true });
} else console.log(`kept ${top}`);
process.exitCode = failures.length === 0 ? 0 : 1;

