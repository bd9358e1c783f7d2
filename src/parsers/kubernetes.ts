/**
 * Kubernetes manifests (multi-document YAML): container `env` of every workload that holds a pod
 * template, `kind: Secret` `data` (base64) and `stringData`, `kind: ConfigMap` `data`, `List`
 * objects, and kustomize `secretGenerator` / `configMapGenerator` literals.
 *
 * For a literal env `value:` the parser proposes the repair: `valueFrom.secretKeyRef` to a Secret
 * named after the object, plus the `kubectl create secret` command with a placeholder (never the
 * value). The edit is only offered when it was re-parsed and the file is still valid YAML.
 */
import { isMap, isScalar, parseAllDocuments } from 'yaml';
import type { Node, Scalar } from 'yaml';
import { normalizeKey } from '../core/secret-names.js';
import type { AssignmentContext, Document, FixProposal, KubernetesSecretMention, SecretAssignment, Span } from '../core/types.js';
import { emptyParse, type ParseOptions, type Parser } from './parser.js';
import {
  contextFor,
  dedupeAssignments,
  keySpanOf,
  lineEndingOf,
  lineStartOf,
  loadYaml,
  mapEntries,
  mapGet,
  originOfPlainValue,
  scalarText,
  seqItems,
  type MapEntry,
  type ScalarText,
  type YamlDoc,
} from './yaml-source.js';
import { safeErrorText } from '../core/safe-errors.js';

/** A Kubernetes object or kustomization by content: cheap line checks, no parse. */
export function looksLikeKubernetes(text: string): boolean {
  return (/^apiVersion:/m.test(text) && /^kind:/m.test(text)) || /^(secretGenerator|configMapGenerator):/m.test(text);
}

/**
 * Each proposed edit is checked by re-parsing its document; the work is bounded per file (edits
 * and characters re-parsed). Past the bound, literals are still reported, without an edit.
 */
const MAX_VERIFIED_FIXES = 64;
const MAX_VERIFIED_CHARS = 8 * 1024 * 1024;

interface ObjectInfo {
  kind: string;
  name?: string;
  namespace?: string;
  keys?: string[];
}

interface Walk {
  doc: Document;
  options: ParseOptions;
  y: YamlDoc;
  out: SecretAssignment[];
  secrets: KubernetesSecretMention[];
  fixBudget: { left: number; chars: number };
}

export const parseKubernetes: Parser = (doc, options) => {
  const result = emptyParse('kubernetes');
  try {
    const fixBudget = { left: MAX_VERIFIED_FIXES, chars: MAX_VERIFIED_CHARS };
    const secrets: KubernetesSecretMention[] = [];
    for (const y of loadYaml(doc.text, options, result.problems)) {
      const walk: Walk = { doc, options, y, out: result.assignments, secrets, fixBudget };
      visitObject(walk, y.root, true);
    }
    if (secrets.length > 0) result.kubernetesSecrets = secrets;
  } catch (err) {
    result.problems.push(`Kubernetes manifest could not be read: ${safeErrorText(err)}`);
  }
  result.assignments = dedupeAssignments(result.assignments);
  return result;
};

function visitObject(w: Walk, node: unknown, allowList: boolean): void {
  const { y } = w;
  const info = objectInfo(y, node, w.doc.text);
  if (allowList && info.kind.endsWith('List')) {
    for (const item of seqItems(y, mapGet(y, node, 'items'))) visitObject(w, item, false);
    return;
  }
  if (info.kind === 'Secret') {
    // Every key, so a repair that recreates this Secret outside git recreates all of it.
    info.keys = [...new Set(['data', 'stringData'].flatMap((f) => (isMap(mapGet(y, node, f)) ? mapEntries(y, mapGet(y, node, f)).map((e) => e.key) : [])))];
    mention(w, info, info.keys);
    visitSecretData(w, info, mapGet(y, node, 'data'), 'base64');
    visitSecretData(w, info, mapGet(y, node, 'stringData'), 'text');
  } else if (info.kind === 'ConfigMap') {
    visitSecretData(w, info, mapGet(y, node, 'data'), 'text');
  }
  for (const podSpec of podSpecsOf(y, node)) {
    for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
      for (const container of seqItems(y, mapGet(y, podSpec, field))) {
        const containerName = scalarText(mapGet(y, container, 'name'), w.doc.text)?.value;
        for (const entry of seqItems(y, mapGet(y, container, 'env'))) {
          const ref = mapGet(y, mapGet(y, entry, 'valueFrom'), 'secretKeyRef');
          const key = scalarText(mapGet(y, ref, 'key'), w.doc.text)?.value;
          const secret = scalarText(mapGet(y, ref, 'name'), w.doc.text)?.value;
          if (key !== undefined && secret !== undefined) mention(w, info, [key], secret);
          visitEnvEntry(w, info, containerName, entry);
        }
        for (const from of seqItems(y, mapGet(y, container, 'envFrom'))) {
          const secret = scalarText(mapGet(y, mapGet(y, from, 'secretRef'), 'name'), w.doc.text)?.value;
          if (secret !== undefined) mention(w, info, [], secret);
        }
      }
    }
  }
  visitGenerator(w, mapGet(y, node, 'secretGenerator'), 'Secret');
  visitGenerator(w, mapGet(y, node, 'configMapGenerator'), 'ConfigMap');
}

/** Records a Secret this object defines (no `name` given: the object itself) or reads (`name`). */
function mention(w: Walk, info: ObjectInfo, keys: string[], name?: string): void {
  const secret = name ?? info.name;
  if (secret === undefined || secret === '') return;
  const m: KubernetesSecretMention = { name: secret, keys };
  if (info.namespace !== undefined) m.namespace = info.namespace;
  if (name !== undefined && info.name !== undefined) m.reader = `${info.kind}/${info.name}`;
  w.secrets.push(m);
}

function objectInfo(y: YamlDoc, node: unknown, text: string): ObjectInfo {
  const info: ObjectInfo = { kind: scalarText(mapGet(y, node, 'kind'), text)?.value ?? '' };
  const metadata = mapGet(y, node, 'metadata');
  const name = scalarText(mapGet(y, metadata, 'name'), text)?.value;
  const namespace = scalarText(mapGet(y, metadata, 'namespace'), text)?.value;
  if (name !== undefined) info.name = name;
  if (namespace !== undefined) info.namespace = namespace;
  return info;
}

/**
 * Pod specs of any workload: Pod (`spec`), Deployment/StatefulSet/DaemonSet/ReplicaSet/Job and
 * custom resources that follow the convention (`spec.template.spec`), CronJob
 * (`spec.jobTemplate.spec.template.spec`).
 */
function podSpecsOf(y: YamlDoc, node: unknown): Node[] {
  const spec = mapGet(y, node, 'spec');
  const candidates = [
    spec,
    mapGet(y, mapGet(y, spec, 'template'), 'spec'),
    mapGet(y, mapGet(y, mapGet(y, mapGet(y, spec, 'jobTemplate'), 'spec'), 'template'), 'spec'),
  ];
  return candidates.filter(
    (c): c is Node => isMap(c) && (mapGet(y, c, 'containers') !== undefined || mapGet(y, c, 'initContainers') !== undefined),
  );
}

function k8sContext(w: Walk, info: ObjectInfo, container?: string): AssignmentContext {
  const kubernetes: AssignmentContext['kubernetes'] = { kind: info.kind };
  if (info.name !== undefined) kubernetes.name = info.name;
  if (info.namespace !== undefined) kubernetes.namespace = info.namespace;
  if (info.keys !== undefined) kubernetes.keys = info.keys;
  if (container !== undefined) kubernetes.container = container;
  return contextFor(w.doc, 'kubernetes', { kubernetes });
}

function visitEnvEntry(w: Walk, info: ObjectInfo, container: string | undefined, entry: Node): void {
  const { y, doc } = w;
  const entries = mapEntries(y, entry);
  const byKey = (k: string): MapEntry | undefined => entries.find((e) => e.key === k);
  const nameEntry = byKey('name');
  const name = scalarText(nameEntry?.value, doc.text);
  if (!name) return;
  const keyId = normalizeKey(name.value);
  if (!w.options.names.isSecretKey(keyId)) return;
  const base = { key: name.value, keyId, keySpan: name.span, context: k8sContext(w, info, container) };

  const valueFrom = byKey('valueFrom');
  if (valueFrom?.value?.range) {
    const span = { start: valueFrom.value.range[0], end: valueFrom.value.range[1] };
    const ref = mapGet(y, valueFrom.value, 'secretKeyRef');
    // configMapKeyRef / fieldRef / resourceFieldRef: the platform fills the value in.
    w.out.push({ ...base, origin: ref !== undefined ? 'managed' : 'template', span });
    return;
  }
  const valueEntry = byKey('value');
  const value = scalarText(valueEntry?.value, doc.text);
  if (!value || !valueEntry) return;

  const ref = dependentVariables(value.value);
  if (ref.length > 0) {
    const other = ref.find((r) => normalizeKey(r.name) !== keyId && w.options.names.isSecretKey(normalizeKey(r.name)));
    if (other) {
      w.out.push({
        ...base,
        origin: 'reference',
        referenceTo: normalizeKey(other.name),
        span: value.exact ? { start: value.span.start + other.start, end: value.span.start + other.end } : value.span,
      });
    } else {
      w.out.push({ ...base, origin: 'template', span: value.span });
    }
    return;
  }
  const origin = originOfPlainValue(value.value);
  if (origin === null) return;
  if (origin !== 'literal') {
    w.out.push({ ...base, origin, span: value.span });
    return;
  }
  const assignment: SecretAssignment = { ...base, origin: 'literal', value: value.value, span: value.span };
  const fix = secretKeyRefFix(w, info, entry, valueEntry, value, keyId);
  if (fix) assignment.strictRead = fix;
  w.out.push(assignment);
}

/**
 * `$(VAR)` references that Kubernetes expands in env values (`$$(VAR)` is an escaped literal).
 * A single left-to-right scan.
 */
function dependentVariables(value: string): { name: string; start: number; end: number }[] {
  const out: { name: string; start: number; end: number }[] = [];
  let i = 0;
  while (i < value.length) {
    if (value[i] !== '$') {
      i++;
      continue;
    }
    if (value[i + 1] === '$') {
      i += 2;
      continue;
    }
    if (value[i + 1] === '(') {
      let j = i + 2;
      while (j < value.length && /[A-Za-z0-9_.-]/.test(value[j] ?? '')) j++;
      if (value[j] === ')' && j > i + 2) {
        out.push({ name: value.slice(i + 2, j), start: i, end: j + 1 });
        i = j + 1;
        continue;
      }
    }
    i++;
  }
  return out;
}

const DNS_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/**
 * Replaces the `value: x` pair with a `valueFrom.secretKeyRef` in the entry's own layout (block or
 * flow), keeping indentation and line endings. Returns undefined for any layout it cannot edit
 * safely: a value reached through an alias or merge, a tag or anchor on the value, a line that is
 * not plain indentation, an object without a usable name, or an edit that would not re-parse.
 */
function secretKeyRefFix(
  w: Walk,
  info: ObjectInfo,
  entry: Node,
  valueEntry: MapEntry,
  value: ScalarText,
  keyId: string,
): FixProposal | undefined {
  const { doc } = w;
  const text = doc.text;
  if (info.name === undefined || !DNS_NAME.test(info.name)) return undefined;
  const keyNode: Scalar = valueEntry.keyNode;
  const valueNode = valueEntry.value;
  if (!keyNode.range || !isScalar(valueNode) || !valueNode.range || !entry.range) return undefined;
  if (mapEntries(w.y, entry).some((e) => e.key === 'valueFrom')) return undefined;
  const keyStart = keyNode.range[0];
  // The pair must be written inside this entry, not merged in from elsewhere.
  if (keyStart < entry.range[0] || keyStart >= entry.range[1]) return undefined;
  const between = text.slice(keyNode.range[1], valueNode.range[0]);
  if (!/^[ \t]*:[ \t]*$/.test(between)) return undefined; // tags, anchors, comments, line breaks
  const end = valueNode.type === 'BLOCK_LITERAL' || valueNode.type === 'BLOCK_FOLDED' ? value.span.end : valueNode.range[1];

  const secretName = `${info.name}-secrets`;
  const secretKey = keyId.toLowerCase().replace(/_/g, '-');
  let replacement: string;
  if (isMap(entry) && entry.flow) {
    replacement = `valueFrom: {secretKeyRef: {name: ${secretName}, key: ${secretKey}}}`;
  } else {
    const lineStart = lineStartOf(text, keyStart);
    const prefix = text.slice(lineStart, keyStart);
    if (!/^ *(- +)?$/.test(prefix)) return undefined;
    const eol = lineEndingOf(text);
    const indent = ' '.repeat(prefix.length);
    replacement =
      `valueFrom:${eol}${indent}  secretKeyRef:${eol}` + `${indent}    name: ${secretName}${eol}${indent}    key: ${secretKey}`;
  }
  const edit = { file: doc.path, start: keyStart, end, text: replacement };
  if (!stillParses(w, edit)) return undefined;
  const namespace = info.namespace !== undefined && DNS_NAME.test(info.namespace) ? ` --namespace ${info.namespace}` : '';
  return {
    description: `Read ${keyId} from the Secret ${secretName} (key ${secretKey}) through secretKeyRef instead of a literal value`,
    edits: [edit],
    commands: [
      `kubectl create secret generic ${secretName}${namespace} --from-literal=${secretKey}=<generate with: secret-hygiene generate>`,
    ],
    removesCommittedValue: true,
  };
}

function stillParses(w: Walk, edit: { start: number; end: number; text: string }): boolean {
  const { start, end } = w.y.range;
  const size = end - start;
  if (w.fixBudget.left <= 0 || w.fixBudget.chars < size) return false;
  w.fixBudget.left--;
  w.fixBudget.chars -= size;
  // Only this document is re-parsed: the edit cannot reach past its `---` markers.
  const text = w.doc.text;
  const edited = text.slice(start, edit.start) + edit.text + text.slice(edit.end, end);
  const docs = parseAllDocuments(edited, { uniqueKeys: false });
  return Array.isArray(docs) && docs.length === 1 && docs[0]?.errors.length === 0;
}

/**
 * `kind: Secret` `data` (base64, decoded strictly), `stringData` and ConfigMap `data` (plain text:
 * a secret in a ConfigMap is readable by anyone who can read the namespace's config).
 */
function visitSecretData(w: Walk, info: ObjectInfo, data: unknown, encoding: 'base64' | 'text'): void {
  const { y, doc } = w;
  if (!isMap(data)) return;
  for (const e of mapEntries(y, data)) {
    const keyId = normalizeKey(e.key);
    if (!w.options.names.isSecretKey(keyId)) continue;
    const value = scalarText(e.value, doc.text);
    if (!value) continue;
    const base: Omit<SecretAssignment, 'origin' | 'span'> = { key: e.key, keyId, context: k8sContext(w, info) };
    const keySpan = keySpanOf(e.keyNode, doc.text);
    if (keySpan) base.keySpan = keySpan;
    if (encoding === 'text') {
      const origin = originOfPlainValue(value.value);
      if (origin === null) continue;
      w.out.push(origin === 'literal' ? { ...base, origin, value: value.value, span: value.span } : { ...base, origin, span: value.span });
      continue;
    }
    if (value.value.trim() === '') continue;
    const decoded = decodeBase64Strictly(value.value);
    if (decoded === null) {
      // Not base64 of text. `<base64-encoded-secret-key>` and `{{ .Values.x }}` are slots for a tool
      // (Kubernetes would refuse them); anything else is committed key material as written: binary
      // key bytes, or plaintext pasted where base64 belongs.
      const isSlot = /^<[^<>]{0,200}>$/.test(value.value.trim()) || originOfPlainValue(value.value) !== 'literal';
      w.out.push(
        isSlot ? { ...base, origin: 'template', span: value.span } : { ...base, origin: 'literal', value: value.value, span: value.span },
      );
      continue;
    }
    const origin = originOfPlainValue(decoded);
    if (origin === null) continue;
    w.out.push(
      origin === 'literal'
        ? { ...base, origin, value: decoded, encoding: 'base64', span: value.span }
        : { ...base, origin, span: value.span },
    );
  }
}

/** Decodes base64 only when it is canonical base64 of valid UTF-8 text; null otherwise. */
export function decodeBase64Strictly(raw: string): string | null {
  const compact = raw.replace(/\s+/g, '');
  if (compact.length === 0 || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return null;
  const bytes = Buffer.from(compact, 'base64');
  if (bytes.toString('base64') !== compact) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null; // not UTF-8: binary key material, reported as committed text by the caller
  }
}

/** kustomize `secretGenerator` / `configMapGenerator`: `literals: ["JWT_SECRET=abc"]`. */
function visitGenerator(w: Walk, generators: unknown, kind: 'Secret' | 'ConfigMap'): void {
  const { y, doc } = w;
  for (const generator of seqItems(y, generators)) {
    const name = scalarText(mapGet(y, generator, 'name'), doc.text)?.value;
    const info: ObjectInfo = { kind };
    if (name !== undefined) info.name = name;
    const namespace = scalarText(mapGet(y, generator, 'namespace'), doc.text)?.value;
    if (namespace !== undefined) info.namespace = namespace;
    const literals = seqItems(y, mapGet(y, generator, 'literals'));
    // Keys of files/envs sources are not known here; the Secret's keys are then left unsaid.
    if (mapGet(y, generator, 'files') === undefined && mapGet(y, generator, 'envs') === undefined) {
      info.keys = literals.map((l) => scalarText(l, doc.text)?.value ?? '').filter((t) => t.indexOf('=') > 0).map((t) => t.slice(0, t.indexOf('=')).trim());
    }
    if (kind === 'Secret') mention(w, info, info.keys ?? []);
    for (const item of literals) {
      const literal = scalarText(item, doc.text);
      if (!literal) continue;
      const a = generatorLiteral(w, info, literal);
      if (a) w.out.push(a);
    }
  }
}

function generatorLiteral(w: Walk, info: ObjectInfo, literal: ScalarText): SecretAssignment | null {
  const eq = literal.value.indexOf('=');
  if (eq <= 0) return null;
  const rawKey = literal.value.slice(0, eq);
  const key = rawKey.trim();
  const keyId = normalizeKey(key);
  if (!w.options.names.isSecretKey(keyId)) return null;
  let start = eq + 1;
  let end = literal.value.length;
  // kustomize strips one pair of matching quotes around the value.
  const q = literal.value[start];
  if ((q === '"' || q === "'") && end - start >= 2 && literal.value[end - 1] === q) {
    start++;
    end--;
  }
  const value = literal.value.slice(start, end);
  const at = (s: number, e: number): Span => (literal.exact ? { start: literal.span.start + s, end: literal.span.start + e } : literal.span);
  const keyOffset = rawKey.indexOf(key);
  const base = { key, keyId, keySpan: at(keyOffset, keyOffset + key.length), context: k8sContext(w, info) };
  const origin = originOfPlainValue(value);
  if (origin === null) return null;
  return origin === 'literal' ? { ...base, origin, value, span: at(start, end) } : { ...base, origin, span: at(start, end) };
}
