#!/usr/bin/env node
// Benchmark: JWT proof on a repository with many committed tokens and many candidate keys.
//
//   node bench/jwt-tokens.mjs [--tokens 400] [--keys 300] [--runs 3] [--json] [--no-compile]
//
// Builds a throw-away git repository under the OS temp directory: --keys secret-named values spread
// over dotenv, compose and code files, and --tokens distinct HS256/384/512 tokens (plus repeats)
// in markdown, .http, Postman JSON, Python tests and TypeScript mocks. A few tokens are signed
// with repository keys, a few with public weak keys; the rest with random keys thrown away, which
// is the costly case (every candidate is tried). It then times, on the compiled code in lib/:
//   - the whole scan (auditWorktree, every rule), and
//   - the jwt-forgeable rule alone on the parsed documents,
// and checks the expected tokens were proven. Every key here is random or an obviously fake value.
import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const TOKENS = opt('tokens', 400);
const KEYS = opt('keys', 300);
const RUNS = opt('runs', 3);
const asJson = args.includes('--json');

// 1. Compiled code: lib/ is what `npm run build` compiles first (tsc -p tsconfig.json).
if (!args.includes('--no-compile')) {
  try {
    execFileSync('npx', ['--no-install', 'tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'ignore' });
  } catch {
    // Type errors elsewhere still emit JavaScript; only a missing lib/ is fatal.
  }
}
if (!existsSync(join(ROOT, 'lib', 'audit.js'))) {
  console.error('bench/jwt-tokens: lib/ is missing; run `npx tsc -p tsconfig.json` (or npm run build) first.');
  process.exit(2);
}
const lib = (p) => import(pathToFileURL(join(ROOT, 'lib', p)).href);
const { auditWorktree } = await lib('audit.js');
const { DEFAULT_CONFIG } = await lib('config/types.js');
const { createSecretNameMatcher } = await lib('core/secret-names.js');
const { createDocumentParser } = await lib('parsers/index.js');
const { jwtForgeable } = await lib('rules/jwt-forgeable.js');
const { MAX_CANDIDATES_PER_TOKEN } = await lib('rules/jwt-verify.js');
const { buildCandidates } = await lib('rules/jwt-candidates.js');

// 2. The repository.
const HASH = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };
const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
function sign(alg, key, payload) {
  const h = b64({ alg, typ: 'JWT' });
  const p = b64(payload);
  return `${h}.${p}.${createHmac(HASH[alg], key).update(`${h}.${p}`).digest('base64url')}`;
}
const dir = mkdtempSync(join(tmpdir(), 'sh-bench-jwt-'));
const write = (rel, text) => {
  mkdirSync(dirname(join(dir, rel)), { recursive: true });
  writeFileSync(join(dir, rel), text);
};

const SUFFIXES = ['JWT_SECRET', 'SECRET_KEY', 'SESSION_SECRET', 'TOKEN_SECRET', 'SIGNING_KEY'];
const repoKeys = [];
for (let i = 0; i < KEYS; i++) repoKeys.push({ name: `SVC${i}_${SUFFIXES[i % SUFFIXES.length]}`, value: randomBytes(32).toString('base64url') });
const perFile = 10;
for (let f = 0; f * perFile < KEYS; f++) {
  const chunk = repoKeys.slice(f * perFile, (f + 1) * perFile);
  if (f % 3 === 0) write(`services/svc${f}/.env.example`, chunk.map((k) => `${k.name}=${k.value}`).join('\n') + '\n');
  else if (f % 3 === 1) write(`services/svc${f}/docker-compose.yml`, `services:\n  app:\n    environment:\n${chunk.map((k) => `      ${k.name}: \${${k.name}:-${k.value}}`).join('\n')}\n`);
  else write(`services/svc${f}/settings.py`, 'import os\n' + chunk.map((k) => `${k.name} = os.getenv("${k.name}", "${k.value}")`).join('\n') + '\n');
}

const PUBLIC = ['your-256-bit-secret', 'secret', 'shhhhh', 'keyboard cat', 'changeme'];
const algs = ['HS256', 'HS384', 'HS512'];
const tokens = [];
const expectProven = new Set();
for (let i = 0; i < TOKENS; i++) {
  const alg = algs[i % 3];
  const payload = { sub: `user-${i}`, iat: 1700000000 + i, exp: 4102444800 };
  let key;
  if (i % 40 === 0) key = repoKeys[(i * 7) % repoKeys.length].value; // a repository key
  else if (i % 40 === 1) key = PUBLIC[i % PUBLIC.length]; // a public weak key
  else key = randomBytes(48); // unknown and strong: the costly case
  const t = sign(alg, key, payload);
  if (typeof key === 'string') expectProven.add(t);
  tokens.push(t);
}
const files = 100;
const kinds = ['md', 'http', 'json', 'py', 'ts'];
let placed = 0;
for (let f = 0; f < files; f++) {
  const mine = tokens.filter((_, i) => i % files === f);
  // A quarter of the files repeat a token from elsewhere: distinct tokens are verified once.
  if (f % 4 === 0) mine.push(tokens[(f * 13) % tokens.length]);
  placed += mine.length;
  const kind = kinds[f % kinds.length];
  const body =
    kind === 'md'
      ? mine.map((t) => `    curl -H "Authorization: Bearer ${t}" https://api.example.com/`).join('\n')
      : kind === 'http'
        ? mine.map((t) => `GET http://localhost/me\nAuthorization: Bearer ${t}\n`).join('\n')
        : kind === 'json'
          ? JSON.stringify({ item: mine.map((t, i) => ({ name: `r${i}`, auth: { bearer: [{ key: 'token', value: t }] } })) }, null, 2)
          : kind === 'py'
            ? mine.map((t, i) => `TOKEN_${i} = "${t}"`).join('\n')
            : `export const tokens = [\n${mine.map((t) => `  '${t}',`).join('\n')}\n];`;
  write(`fixtures/f${f}.${kind === 'py' ? 'py' : kind === 'ts' ? 'ts' : kind}`, body + '\n');
}
execFileSync('git', ['init', '-q'], { cwd: dir });
execFileSync('git', ['add', '-A'], { cwd: dir });

// 3. Measure.
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const scanMs = [];
let result;
for (let r = 0; r < RUNS; r++) {
  const t0 = performance.now();
  result = await auditWorktree(dir, DEFAULT_CONFIG);
  scanMs.push(performance.now() - t0);
}

const parse = createDocumentParser(createSecretNameMatcher());
const docs = [];
for (const path of execFileSync('git', ['ls-files'], { cwd: dir, encoding: 'utf8' }).split('\n').filter(Boolean)) {
  const document = { path, text: readFileSync(join(dir, path), 'utf8'), hasBom: false, origin: 'worktree' };
  const parsed = parse(document);
  if (parsed.assignments.length > 0 || (parsed.jwts?.length ?? 0) > 0) docs.push({ document, parsed, isExample: /example/.test(path) });
}
const settings = { minSecretBytes: 32, extraWeakValues: [] };
const project = { isGitRepo: true, gitignoreText: null, dotenvUncovered: [] };
const ruleMs = [];
let reports = [];
for (let r = 0; r < RUNS; r++) {
  reports = [];
  const t0 = performance.now();
  jwtForgeable.check({ docs, settings, project, report: (x) => reports.push(x), reportCut: () => {}, isReported: () => true });
  ruleMs.push(performance.now() - t0);
}
const candidates = buildCandidates(docs, []).length;
const occurrences = docs.reduce((n, d) => n + (d.parsed.jwts?.length ?? 0), 0);
const distinct = new Set(docs.flatMap((d) => (d.parsed.jwts ?? []).map((j) => j.token))).size;
const tried = Math.min(candidates, MAX_CANDIDATES_PER_TOKEN);
const scanProven = result.findings.filter((f) => f.ruleId === 'jwt-forgeable').length;
const provenTokens = new Set(reports.map((r) => r.secret));
const missed = [...expectProven].filter((t) => !provenTokens.has(t)).length;

const out = {
  bench: 'jwt-tokens',
  files: result.stats.files,
  tokenOccurrences: occurrences,
  distinctTokens: distinct,
  placedTokens: placed,
  repositoryKeys: KEYS,
  candidateKeys: candidates,
  candidatesTriedPerToken: tried,
  hmacUpperBound: distinct * tried,
  scanMsMedian: Math.round(median(scanMs)),
  jwtForgeableMsMedian: Math.round(median(ruleMs)),
  microsecondsPerHmac: Number(((median(ruleMs) * 1000) / (distinct * tried)).toFixed(2)),
  provenFindings: reports.length,
  scanProvenFindings: scanProven,
  expectedProven: expectProven.size,
  missed,
};
rmSync(dir, { recursive: true, force: true });
if (asJson) console.log(JSON.stringify(out));
else {
  console.log(`bench/jwt-tokens: ${relative(process.cwd(), ROOT) || '.'}, node ${process.version}, ${RUNS} run(s), medians`);
  console.log(`  repository     ${out.files} files, ${out.tokenOccurrences} token occurrences (${out.distinctTokens} distinct), ${out.repositoryKeys} repository keys`);
  console.log(`  candidates     ${out.candidateKeys} distinct keys; ${out.candidatesTriedPerToken} tried per token (cap ${MAX_CANDIDATES_PER_TOKEN})`);
  console.log(`  whole scan     ${out.scanMsMedian} ms (all rules)`);
  console.log(`  jwt-forgeable  ${out.jwtForgeableMsMedian} ms for at most ${out.hmacUpperBound} HMACs (${out.microsecondsPerHmac} µs each)`);
  console.log(`  proven         ${out.provenFindings} findings; ${out.expectedProven - out.missed}/${out.expectedProven} planted tokens proven`);
}
process.exitCode = missed === 0 && scanProven === reports.length ? 0 : 1;
