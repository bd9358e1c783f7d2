import { createTwoFilesPatch } from 'diff';
import { holdsSecret } from '../core/redact.js';
import type { Document, ParsedDocument, Span } from '../core/types.js';

/**
 * A `fix` diff that prints no secret. Before diffing, both texts have every secret literal span
 * the parsers know (literal and default values as written, escapes and quotes included, and
 * committed JWTs) replaced by a marker of its length, so a value written with escapes
 * (`"\x63…"`, `"\u0030…"`) is hidden whole, not just its decoded form. The markers are the same in
 * both texts, so a line that does not change still diffs as unchanged.
 */
export function redactedPatch(file: string, before: string, after: string, parse: (doc: Document) => ParsedDocument): string {
  const b = maskSecrets(file, before, parse);
  const a = maskSecrets(file, after, parse);
  const patch = createTwoFilesPatch(`a/${file}`, `b/${file}`, b.text, a.text, undefined, undefined, { context: 3 });
  // A line that still holds a known value (one a parser saw but did not place, e.g. in a comment
  // beside it) is left out whole rather than printed with a hole cut into it.
  const values = [...b.values, ...a.values];
  return patch
    .replace(/^=+\n/, '')
    .split('\n')
    .map((line) => (values.some((v) => holdsSecret(line.slice(1), v)) ? `${line.slice(0, 1)}[line holding a secret left out]` : line))
    .join('\n');
}

/** Where the secret literals (and committed JWTs) stand in a text, as the parsers see them. */
export function secretSpans(file: string, text: string, parse: (doc: Document) => ParsedDocument): Span[] {
  return secretPlaces(file, text, parse)?.spans ?? [{ start: 0, end: text.length }];
}

function secretPlaces(file: string, text: string, parse: (doc: Document) => ParsedDocument): { spans: Span[]; values: string[] } | null {
  let parsed: ParsedDocument;
  try {
    parsed = parse({ path: file, text, hasBom: false, origin: 'worktree' });
  } catch {
    return null;
  }
  const spans: Span[] = [];
  const values: string[] = [];
  for (const a of parsed.assignments) {
    if ((a.origin !== 'literal' && a.origin !== 'default') || a.value === undefined || a.value === '') continue;
    spans.push(a.span);
    values.push(a.value);
  }
  for (const j of parsed.jwts ?? []) {
    spans.push(j.span);
    values.push(j.token);
  }
  return { spans, values };
}

/** The text with each secret span replaced by `[secret, N chars]`, and the values those spans decode to. */
export function maskSecrets(file: string, text: string, parse: (doc: Document) => ParsedDocument): { text: string; values: string[] } {
  const places = secretPlaces(file, text, parse);
  // A parser must not throw; if one does, no line of this file can be shown safely.
  if (places === null) return { text: text.replace(/[^\n]+/g, '[line left out: the file could not be parsed]'), values: [] };
  return { text: replaceSpans(text, places.spans), values: places.values };
}

function replaceSpans(text: string, spans: readonly Span[]): string {
  const sorted = [...spans].filter((s) => s.end > s.start).sort((x, y) => x.start - y.start || y.end - x.end);
  let out = '';
  let at = 0;
  for (const s of sorted) {
    if (s.end <= at) continue;
    const start = Math.max(s.start, at);
    out += text.slice(at, start);
    // A span that crosses lines keeps its line breaks, so line numbers in the diff stay true.
    const cut = text.slice(start, s.end);
    out += cut
      .split('\n')
      .map((part) => (part.length > 0 ? `[secret, ${part.length} chars]` : ''))
      .join('\n');
    at = s.end;
  }
  return out + text.slice(at);
}
