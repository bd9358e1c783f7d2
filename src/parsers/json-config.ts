/**
 * JSON configuration: .NET `appsettings*.json` (`{"Jwt": {"Key": "..."}}` → `Jwt.Key`), Node
 * `config/*.json`, and any other JSON whose key paths name a secret. JSON is YAML, so the `yaml`
 * package parses it with offsets. `appsettings.json` allows comments (the .NET configuration
 * reader accepts them); they are blanked first, keeping every offset.
 */
import { normalizeKey } from '../core/secret-names.js';
import type { SecretAssignment } from '../core/types.js';
import { emptyParse, type Parser } from './parser.js';
import { parseSpringPlaceholder } from './spring-placeholder.js';
import { contextFor, dedupeAssignments, loadYaml, originOfPlainValue, secretLeaves } from './yaml-source.js';
import { safeErrorText } from '../core/safe-errors.js';

export const parseJsonConfig: Parser = (doc, options) => {
  const result = emptyParse('json');
  try {
    const text = blankJsonComments(doc.text);
    for (const y of loadYaml(text, options, result.problems, 'JSON')) {
      for (const leaf of secretLeaves(y, options)) {
        // Only strings: a number or boolean is not a signing key.
        if (leaf.value.type !== 'QUOTE_DOUBLE' && leaf.value.type !== 'QUOTE_SINGLE') continue;
        const value = leaf.value.value;
        const base: Omit<SecretAssignment, 'origin' | 'span'> = { key: leaf.key, keyId: leaf.keyId, context: contextFor(doc, 'json') };
        if (leaf.keySpan) base.keySpan = leaf.keySpan;
        const span = leaf.value.span;
        const placeholder = parseSpringPlaceholder(value);
        if (placeholder && placeholder.defaultValue === null) {
          // `"${JWT_KEY}"`, substituted by envsubst or the app's own loader: a read of the environment.
          result.assignments.push({ ...base, origin: 'env', envName: normalizeKey(placeholder.name), span });
          continue;
        }
        if (value.includes('${')) {
          result.assignments.push({ ...base, origin: 'template', span });
          continue;
        }
        const origin = originOfPlainValue(value);
        if (origin === null) continue;
        result.assignments.push(origin === 'literal' ? { ...base, origin, value, span } : { ...base, origin, span });
      }
    }
  } catch (err) {
    result.problems.push(`JSON could not be read: ${safeErrorText(err)}`);
  }
  result.assignments = dedupeAssignments(result.assignments);
  return result;
};

/**
 * Replaces `// line` and `/* block *\/` comments outside strings with spaces (line breaks kept), so
 * offsets into the result are offsets into the original. One pass, no regex.
 */
export function blankJsonComments(text: string): string {
  if (!text.includes('/')) return text;
  const out: string[] = [];
  let i = 0;
  let inString = false;
  let copiedTo = 0;
  const blank = (from: number, to: number): void => {
    out.push(text.slice(copiedTo, from), text.slice(from, to).replace(/[^\r\n]/g, ' '));
    copiedTo = to;
  };
  while (i < text.length) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i += 2;
      else {
        if (c === '"') inString = false;
        i++;
      }
      continue;
    }
    if (c === '"') {
      inString = true;
      i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      let end = text.indexOf('\n', i);
      if (end === -1) end = text.length;
      blank(i, end);
      i = end;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      const end = close === -1 ? text.length : close + 2;
      blank(i, end);
      i = end;
      continue;
    }
    i++;
  }
  out.push(text.slice(copiedTo));
  return out.join('');
}
