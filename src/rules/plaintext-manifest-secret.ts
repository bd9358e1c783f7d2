import type { DocumentRule } from '../core/rule.js';
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
          suggestion: 'Delete the committed object and create it from your secret store at deploy time.',
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
};

function optionalFix<T>(fix: T | undefined): { fix?: T } {
  return fix === undefined ? {} : { fix };
}
