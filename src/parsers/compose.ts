/**
 * docker compose files: `services.<name>.environment` as a map (`K: v`) or a list (`- K=v`), with
 * compose's shell-style interpolation (`${K}`, `${K:-default}`, `${K:?error}`, `$$`). Anchored
 * `x-` blocks merged with `<<:` are followed (see yaml-source.ts).
 */
import { isMap, isScalar, isSeq } from 'yaml';
import { normalizeKey } from '../core/secret-names.js';
import type { AssignmentContext, Document, SecretAssignment, Span } from '../core/types.js';
import { findInterpolations, type Interpolation } from './interpolation.js';
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

/** `docker-compose.yml`, `docker-compose.prod.yaml`, `compose.yaml`, `compose-dev.yml`. */
export function isComposePath(path: string): boolean {
  const base = (path.split('/').pop() ?? '').toLowerCase();
  return /^(docker-)?compose([._-][^/]{0,200})?\.ya?ml$/.test(base);
}

/** A compose file by content: a top-level `services:` line. */
export function looksLikeCompose(_path: string, text: string): boolean {
  return /^services:/m.test(text);
}

export const parseCompose: Parser = (doc, options) => {
  const result = emptyParse('compose');
  try {
    for (const y of loadYaml(doc.text, options, result.problems)) {
      for (const service of mapEntries(y, mapGet(y, y.root, 'services'))) {
        const environment = mapGet(y, service.value, 'environment');
        const context = contextFor(doc, 'compose', { service: service.key });
        result.assignments.push(...environmentAssignments(y, environment, doc, options, context));
      }
    }
  } catch (err) {
    result.problems.push(`compose file could not be read: ${safeErrorText(err)}`);
  }
  result.assignments = dedupeAssignments(result.assignments);
  return result;
};

function environmentAssignments(
  y: YamlDoc,
  environment: unknown,
  doc: Document,
  options: ParseOptions,
  context: AssignmentContext,
): SecretAssignment[] {
  const out: SecretAssignment[] = [];
  if (isMap(environment)) {
    for (const e of mapEntries(y, environment)) {
      const keyId = normalizeKey(e.key);
      if (!options.names.isSecretKey(keyId)) continue;
      const keySpan = keySpanOf(e.keyNode, doc.text);
      const value = scalarText(e.value, doc.text);
      const a = value
        ? assignmentFor(e.key, keyId, value, doc, options, context)
        : isScalar(e.value) || e.value === undefined
          ? passThrough(e.key, keyId, keySpan, context)
          : null;
      if (a) out.push(keySpan ? { ...a, keySpan } : a);
    }
  } else if (isSeq(environment)) {
    for (const item of seqItems(y, environment)) {
      const entry = scalarText(item, doc.text);
      if (!entry) continue;
      const a = listEntryAssignment(entry, doc, options, context);
      if (a) out.push(a);
    }
  }
  return out;
}

/** `- K=v`, `- "K=v"`, or `- K` (taken from the shell environment). */
function listEntryAssignment(
  entry: ScalarText,
  doc: Document,
  options: ParseOptions,
  context: AssignmentContext,
): SecretAssignment | null {
  const eq = entry.value.indexOf('=');
  const rawKey = eq === -1 ? entry.value : entry.value.slice(0, eq);
  const key = rawKey.trim();
  const keyId = normalizeKey(key);
  if (key === '' || !options.names.isSecretKey(keyId)) return null;
  const keyOffset = rawKey.indexOf(key);
  const keySpan: Span = entry.exact
    ? { start: entry.span.start + keyOffset, end: entry.span.start + keyOffset + key.length }
    : entry.span;
  if (eq === -1) return passThrough(key, keyId, keySpan, context);
  const valueText = entry.value.slice(eq + 1);
  const value: ScalarText = {
    value: valueText,
    span: entry.exact ? { start: entry.span.start + eq + 1, end: entry.span.end } : entry.span,
    exact: entry.exact,
    type: entry.type,
  };
  const a = assignmentFor(key, keyId, value, doc, options, context);
  return a ? { ...a, keySpan } : null;
}

/** `K:` with no value, or `- K`: compose passes the variable through from the shell. */
function passThrough(key: string, keyId: string, keySpan: Span | undefined, context: AssignmentContext): SecretAssignment | null {
  if (!keySpan) return null;
  return { key, keyId, origin: 'env', envName: keyId, span: keySpan, context };
}

/** Classifies one value as compose reads it. */
function assignmentFor(
  key: string,
  keyId: string,
  v: ScalarText,
  doc: Document,
  options: ParseOptions,
  context: AssignmentContext,
): SecretAssignment | null {
  const isSecretLike = (name: string): boolean => options.names.isSecretKey(normalizeKey(name));
  const base = { key, keyId, context };
  const interpolations = findInterpolations(v.value);
  // Offsets inside the value map to the file only when the scalar has no escapes or folding.
  const at = (start: number, end: number): Span =>
    v.exact ? { start: v.span.start + start, end: v.span.start + end } : v.span;

  if (interpolations.length === 0) {
    const literal = v.value.replace(/\$\$/g, '$');
    const origin = originOfPlainValue(literal);
    if (origin === null) return null;
    return origin === 'literal' ? { ...base, origin, value: literal, span: v.span } : { ...base, origin, span: v.span };
  }

  const only = interpolations[0];
  if (interpolations.length > 1 || !only || only.start !== 0 || only.end !== v.value.length) {
    // Text mixed with variables: `prefix-${X}`. Still a reuse when it builds on another secret.
    const other = interpolations.find((i) => normalizeKey(i.name) !== keyId && isSecretLike(i.name));
    if (other) return { ...base, origin: 'reference', referenceTo: normalizeKey(other.name), span: at(other.start, other.end) };
    return { ...base, origin: 'template', span: v.span };
  }

  const name = normalizeKey(only.name);
  const span = at(only.start, only.end);
  if (only.operator === ':-' || only.operator === '-') {
    const argument = only.argument ?? '';
    const nested = findInterpolations(argument);
    const firstNested = nested[0];
    if (firstNested) {
      return { ...base, origin: 'fallback', envName: name, referenceTo: normalizeKey(firstNested.name), span };
    }
    const value = argument.replace(/\$\$/g, '$');
    if (value === '') return { ...base, origin: 'env', envName: name, span };
    const assignment: SecretAssignment = {
      ...base,
      origin: 'default',
      envName: name,
      value,
      span: at(only.argumentStart, only.argumentStart + argument.length),
    };
    if (v.exact) assignment.strictRead = requireFix(doc, only, span);
    return assignment;
  }
  if (name !== keyId && isSecretLike(only.name)) {
    return { ...base, origin: 'reference', referenceTo: name, span };
  }
  return { ...base, origin: 'env', envName: name, span };
}

function requireFix(doc: Document, interpolation: Interpolation, span: Span): SecretAssignment['strictRead'] {
  const name = interpolation.name;
  return {
    description: `Require ${name} from the environment instead of defaulting to a literal`,
    edits: [{ file: doc.path, start: span.start, end: span.end, text: `\${${name}:?${name} must be set}` }],
    removesCommittedValue: true,
  };
}
