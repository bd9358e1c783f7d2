/**
 * Safe loading and walking of YAML (and JSON, which is YAML) for the parsers of compose files,
 * Kubernetes manifests, Helm values, CI files and generic config.
 *
 * The `yaml` package keeps every node's offsets (`range`), so an assignment points at the text
 * as written. Its composer never expands aliases; only our walker does, and it counts the nodes
 * every alias it follows brings in against `maxYamlAliasNodes`: a compose file that merges one
 * anchored environment block into 145 services is well within it, while a billion-laughs file
 * (ten aliases of ten aliases of ...) stops at the budget instead of exhausting memory. Merge keys (`<<: *a`, `<<: [*a, *b]`) are resolved by hand, with YAML 1.1
 * precedence: a key written in the map wins over a merged one, and an earlier merged map wins
 * over a later one. A value reached through an alias keeps the anchored node's offsets: that is
 * where the literal really is, and where an edit must go.
 */
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Node, Scalar, YAMLMap } from 'yaml';
import { environmentOf, isExamplePath } from '../core/path-context.js';
import { shownKeySegment } from '../core/redact.js';
import { safeErrorText } from '../core/safe-errors.js';
import { normalizeKey } from '../core/secret-names.js';
import type { AssignmentContext, Document, FileFormat, SecretAssignment, Span } from '../core/types.js';
import type { ParseOptions } from './parser.js';
import { shapeOfValue } from './value-shape.js';

/** Deeper nesting than this is not walked: no real configuration nests 64 levels. */
export const MAX_YAML_DEPTH = 64;

/** One parsed, error-free YAML document and the walking state that bounds it. */
export interface YamlDoc {
  /** 0-based position of the document in its stream (`---` separated). */
  index: number;
  root: Node | null;
  /** The whole stream's text (offsets of every node are into it). */
  text: string;
  /** This document's own range in `text`, `---` marker included. */
  range: Span;
  /** Follows an alias to its anchored node, counting against the document's budget. */
  resolve(node: unknown): Node | undefined;
  /** Records that nesting went past MAX_YAML_DEPTH (one problem per document). */
  tooDeep(): void;
}

/** A key of a mapping, after merge keys and aliases are resolved. */
export interface MapEntry {
  key: string;
  keyNode: Scalar;
  /** The value with aliases followed; undefined for an empty value (`key:`) or an exhausted budget. */
  readonly value: Node | undefined;
}

/** A scalar's decoded text and where it sits. */
export interface ScalarText {
  value: string;
  /** The value's range in the document text, without quotes (for block scalars: the content). */
  span: Span;
  /** True when `text.slice(span)` equals `value`: offsets inside the value map 1:1 to the file. */
  exact: boolean;
  type: Scalar['type'];
}

/**
 * Parses every document of a YAML stream. A document with parse errors is skipped and reported as
 * `<label> parse error at line N: message` (the first error only: a broken file can hold thousands).
 */
export function loadYaml(text: string, options: ParseOptions, problems: string[], label = 'YAML'): YamlDoc[] {
  let parsed: ReturnType<typeof parseAllDocuments>;
  try {
    parsed = parseAllDocuments(text, { merge: true, uniqueKeys: false, prettyErrors: false, strict: false });
  } catch (err) {
    problems.push(`${label} could not be parsed: ${errorText(err)}`);
    return [];
  }
  const docs = Array.isArray(parsed) ? parsed : [];
  const out: YamlDoc[] = [];
  docs.forEach((d, index) => {
    const first = d.errors[0];
    if (first) {
      const line = lineOf(text, first.pos[0]);
      problems.push(`${label} parse error at line ${line}: ${safeErrorText(first)}`);
      return;
    }
    const range = d.range ? { start: d.range[0], end: d.range[2] } : { start: 0, end: text.length };
    out.push(createYamlDoc(d.contents as Node | null, index, text, range, options, problems));
  });
  return out;
}

function createYamlDoc(
  root: Node | null,
  index: number,
  text: string,
  range: Span,
  options: ParseOptions,
  problems: string[],
): YamlDoc {
  const anchors = collectAnchors(root);
  const sizes = new WeakMap<Node, number>();
  let expanded = 0;
  let budgetReported = false;
  let depthReported = false;
  return {
    index,
    root,
    text,
    range,
    resolve(node: unknown): Node | undefined {
      if (!isAlias(node)) return (node ?? undefined) as Node | undefined;
      const at = node.range?.[0] ?? Number.MAX_SAFE_INTEGER;
      const candidates = anchors.get(node.source) ?? [];
      // An alias refers to the last node with that anchor defined before it (YAML 1.2 §3.2.2.2).
      let found: Node | undefined;
      for (const c of candidates) if ((c.range?.[0] ?? Number.MAX_SAFE_INTEGER) < at) found = c;
      // Only a collection can multiply the work of a walk (billion laughs); a scalar alias costs one read.
      if (!isMap(found) && !isSeq(found)) return found;
      expanded += subtreeSize(found, sizes);
      if (expanded > options.maxYamlAliasNodes) {
        if (!budgetReported) {
          budgetReported = true;
          problems.push(
            `YAML document ${index + 1} expands its aliases to more than ${options.maxYamlAliasNodes} nodes, the shape of an alias bomb; the values reached through further aliases were not scanned`,
          );
        }
        return undefined;
      }
      return found;
    },
    tooDeep(): void {
      if (depthReported) return;
      depthReported = true;
      problems.push(`YAML document ${index + 1} nests deeper than ${MAX_YAML_DEPTH} levels; deeper values were not scanned`);
    },
  };
}

/** Nodes in a collection, itself included, aliases counted as one node each (not followed). Iterative. */
function subtreeSize(node: Node, memo: WeakMap<Node, number>): number {
  const known = memo.get(node);
  if (known !== undefined) return known;
  let n = 0;
  const stack: unknown[] = [node];
  while (stack.length > 0) {
    const cur = stack.pop();
    n++;
    if (isMap(cur)) for (const pair of cur.items) stack.push(pair.key, pair.value);
    else if (isSeq(cur)) for (const item of cur.items) stack.push(item);
  }
  memo.set(node, n);
  return n;
}

/** Anchor name → anchored nodes in document order. Iterative: no recursion on deep input. */
function collectAnchors(root: Node | null): Map<string, Node[]> {
  const anchors = new Map<string, Node[]>();
  const stack: unknown[] = [root];
  const ordered: Node[] = [];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      for (const pair of node.items) stack.push(pair.key, pair.value);
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
    if ((isMap(node) || isSeq(node) || isScalar(node)) && node.anchor) ordered.push(node);
  }
  ordered.sort((a, b) => (a.range?.[0] ?? 0) - (b.range?.[0] ?? 0));
  for (const node of ordered) {
    const name = (node as { anchor?: string }).anchor ?? '';
    const list = anchors.get(name) ?? [];
    list.push(node);
    anchors.set(name, list);
  }
  return anchors;
}

/** True for the YAML merge key `<<` written plain (a quoted `"<<"` is an ordinary key). */
function isMergeKey(key: unknown): boolean {
  if (!isScalar(key) || key.type !== 'PLAIN') return false;
  return key.value === '<<' || (typeof key.value === 'symbol' && key.value.description === '<<');
}

/**
 * The entries of a mapping, with merge keys resolved. Keys that are not scalars (complex keys)
 * are skipped. Returns [] for anything that is not a mapping.
 */
export function mapEntries(y: YamlDoc, node: unknown, depth = 0): MapEntry[] {
  const map = y.resolve(node);
  if (!isMap(map)) return [];
  if (depth > MAX_YAML_DEPTH) {
    y.tooDeep();
    return [];
  }
  const own: MapEntry[] = [];
  const merged: MapEntry[] = [];
  for (const pair of (map as YAMLMap<unknown, unknown>).items) {
    if (isMergeKey(pair.key)) {
      const source = y.resolve(pair.value);
      const sources = isSeq(source) ? source.items : [source];
      for (const s of sources) merged.push(...mapEntries(y, s, depth + 1));
      continue;
    }
    const key = keyText(pair.key);
    if (key === undefined || !isScalar(pair.key)) continue;
    own.push(lazyEntry(y, key, pair.key, pair.value));
  }
  if (merged.length === 0) return own;
  const seen = new Set(own.map((e) => e.key));
  const out = [...own];
  for (const e of merged) {
    if (seen.has(e.key)) continue;
    seen.add(e.key);
    out.push(e);
  }
  return out;
}

/** An entry whose value is resolved on first use, so aliases nobody reads cost nothing. */
function lazyEntry(y: YamlDoc, key: string, keyNode: Scalar, raw: unknown): MapEntry {
  let resolved = false;
  let value: Node | undefined;
  return {
    key,
    keyNode,
    get value(): Node | undefined {
      if (!resolved) {
        value = y.resolve(raw);
        resolved = true;
      }
      return value;
    },
  };
}

/** The value of one key of a mapping (merge keys and aliases resolved). */
export function mapGet(y: YamlDoc, node: unknown, key: string): Node | undefined {
  for (const e of mapEntries(y, node)) if (e.key === key) return e.value;
  return undefined;
}

/** The items of a sequence with aliases followed; [] for anything else. */
export function seqItems(y: YamlDoc, node: unknown): Node[] {
  const seq = y.resolve(node);
  if (!isSeq(seq)) return [];
  const out: Node[] = [];
  for (const item of seq.items) {
    const resolved = y.resolve(item);
    if (resolved !== undefined) out.push(resolved);
  }
  return out;
}

function keyText(key: unknown): string | undefined {
  if (!isScalar(key)) return undefined;
  const v = key.value;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return undefined;
}

/** A scalar's value as a string, when it is a string, number or boolean: the text a secret would be. */
export function scalarText(node: unknown, text: string): ScalarText | undefined {
  if (!isScalar(node) || !node.range) return undefined;
  const [start, end] = node.range;
  const v = node.value;
  if (v === null || v === undefined) return undefined;
  const type = node.type;
  let value: string;
  if (typeof v === 'string') value = v;
  else if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') {
    // `SECRET: 0123` reads as a number; the secret is what was written.
    value = type === 'PLAIN' ? text.slice(start, end) : String(v);
  } else return undefined;
  let span: Span;
  if (type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE') span = { start: start + 1, end: Math.max(start + 1, end - 1) };
  else if (type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED') span = blockContentSpan(text, start, end);
  else span = { start, end };
  return { value, span, exact: text.slice(span.start, span.end) === value, type };
}

/** The content of a block scalar (`|` / `>`): from the first content character to the last one. */
function blockContentSpan(text: string, start: number, end: number): Span {
  let s = text.indexOf('\n', start);
  s = s === -1 || s >= end ? end : s + 1;
  while (s < end && (text[s] === ' ' || text[s] === '\r' || text[s] === '\n')) s++;
  let e = end;
  while (e > s && /\s/.test(text[e - 1] ?? '')) e--;
  return { start: s, end: e };
}

/** The span of a key node (without quotes). */
export function keySpanOf(keyNode: Scalar, text: string): Span | undefined {
  return scalarText(keyNode, text)?.span;
}

/**
 * Visits every mapping reachable from `root` with the path of keys that leads to it (sequence
 * items add no segment), so callers can look at leaf scalars and `{name, value}` pairs.
 */
export function walkMappings(
  y: YamlDoc,
  root: unknown,
  visit: (path: readonly string[], entries: readonly MapEntry[]) => void,
): void {
  const go = (node: unknown, path: string[], depth: number): void => {
    if (depth > MAX_YAML_DEPTH) {
      y.tooDeep();
      return;
    }
    const resolved = y.resolve(node);
    if (isMap(resolved)) {
      const entries = mapEntries(y, resolved);
      visit(path, entries);
      for (const e of entries) {
        if (isMap(e.value) || isSeq(e.value)) go(e.value, [...path, e.key], depth + 1);
      }
    } else if (isSeq(resolved)) {
      for (const item of resolved.items) {
        const r = y.resolve(item);
        if (isMap(r) || isSeq(r)) go(r, path, depth + 1);
      }
    }
  };
  go(root, [], 0);
}

/** A secret-named setting of a configuration tree, with a scalar value. */
export interface ConfigLeaf {
  /** The key path as written, joined with `.`: `auth.jwtSecret`, `Jwt.Key`; or an env-style entry's name. */
  key: string;
  keyId: string;
  keySpan?: Span;
  value: ScalarText;
}

/**
 * The secret-named scalar settings of a configuration tree (Helm values, Spring `application.yml`,
 * `appsettings.json`): every key path joined with `.` and normalised, plus `{name: K, value: v}`
 * entries (the env lists Helm charts pass through to containers).
 */
export function secretLeaves(y: YamlDoc, options: ParseOptions): ConfigLeaf[] {
  const out: ConfigLeaf[] = [];
  const text = y.text;
  walkMappings(y, y.root, (path, entries) => {
    for (const e of entries) {
      const value = scalarText(e.value, text);
      if (!value) continue;
      // A segment that is itself a secret (a random id as a map key) is never part of a printed key path.
      const key = [...path, e.key].map(shownKeySegment).join('.');
      const keyId = normalizeKey(key);
      if (!options.names.isSecretKey(keyId)) continue;
      const leaf: ConfigLeaf = { key, keyId, value };
      const keySpan = keySpanOf(e.keyNode, text);
      if (keySpan) leaf.keySpan = keySpan;
      out.push(leaf);
    }
    const name = scalarText(entries.find((e) => e.key === 'name')?.value, text);
    const value = scalarText(entries.find((e) => e.key === 'value')?.value, text);
    if (name && value && typeof name.value === 'string') {
      const shown = shownKeySegment(name.value);
      const keyId = normalizeKey(shown);
      if (options.names.isSecretKey(keyId)) out.push({ key: shown, keyId, keySpan: name.span, value });
    }
  });
  return out;
}

/** How a value that is not an interpolation reads: a literal, a slot for a tool, or nothing. */
export function originOfPlainValue(value: string): 'literal' | 'template' | 'managed' | null {
  const shape = shapeOfValue(value);
  if (shape === 'empty') return null;
  // A whole value of `${APP_KEY}` in a manifest or config file is a slot that
  // envsubst, a deploy script or the CI fills in (`envsubst < k8s/secrets.yaml | kubectl apply`):
  // no consumer of YAML takes it as the key itself.
  if (shape === 'literal' && /^\s*\$\{[A-Za-z_][A-Za-z0-9_]*\}\s*$/.test(value)) return 'template';
  return shape;
}

/** The context every assignment of a document shares. */
export function contextFor(doc: Document, format: FileFormat, extra: Partial<AssignmentContext> = {}): AssignmentContext {
  const context: AssignmentContext = { format, isExample: isExamplePath(doc.path), ...extra };
  const environment = environmentOf(doc.path);
  if (environment !== undefined) context.environment = environment;
  return context;
}

/**
 * Drops assignments that repeat one already seen (same key, origin and span): a block anchored once
 * and merged into three services is one place in the file, and one finding. The rest come back in
 * file order.
 */
export function dedupeAssignments(assignments: SecretAssignment[]): SecretAssignment[] {
  const seen = new Set<string>();
  const unique = assignments.filter((a) => {
    const id = `${a.keyId}\u0000${a.origin}\u0000${a.span.start}\u0000${a.span.end}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  return unique.sort((a, b) => a.span.start - b.span.start);
}

/** The line ending a file uses, so inserted lines match it. */
export function lineEndingOf(text: string): '\r\n' | '\n' {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** 1-based line of an offset. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  const stop = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < stop; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Offset of the start of the line holding `offset`. */
export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function errorText(err: unknown): string {
  return safeErrorText(err);
}
