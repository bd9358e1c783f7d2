import { lstatSync } from 'node:fs';
import { resolve } from 'node:path';
import { safeErrorText } from '../core/safe-errors.js';
import { readToolText, TOOL_FILE_CAPS, ToolFileError } from '../fs/tool-file.js';
import type { Finding } from '../core/types.js';

/**
 * The baseline file: findings accepted on purpose, keyed by rule, file and the finding's
 * fingerprint (which derives from the secret's fingerprint, never from a line). It holds no value,
 * no preview and no line, so moving or reformatting code keeps an entry matching, while a changed
 * value or a move to another file does not.
 *
 * Layout, chosen for merges: one entry per line, sorted, every entry line ending in a comma, and a
 * fixed last line. Two branches that each accept findings then only insert whole lines; where their
 * insertions meet, the `merge=union` attribute `secret-hygiene baseline` adds to `.gitattributes`
 * keeps both, and the result is still valid JSON (order and duplicates do not matter on reading).
 */
export const BASELINE_FILE_NAME = '.secret-hygiene-baseline.json';

export interface BaselineEntry {
  rule: string;
  file: string;
  /** Finding.fingerprint: rule, file and the secret's fingerprint, hashed. */
  fingerprint: string;
  /** Which message the finding had when accepted: a hint for the reader, not part of the match. */
  messageId?: string;
}

/** A baseline file that cannot be used: the CLI exits 2, the Action fails the step. */
export class BaselineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BaselineError';
  }
}

/**
 * What a baseline file holds besides its entries. `repository` is the key its fingerprints were
 * salted with (see `fingerprintSecret`), so a shallow clone fingerprints like the clone that wrote
 * it; `legacy` marks a version-1 file, written before fingerprints were keyed: its entries cannot
 * match, and the next `secret-hygiene baseline` run replaces them.
 */
export interface Baseline {
  entries: BaselineEntry[];
  repository?: string;
  legacy: boolean;
  /**
   * True for a version-2 file: written before fingerprint scheme v3, so an entry for a value of
   * the fast tier holds that value's v2 fingerprint; matching tries it (see `applyBaseline`).
   */
  olderFingerprints: boolean;
}

/**
 * Version 3: fingerprint scheme v3 (random-looking values get a fast keyed hash, see
 * `fingerprintSecret`). Version 2 (scrypt for every value) is read and still matches; version 1
 * had unkeyed SHA-256.
 */
export const BASELINE_VERSION = 3;

const ABOUT =
  'Findings accepted by `secret-hygiene baseline`: rule, file and fingerprint, one per line, sorted; no secret values, no line numbers. Keep the {"end": true} line last.';
const END_LINE = '    {"end": true}';
const FINGERPRINT = /^[0-9a-f]{8,64}$/;

/** The entry that accepts a finding. */
export function entryOf(f: Finding): BaselineEntry {
  return { rule: f.ruleId, file: f.file, fingerprint: f.fingerprint, messageId: f.messageId };
}

/** The key entries and findings are matched on. */
export function entryKey(e: { rule: string; file: string; fingerprint: string }): string {
  return `${e.rule}\0${e.file}\0${e.fingerprint}`;
}

/** Entries deduplicated and sorted by file, rule, fingerprint (code-point order: no locale). */
export function normalizeEntries(entries: readonly BaselineEntry[]): BaselineEntry[] {
  const byKey = new Map<string, BaselineEntry>();
  for (const e of entries) if (!byKey.has(entryKey(e))) byKey.set(entryKey(e), e);
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...byKey.values()].sort((a, b) => cmp(a.file, b.file) || cmp(a.rule, b.rule) || cmp(a.fingerprint, b.fingerprint));
}

/** The file's text: stable for the same entries, whatever order they came in. */
export function serializeBaseline(entries: readonly BaselineEntry[], repository: string): string {
  const lines = normalizeEntries(entries).map((e) => {
    const fields: [string, string][] = [['rule', e.rule], ['file', e.file], ['fingerprint', e.fingerprint]];
    if (e.messageId !== undefined) fields.push(['messageId', e.messageId]);
    // JSON.stringify escapes line breaks, so an entry is always exactly one line.
    return `    {${fields.map(([k, v]) => `"${k}": ${JSON.stringify(v)}`).join(', ')}},`;
  });
  return [
    '{',
    `  "version": ${BASELINE_VERSION},`,
    `  "about": ${JSON.stringify(ABOUT)},`,
    // One line of its own, read without parsing the file (see sources/repo-key.ts).
    `  "repository": ${JSON.stringify(repository)},`,
    '  "entries": [',
    ...lines,
    END_LINE,
    '  ]',
    '}',
    '',
  ].join('\n');
}

/** Parses a baseline file's text; throws a BaselineError listing every bad entry. */
export function parseBaseline(name: string, text: string): Baseline {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    // JSON.parse's message quotes the text around the error: a file given by mistake (`.env`)
    // would have its secrets printed. Only the position is kept.
    throw new BaselineError(
      `${name}: not valid JSON (${safeErrorText(err)}). If a merge left conflict markers, keep both sides' entry lines and run \`secret-hygiene baseline\` to rewrite it.`,
    );
  }
  const top = raw as { version?: unknown; entries?: unknown; repository?: unknown };
  if (typeof raw !== 'object' || raw === null || (top.version !== 1 && top.version !== 2 && top.version !== BASELINE_VERSION) || !Array.isArray(top.entries)) {
    throw new BaselineError(`${name}: not a secret-hygiene baseline (expected {"version": ${BASELINE_VERSION}, "entries": [...]}). Write one with \`secret-hygiene baseline\`.`);
  }
  const entries: BaselineEntry[] = [];
  const problems: string[] = [];
  top.entries.forEach((item: unknown, i) => {
    if (typeof item !== 'object' || item === null) return void problems.push(`entries[${i}] is not an object`);
    const e = item as Record<string, unknown>;
    if (e.end === true && Object.keys(e).length === 1) return;
    if (typeof e.rule !== 'string' || e.rule === '') problems.push(`entries[${i}].rule must be a rule id`);
    if (typeof e.file !== 'string' || e.file === '') problems.push(`entries[${i}].file must be a path relative to the scanned directory`);
    if (typeof e.fingerprint !== 'string' || !FINGERPRINT.test(e.fingerprint)) problems.push(`entries[${i}].fingerprint must be the finding's fingerprint (hex)`);
    if (typeof e.rule === 'string' && typeof e.file === 'string' && typeof e.fingerprint === 'string' && e.rule !== '' && e.file !== '' && FINGERPRINT.test(e.fingerprint)) {
      entries.push({ rule: e.rule, file: e.file, fingerprint: e.fingerprint, ...(typeof e.messageId === 'string' ? { messageId: e.messageId } : {}) });
    }
  });
  if (problems.length > 0) {
    throw new BaselineError(`${name}: ${problems.length} bad entr${problems.length === 1 ? 'y' : 'ies'}:\n  - ${problems.join('\n  - ')}\nRewrite it with \`secret-hygiene baseline\`.`);
  }
  const repository = typeof top.repository === 'string' && top.repository !== '' ? top.repository : undefined;
  return { entries: normalizeEntries(entries), legacy: top.version === 1, olderFingerprints: top.version === 2, ...(repository !== undefined ? { repository } : {}) };
}

/** Reads a baseline file; `shown` is how to name it in messages. A missing file is an error. */
export async function readBaseline(file: string, shown = file, root?: string): Promise<Baseline> {
  let text: string | null;
  try {
    text = readToolText(file, { shown, maxBytes: TOOL_FILE_CAPS.baseline, ...(root !== undefined ? { root } : {}), tooLargeHint: 'prune it with `secret-hygiene baseline --prune`' });
  } catch (err) {
    if (err instanceof ToolFileError) throw new BaselineError(err.message);
    throw err;
  }
  if (text === null) throw new BaselineError(`${shown}: no such baseline file. Write one with \`secret-hygiene baseline\` (it accepts every current finding).`);
  return parseBaseline(shown, text);
}

/** The baseline a scan reads: the file, and how messages and notes name it. */
export interface BaselineChoice {
  file: string;
  shown: string;
}

/**
 * Which baseline a scan reads, in order: none with `--no-baseline` (the Action's `baseline: none`);
 * the file given (`--baseline FILE`, against `cwd`); the configuration's `baseline` (against the
 * scanned `root`); else ${BASELINE_FILE_NAME} in `root` when it exists, the file `secret-hygiene
 * baseline` writes, so accepting findings once is enough for the CLI, the hook and the Action. A
 * file named explicitly must exist (readBaseline says so); the default one is optional. A link
 * counts as present, and readBaseline refuses it.
 */
export function chooseBaseline(options: { root: string; cwd: string; given?: string | undefined; none?: boolean; configured?: string | undefined }): BaselineChoice | undefined {
  if (options.none === true) return undefined;
  if (options.given !== undefined) return { file: resolve(options.cwd, options.given), shown: options.given };
  if (options.configured !== undefined) return { file: resolve(options.root, options.configured), shown: options.configured.replace(/\\/g, '/').replace(/^\.\//, '') };
  const file = resolve(options.root, BASELINE_FILE_NAME);
  return lstatSync(file, { throwIfNoEntry: false }) === undefined ? undefined : { file, shown: BASELINE_FILE_NAME };
}
