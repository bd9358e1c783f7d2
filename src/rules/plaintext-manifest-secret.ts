import type { DocumentRule } from '../core/rule.js';
import type { SecretAssignment } from '../core/types.js';
import { chooseSecret, createSecretCommand, knownSecrets, reuseSecretFix } from './k8s-secret-names.js';
import { envNameFor, literalSecrets, placementOf, relocationFix } from './literal-secret.js';

export const plaintextManifestSecret: DocumentRule = {
  meta: {
    id: 'plaintext-manifest-secret',
    description: 'A secret is written in plain text in a docker-compose file, a Kubernetes manifest or Helm values.',
    defaultSeverity: 'error',
    scope: 'document',
    fixable: true,
    help: 'Kubernetes: `valueFrom.secretKeyRef` to a Secret created outside git (`kubectl create secret generic`, sealed-secrets, external-secrets).\nCompose: `${K:?K must be set}` read from the environment or an ignored env_file.',
    messages: {
      k8sEnv:
        'Container env {{key}} in {{file}} holds a literal secret. Reference a Secret instead (`valueFrom.secretKeyRef`), create it outside git with `kubectl create secret generic` and a value from `secret-hygiene generate`, and rotate this one.',
      secretObject:
        'A committed Kubernetes Secret ({{object}}) holds {{key}} in plain {{how}}: base64 is an encoding, not encryption. Create the Secret outside git (`kubectl create secret generic` with a value from `secret-hygiene generate`, sealed-secrets or external-secrets) and rotate the value.',
      configMap:
        'ConfigMap {{object}} holds the secret {{key}} in plain text; ConfigMaps are not for secrets. Move it to a Secret created outside git and reference it with `secretKeyRef`; rotate the value.',
      compose:
        'Service {{service}} in {{file}} sets {{key}} to a literal secret. Pass it from the environment with `${{{env}}:?{{env}} must be set}` (or an ignored env_file) and rotate this one with `secret-hygiene generate`.',
      helm:
        'Helm values {{file}} hold {{key}} in plain text. Supply it at install time (`--set-file`, an existing Secret, external-secrets) and rotate this one with `secret-hygiene generate`.',
    },
  },
  check({ doc, settings, report }) {
    for (const { a, value, weakness } of literalSecrets(doc, settings)) {
      if (weakness !== null || placementOf(a) !== 'manifest') continue;
      const base = { document: doc.document, span: a.span, secret: value };
      const k8s = a.context.kubernetes;
      if (a.context.format === 'kubernetes' && k8s && (k8s.kind === 'Secret' || k8s.kind === 'ConfigMap')) {
        const object = `${k8s.kind}/${k8s.name ?? '?'}`;
        report({
          ...base,
          messageId: k8s.kind === 'Secret' ? 'secretObject' : 'configMap',
          data: { key: a.key, object, how: a.encoding === 'base64' ? 'base64' : 'text' },
          suggestion: k8s.kind === 'Secret' ? secretObjectSuggestion(a) : 'Move the value to a Secret created outside git, read it with secretKeyRef, and rotate it.',
        });
      } else if (a.context.format === 'kubernetes') {
        report({
          ...base,
          messageId: 'k8sEnv',
          data: { key: a.key, file: doc.document.path },
          ...optionalFix(relocationFix(doc.document.path, a)),
        });
      } else if (a.context.format === 'compose') {
        report({
          ...base,
          messageId: 'compose',
          data: { key: a.key, file: doc.document.path, service: a.context.service ?? '?', env: envNameFor(a) },
          ...optionalFix(relocationFix(doc.document.path, a)),
        });
      } else {
        report({ ...base, messageId: 'helm', data: { key: a.key, file: doc.document.path } });
      }
    }
  },
  refine({ docs, findings }) {
    // An env literal's repair reads the Secret the repository already has, by its names.
    const envFixes = findings.filter((f) => f.messageId === 'k8sEnv' && f.fix?.edits.length === 1);
    if (envFixes.length === 0) return;
    const secrets = knownSecrets(docs);
    if (secrets.length === 0) return;
    const byPath = new Map(docs.map((d) => [d.document.path, d]));
    for (const f of envFixes) {
      const fix = f.fix;
      const start = fix?.edits[0]?.start;
      const a = byPath.get(f.file)?.parsed.assignments.find((x) => x.strictRead?.edits[0]?.start === start && x.strictRead?.edits[0]?.file === f.file);
      if (!fix || !a?.strictRead) continue;
      const choice = chooseSecret(secrets, a);
      const reused = choice && reuseSecretFix(a.strictRead, a, choice);
      if (reused) f.fix = { ...reused, ...(fix.baseHash !== undefined ? { baseHash: fix.baseHash } : {}) };
    }
  },
};

/**
 * The manual step for a committed Secret: its own name, namespace and keys, so the command
 * recreates exactly the object the cluster reads today, with new values.
 */
function secretObjectSuggestion(a: SecretAssignment): string {
  const k8s = a.context.kubernetes;
  const generic = 'Delete the committed Secret and create it at deploy time (`kubectl create secret generic`, sealed-secrets or external-secrets) with new values.';
  if (!k8s?.name || !/^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/.test(k8s.name)) return generic;
  const keys = k8s.keys ?? [];
  if (keys.length === 0 || keys.some((k) => !/^[-._a-zA-Z0-9]+$/.test(k))) return generic;
  return `Delete Secret ${k8s.name} from git and create it at deploy time with new values: \`${createSecretCommand(k8s.name, k8s.namespace, keys)}\`.`;
}

function optionalFix<T>(fix: T | undefined): { fix?: T } {
  return fix === undefined ? {} : { fix };
}
