import type { ResolvedConfig } from './config/types.js';
import { LineIndex } from './core/lines.js';
import { createSecretNameMatcher } from './core/secret-names.js';
import type { Document } from './core/types.js';
import { createDocumentParser } from './parsers/index.js';
import { isKnownWeak, isPlaceholder } from './rules/secret-strength.js';

/** Characters that appear as themselves in any file format; a value with others may be escaped on disk. */
const VERBATIM = /[A-Za-z0-9_+/=.:@~-]{8,}/g;

/**
 * For a scan of a change (staged, or a diff range): the strings that make another file context for
 * the cross-file rules. Those rules (reused-secret, shared-across-environments) compare secret
 * values, and a finding counts only on a line the change adds, so the only other files that can
 * matter are those holding a value that an added line sets. Each value is looked for as written, base64-encoded (Kubernetes
 * Secret `data`), and by its longest run of plain characters when it may be escaped on disk.
 */
export function addedSecretValues(config: ResolvedConfig): (changed: readonly Document[]) => string[] {
  const names = createSecretNameMatcher(config.secretNames);
  const parse = createDocumentParser(names, config.secretNames);
  return (changed) => {
    const needles: string[] = [];
    for (const doc of changed) {
      if (doc.changedLines === undefined || (doc.changedLines !== 'all' && doc.changedLines.size === 0)) continue;
      let lines: LineIndex | undefined;
      let assignments;
      try {
        assignments = parse(doc).assignments;
      } catch {
        continue; // the scan itself reports the parse failure
      }
      for (const a of assignments) {
        if ((a.origin !== 'literal' && a.origin !== 'default') || a.value === undefined || a.value.trim().length < 4) continue;
        // A public weak value or a placeholder on an added line is reported there already (weak-secret,
        // hardcoded-default). Looking for `secret` or `changeme` elsewhere would read every file that
        // says the word (bench, 10k files: 440 of them, most of the hook's time) to add a reuse
        // finding to a line that fails anyway.
        if (isKnownWeak(a.value, config.weakValues) || isPlaceholder(a.value)) continue;
        if (doc.changedLines !== 'all') {
          lines ??= new LineIndex(doc.text);
          const from = lines.position(a.span.start).line;
          const to = lines.position(a.span.end).line;
          let added = false;
          for (let l = from; l <= to && !added; l++) added = doc.changedLines.has(l);
          if (!added) continue;
        }
        needles.push(...needlesFor(a.value));
      }
    }
    return needles;
  };
}

function needlesFor(value: string): string[] {
  const out = [Buffer.from(value, 'utf8').toString('base64')];
  if (!value.includes('\n')) out.push(value);
  const verbatim = value.match(VERBATIM) ?? [];
  if (verbatim[0] !== value) {
    const longest = verbatim.reduce((best, run) => (run.length > best.length ? run : best), '');
    if (longest !== '') out.push(longest);
  }
  return out;
}
