/**
 * Helm charts and kustomize overlays.
 * - Values files (`values.yaml`, `values-prod.yaml`, `values.staging.yaml`): every key path,
 *   joined with `.` (`auth.jwtSecret`), that names a secret; the environment comes from the path.
 * - Chart templates (`templates/*.yaml`) are Go templates, seldom valid YAML: a tolerant line scan
 *   finds `- name: K` env entries and their `value:`, and never reports a parse error.
 * - `kustomization.yaml`: generator literals, read by the Kubernetes parser.
 */
import { normalizeKey } from '../core/secret-names.js';
import type { SecretAssignment, Span } from '../core/types.js';
import { parseKubernetes } from './kubernetes.js';
import { emptyParse, type Parser } from './parser.js';
import { contextFor, dedupeAssignments, loadYaml, originOfPlainValue, secretLeaves } from './yaml-source.js';
import { safeErrorText } from '../core/safe-errors.js';

/** `values.yaml`, `values-prod.yaml`, `values.staging.yml`, `charts/api/values.yaml`. */
export function isHelmValuesPath(path: string): boolean {
  const base = (path.split('/').pop() ?? '').toLowerCase();
  return /^values([.-][^/]{0,200})?\.ya?ml$/.test(base);
}

/** A file under a chart's `templates/` directory. */
export function isHelmTemplatePath(path: string): boolean {
  return /(^|\/)templates\/[^/]{1,255}\.(ya?ml|tpl)$/i.test(path);
}

/** `kustomization.yaml`, `kustomization.yml`, `Kustomization`. */
export function isKustomizationPath(path: string): boolean {
  const base = path.split('/').pop() ?? '';
  return /^kustomization\.ya?ml$/i.test(base) || base === 'Kustomization';
}

export const parseHelmValues: Parser = (doc, options) => {
  const result = emptyParse('helm');
  try {
    for (const y of loadYaml(doc.text, options, result.problems)) {
      for (const leaf of secretLeaves(y, options)) {
        const origin = originOfPlainValue(leaf.value.value);
        if (origin === null) continue;
        const a: SecretAssignment = { key: leaf.key, keyId: leaf.keyId, origin, span: leaf.value.span, context: contextFor(doc, 'helm') };
        if (origin === 'literal') a.value = leaf.value.value;
        if (leaf.keySpan) a.keySpan = leaf.keySpan;
        result.assignments.push(a);
      }
    }
  } catch (err) {
    result.problems.push(`Helm values could not be read: ${safeErrorText(err)}`);
  }
  result.assignments = dedupeAssignments(result.assignments);
  return result;
};

/** kustomize overlays hold generator literals; the Kubernetes parser reads them (and any inline objects). */
export const parseKustomization: Parser = (doc, options) => parseKubernetes(doc, options);

interface Line {
  start: number;
  text: string;
}

/** Lines without their endings (`\n` or `\r\n`), with their start offsets. */
function linesOf(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const lineEnd = end > start && text[end - 1] === '\r' ? end - 1 : end;
    out.push({ start, text: text.slice(start, lineEnd) });
    start = end + 1;
  }
  return out;
}

function indentOf(s: string): number {
  let i = 0;
  while (s[i] === ' ') i++;
  return i;
}

/** How many lines after `- name: K` to look for its `value:` (other keys and template lines between). */
const LOOKAHEAD = 8;

export const parseHelmTemplate: Parser = (doc, options) => {
  const result = emptyParse('helm');
  try {
    const lines = linesOf(doc.text);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      const entry = line ? envEntryName(line) : null;
      if (!entry || entry.name.includes('{{')) continue;
      const keyId = normalizeKey(entry.name);
      if (!options.names.isSecretKey(keyId)) continue;
      const base = { key: entry.name, keyId, keySpan: entry.span, context: contextFor(doc, 'helm') };
      for (let j = i + 1; j < lines.length && j <= i + LOOKAHEAD; j++) {
        const next = lines[j];
        if (!next) break;
        const indent = indentOf(next.text);
        const rest = next.text.slice(indent);
        if (rest === '' || rest.startsWith('#') || rest.startsWith('{{')) continue;
        if (indent < entry.column) break;
        if (indent > entry.column) continue;
        if (rest.startsWith('valueFrom:')) {
          const managed = (lines[j + 1]?.text ?? '').trimStart().startsWith('secretKeyRef:') || rest.includes('secretKeyRef');
          result.assignments.push({ ...base, origin: managed ? 'managed' : 'template', span: { start: next.start + indent, end: next.start + next.text.length } });
          break;
        }
        if (rest.startsWith('value:')) {
          const a = templateValue(next, indent + 'value:'.length);
          // Block scalars (`value: |`) continue on later lines: not readable line by line.
          if (a && !/^[|>]/.test(a.raw)) {
            const origin = a.raw.includes('{{') ? 'template' : originOfPlainValue(a.value);
            if (origin !== null) {
              result.assignments.push(origin === 'literal' ? { ...base, origin, value: a.value, span: a.span } : { ...base, origin, span: a.span });
            }
          }
          break;
        }
      }
    }
  } catch (err) {
    result.problems.push(`Helm template could not be scanned: ${safeErrorText(err)}`);
  }
  return result;
};

/** `  - name: JWT_SECRET` → the name, its span, and the column its sibling keys start at. */
function envEntryName(line: Line): { name: string; span: Span; column: number } | null {
  const t = line.text;
  let i = indentOf(t);
  if (t[i] !== '-') return null;
  i++;
  if (t[i] !== ' ') return null;
  while (t[i] === ' ') i++;
  if (!t.startsWith('name:', i)) return null;
  const column = i;
  const value = templateValue(line, i + 'name:'.length);
  if (!value || value.value === '') return null;
  return { name: value.value, span: value.span, column };
}

/**
 * The scalar after `key:` on one line: double-quoted (with `\"` and `\\` escapes), single-quoted
 * (`''` escape), or plain up to a ` #` comment. `raw` is everything after the colon, for template
 * detection.
 */
function templateValue(line: Line, from: number): { value: string; raw: string; span: Span } | null {
  const t = line.text;
  let i = from;
  while (t[i] === ' ' || t[i] === '\t') i++;
  const raw = t.slice(i).trimEnd();
  const q = t[i];
  if (q === '"' || q === "'") {
    let value = '';
    let j = i + 1;
    while (j < t.length) {
      const c = t[j];
      if (q === '"' && c === '\\' && j + 1 < t.length) {
        const n = t[j + 1];
        value += n === 'n' ? '\n' : n === 't' ? '\t' : (n ?? '');
        j += 2;
        continue;
      }
      if (c === q) {
        if (q === "'" && t[j + 1] === "'") {
          value += "'";
          j += 2;
          continue;
        }
        return { value, raw, span: { start: line.start + i + 1, end: line.start + j } };
      }
      value += c;
      j++;
    }
    return null; // unterminated: not something we can read on one line
  }
  let end = t.length;
  const comment = t.indexOf(' #', i);
  if (comment !== -1 && !raw.includes('{{')) end = comment;
  while (end > i && (t[end - 1] === ' ' || t[end - 1] === '\t')) end--;
  return { value: t.slice(i, end), raw, span: { start: line.start + i, end: line.start + end } };
}
