import { normalizeKey } from '../core/secret-names.js';
import { safeErrorText } from '../core/safe-errors.js';
import type { SecretAssignment, Span } from '../core/types.js';
import { emptyParse, type Parser } from './parser.js';
import { shapeOfValue } from './value-shape.js';
import { contextFor } from './yaml-source.js';

/**
 * Application config in the key = value families that are not YAML, JSON or properties:
 *  - HOCON (`application.conf`: Play, Akka, Ktor, Silhouette): nested objects (`jwt { secret = "x" }`),
 *    dotted keys (`play.http.secret.key = "x"`), `=` or `:`, `#` and `//` comments, and
 *    substitutions: a later `secret = ${?JWT_SECRET}` makes the literal before it a default that
 *    the environment may override, `${JWT_SECRET}` reads it strictly.
 *  - TOML (`Rocket.toml`, `fly.toml`, `config.toml`): `[tables]`, dotted and quoted keys, the four
 *    string forms.
 *  - INI (`app.ini` of go-ini, `config.ini`, `settings.cfg`): `[sections]`, `key = value` or
 *    `key: value`, `;` and `#` comment lines, values to the end of the line.
 * Keys are the section or object path joined with `.` (`default.secret_key`, `jwt.secret`), so the
 * secret-name matcher sees what a YAML file of the same shape would give it. One pass, left to right,
 * no regex over unbounded text; arrays and other values are stepped over, not read.
 */

export type ConfDialect = 'hocon' | 'toml' | 'ini';

/** The dialect of a path, or undefined for files this parser does not read. */
export function confDialectOf(path: string): ConfDialect | undefined {
  const base = (path.split('/').pop() ?? '').toLowerCase();
  if (base.endsWith('.conf') || base.endsWith('.hocon')) return 'hocon';
  if (base.endsWith('.toml')) return 'toml';
  if (base.endsWith('.ini') || base.endsWith('.cfg')) return 'ini';
  return undefined;
}

/** Entries read from one file; a hostile file of millions of keys stops here. */
const MAX_ENTRIES = 200_000;
/** How deep HOCON objects may nest before the rest is read flat. */
const MAX_DEPTH = 64;

type ValueKind = 'string' | 'bare' | 'substitution' | 'other';

interface Entry {
  path: string[];
  keySpan: Span;
  kind: ValueKind;
  /** Decoded text for strings and bare values; the referenced name for substitutions. */
  value: string;
  span: Span;
  /** `${?X}`: the environment (or another path) may set it, else the earlier value stands. */
  optional: boolean;
}

/**
 * pytest's own section of `setup.cfg` (`[tool:pytest]`, pytest-env's `env =` lines) and the
 * test environments of `tox` configure a throwaway test run, whatever file holds them.
 */
function isTestSection(path: readonly string[]): boolean {
  const head = (path[0] ?? '').toLowerCase();
  return head === 'pytest' || head === 'tool:pytest' || head === 'testenv' || head.startsWith('testenv:') || (head === 'tool' && path[1]?.toLowerCase() === 'pytest');
}

export const parseConf: Parser = (doc, options) => {
  const parsed = emptyParse('conf');
  const dialect = confDialectOf(doc.path);
  if (!dialect) return parsed;
  try {
    const context = contextFor(doc, 'conf');
    const entries = new Scanner(doc.text, dialect).run();
    const byKey = new Map<string, Entry[]>();
    for (const e of entries) {
      const key = e.path.join('.');
      const list = byKey.get(key) ?? [];
      list.push(e);
      byKey.set(key, list);
    }
    for (const [key, list] of byKey) {
      const keyId = normalizeKey(key);
      if (!options.names.isSecretKey(keyId)) continue;
      list.forEach((e, n) => {
        const a = classify(e, list[n + 1], list[n - 1]);
        if (a) parsed.assignments.push({ key, keyId, keySpan: e.keySpan, context: isTestSection(e.path) ? { ...context, role: 'test' } : context, ...a });
      });
    }
    parsed.assignments.sort((a, b) => a.span.start - b.span.start);
  } catch (error) {
    parsed.problems.push(`could not parse the ${dialect} file: ${safeErrorText(error)}`);
  }
  return parsed;
};

type Classified = Pick<SecretAssignment, 'origin' | 'value' | 'envName' | 'span'>;

/**
 * What one entry binds, given the entry that next sets the same key: a literal stands unless a
 * later literal or strict substitution replaces it; before `${?X}` it is X's default.
 */
function classify(e: Entry, next: Entry | undefined, prev: Entry | undefined): Classified | null {
  if (e.kind === 'other') return null;
  if (e.kind === 'substitution') {
    if (next && (next.kind !== 'substitution' || !next.optional)) return null;
    // `${?X}` after a value: that value's default finding says it all.
    if (e.optional && prev && (prev.kind === 'string' || prev.kind === 'bare')) return null;
    return { origin: 'env', envName: normalizeKey(e.value), span: e.span };
  }
  if (next && !(next.kind === 'substitution' && next.optional)) return null;
  const shape = shapeOfValue(e.value);
  if (shape === 'empty') return null;
  if (shape !== 'literal') return { origin: shape, span: e.span };
  if (next) return { origin: 'default', value: e.value, envName: normalizeKey(next.value), span: e.span };
  return { origin: 'literal', value: e.value, span: e.span };
}

class Scanner {
  private i = 0;
  private readonly out: Entry[] = [];
  /** Open HOCON objects: the path each one adds. */
  private readonly stack: string[][] = [];
  /** TOML/INI: the current `[section]`. */
  private section: string[] = [];

  constructor(
    private readonly text: string,
    private readonly dialect: ConfDialect,
  ) {}

  run(): Entry[] {
    const n = this.text.length;
    while (this.i < n && this.out.length < MAX_ENTRIES) {
      const before = this.i;
      this.statement();
      // Every statement moves on, whatever it held: at worst past the rest of its line.
      if (this.i <= before) this.i = this.lineEnd(before) + 1;
    }
    return this.out;
  }

  private statement(): void {
    this.skipBlank(true);
    const t = this.text;
    const c = t[this.i];
    if (c === undefined) return;
    if (this.atComment()) {
      this.i = this.lineEnd(this.i);
      return;
    }
    if (c === ',' || c === ';') {
      this.i++;
      return;
    }
    if (this.dialect === 'hocon') {
      if (c === '}') {
        this.stack.pop();
        this.i++;
        return;
      }
      if (c === '{') {
        this.push([]);
        this.i++;
        return;
      }
      if (t.startsWith('include', this.i) && /[\s"(]/.test(t[this.i + 7] ?? '')) {
        this.i = this.lineEnd(this.i);
        return;
      }
    } else if (c === '[') {
      this.header();
      return;
    }
    const keyStart = this.i;
    const key = this.readKey();
    if (key === null || key.length === 0) {
      this.i = this.lineEnd(this.i);
      return;
    }
    const keySpan = { start: keyStart, end: this.keyEnd };
    this.skipBlank(false);
    const sep = t[this.i];
    if (this.dialect === 'hocon' && sep === '+' && t[this.i + 1] === '=') {
      // `list += x` appends to an array: never a secret's value.
      this.i = this.lineEnd(this.i);
      return;
    }
    if (sep === '=' || (sep === ':' && this.dialect !== 'toml')) {
      this.i++;
      this.skipBlank(false);
    } else if (!(this.dialect === 'hocon' && sep === '{')) {
      this.i = this.lineEnd(this.i);
      return;
    }
    if (this.dialect === 'hocon' && t[this.i] === '{') {
      this.push(key);
      this.i++;
      return;
    }
    this.value([...this.prefix(), ...key], keySpan);
  }

  private push(path: string[]): void {
    if (this.stack.length < MAX_DEPTH) this.stack.push(path);
    else this.stack.push([]);
  }

  private prefix(): string[] {
    return this.dialect === 'hocon' ? this.stack.flat() : this.section;
  }

  /** `[table]`, `[[array.of.tables]]`, `[section name]`. */
  private header(): void {
    const t = this.text;
    const end = this.lineEnd(this.i);
    let s = this.i + 1;
    if (t[s] === '[') s++;
    let e = t.indexOf(']', s);
    if (e === -1 || e > end) {
      this.i = end;
      return;
    }
    const inner = t.slice(s, e).trim();
    this.section = this.dialect === 'toml' ? splitDotted(inner) : [inner];
    e = t[e + 1] === ']' ? e + 2 : e + 1;
    this.i = e;
  }

  private keyEnd = 0;

  /** A key: bare or quoted parts joined by `.` (INI keys are taken whole, dots and all, as written). */
  private readKey(): string[] | null {
    const t = this.text;
    const parts: string[] = [];
    let part = '';
    for (let steps = 0; steps < 1024; steps++) {
      const c = t[this.i];
      if (c === '"' || (c === "'" && this.dialect === 'toml')) {
        const s = this.readQuoted(c);
        if (s === null) return null;
        part += s.value;
        continue;
      }
      if (c === undefined || !isKeyChar(c, this.dialect)) break;
      if (c === '.' && this.dialect !== 'ini') {
        parts.push(part);
        part = '';
      } else {
        part += c;
      }
      this.i++;
    }
    this.keyEnd = this.i;
    // INI keys may hold spaces (`secret key = x`): trailing blanks are not part of them.
    if (this.dialect === 'ini') part = part.trimEnd();
    parts.push(part);
    return parts.some((p) => p === '') ? null : parts;
  }

  private value(path: string[], keySpan: Span): void {
    const t = this.text;
    const c = t[this.i];
    const push = (kind: ValueKind, value: string, span: Span, optional = false) => {
      // A value followed by more on its line (`"a"${?B}`, `x y`) is a concatenation: nothing to judge.
      const rest = this.restOfValue();
      this.out.push({ path, keySpan, kind: rest ? 'other' : kind, value, span, optional });
    };
    if (this.dialect === 'ini') {
      const end = this.lineEnd(this.i);
      let s = this.i;
      let e = end;
      while (e > s && isBlank(t[e - 1])) e--;
      if (e - s >= 2 && (t[s] === '"' || t[s] === "'") && t[e - 1] === t[s]) {
        s++;
        e--;
      }
      this.i = end;
      const raw = t.slice(s, e);
      const sub = /^\$\{([A-Za-z_][A-Za-z0-9_.]{0,127})\}$/.exec(raw);
      if (sub?.[1] !== undefined) this.out.push({ path, keySpan, kind: 'substitution', value: sub[1], span: { start: s, end: e }, optional: false });
      else this.out.push({ path, keySpan, kind: 'bare', value: raw, span: { start: s, end: e }, optional: false });
      return;
    }
    if (c === '"' || (c === "'" && this.dialect === 'toml')) {
      const s = this.readQuoted(c);
      if (s === null) {
        this.i = this.lineEnd(this.i);
        return;
      }
      push('string', s.value, s.span);
      return;
    }
    if (c === '[' || c === '{') {
      this.skipBracketed();
      this.out.push({ path, keySpan, kind: 'other', value: '', span: keySpan, optional: false });
      return;
    }
    if (this.dialect === 'hocon' && c === '$' && t[this.i + 1] === '{') {
      const close = t.indexOf('}', this.i + 2);
      const end = this.lineEnd(this.i);
      if (close === -1 || close > end) {
        this.i = end;
        return;
      }
      const optional = t[this.i + 2] === '?';
      const name = t.slice(this.i + (optional ? 3 : 2), close).trim();
      const span = { start: this.i, end: close + 1 };
      this.i = close + 1;
      push('substitution', name, span, optional);
      return;
    }
    // An unquoted value: to the end of the line, a comment, or (HOCON) a `,` or `}`.
    const s = this.i;
    let e = s;
    const end = this.lineEnd(s);
    while (e < end && !this.valueStops(e)) e++;
    this.i = e;
    let v = e;
    while (v > s && isBlank(t[v - 1])) v--;
    this.out.push({ path, keySpan, kind: 'bare', value: t.slice(s, v), span: { start: s, end: v }, optional: false });
  }

  /** True when something other than blanks, a comment or a separator follows on the value's line. */
  private restOfValue(): boolean {
    const t = this.text;
    let k = this.i;
    while (k < t.length && isBlank(t[k])) k++;
    const c = t[k];
    if (c === undefined || c === '\n' || c === '\r' || c === ',' || c === '}' || c === ';') return false;
    const save = this.i;
    this.i = k;
    const comment = this.atComment();
    this.i = save;
    return !comment;
  }

  private valueStops(k: number): boolean {
    const c = this.text[k];
    if (c === '#') return true;
    if (this.dialect === 'hocon') return c === ',' || c === '}' || (c === '/' && this.text[k + 1] === '/');
    return false;
  }

  /** A quoted string at `this.i`: JSON-style `"..."`, TOML `'literal'`, and the triple forms. */
  private readQuoted(q: string): { value: string; span: Span } | null {
    const t = this.text;
    const triple = t.startsWith(q + q + q, this.i);
    const open = triple ? 3 : 1;
    const contentStart = this.i + open;
    const closer = triple ? q + q + q : q;
    const raw = q === "'";
    let k = contentStart;
    let value = '';
    while (k < t.length) {
      const c = t[k];
      if (!triple && (c === '\n' || c === '\r')) return null;
      if (t.startsWith(closer, k)) {
        this.i = k + open;
        return { value, span: { start: contentStart, end: k } };
      }
      if (c === '\\' && !raw && !triple) {
        const d = t[k + 1];
        value += ESCAPES[d ?? ''] ?? d ?? '';
        k += 2;
        continue;
      }
      value += c;
      k++;
    }
    return null;
  }

  /** Steps over `[...]` or `{...}` (nested, strings inside skipped). */
  private skipBracketed(): void {
    const t = this.text;
    let depth = 0;
    while (this.i < t.length) {
      const c = t[this.i];
      if (c === '"' || c === "'") {
        const q = c;
        this.i++;
        while (this.i < t.length && t[this.i] !== q && t[this.i] !== '\n') this.i += t[this.i] === '\\' ? 2 : 1;
      } else if (c === '#' || (c === '/' && t[this.i + 1] === '/')) {
        this.i = this.lineEnd(this.i);
        continue;
      } else if (c === '[' || c === '{') {
        depth++;
      } else if (c === ']' || c === '}') {
        depth--;
        if (depth <= 0) {
          this.i++;
          return;
        }
      }
      this.i++;
    }
  }

  private atComment(): boolean {
    const c = this.text[this.i];
    if (c === '#') return true;
    if (this.dialect === 'hocon') return c === '/' && this.text[this.i + 1] === '/';
    if (this.dialect === 'ini') return c === ';';
    return false;
  }

  private skipBlank(newlines: boolean): void {
    const t = this.text;
    while (this.i < t.length) {
      const c = t[this.i];
      if (isBlank(c) || (newlines && (c === '\n' || c === '\r'))) this.i++;
      else break;
    }
  }

  private lineEnd(from: number): number {
    const nl = this.text.indexOf('\n', from);
    const end = nl === -1 ? this.text.length : nl;
    return end > from && this.text[end - 1] === '\r' ? end - 1 : end;
  }
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/' };

function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\ufeff';
}

function isKeyChar(c: string, dialect: ConfDialect): boolean {
  const code = c.charCodeAt(0);
  if ((code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || c === '_' || c === '-' || c === '.') return true;
  // INI keys may hold spaces and most punctuation up to `=` or `:`.
  return dialect === 'ini' && c !== '=' && c !== ':' && c !== '\n' && c !== '\r' && c !== ';' && c !== '#' && c !== '[';
}

/** `a."b.c".d` → ['a', 'b.c', 'd'] (TOML table names). */
function splitDotted(s: string): string[] {
  const out: string[] = [];
  let part = '';
  let quote = '';
  for (const c of s) {
    if (quote) {
      if (c === quote) quote = '';
      else part += c;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '.') {
      out.push(part.trim());
      part = '';
    } else {
      part += c;
    }
  }
  out.push(part.trim());
  return out;
}
