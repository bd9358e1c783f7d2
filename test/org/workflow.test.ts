import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { orgListHelp, orgReportHelp, orgScanHelp } from '../../src/cli/commands/org.js';
import { shardRepositories } from '../../src/org/list.js';

/** The reusable workflow, read as GitHub reads it: the jobs must wire into each other exactly. */
const FILE = join(import.meta.dirname, '..', '..', '.github', 'workflows', 'org-audit.yml');
const text = readFileSync(FILE, 'utf8');

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  permissions?: unknown;
  env?: unknown;
  outputs?: Record<string, string>;
  strategy?: { 'fail-fast'?: boolean; 'max-parallel'?: unknown; matrix?: unknown };
  steps: Step[];
}
const wf = parse(text) as {
  on: { workflow_call: { inputs: Record<string, { type: string; required?: boolean; default?: unknown }>; secrets: Record<string, { required?: boolean }> } };
  permissions: unknown;
  jobs: Record<string, Job>;
};
const jobs = wf.jobs;
const job = (name: string): Job => {
  const j = jobs[name];
  if (!j) throw new Error(`no job ${name}`);
  return j;
};
const stepUsing = (j: Job, action: string, name?: string) => j.steps.filter((s) => s.uses?.startsWith(`${action}@`) && (name === undefined || s.with?.name === name || s.with?.pattern === name));
const runs = (j: Job) => j.steps.filter((s) => s.run !== undefined);

describe('.github/workflows/org-audit.yml', () => {
  it('is a reusable workflow with the documented inputs and the token secret', () => {
    const call = wf.on.workflow_call;
    expect(Object.keys(wf.on)).toEqual(['workflow_call']);
    expect(call.inputs.org).toMatchObject({ type: 'string', required: true });
    expect(call.inputs.history).toMatchObject({ type: 'boolean', default: false });
    expect(call.inputs['max-parallel']).toMatchObject({ type: 'number', default: 20 });
    expect(call.inputs['include-forks']).toMatchObject({ type: 'boolean', default: false });
    expect(call.inputs.exclude).toMatchObject({ type: 'string', default: '' });
    expect(call.secrets.token).toMatchObject({ required: true });
    // Every input the jobs read is declared.
    const read = new Set([...text.matchAll(/inputs\.([a-z-]+)/g)].map((m) => m[1]));
    expect([...read].sort()).toEqual(Object.keys(call.inputs).sort());
  });

  it('asks for minimal permissions and keeps the token to the steps that need it', () => {
    expect(wf.permissions).toEqual({ contents: 'read' });
    for (const [name, j] of Object.entries(jobs)) {
      expect(j.permissions, name).toBeUndefined();
      expect(j.env, name).toBeUndefined();
      for (const s of j.steps) {
        // No expression is pasted into a script (script injection); values come in through env.
        if (s.run !== undefined) expect(s.run, `${name}: ${s.run}`).not.toContain('${{');
        for (const [k, v] of Object.entries(s.env ?? {})) if (v.includes('secrets.')) expect([k, v]).toEqual(['GITHUB_TOKEN', '${{ secrets.token }}']);
        if (s.uses?.startsWith('actions/checkout@')) expect(s.with?.['persist-credentials']).toBe(false);
      }
    }
    // Two steps: listing and scanning. The report reads nothing from GitHub's API.
    expect(text.match(/\$\{\{ secrets\.token \}\}/g)?.length).toBe(2);
  });

  it('runs list, then a matrix of shards, then the report', () => {
    expect(Object.keys(jobs)).toEqual(['list', 'scan', 'report']);
    const list = job('list');
    const scan = job('scan');
    const report = job('report');
    expect(list.outputs?.matrix).toBe('${{ steps.list.outputs.matrix }}');
    const listStep = list.steps.find((s) => s.id === 'list');
    expect(listStep?.run).toContain('org list "--org=$ORG" "--exclude=$EXCLUDE"');
    expect(listStep?.run).toContain('> matrix.json');
    expect(listStep?.run).toContain('echo "matrix=$(cat matrix.json)" >> "$GITHUB_OUTPUT"');
    expect(listStep?.env).toMatchObject({ GITHUB_TOKEN: '${{ secrets.token }}', ORG: '${{ inputs.org }}', INCLUDE_FORKS: '${{ inputs.include-forks }}', EXCLUDE: '${{ inputs.exclude }}' });

    expect(scan.needs).toBe('list');
    expect(scan.if).toBe(`needs.list.outputs.shards != '0'`);
    expect(list.outputs?.shards).toBe('${{ steps.list.outputs.shards }}');
    expect(scan.strategy).toEqual({ 'fail-fast': false, 'max-parallel': '${{ inputs.max-parallel }}', matrix: '${{ fromJSON(needs.list.outputs.matrix) }}' });
    // The matrix keys the scan job reads are the ones `org list` prints.
    const printed = Object.keys(shardRepositories(['a/b'], 1).include[0] ?? {});
    const used = [...text.matchAll(/\$\{\{[^}]*\bmatrix\.([a-z]+)/g)].map((m) => m[1]);
    expect(new Set(used)).toEqual(new Set(printed));
    const scanStep = runs(scan)[0];
    expect(scanStep?.env).toMatchObject({ GITHUB_TOKEN: '${{ secrets.token }}', REPOS: '${{ matrix.repos }}', HISTORY: '${{ inputs.history }}' });
    expect(scanStep?.run).toContain('org scan "--repos=$REPOS" --out results');

    expect(report.needs).toEqual(['list', 'scan']);
    expect(report.if).toContain('!cancelled()');
    expect(report.if).toContain("needs.list.result == 'success'");
  });

  it('names artifacts so that the report downloads every shard and the list', () => {
    const scan = job('scan');
    const report = job('report');
    const upload = stepUsing(scan, 'actions/upload-artifact')[0];
    expect(upload?.if).toBe('always()');
    expect(upload?.with?.path).toBe('results/');
    const uploadName = String(upload?.with?.name);
    expect(uploadName).toBe('org-audit-shard-${{ matrix.shard }}');
    const download = stepUsing(report, 'actions/download-artifact').find((s) => s.with?.pattern !== undefined);
    expect(download?.with).toMatchObject({ path: 'results', 'merge-multiple': true });
    const matches = picomatch(String(download?.with?.pattern));
    for (const shard of [1, 42, 256]) expect(matches(uploadName.replace('${{ matrix.shard }}', String(shard)))).toBe(true);
    expect(matches('org-audit-list')).toBe(false);
    expect(matches('org-audit')).toBe(false);

    const listUpload = stepUsing(job('list'), 'actions/upload-artifact')[0];
    expect(listUpload?.with).toMatchObject({ name: 'org-audit-list', path: 'matrix.json' });
    expect(stepUsing(report, 'actions/download-artifact').find((s) => s.with?.name === 'org-audit-list')?.with).toMatchObject({ path: 'list' });

    const merge = runs(report)[0]?.run ?? '';
    expect(merge).toContain('org report results --matrix list/matrix.json --format markdown >> "$GITHUB_STEP_SUMMARY"');
    expect(merge).toContain('org report results --matrix list/matrix.json --format json --output org-audit/org-audit.json');
    expect(merge).toContain("-name '*.sarif'");
    const final = stepUsing(report, 'actions/upload-artifact')[0];
    expect(final?.with).toMatchObject({ name: 'org-audit', path: 'org-audit/' });
  });

  it('runs the checked-out bundle with options the commands accept', () => {
    for (const [name, j] of Object.entries(jobs)) {
      const checkout = stepUsing(j, 'actions/checkout')[0];
      expect(checkout?.with, name).toMatchObject({ repository: '${{ inputs.secret-hygiene-repository }}', ref: '${{ inputs.secret-hygiene-ref }}', path: '.secret-hygiene' });
      expect(stepUsing(j, 'actions/setup-node')[0]?.with?.['node-version']).toBe(20);
    }
    const helps: Record<string, string> = { list: orgListHelp, scan: orgScanHelp, report: orgReportHelp };
    for (const m of text.matchAll(/ org (list|scan|report) ([^\n]*)/g)) {
      for (const opt of (m[2] ?? '').matchAll(/--[a-z-]+/g)) expect(helps[m[1] ?? ''], `${m[1]} ${opt[0]}`).toContain(opt[0]);
    }
    expect(text).toContain('node .secret-hygiene/dist/cli/index.js "${args[@]}"');
    expect(text).toContain('cli=.secret-hygiene/dist/cli/index.js');
  });
});
