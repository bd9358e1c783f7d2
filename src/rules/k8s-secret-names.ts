import type { ScannedDocument } from '../core/rule.js';
import { normalizeKey } from '../core/secret-names.js';
import type { FixProposal, SecretAssignment } from '../core/types.js';

/**
 * The Kubernetes Secrets a repository already has, by the names it uses: committed `kind: Secret`
 * objects and kustomize `secretGenerator`s (their keys as written), and the Secrets its workloads
 * read through `secretKeyRef` (created outside git). A repair that moves a literal into a Secret
 * reuses these names, so it fits the deployment as it is instead of inventing `<app>-secrets`.
 */
export interface KnownSecret {
  name: string;
  namespace?: string;
  /** Normalised key id → the key as written. */
  keys: Map<string, string>;
  /** `Kind/name` of the workloads that read it. */
  readers: Set<string>;
}

/** The `kubectl create secret` placeholder: never a value, a pointer to where one comes from. */
export const GENERATE_PLACEHOLDER = '<generate with: secret-hygiene generate>';

export function knownSecrets(docs: readonly ScannedDocument[]): KnownSecret[] {
  const byId = new Map<string, KnownSecret>();
  for (const doc of docs) {
    for (const m of doc.parsed.kubernetesSecrets ?? []) {
      const id = `${m.namespace ?? ''}\0${m.name}`;
      let s = byId.get(id);
      if (!s) byId.set(id, (s = { name: m.name, ...(m.namespace !== undefined ? { namespace: m.namespace } : {}), keys: new Map(), readers: new Set() }));
      for (const key of m.keys) {
        const keyId = normalizeKey(key);
        if (!s.keys.has(keyId)) s.keys.set(keyId, key);
      }
      if (m.reader !== undefined) s.readers.add(m.reader);
    }
  }
  return [...byId.values()].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
}

/** A namespace matches when equal, or when either side does not say (the default, or set at apply time). */
function sameNamespace(s: KnownSecret, namespace: string | undefined): boolean {
  return s.namespace === undefined || namespace === undefined || s.namespace === namespace;
}

export interface SecretChoice {
  secret: KnownSecret;
  /** The key to read, as the Secret writes it (new keys follow the Secret's own style). */
  key: string;
  /** Whether the Secret already holds that key (then nothing is to be created). */
  hasKey: boolean;
}

/**
 * Which known Secret a literal env entry should read: one that already holds its key (the
 * workload's own Secrets first); else the only Secret the workload already reads, or the only
 * Secret of its namespace, with the key added in that Secret's style. Null when none, or when
 * the choice would be a guess between several.
 */
export function chooseSecret(secrets: readonly KnownSecret[], a: SecretAssignment): SecretChoice | null {
  const k8s = a.context.kubernetes;
  if (!k8s) return null;
  const reader = k8s.name !== undefined ? `${k8s.kind}/${k8s.name}` : '';
  const candidates = secrets.filter((s) => sameNamespace(s, k8s.namespace));
  const own = candidates.filter((s) => s.readers.has(reader));
  for (const group of [own, candidates]) {
    const holding = group.filter((s) => s.keys.has(a.keyId));
    const first = holding[0];
    if (first) return { secret: first, key: first.keys.get(a.keyId) ?? a.key, hasKey: true };
  }
  const only = own.length === 1 ? own[0] : own.length === 0 && candidates.length === 1 ? candidates[0] : undefined;
  if (!only) return null;
  return { secret: only, key: keyInStyleOf(only, a), hasKey: false };
}

const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/** A new key written like the Secret's keys: `JWT_SECRET` next to `DATABASE_URL`, `jwt-secret` next to `database-url`. */
function keyInStyleOf(s: KnownSecret, a: SecretAssignment): string {
  const keys = [...s.keys.values()];
  const env = SECRET_KEY.test(a.key) ? a.key : a.keyId;
  if (keys.length > 0 && keys.every((k) => /^[A-Z0-9_]+$/.test(k))) return env.toUpperCase().replace(/[-.]/g, '_');
  if (keys.length > 0 && keys.every((k) => /^[a-z0-9_]+$/.test(k))) return env.toLowerCase().replace(/[-.]/g, '_');
  return env.toLowerCase().replace(/[_.]/g, '-');
}

/** A key or name as a YAML scalar that stays a string (`true`, `1234` and the like are quoted). */
function yamlString(text: string): string {
  return /^[A-Za-z_][-._A-Za-z0-9]*$/.test(text) && !/^(true|false|yes|no|on|off|null|y|n)$/i.test(text) ? text : JSON.stringify(text);
}

/**
 * The parser's `secretKeyRef` repair (named `<object>-secrets`, key in kebab case, with a `kubectl
 * create secret` command) rewritten to read the chosen Secret. Only the two scalars change, so
 * the layout the parser verified (block or flow, indentation, line endings) stays as it was.
 */
export function reuseSecretFix(fix: FixProposal, a: SecretAssignment, choice: SecretChoice): FixProposal | null {
  const k8s = a.context.kubernetes;
  const edit = fix.edits[0];
  if (!k8s?.name || !edit || fix.edits.length !== 1) return null;
  const defaultName = `${k8s.name}-secrets`;
  const defaultKey = a.keyId.toLowerCase().replace(/_/g, '-');
  const nameText = `name: ${defaultName}`;
  const keyText = `key: ${defaultKey}`;
  if (edit.text.split(nameText).length !== 2 || edit.text.split(keyText).length !== 2 || !SECRET_KEY.test(choice.key)) return null;
  const name = choice.secret.name;
  const text = edit.text.replace(nameText, `name: ${yamlString(name)}`).replace(keyText, `key: ${yamlString(choice.key)}`);
  const namespace = k8s.namespace ?? choice.secret.namespace;
  const ns = namespace !== undefined && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace) ? ` --namespace ${namespace}` : '';
  const commands = choice.hasKey
    ? []
    : [`kubectl patch secret ${name}${ns} --type merge -p '{"stringData":{"${choice.key}":"${GENERATE_PLACEHOLDER}"}}'`];
  return {
    description: `Read ${a.keyId} from the existing Secret ${name} (key ${choice.key}) through secretKeyRef instead of a literal value`,
    edits: [{ ...edit, text }],
    ...(commands.length > 0 ? { commands } : {}),
    removesCommittedValue: true,
  };
}

/** `kubectl create secret generic NAME --from-literal=K=<placeholder>...` for a Secret that should not be in git. */
export function createSecretCommand(name: string, namespace: string | undefined, keys: readonly string[]): string {
  const ns = namespace !== undefined && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace) ? ` --namespace ${namespace}` : '';
  return `kubectl create secret generic ${name}${ns} ${keys.map((k) => `--from-literal=${k}=${GENERATE_PLACEHOLDER}`).join(' ')}`;
}
