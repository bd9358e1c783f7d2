import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_BUNDLE, cli, cliProcess } from '../helpers/cli.js';
import { git } from '../helpers/fixture-repo.js';
import { tempDir } from '../helpers/temp.js';

/**
 * `fix` for a Kubernetes literal names the Secret the repository already has: the Secret its
 * workload reads (a new key in that Secret's style, added with `kubectl patch`), a Secret that
 * already holds the key (nothing to create), or, with none, `<object>-secrets` and `kubectl create
 * secret`. A committed Secret's manual step recreates it under its own name and keys.
 */
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'fix');

function repoFrom(fixture: string): string {
  const dir = tempDir('sh-k8s-names-');
  cpSync(join(FIXTURES, fixture, 'before'), dir, { recursive: true });
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  return dir;
}

type Run = (cwd: string, args: string[]) => Promise<{ code: number; stdout: string; stderr: string }>;
const inProcess: Run = (cwd, args) => cli(cwd, args);
const bundled: Run = async (cwd, args) => cliProcess(cwd, args);

// CI rebuilds dist/ before the tests; a checkout whose dist/ predates this repair skips the bundle run.
const bundleDir = dirname(CLI_BUNDLE);
const bundleKnows = existsSync(bundleDir) && readdirSync(bundleDir).some((f) => f.endsWith('.js') && readFileSync(join(bundleDir, f), 'utf8').includes('from the existing Secret'));

for (const [face, run] of [['in process', inProcess], ['the built CLI', bundled]] as const) {
  describe.skipIf(face === 'the built CLI' && !bundleKnows)(`fix reuses the repository's Secret names (${face})`, () => {
    it('the Secret the Deployment already reads: same name, key in its style, kubectl patch, no kubectl create', async () => {
      const dir = repoFrom('k8s-env-reuses-secret');
      const r = await run(dir, ['fix']);
      expect(r.stdout).toContain('+                  name: billing-api-env\n+                  key: SESSION_SECRET');
      expect(r.stdout).toContain(`kubectl patch secret billing-api-env --namespace billing --type merge -p '{"stringData":{"SESSION_SECRET":"<generate with: secret-hygiene generate>"}}'`);
      expect(r.stdout).not.toContain('kubectl create secret');
      expect(r.stdout).not.toContain('billing-api-secrets');
      expect(r.stdout).not.toContain('Kd7-reuse-fixture');
    });

    it('a Secret that holds the key: read it as written, nothing to create; the committed Secret is recreated under its own names', async () => {
      const dir = repoFrom('k8s-env-existing-secret-key');
      const r = await run(dir, ['fix']);
      expect(r.stdout).toContain('valueFrom: {secretKeyRef: {name: worker-credentials, key: jwt_secret_key}}');
      expect(r.stdout).not.toContain('kubectl patch');
      expect(r.stdout).not.toContain('worker-secrets');
      expect(r.stdout).toMatch(
        /k8s\/base\/secret\.yaml:\d+ {2}plaintext-manifest-secret: Delete Secret worker-credentials from git and create it at deploy time with new values: `kubectl create secret generic worker-credentials --from-literal=queue_user=<generate with: secret-hygiene generate> --from-literal=jwt_secret_key=<generate with: secret-hygiene generate>`\./,
      );
      expect(r.stdout).not.toMatch(/Rb4-existing|Pz6-existing/);
    });

    it('no Secret anywhere: <object>-secrets and the kubectl create secret command, as before', async () => {
      const dir = repoFrom('k8s-env-value');
      const r = await run(dir, ['fix']);
      expect(r.stdout).toContain('name: api-secrets');
      expect(r.stdout).toContain('kubectl create secret generic api-secrets --from-literal=jwt-secret-key=<generate with: secret-hygiene generate>');
    });
  });
}
