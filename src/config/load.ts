import { lstatSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document as YamlDocument } from 'yaml';
import { BASELINE_FILE_NAME } from '../baseline/file.js';
import { RULES } from '../rules/index.js';
import { safeErrorText } from '../core/safe-errors.js';
import { readToolText, TOOL_FILE_CAPS, ToolFileError } from '../fs/tool-file.js';
import { ConfigError, type ConfigProblem } from './errors.js';
import { literalGlob } from './globs.js';
import { CONFIG_FILE_NAMES } from './schema.js';
import type { ResolvedConfig } from './types.js';
import { validateConfig, type LocatedProblem } from './validate.js';
import { loadWeakValuesFile } from './weak-values-file.js';

/** Aliases a config file may expand; far more than any real file needs, far fewer than a "billion laughs". */
const MAX_ALIAS_COUNT = 100;

/**
 * Loads `.secret-hygiene.yml` (or `.yaml`, `.json`) from `root`, or `configPath` when given, and
 * validates it. Throws a ConfigError listing every problem (exit 2). The configuration file and
 * the default baseline file are excluded from the scan implicitly.
 */
export async function loadConfig(root: string, configPath?: string): Promise<ResolvedConfig> {
  const file = configPath ?? findConfigFile(root);
  const implicit = [BASELINE_FILE_NAME];
  if (file === undefined) return excludeImplicitly(validateConfig(null, { ruleIds: ruleIds() }).config, implicit);

  const shown = displayPath(root, file);
  let text: string | null;
  try {
    // Not followed if a link, capped: a repository's `.secret-hygiene.yml -> /proc/self/environ`
    // must not be read, let alone quoted in an error.
    text = readToolText(file, { shown, maxBytes: TOOL_FILE_CAPS.config, root, tooLargeHint: 'a configuration is a few hundred bytes; make it smaller' });
  } catch (err) {
    if (!(err instanceof ToolFileError)) throw err;
    throw new ConfigError(shown, [{ key: '(file)', message: err.message, allowed: `a regular YAML or JSON file of at most ${TOOL_FILE_CAPS.config} bytes` }]);
  }
  if (text === null) {
    throw new ConfigError(shown, [{ key: '(file)', message: 'the configuration file does not exist', allowed: `a YAML or JSON file; without --config, ${CONFIG_FILE_NAMES.join(', ')} in the scanned directory` }]);
  }
  const config = parseConfigText(shown, text, file.endsWith('.json') ? 'json' : 'yaml');
  const rel = relative(root, file);
  if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) implicit.push(rel.split(sep).join('/'));
  if (config.weakValuesFile !== undefined) {
    // Relative to the scanned directory (like `exclude`), whichever file the setting is in.
    config.weakList = loadWeakValuesFile(root, config.weakValuesFile, 'config');
    implicit.push(config.weakValuesFile.replace(/\\/g, '/').replace(/^\.\//, ''));
  }
  // The baseline it names is never scanned itself, like the default one.
  if (config.baselineFile !== undefined) implicit.push(config.baselineFile.replace(/\\/g, '/').replace(/^\.\//, ''));
  return excludeImplicitly(config, implicit);
}

/**
 * Parses and validates a configuration's text. Throws a ConfigError with every problem: syntax
 * errors, unknown keys, wrong types, bad globs.
 */
export function parseConfigText(name: string, text: string, syntax: 'yaml' | 'json'): ResolvedConfig {
  const problems: ConfigProblem[] = [];
  let raw: unknown = null;
  let locate: (path: readonly (string | number)[]) => number | undefined = () => undefined;
  if (syntax === 'json') {
    try {
      raw = text.trim() === '' ? null : JSON.parse(text);
    } catch (err) {
      problems.push({ key: '(file)', message: `is not valid JSON: ${safeErrorText(err)}`, example: '{ "fail-on": "error" }' });
    }
  } else {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    for (const e of doc.errors) {
      problems.push({ key: '(file)', message: `is not valid YAML: ${safeErrorText(e)}`, line: lines.linePos(e.pos[0]).line });
    }
    if (doc.errors.length === 0) {
      try {
        raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch (err) {
        problems.push({ key: '(file)', message: `could not be read: ${safeErrorText(err)}` });
      }
      locate = (path) => lineOf(doc, lines, path);
    }
  }
  if (problems.length > 0) throw new ConfigError(name, problems);
  const result = validateConfig(raw, { ruleIds: ruleIds(), syntax });
  if (result.problems.length > 0) throw new ConfigError(name, result.problems.map((p) => withLine(p, locate(p.path))));
  return result.config;
}

/** The configuration file at the root, if any; two of them at once is an error (which one would win?). */
export function findConfigFile(root: string): string | undefined {
  // A link counts as present (and is then refused): skipping it would scan with defaults silently.
  const found = CONFIG_FILE_NAMES.filter((n) => lstatSync(join(root, n), { throwIfNoEntry: false }) !== undefined);
  if (found.length > 1) {
    throw new ConfigError(found.join(', '), [
      { key: '(file)', message: `${found.length} configuration files in one directory; only one is read`, allowed: `one of ${CONFIG_FILE_NAMES.join(', ')}: merge them and delete the others` },
    ]);
  }
  return found[0] === undefined ? undefined : join(root, found[0]);
}

/**
 * The configuration with one more file left out of the scan (`file` absolute; ignored when it is
 * outside `root`): the baseline a scan reads is never itself scanned.
 */
export function withExcludedFile(config: ResolvedConfig, root: string, file: string): ResolvedConfig {
  const rel = relative(root, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return config;
  return excludeImplicitly(config, [rel.split(sep).join('/')]);
}

/**
 * The configuration with the wordlist `--weak-values-file PATH` names (resolved against `cwd`;
 * it may lie outside the repository, but is never reached through a link). It replaces the
 * configuration's `weak-values-file`, and is left out of the scan when it is inside the root.
 */
export function withWeakValuesFile(config: ResolvedConfig, root: string, path: string, cwd: string): ResolvedConfig {
  const weakList = loadWeakValuesFile(root, path, 'cli', cwd);
  return withExcludedFile({ ...config, weakList }, root, resolve(cwd, path));
}

function excludeImplicitly(config: ResolvedConfig, paths: readonly string[]): ResolvedConfig {
  const globs = paths.map(literalGlob).filter((g) => !config.exclude.includes(g));
  return { ...config, exclude: [...config.exclude, ...globs] };
}

function ruleIds(): string[] {
  return RULES.map((r) => r.meta.id);
}

function withLine(p: LocatedProblem, line: number | undefined): ConfigProblem {
  const { path: _path, ...rest } = p;
  return line === undefined ? rest : { ...rest, line };
}

/** 1-based line of the key at `path` (for a list item, of the item). */
function lineOf(doc: YamlDocument, lines: LineCounter, path: readonly (string | number)[]): number | undefined {
  let node: unknown = doc.contents;
  let offset: number | undefined;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return undefined;
      offset = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item: unknown = node.items[seg];
      offset = isScalar(item) || isMap(item) || isSeq(item) ? item.range?.[0] : undefined;
      node = item;
    } else return undefined;
  }
  return offset === undefined ? undefined : lines.linePos(offset).line;
}

function displayPath(root: string, file: string): string {
  const rel = relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : file;
}
