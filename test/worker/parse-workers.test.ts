import { cpSync, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOne, type ParseAnswer } from '../../src/core/scan.js';
import { createSecretNameMatcher } from '../../src/core/secret-names.js';
import type { Document } from '../../src/core/types.js';
import { createDocumentParser } from '../../src/parsers/index.js';
import { parseInWorkers } from '../../src/worker/parse-pool.js';
import { cliProcess, CLI_BUNDLE } from '../helpers/cli.js';
import { git, materializeFixture } from '../helpers/fixture-repo.js';
import { tempDir } from '../helpers/temp.js';

const PROJECT = join(__dirname, '..', '..');
const WORKER = join(PROJECT, 'dist', 'worker', 'index.js');
const RULE_FIXTURES = join(PROJECT, 'test', 'fixtures', 'rules');

/** One repository holding every rule's fixture trees side by side (every parser, every rule fires). */
function allRuleFixtures(): string {
  const dir = tempDir('sh-parse-workers-');
  for (const rule of readdirSync(RULE_FIXTURES)) {
    for (const c of readdirSync(join(RULE_FIXTURES, rule))) {
      const from = join(RULE_FIXTURES, rule, c);
      if (!statSync(from).isDirectory()) continue;
      // materializeFixture turns stored names (gitignore) into the real ones.
      cpSync(materializeFixture(from), join(dir, rule, c), { recursive: true, filter: (p) => !/[\\/]\.git([\\/]|$)/.test(p) });
    }
  }
  git(dir, 'init', '-q');
  git(dir, 'add', '-A', '-f');
  return dir;
}

async function* stream(docs: Document[]): AsyncGenerator<Document> {
  for (const d of docs) yield d;
}

function documents(n: number): Document[] {
  return Array.from({ length: n }, (_, i) => ({
    path: `svc${i}/settings.py`,
    text: `import os\nJWT_SECRET = os.getenv("JWT_SECRET", "dev-${i}")\n`,
    hasBom: false,
    origin: 'worktree' as const,
  }));
}

describe('parsing on worker threads (full scans)', () => {
  const parse = createDocumentParser(createSecretNameMatcher([]), []);

  it('hands the batches of a worker that fails back to this thread: the same answers, in order', async () => {
    const broken = join(tempDir('sh-broken-worker-'), 'worker.mjs');
    writeFileSync(broken, "import { parentPort } from 'node:worker_threads';\nparentPort.postMessage({ type: 'ready' });\nparentPort.on('message', () => { throw new Error('worker bug'); });\n");
    const docs = documents(150);
    const ahead = parseInWorkers({ secretNames: [], workers: 2, startAfter: 0, workerPath: broken });
    const got: { path: string; answer: ParseAnswer }[] = [];
    for await (const { document, answer } of ahead(stream(docs), parse)) got.push({ path: document.path, answer });
    expect(got).toEqual(docs.map((d) => ({ path: d.path, answer: parseOne(parse, d) })));
  });

  it.skipIf(!existsSync(WORKER))('from dist/worker/index.js: the answers a worker sends back are those of this thread', async () => {
    const docs = documents(300);
    const ahead = parseInWorkers({ secretNames: [], workers: 2, startAfter: 0, workerPath: WORKER });
    const got: ParseAnswer[] = [];
    for await (const { answer } of ahead(stream(docs), parse)) got.push(answer);
    expect(got).toEqual(docs.map((d) => parseOne(parse, d)));
  });

  // dist/ is built by `npm run build` (the lead commits it): until it holds the parse workers, this compares two same-thread scans.
  it.skipIf(!existsSync(WORKER) || !existsSync(CLI_BUNDLE))('the CLI reports the same on every rule fixture with and without workers', () => {
    const dir = allRuleFixtures();
    const args = ['scan', '.', '--format', 'json', '--fail-on', 'never'];
    const alone = cliProcess(dir, args, { SECRET_HYGIENE_WORKERS: '0' });
    const pooled = cliProcess(dir, args, { SECRET_HYGIENE_WORKERS: '2' });
    expect(alone.code).toBe(0);
    expect(pooled.code).toBe(0);
    const report = (out: string) => {
      const r = JSON.parse(out) as { findings: unknown[]; problems: unknown[]; stats: Record<string, unknown> };
      return { findings: r.findings, problems: r.problems, files: r.stats.files };
    };
    expect(report(pooled.stdout).findings.length).toBeGreaterThan(50);
    expect(report(pooled.stdout)).toEqual(report(alone.stdout));
  });
});
