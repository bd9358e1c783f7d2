import { normalizeKey, type SecretNameMatcher } from '../core/secret-names.js';
import type { AssignmentContext, SecretAssignment, SecretUse } from '../core/types.js';
import { scanShell } from './shell.js';

/**
 * GNU make files, as make reads them: variable assignments (`K = v`, `K := v`, `K ::= v`,
 * `K ?= v`, `override`, `export K = v`), target-specific ones (`dev: export SECRET_KEY = v`), and
 * recipes (lines starting with a tab), which are shell. A value is the rest of the line up to an
 * unescaped `#`, quotes included (make keeps them; the surrounding pair is taken off for judging,
 * since `export K="v"` hands the shell `v` when a recipe uses it). A value holding `$` is built
 * from other variables or by `$(shell ...)`, not written here. `?=` is a default: the environment
 * wins over it.
 */
export function readMakeAssignments(text: string, context: AssignmentContext, names: SecretNameMatcher, out: SecretAssignment[], uses?: SecretUse[]): void {
  let recipeStart = -1;
  let inDefine = false;
  const endRecipe = (at: number): void => {
    if (recipeStart !== -1) scanShell(text, recipeStart, at, { names, contextAt: () => context, out, recipe: true, ...(uses ? { uses } : {}) });
    recipeStart = -1;
  };
  for (let pos = 0; pos < text.length; ) {
    // A logical line: physical lines joined where one ends with a backslash.
    let end = text.indexOf('\n', pos);
    while (end !== -1 && (text[end - 1] === '\\' || (text[end - 1] === '\r' && text[end - 2] === '\\'))) {
      end = text.indexOf('\n', end + 1);
    }
    const lineEnd = end === -1 ? text.length : end;
    const next = lineEnd + 1;
    const line = text.slice(pos, lineEnd).replace(/\r$/, '');
    if (line.startsWith('\t')) {
      if (recipeStart === -1 && !inDefine) recipeStart = pos;
      pos = next;
      continue;
    }
    const trimmed = line.trim();
    // Blank and comment lines do not end a recipe.
    if (trimmed === '' || trimmed.startsWith('#')) {
      pos = next;
      continue;
    }
    endRecipe(pos);
    if (/^(override\s+)?define\b/.test(trimmed)) inDefine = true;
    else if (trimmed === 'endef') inDefine = false;
    else if (!inDefine) readAssignment(pos, line, context, names, out);
    pos = next;
  }
  endRecipe(text.length);
}

function readAssignment(lineStart: number, line: string, context: AssignmentContext, names: SecretNameMatcher, out: SecretAssignment[]): void {
  const eq = line.indexOf('=');
  if (eq <= 0) return;
  let opStart = eq;
  while (opStart > 0 && ':?+!'.includes(line[opStart - 1] ?? 'x') && eq - opStart < 3) opStart--;
  const op = line.slice(opStart, eq + 1);
  if (op === '!=' || op === '+=') return; // a shell command's output; an addition to another value
  let left = line.slice(0, opStart);
  // `targets: [export] NAME = value`: the variable applies to those targets' recipes.
  const colon = left.indexOf(':');
  if (colon !== -1) left = left.slice(colon + 1);
  const words = left.trim().split(/\s+/).filter((w) => w !== 'override' && w !== 'export' && w !== 'private');
  const key = words.length === 1 ? words[0] ?? '' : '';
  if (!/^[A-Za-z_][A-Za-z0-9_.-]{0,200}$/.test(key)) return;
  const keyId = normalizeKey(key);
  if (!names.isSecretKey(keyId)) return;
  let vStart = eq + 1;
  while (vStart < line.length && (line[vStart] === ' ' || line[vStart] === '\t')) vStart++;
  let vEnd = line.length;
  for (let k = vStart; k < line.length; k++) {
    if (line[k] === '\\') k++;
    else if (line[k] === '#') {
      vEnd = k;
      break;
    }
  }
  while (vEnd > vStart && (line[vEnd - 1] === ' ' || line[vEnd - 1] === '\t')) vEnd--;
  const q = line[vStart];
  if (vEnd - vStart >= 2 && (q === '"' || q === "'") && line[vEnd - 1] === q) {
    vStart++;
    vEnd--;
  }
  const value = line.slice(vStart, vEnd);
  if (value.trim() === '' || value.includes('$') || value.includes('\n')) return;
  const keyAt = lineStart + line.indexOf(key, colon === -1 ? 0 : colon);
  const span = { start: lineStart + vStart, end: lineStart + vEnd };
  const keySpan = { start: keyAt, end: keyAt + key.length };
  if (op === '?=') out.push({ key, keyId, origin: 'default', value, envName: keyId, span, keySpan, context });
  else out.push({ key, keyId, origin: 'literal', value, span, keySpan, context });
}
