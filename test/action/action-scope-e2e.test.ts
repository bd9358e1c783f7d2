import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasSimulator, makeRepo, runAction } from '../helpers/gha.js';

/**
 * What the Action reports where, through the runner simulator: on a push to the default branch the
 * SARIF covers the whole tree (code scanning takes an upload as the full set of alerts) while the
 * annotations stay on the pushed lines; past the runner's 10 per level, the annotations shown are
 * the most important ones, not the first paths.
 */
const STRONG = 'Hx7Qm2Vt9Lp4Rw8Ks3Zn6Yd1Bf5Gj0AcQ7eW';
const OLD = 'import os\nSECRET_KEY = os.getenv("SECRET_KEY", "old-default-value")\n';
const NEW = 'import os\nJWT_SECRET = os.getenv("JWT_SECRET", "new-default-value")\n';
const sarifFiles = (dir: string, file: string): string[] => {
  const sarif = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[]; originalUriBaseIds: Record<string, { uri?: string }> }[] };
  return [...new Set(sarif.runs[0]?.results.map((r) => r.locations[0]?.physicalLocation.artifactLocation.uri ?? '') ?? [])].sort();
};

describe.skipIf(!hasSimulator)('the Action: scope of SARIF and choice of annotations', () => {
  it('a push to the default branch: SARIF of the whole tree, annotations on the pushed lines only', () => {
    const repo = makeRepo();
    repo.commit({ 'app/old.py': OLD }, 'one');
    repo.commit({ 'app/new.py': NEW }, 'two');
    const r = runAction(repo.dir, ['--event', 'push', '--branch', 'main', '--before', 'HEAD~1', '--after', 'HEAD', '--action-files', 'git', '--input', 'sarif-file=results.sarif', '--input', 'fail-on=never']);
    expect(r.violations.filter((v) => v.severity === 'error')).toEqual([]);
    expect(r.annotations.filter((a) => a.file).map((a) => a.file)).toEqual(['app/new.py']);
    expect(r.outputs['sarif-file']).toBe('results.sarif');
    expect(sarifFiles(repo.dir, 'results.sarif')).toEqual(['app/new.py', 'app/old.py']);
    const sarif = JSON.parse(readFileSync(join(repo.dir, 'results.sarif'), 'utf8')) as { runs: { originalUriBaseIds: Record<string, { uri?: string }> }[] };
    expect(sarif.runs[0]?.originalUriBaseIds['%SRCROOT%']?.uri).toBe(pathToFileURL(repo.dir).href + '/');
  });

  it('path: a subdirectory: SARIF paths relative to the repository root, %SRCROOT% the workspace', () => {
    const repo = makeRepo();
    repo.commit({ 'README.md': 'x\n' }, 'base');
    repo.commit({ 'services/api/app/settings.py': OLD }, 'one');
    const r = runAction(repo.dir, ['--event', 'push', '--branch', 'main', '--before', 'HEAD~1', '--after', 'HEAD', '--action-files', 'git', '--input', 'path=services/api', '--input', 'mode=full', '--input', 'sarif-file=results.sarif', '--input', 'fail-on=never']);
    expect(r.violations.filter((v) => v.severity === 'error')).toEqual([]);
    expect(sarifFiles(repo.dir, 'results.sarif')).toEqual(['services/api/app/settings.py']);
    const sarif = JSON.parse(readFileSync(join(repo.dir, 'results.sarif'), 'utf8')) as { runs: { originalUriBaseIds: Record<string, { uri?: string }> }[] };
    expect(sarif.runs[0]?.originalUriBaseIds['%SRCROOT%']?.uri).toBe(pathToFileURL(repo.dir).href + '/');
    expect(r.annotations.filter((a) => a.file).map((a) => a.file)).toEqual(['services/api/app/settings.py']);
  });

  it('a push to another branch: the SARIF, like the annotations, holds the pushed lines', () => {
    const repo = makeRepo();
    repo.commit({ 'app/old.py': OLD }, 'one');
    repo.branch('feature');
    repo.commit({ 'app/new.py': NEW }, 'two');
    const r = runAction(repo.dir, ['--event', 'push', '--branch', 'feature', '--before', 'HEAD~1', '--after', 'HEAD', '--action-files', 'git', '--input', 'sarif-file=results.sarif', '--input', 'fail-on=never']);
    expect(r.annotations.filter((a) => a.file).map((a) => a.file)).toEqual(['app/new.py']);
    expect(sarifFiles(repo.dir, 'results.sarif')).toEqual(['app/new.py']);
  });

  it('past 10 errors, the committed .env is annotated before the defaults that sort first by path', () => {
    const repo = makeRepo();
    repo.commit({ 'README.md': 'x\n' }, 'base');
    repo.branch('feature');
    const lines = Array.from({ length: 14 }, (_, i) => `SVC${i}_JWT_SECRET = os.getenv("SVC${i}_JWT_SECRET", "default-${i}")`).join('\n');
    repo.commit({ 'app/many.py': `import os\n${lines}\n`, 'zz/.env': `JWT_SECRET_KEY=${STRONG}\n` }, 'feature');
    const r = runAction(repo.dir, ['--event', 'pull_request', '--base', 'main', '--head', 'feature', '--action-files', 'git', '--forbid', STRONG, '--checkout', 'shallow']);
    const errors = r.annotations.filter((a) => a.level === 'error' && a.file);
    expect(errors.length).toBeLessThanOrEqual(10);
    expect(errors[0]?.file).toBe('zz/.env');
    expect(errors[0]?.title).toBe('committed-dotenv');
    expect(r.leaks).toEqual([]);
  });

  it('past 10 errors, a token proven forgeable comes first, then the committed .env, then the defaults', () => {
    const repo = makeRepo();
    repo.commit({ 'README.md': 'x\n' }, 'base');
    repo.branch('feature');
    const lines = Array.from({ length: 14 }, (_, i) => `SVC${i}_JWT_SECRET = os.getenv("SVC${i}_JWT_SECRET", "default-${i}")`).join('\n');
    // A committed HS256 token signed with the publicly known key 'secret': forgeable, proven offline.
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'svc-reports', scope: 'reports:read' })}`;
    const token = `${unsigned}.${createHmac('sha256', 'secret').update(unsigned).digest('base64url')}`;
    repo.commit({ 'app/many.py': `import os\n${lines}\n`, 'zz/.env': `JWT_SECRET_KEY=${STRONG}\n`, 'zz/client.py': `REPORTS_TOKEN = "${token}"\n` }, 'feature');
    const r = runAction(repo.dir, ['--event', 'pull_request', '--base', 'main', '--head', 'feature', '--action-files', 'git', '--forbid', STRONG, '--forbid', token.split('.')[2]!, '--checkout', 'shallow']);
    const errors = r.annotations.filter((a) => a.level === 'error' && a.file);
    expect(errors.length).toBeLessThanOrEqual(10);
    expect(errors.slice(0, 2).map((a) => [a.title, a.file])).toEqual([
      ['jwt-forgeable', 'zz/client.py'],
      ['committed-dotenv', 'zz/.env'],
    ]);
    expect(errors.slice(2).every((a) => a.title === 'hardcoded-default')).toBe(true);
    expect(errors.at(-1)?.message).toMatch(/more errors? not annotated/);
    expect(r.leaks).toEqual([]);
  });
});
