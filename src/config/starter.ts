import { BASELINE_FILE_NAME } from '../baseline/file.js';
import { CONFIG_SCHEMA, type ConfigKey } from './schema.js';
import { DEFAULT_CONFIG } from './types.js';

/**
 * The default of each key as YAML, so the starter file states what applies when a key is left out;
 * null for a key that is off unless set (it is written commented out).
 */
const DEFAULTS: Record<ConfigKey, string | null> = {
  rules: '{}',
  contexts: `{ ${Object.entries(DEFAULT_CONFIG.contexts).map(([k, v]) => `${k}: ${v}`).join(', ')} }`,
  'fail-on': DEFAULT_CONFIG.failOn,
  'secret-names': '[]',
  'weak-values': '[]',
  'weak-values-file': null,
  baseline: null,
  exclude: '[]',
  'min-secret-bytes': String(DEFAULT_CONFIG.minSecretBytes),
  'max-file-bytes': String(DEFAULT_CONFIG.maxFileBytes),
};

/**
 * The commented starter `.secret-hygiene.yml` that `secret-hygiene init` writes: every key with
 * its default value, what it accepts and a commented example. Built from the schema, so it cannot
 * name a key the validator rejects.
 */
export function starterConfig(ruleIds: readonly string[]): string {
  const out = [
    '# secret-hygiene configuration. Every key is optional and shows its default; unknown keys are',
    '# errors. Command-line flags (--fail-on) override this file.',
    `# This file and ${BASELINE_FILE_NAME} are never scanned themselves.`,
    '',
  ];
  for (const spec of CONFIG_SCHEMA) {
    out.push(`# ${capitalize(spec.description)}.`);
    out.push(`# Allowed: ${spec.allowed}.`);
    if (spec.key === 'rules') out.push(...wrap(`Rule ids: ${ruleIds.join(', ')}.`).map((l) => `# ${l}`));
    out.push('# For example:');
    for (const line of spec.yaml.split('\n')) out.push(`#   ${line}`);
    const value = DEFAULTS[spec.key];
    out.push(value === null ? `# ${spec.key}: (not set)` : `${spec.key}: ${value}`, '');
  }
  return out.join('\n');
}

/** Words into lines of at most 96 characters. */
function wrap(text: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > 96) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
