// A hostile repository with every attack of issue 15 at once, run through every face: scan, scan
// --staged, scan --history, fix --write and the Action (through ../shared/clients/gha-sim.mjs).
// Each run must finish in bounded time, with honest exit codes and the cut work listed as
// problems, and print nothing of the file outside the repository that links point at.
//
//   npm run build && node bench/hostile-repo.mjs [--keep]
//
// Too heavy for the test suite (the fingerprint budget alone is ~8 s a run, by design); the
// project's tests reproduce each attack on its own. Exits 1 when any expectation fails.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const PROJECT = join(import.meta.dirname, '..');
const CLI = join(PROJECT, 'dist', 'cli', 'index.js');
const SIM = join(PROJECT, '..', 'shared', 'clients', 'gha-sim.mjs');
/** Generous: each run is expected in seconds; this only catches unbounded work. */
const BOUND_S = 120;
const keep = process.argv.includes('--keep');

const ENV = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  GIT_AUTHOR_NAME: 'h',
  GIT_AUTHOR_EMAIL: 'h@example.invalid',
  GIT_COMMITTER_NAME: 'h',
  GIT_COMMITTER_EMAIL: 'h@example.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
  // The unprivileged run reads a tree root owns.
  GIT_CONFIG_COUNT: '1',
  GIT_CONFIG_KEY_0: 'safe.directory',
  GIT_CONFIG_VALUE_0: '*',
};
const git = (cwd, ...args) => execFileSync('git', args, { cwd, env: ENV, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 }).toString();

const top = mkdtempSync(join(tmpdir(), 'sh-hostile-'));
chmodSync(top, 0o755);
const outside = join(top, 'outside');
const repo = join(top, 'repo');
mkdirSync(outside);
mkdirSync(repo);

// What must never be printed: a token file outside the repository.
// secret-hygiene: ignore[weak-secret] the HMAC key only derives a per-run canary marker; nothing is signed with it
const CANARY = 'OUTSIDE-' + createHmac('sha256', 'canary').update(String(process.pid)).digest('hex').slice(0, 24);
writeFileSync(join(outside, 'token.txt'), `GITHUB_TOKEN=${CANARY}\nJWT_SECRET=${CANARY}\n`);
writeFileSync(join(outside, 'gitignore'), `${CANARY}\n`);
writeFileSync(join(outside, 'config.yml'), `exclude:\n  - "${CANARY}"\n`);

const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
const sign = (payload, key) => {
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${head}.${createHmac('sha256', key).update(head).digest('base64url')}`;
};

function write(rel, text) {
  mkdirSync(dirname(join(repo, rel)), { recursive: true });
  writeFileSync(join(repo, rel), text);
}

git(repo, 'init', '-q', '-b', 'main');
write('README.md', '# app\n');
git(repo, 'add', '-A');
git(repo, 'commit', '-q', '-m', 'base');
git(repo, 'checkout', '-q', '-b', 'feature');

// Links to files outside the repository: a dotenv, a .gitignore and a directory.
symlinkSync(join(outside, 'token.txt'), join(repo, '.env.production'));
symlinkSync(join(outside, 'gitignore'), join(repo, '.gitignore'));
symlinkSync(outside, join(repo, 'vendor'));
// Names that carry workflow commands.
for (const name of ['x\n::stop-commands::tok\n.env', 'y\n::error title=X::pwned\n.env', '::error title=X::pwned-at-start.env']) {
  writeFileSync(join(repo, name), 'JWT_SECRET=changeme\n');
}
// A 2 MB .env of 100k identical lines (reused-secret was quadratic).
write('config/.env', 'JWT_SECRET=changeme\n'.repeat(100_000));
// A 160 KB key of capitals (the key-splitting regex backtracked).
write('keys/.env', `${'A'.repeat(160_000)}_JWT_SECRET=changeme\nJWT_SECRET=changeme\n`);
// 5,000 distinct short defaults in one file (each takes the slow fingerprint).
write('app/settings.py', 'import os\n' + Array.from({ length: 5000 }, (_, i) => `JWT_SECRET_${i} = os.getenv("JWT_SECRET", "dflt-${String(i).padStart(5, '0')}")\n`).join(''));
// 300 distinct JWTs of a strong key, then one signed with "secret" (a decoy flood).
const decoys = Array.from({ length: 300 }, (_, i) => `Authorization: Bearer ${sign({ sub: `u${i}`, exp: 4102444800 }, 'Hx7Qm2Vt9Lp4Rw8Ks3Zn6Yd1Bf5Gj0AcQ7eWxxxx')}`);
write('docs/requests.http', [...decoys, `Authorization: Bearer ${sign({ sub: 'admin', exp: 4102444800 }, 'secret')}`].join('\n') + '\n');
// An unreadable directory (only an unprivileged user is refused it).
write('private/.env', 'JWT_SECRET=changeme\n');
git(repo, 'add', '-A');
git(repo, 'commit', '-q', '-m', 'feature: every attack');
chmodSync(join(repo, 'private'), 0o000);
// Everything readable by the unprivileged run but the private directory.
execFileSync('chmod', ['-R', 'a+rX', repo, outside]);
chmodSync(join(repo, 'private'), 0o000);

// The hostile configurations, each its own variant (a config is one file).
const configs = {
  'linked config': () => symlinkSync(join(outside, 'config.yml'), join(repo, '.secret-hygiene.yml')),
  'pathological globs': () => writeFileSync(join(repo, '.secret-hygiene.yml'), 'exclude:\n  - "**/*a*a*a*a*a*a*a*a*b"\n  - "**/a/**/b/**/c/**/d"\n'),
};

// A bare clone.
const bare = join(top, 'repo.git');
git(top, 'clone', '-q', '--bare', repo, bare);

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
  ['the key length cap', /^keys\/\.env: 1 key\(s\) longer than 1024/],
  ['the fingerprint budget', /^app\/settings\.py: \d+ finding\(s\) reported without their secret's preview and fingerprint/],
];
const FOUND = [
  ['the token signed with "secret"', (f) => f.file === 'docs/requests.http' && f.ruleId === 'jwt-forgeable'],
  ['the huge .env', (f) => f.file === 'config/.env'],
  ['a file named with workflow commands', (f) => f.file.includes('::stop-commands::')],
];

for (const [name, make] of Object.entries(configs)) {
  make();
  const says = [[`what is wrong with the config (${name})`, /\.secret-hygiene\.yml/]];
  run(`scan, ${name}`, ['scan', '.', '--format', 'json'], { expect: { exit: 2, says } });
  run(`scan --staged, ${name}`, ['scan', '--staged', '.', '--format', 'json'], { expect: { exit: 2, says } });
  run(`fix --write, ${name}`, ['fix', '--write', '.'], { expect: { exit: 2, says } });
  rmSync(join(repo, '.secret-hygiene.yml'));
}

run('scan', ['scan', '.', '--format', 'json'], { expect: { exit: 1, problems: BOUNDED, findings: FOUND } });
run('scan, unprivileged user', ['scan', '.', '--format', 'json'], { as: '65534', expect: { exit: 1, problems: [['the unreadable directory', /^private/]], findings: FOUND } });
run('scan repo.git (bare)', ['scan', bare], { cwd: top, expect: { exit: 2, says: [['it is a bare repository', /bare git repository/]] } });
run('scan --history repo.git (bare)', ['scan', '--history', bare, '--format', 'json'], { cwd: top, expect: { exit: 1, problems: BOUNDED } });
run('scan --history', ['scan', '--history', '.', '--format', 'json'], { expect: { exit: 1, problems: BOUNDED, findings: FOUND } });

// Everything staged on top of the base.
const staged = join(top, 'staged');
cpSync(repo, staged, { recursive: true, verbatimSymlinks: true, filter: (src) => !src.endsWith('/private') });
git(staged, 'reset', '-q', '--soft', 'main');
run('scan --staged', ['scan', '--staged', '.', '--format', 'json'], { cwd: staged, expect: { exit: 1, problems: BOUNDED, findings: FOUND } });

// fix --write on a copy: nothing outside may change.
const outsideBefore = readdirSync(outside).map((f) => [f, readFileSync(join(outside, f), 'utf8')]);
const fixed = join(top, 'fixed');
cpSync(repo, fixed, { recursive: true, verbatimSymlinks: true, filter: (src) => !src.endsWith('/private') });
run('fix --write', ['fix', '--write', '.'], { cwd: fixed });
const outsideAfter = readdirSync(outside).map((f) => [f, readFileSync(join(outside, f), 'utf8')]);
if (JSON.stringify(outsideAfter) !== JSON.stringify(outsideBefore)) failures.push('fix --write: changed a file outside the repository');
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
    const forged = report.commands.filter((c) => c.command.toLowerCase() === 'stop-commands' || c.format === 'legacy' || c.properties?.title === 'X');
    if (forged.length > 0) failures.push(`Action: forged commands accepted: ${JSON.stringify(forged).slice(0, 300)}`);
    const errors = report.violations.filter((v) => v.severity === 'error');
    if (errors.length > 0) failures.push(`Action: runner protocol violations: ${JSON.stringify(errors).slice(0, 300)}`);
  }
} else failures.push(`Action: no simulator at ${SIM}`);

console.log('| run | seconds | exit | findings | problems |\n|---|---|---|---|---|');
for (const r of results) console.log(`| ${r.label} | ${r.s} | ${r.exit} | ${r.findings ?? ''} | ${r.problems ?? ''} |`);
console.log(failures.length === 0 ? 'hostile repository: every run bounded, honest, silent about the outside' : `hostile repository: ${failures.length} failure(s)\n- ${failures.join('\n- ')}`);
if (!keep) {
  chmodSync(join(repo, 'private'), 0o755);
  rmSync(top, { recursive: true, force: true });
} else console.log(`kept ${top}`);
process.exitCode = failures.length === 0 ? 0 : 1;

