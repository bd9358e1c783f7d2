/**
 * CI configuration: GitHub Actions workflows, `.gitlab-ci.yml` and Azure Pipelines.
 * - GitHub: `env:` at workflow, job, step, container and service level, step and reusable-workflow
 *   `with:` inputs and job `secrets:`. `${{ secrets.X }}` is managed; other expressions are filled
 *   in by the runner, except `${{ secrets.X || 'literal' }}`, which is a literal default.
 * - GitLab: top-level and job `variables:` (a scalar, or `{value, description}`); `$VAR` and
 *   `${VAR}` read another variable.
 * - Azure Pipelines: `variables:` as a map or a list of `{name, value}`, at pipeline, stage and job
 *   level, and step `env:`; `$(var)`, `$[ ... ]` and `${{ ... }}` are filled in by the pipeline.
 */
import { isMap, isSeq } from 'yaml';
import { normalizeKey } from '../core/secret-names.js';
import type { AssignmentContext, Document, SecretAssignment, Span } from '../core/types.js';
import { isTestJob } from './ci-test-jobs.js';
import { findInterpolations } from './interpolation.js';
import { emptyParse, type ParseOptions, type Parser } from './parser.js';
import {
  contextFor,
  dedupeAssignments,
  keySpanOf,
  loadYaml,
  mapEntries,
  mapGet,
  originOfPlainValue,
  scalarText,
  seqItems,
  type ScalarText,
  type YamlDoc,
} from './yaml-source.js';
import { safeErrorText } from '../core/safe-errors.js';
import { scanShell } from './shell.js';

export type CiSystem = 'github' | 'gitlab' | 'azure' | 'travis' | 'circleci' | 'bitbucket';

/** Which CI system a path configures, by the names the systems look for. */
export function ciSystemOf(path: string): CiSystem | undefined {
  const lower = path.toLowerCase();
  const base = lower.split('/').pop() ?? '';
  if (!/\.ya?ml$/.test(base)) return undefined;
  if (/(^|\/)\.github\/workflows\/[^/]+$/.test(lower)) return 'github';
  if (base === '.gitlab-ci.yml' || base.endsWith('.gitlab-ci.yml') || /(^|\/)\.gitlab\/ci\//.test(lower)) return 'gitlab';
  if (/^azure-pipelines([.-][^/]{0,200})?\.ya?ml$/.test(base) || /(^|\/)\.(azure-pipelines|azuredevops)\//.test(lower)) return 'azure';
  if (base === '.travis.yml' || base === '.travis.yaml') return 'travis';
  if (/(^|\/)\.circleci\/config\.ya?ml$/.test(lower) || base === 'circle.yml') return 'circleci';
  if (base === 'bitbucket-pipelines.yml' || base === 'bitbucket-pipelines.yaml') return 'bitbucket';
  return undefined;
}

/** `.github/workflows/*.yml`, `.gitlab-ci.yml`, `azure-pipelines.yml` and their conventional folders. */
export function isCiPath(path: string): boolean {
  return ciSystemOf(path) !== undefined;
}

interface Walk {
  doc: Document;
  options: ParseOptions;
  y: YamlDoc;
  out: SecretAssignment[];
}

export const parseCi: Parser = (doc, options) => {
  const result = emptyParse('ci');
  try {
    for (const y of loadYaml(doc.text, options, result.problems)) {
      const w: Walk = { doc, options, y, out: result.assignments };
      const system = ciSystemOf(doc.path) ?? guessSystem(y);
      if (system === 'github') visitGithub(w);
      else if (system === 'gitlab') visitGitlab(w);
      else if (system === 'travis') visitTravis(w);
      else if (system === 'circleci') visitCircle(w);
      else if (system === 'bitbucket') visitBitbucket(w);
      else visitAzure(w);
    }
  } catch (err) {
    result.problems.push(`CI file could not be read: ${safeErrorText(err)}`);
  }
  result.assignments = dedupeAssignments(result.assignments);
  return result;
};

function guessSystem(y: YamlDoc): CiSystem {
  const keys = new Set(mapEntries(y, y.root).map((e) => e.key));
  if (keys.has('jobs') && keys.has('on')) return 'github';
  const stages = mapGet(y, y.root, 'stages');
  if (keys.has('pool') || keys.has('trigger') || keys.has('pr') || (isSeq(stages) && seqItems(y, stages).some((s) => isMap(s)))) {
    return 'azure';
  }
  return 'gitlab';
}

function ciContext(w: Walk, system: CiSystem, job?: string, testOnly = false): AssignmentContext {
  const ci: NonNullable<AssignmentContext['ci']> = { system: system === 'github' || system === 'gitlab' ? system : 'other' };
  if (job !== undefined) ci.job = job;
  return contextFor(w.doc, 'ci', testOnly ? { ci, role: 'ci-test' } : { ci });
}

/** Secret-named keys of a `K: v` map, each value classified by `classify`. */
function visitMap(
  w: Walk,
  node: unknown,
  context: AssignmentContext,
  classify: (key: string, keyId: string, value: ScalarText) => Classified | null,
): void {
  for (const e of mapEntries(w.y, node)) {
    const keyId = normalizeKey(e.key);
    if (!w.options.names.isSecretKey(keyId)) continue;
    const value = scalarText(e.value, w.doc.text);
    if (!value) continue;
    const classified = classify(e.key, keyId, value);
    if (!classified) continue;
    const a: SecretAssignment = { ...classified, context };
    const keySpan = keySpanOf(e.keyNode, w.doc.text);
    if (keySpan) a.keySpan = keySpan;
    w.out.push(a);
  }
}

function at(v: ScalarText, start: number, end: number): Span {
  return v.exact ? { start: v.span.start + start, end: v.span.start + end } : v.span;
}

/** An assignment before the visitor gives it its context. */
type Classified = Omit<SecretAssignment, 'context'>;

/** A plain value: literal, slot, or nothing (empty). */
function plain(key: string, keyId: string, v: ScalarText): Classified | null {
  const origin = originOfPlainValue(v.value);
  if (origin === null) return null;
  const base = { key, keyId, span: v.span };
  return origin === 'literal' ? { ...base, origin, value: v.value } : { ...base, origin };
}


// ---------------------------------------------------------------------------------------------
// GitHub Actions

function visitGithub(w: Walk): void {
  const { y } = w;
  const jobs = mapEntries(y, mapGet(y, y.root, 'jobs'));
  const testJobs = new Set(jobs.filter((j) => isTestJob(y, j.key, j.value)).map((j) => j.key));
  // Workflow-level env feeds every job: it only feeds tests when every job tests.
  visitMap(w, mapGet(y, y.root, 'env'), ciContext(w, 'github', undefined, jobs.length > 0 && testJobs.size === jobs.length), githubValue);
  for (const job of jobs) {
    const context = ciContext(w, 'github', job.key, testJobs.has(job.key));
    visitMap(w, mapGet(y, job.value, 'env'), context, githubValue);
    visitMap(w, mapGet(y, job.value, 'with'), context, githubValue);
    visitMap(w, mapGet(y, job.value, 'secrets'), context, githubValue);
    visitMap(w, mapGet(y, mapGet(y, job.value, 'container'), 'env'), context, githubValue);
    for (const service of mapEntries(y, mapGet(y, job.value, 'services'))) {
      visitMap(w, mapGet(y, service.value, 'env'), context, githubValue);
    }
    for (const step of seqItems(y, mapGet(y, job.value, 'steps'))) {
      visitMap(w, mapGet(y, step, 'env'), context, githubValue);
      visitMap(w, mapGet(y, step, 'with'), context, githubValue);
      visitScript(w, mapGet(y, step, 'run'), context);
    }
  }
}

const GITHUB_SOURCE = /\b(secrets|vars|env|inputs)\.([A-Za-z0-9_-]{1,200})/;

function githubValue(key: string, keyId: string, v: ScalarText): Classified | null {
  const value = v.value;
  const open = value.indexOf('${{');
  if (open !== -1) {
    const close = value.lastIndexOf('}}');
    const inner = close > open ? value.slice(open + 3, close) : '';
    // `${{ secrets.JWT || 'dev-secret' }}`: the literal is what runs when the secret is not set.
    const fallback = /\|\|\s*'((?:[^']|''){0,500})'\s*$/.exec(inner);
    if (fallback?.[1] !== undefined && fallback[1] !== '') {
      const literal = fallback[1].replace(/''/g, "'");
      const start = open + 3 + fallback.index + fallback[0].indexOf("'") + 1;
      const source = GITHUB_SOURCE.exec(inner.slice(0, fallback.index));
      const a: Classified = { key, keyId, origin: 'default', value: literal, span: at(v, start, start + fallback[1].length) };
      if (source?.[2] !== undefined) a.envName = normalizeKey(source[2]);
      return a;
    }
  }
  return plain(key, keyId, v);
}

// ---------------------------------------------------------------------------------------------
// GitLab CI

/** Top-level keys of `.gitlab-ci.yml` that are not jobs. */
const GITLAB_GLOBAL_KEYS = new Set([
  'default',
  'include',
  'stages',
  'variables',
  'workflow',
  'image',
  'services',
  'cache',
  'before_script',
  'after_script',
  'spec',
]);

function visitGitlab(w: Walk): void {
  const { y } = w;
  // Hidden jobs (`.template:`) are not run by themselves; they count through the jobs that extend them.
  const jobs = mapEntries(y, y.root).filter((j) => !GITLAB_GLOBAL_KEYS.has(j.key) && isMap(j.value));
  const runnable = jobs.filter((j) => !j.key.startsWith('.'));
  const testJobs = new Set(jobs.filter((j) => isTestJob(y, j.key, j.value)).map((j) => j.key));
  const allTest = runnable.length > 0 && runnable.every((j) => testJobs.has(j.key));
  visitGitlabVariables(w, mapGet(y, y.root, 'variables'), ciContext(w, 'gitlab', undefined, allTest));
  for (const key of ['before_script', 'after_script']) visitScript(w, mapGet(y, y.root, key), ciContext(w, 'gitlab', undefined, allTest));
  const defaults = mapGet(y, y.root, 'default');
  for (const key of ['before_script', 'after_script']) visitScript(w, mapGet(y, defaults, key), ciContext(w, 'gitlab', undefined, allTest));
  for (const job of jobs) {
    const context = ciContext(w, 'gitlab', job.key, testJobs.has(job.key));
    visitGitlabVariables(w, mapGet(y, job.value, 'variables'), context);
    for (const key of ['script', 'before_script', 'after_script']) visitScript(w, mapGet(y, job.value, key), context);
  }
}

function visitGitlabVariables(w: Walk, variables: unknown, context: AssignmentContext): void {
  const { y } = w;
  for (const e of mapEntries(y, variables)) {
    const keyId = normalizeKey(e.key);
    if (!w.options.names.isSecretKey(keyId)) continue;
    // `K: {value: x, description: y, expand: false}` or `K: x`.
    const valueNode = isMap(e.value) ? mapGet(y, e.value, 'value') : e.value;
    const expand = isMap(e.value) ? scalarText(mapGet(y, e.value, 'expand'), w.doc.text)?.value : undefined;
    const value = scalarText(valueNode, w.doc.text);
    if (!value) continue;
    const classified = expand === 'false' ? plain(e.key, keyId, value) : shellValue(e.key, keyId, value, w.options);
    if (!classified) continue;
    const a: SecretAssignment = { ...classified, context };
    const keySpan = keySpanOf(e.keyNode, w.doc.text);
    if (keySpan) a.keySpan = keySpan;
    w.out.push(a);
  }
}

/** GitLab expands `$VAR` and `${VAR}` (and `$$` is a literal `$`); it has no `${VAR:-default}`. */
function shellValue(key: string, keyId: string, v: ScalarText, options: ParseOptions): Classified | null {
  const found = findInterpolations(v.value);
  if (found.length === 0) return plain(key, keyId, { ...v, value: v.value.replace(/\$\$/g, '$') });
  const isOtherSecret = (name: string): boolean => normalizeKey(name) !== keyId && options.names.isSecretKey(normalizeKey(name));
  const only = found[0];
  const base = { key, keyId };
  if (found.length === 1 && only && only.start === 0 && only.end === v.value.length) {
    const span = at(v, only.start, only.end);
    if (isOtherSecret(only.name)) return { ...base, origin: 'reference', referenceTo: normalizeKey(only.name), span };
    return { ...base, origin: 'env', envName: normalizeKey(only.name), span };
  }
  const other = found.find((i) => isOtherSecret(i.name));
  if (other) return { ...base, origin: 'reference', referenceTo: normalizeKey(other.name), span: at(v, other.start, other.end) };
  return { ...base, origin: 'template', span: v.span };
}

// ---------------------------------------------------------------------------------------------
// Azure Pipelines

function visitAzure(w: Walk): void {
  const { y } = w;
  const root = y.root;
  visitAzureScope(w, root);
  for (const stage of seqItems(y, mapGet(y, root, 'stages'))) {
    const stageName = scalarText(mapGet(y, stage, 'stage'), w.doc.text)?.value;
    visitAzureVariables(w, mapGet(y, stage, 'variables'), ciContext(w, 'azure', stageName));
    for (const job of seqItems(y, mapGet(y, stage, 'jobs'))) visitAzureScope(w, job);
  }
  for (const job of seqItems(y, mapGet(y, root, 'jobs'))) visitAzureScope(w, job);
}

/** A pipeline or a job: its `variables` and its steps' `env`. */
function visitAzureScope(w: Walk, scope: unknown): void {
  const { y } = w;
  const name =
    scalarText(mapGet(y, scope, 'job'), w.doc.text)?.value ?? scalarText(mapGet(y, scope, 'deployment'), w.doc.text)?.value;
  const context = ciContext(w, 'azure', name);
  visitAzureVariables(w, mapGet(y, scope, 'variables'), context);
  for (const step of seqItems(y, mapGet(y, scope, 'steps'))) {
    visitMap(w, mapGet(y, step, 'env'), context, azureValue);
    for (const key of ['script', 'bash']) visitScript(w, mapGet(y, step, key), context);
  }
}

function visitAzureVariables(w: Walk, variables: unknown, context: AssignmentContext): void {
  const { y } = w;
  if (isMap(variables)) {
    visitMap(w, variables, context, azureValue);
    return;
  }
  // `- name: K\n  value: v` (also `- group: g` and `- template: t`, which hold no values).
  for (const item of seqItems(y, variables)) {
    const name = scalarText(mapGet(y, item, 'name'), w.doc.text);
    const value = scalarText(mapGet(y, item, 'value'), w.doc.text);
    if (!name || !value) continue;
    const keyId = normalizeKey(name.value);
    if (!w.options.names.isSecretKey(keyId)) continue;
    const classified = azureValue(name.value, keyId, value);
    if (classified) w.out.push({ ...classified, keySpan: name.span, context });
  }
}

function azureValue(key: string, keyId: string, v: ScalarText): Classified | null {
  // Macro `$(var)`, runtime `$[ ... ]` and template `${{ ... }}` expressions are filled in later.
  if (v.value.includes('$(') || v.value.includes('$[') || v.value.includes('${{')) {
    return { key, keyId, origin: 'template', span: v.span };
  }
  return plain(key, keyId, v);
}

// ---------------------------------------------------------------------------------------------
// Shell in CI: `run:` steps, GitLab `script:`, Travis, CircleCI and Bitbucket commands

/**
 * The shell of a step (a string, or a list of strings as GitLab and Travis write it): `export
 * JWT_SECRET=...`, `echo "SECRET_KEY=..." >> .env`, `docker run -e K=V`, `kubectl create secret
 * ... --from-literal=K=V`. The scalar's source range is scanned as written: a block scalar's
 * lines are the script's lines, indentation aside.
 */
function visitScript(w: Walk, node: unknown, context: AssignmentContext): void {
  const items = isSeq(w.y.resolve(node)) ? seqItems(w.y, node) : [node];
  for (const item of items) {
    const s = scalarText(item, w.doc.text);
    if (!s || s.span.end <= s.span.start) continue;
    // A GitHub expression is filled in before the shell runs: `${{ secrets.X }}` is no literal.
    scanShell(w.doc.text, s.span.start, s.span.end, { names: w.options.names, contextAt: () => context, out: w.out });
  }
}

/** Travis: `env:` strings (`JWT_SECRET=x FOO=y`, in a list, `global:` or `jobs:`/`matrix:`), and the phase commands. */
const TRAVIS_PHASES = ['before_install', 'install', 'before_script', 'script', 'after_success', 'after_failure', 'after_script', 'before_deploy', 'after_deploy'];

function visitTravis(w: Walk): void {
  const { y } = w;
  const context = ciContext(w, 'travis', undefined, isTestJob(y, 'travis', y.root));
  visitTravisEnv(w, mapGet(y, y.root, 'env'), context);
  for (const phase of TRAVIS_PHASES) visitScript(w, mapGet(y, y.root, phase), context);
  for (const list of ['include', 'exclude']) {
    for (const job of [...seqItems(y, mapGet(y, mapGet(y, y.root, 'jobs'), list)), ...seqItems(y, mapGet(y, mapGet(y, y.root, 'matrix'), list))]) {
      const jobContext = ciContext(w, 'travis', scalarText(mapGet(y, job, 'name'), w.doc.text)?.value, isTestJob(y, 'travis', job));
      visitTravisEnv(w, mapGet(y, job, 'env'), jobContext);
      for (const phase of TRAVIS_PHASES) visitScript(w, mapGet(y, job, phase), jobContext);
    }
  }
}

function visitTravisEnv(w: Walk, env: unknown, context: AssignmentContext): void {
  const { y } = w;
  const resolved = y.resolve(env);
  if (isMap(resolved)) {
    for (const key of ['global', 'jobs', 'matrix']) visitTravisEnv(w, mapGet(y, resolved, key), context);
    return;
  }
  // Each string is a line of assignments (`secure:` items are encrypted and skipped).
  visitScript(w, env, context);
}

/** CircleCI: `environment:` of jobs, executors and images, and `run:` steps (a string or `{command, environment}`). */
function visitCircle(w: Walk): void {
  const { y } = w;
  for (const ex of mapEntries(y, mapGet(y, y.root, 'executors'))) visitCircleJob(w, ex.key, ex.value, ciContext(w, 'circleci', ex.key));
  for (const job of mapEntries(y, mapGet(y, y.root, 'jobs'))) {
    visitCircleJob(w, job.key, job.value, ciContext(w, 'circleci', job.key, isTestJob(y, job.key, job.value)));
  }
}

function visitCircleJob(w: Walk, _name: string, job: unknown, context: AssignmentContext): void {
  const { y } = w;
  visitCircleEnvironment(w, mapGet(y, job, 'environment'), context);
  for (const image of [...seqItems(y, mapGet(y, job, 'docker')), mapGet(y, job, 'machine')]) visitCircleEnvironment(w, mapGet(y, image, 'environment'), context);
  for (const step of seqItems(y, mapGet(y, job, 'steps'))) {
    const run = mapGet(y, step, 'run');
    if (isMap(y.resolve(run))) {
      visitCircleEnvironment(w, mapGet(y, run, 'environment'), context);
      visitScript(w, mapGet(y, run, 'command'), context);
    } else visitScript(w, run, context);
  }
}

/** CircleCI `environment:` is a map, or (in older configs) a list of one-key maps. */
function visitCircleEnvironment(w: Walk, node: unknown, context: AssignmentContext): void {
  if (isSeq(w.y.resolve(node))) for (const item of seqItems(w.y, node)) visitMap(w, item, context, plain);
  else visitMap(w, node, context, plain);
}

/** Bitbucket Pipelines: every `step`'s `script` and `after-script`, wherever the pipelines nest it. */
function visitBitbucket(w: Walk): void {
  const { y } = w;
  const visit = (node: unknown, depth: number): void => {
    if (depth > 12) return;
    const resolved = y.resolve(node);
    if (isSeq(resolved)) {
      for (const item of seqItems(y, resolved)) visit(item, depth + 1);
      return;
    }
    for (const e of mapEntries(y, resolved)) {
      if (e.key === 'step') {
        const name = scalarText(mapGet(y, e.value, 'name'), w.doc.text)?.value ?? 'step';
        const context = ciContext(w, 'bitbucket', name, isTestJob(y, name, e.value));
        for (const key of ['script', 'after-script']) visitScript(w, mapGet(y, e.value, key), context);
      } else visit(e.value, depth + 1);
    }
  };
  visit(mapGet(y, y.root, 'pipelines'), 0);
}
