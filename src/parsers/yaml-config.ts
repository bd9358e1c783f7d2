/**
 * Generic YAML configuration: Spring `application.yml` and any other YAML whose key paths name a
 * secret (`jwt:\n  secret: x` → `jwt.secret`). Values may be Spring placeholders
 * (`${JWT_SECRET}`, `${JWT_SECRET:default}`) or shell-style ones (`${JWT_SECRET:-default}`).
 * A Spring document activated for one profile (`spring.config.activate.on-profile: prod`) takes
 * its environment from the profile.
 */
import { environmentOf } from '../core/path-context.js';
import { normalizeKey, roleOf } from '../core/secret-names.js';
import type { AssignmentContext, Document, SecretAssignment, Span } from '../core/types.js';
import { findInterpolations } from './interpolation.js';
import { emptyParse, type ParseOptions, type Parser } from './parser.js';
import { parseSpringPlaceholder } from './spring-placeholder.js';
import {
  contextFor,
  dedupeAssignments,
  loadYaml,
  mapGet,
  originOfPlainValue,
  scalarText,
  secretLeaves,
  type ConfigLeaf,
  type YamlDoc,
} from './yaml-source.js';
import { safeErrorText } from '../core/safe-errors.js';

export const parseYamlConfig: Parser = (doc, options) => {
  const result = emptyParse('yaml');
  try {
    for (const y of loadYaml(doc.text, options, result.problems)) {
      const context = contextFor(doc, 'yaml');
      const profileEnvironment = springProfileEnvironment(y);
      if (profileEnvironment) context.environment = profileEnvironment;
      for (const leaf of secretLeaves(y, options)) {
        const a = assignmentFor(leaf, doc, options, context);
        if (a) result.assignments.push(a);
      }
    }
  } catch (err) {
    result.problems.push(`YAML config could not be read: ${safeErrorText(err)}`);
  }
  result.assignments = dedupeAssignments(result.assignments);
  return result;
};

/** `spring.config.activate.on-profile: prod` (Boot 2.4+) or `spring.profiles: prod` (older). */
function springProfileEnvironment(y: YamlDoc): AssignmentContext['environment'] {
  const spring = mapGet(y, y.root, 'spring');
  const profile =
    scalarText(mapGet(y, mapGet(y, mapGet(y, spring, 'config'), 'activate'), 'on-profile'), y.text)?.value ??
    scalarText(mapGet(y, spring, 'profiles'), y.text)?.value;
  if (profile === undefined || profile.includes(',') || profile.includes('!')) return undefined;
  return environmentOf(`${profile.trim()}.yml`);
}

function assignmentFor(leaf: ConfigLeaf, doc: Document, options: ParseOptions, context: AssignmentContext): SecretAssignment | null {
  const v = leaf.value;
  const base: Omit<SecretAssignment, 'origin' | 'span'> = { key: leaf.key, keyId: leaf.keyId, context };
  if (leaf.keySpan) base.keySpan = leaf.keySpan;
  const at = (start: number, end: number): Span => (v.exact ? { start: v.span.start + start, end: v.span.start + end } : v.span);

  // Shell-style `${K:-x}`, `${K-x}`, `${K:?err}`, `$K` (YAML rendered by envsubst or compose-like tools).
  const shell = findInterpolations(v.value);
  const only = shell[0];
  if (shell.length === 1 && only && only.start === 0 && only.end === v.value.length && only.operator !== ':+' && only.operator !== '+') {
    const envName = normalizeKey(only.name);
    const span = at(only.start, only.end);
    if (only.operator === ':-' || only.operator === '-') {
      const argument = only.argument ?? '';
      const nested = findInterpolations(argument)[0];
      if (nested) return { ...base, origin: 'fallback', envName, referenceTo: normalizeKey(nested.name), span };
      if (argument === '') return { ...base, origin: 'env', envName, span };
      return { ...base, origin: 'default', envName, value: argument, span: at(only.argumentStart, only.argumentStart + argument.length) };
    }
    if (only.operator !== null || !only.braced) return { ...base, origin: 'env', envName, span };
    // `${K}` reads the same in Spring: fall through.
  }

  const placeholder = parseSpringPlaceholder(v.value);
  if (placeholder) {
    const envName = normalizeKey(placeholder.name);
    const span = at(placeholder.start, placeholder.end);
    const fallback = placeholder.defaultValue;
    if (fallback === null || fallback.trim() === '') {
      // `jwt.secret: ${SECRET_KEY}`: a property bound to a key of another role is reuse; the same
      // role under another name (`app.jwt.secret: ${JWT_SECRET}`) is the usual read of the environment.
      if (envName !== leaf.keyId && options.names.isSecretKey(envName) && roleOf(envName) !== roleOf(leaf.keyId)) {
        return { ...base, origin: 'reference', referenceTo: envName, span };
      }
      return { ...base, origin: 'env', envName, span };
    }
    const nested = parseSpringPlaceholder(fallback);
    if (nested) return { ...base, origin: 'fallback', envName, referenceTo: normalizeKey(nested.name), span };
    if (fallback.includes('${')) return { ...base, origin: 'template', span };
    const origin = originOfPlainValue(fallback);
    if (origin !== 'literal') return origin === null ? { ...base, origin: 'env', envName, span } : { ...base, origin, span };
    const assignment: SecretAssignment = {
      ...base,
      origin: 'default',
      envName,
      value: fallback,
      span: at(placeholder.defaultStart, placeholder.defaultStart + fallback.length),
    };
    if (v.exact) {
      assignment.strictRead = {
        description: `Require ${placeholder.name} from the environment instead of defaulting to a literal`,
        edits: [{ file: doc.path, start: span.start, end: span.end, text: `\${${placeholder.name}}` }],
        removesCommittedValue: true,
      };
    }
    return assignment;
  }

  // Text mixed with placeholders is assembled at start-up, not a literal.
  if (v.value.includes('${')) return { ...base, origin: 'template', span: v.span };
  const origin = originOfPlainValue(v.value);
  if (origin === null) return null;
  return origin === 'literal' ? { ...base, origin, value: v.value, span: v.span } : { ...base, origin, span: v.span };
}
