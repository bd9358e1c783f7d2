import { textHash } from '../core/findings.js';
import type { Finding, TextEdit } from '../core/types.js';
import { applyEdits } from './apply-edits.js';

export interface FileState {
  text: string;
  hasBom: boolean;
  exists: boolean;
  /** Why the file may not be read or written (a link, not a regular file, too large): its fixes are not applied. */
  refused?: string;
}

export interface FilePlan {
  file: string;
  before: FileState;
  after: string;
  applied: number;
}

export interface FixPlan {
  files: FilePlan[];
  /** Findings whose fix was applied in this pass. */
  fixed: Finding[];
  /** Findings whose file changed since the scan (offsets no longer valid). */
  stale: Finding[];
  /** Files hashed to check staleness (once each, however many findings they have), and their characters. */
  hashed: number;
  hashedChars: number;
  /** Findings whose fix touches a file that is refused (see FileState.refused), with the reason. */
  blocked: { finding: Finding; file: string; reason: string }[];
}

/**
 * Groups the fixes of a scan by file and applies them in memory. An edit on the finding's own file
 * is applied only if that file still has the text it was scanned with; an edit on another file
 * (an append to .gitignore) is re-anchored to that file's current end.
 */
export function planFixes(findings: readonly Finding[], read: (file: string) => FileState): FixPlan {
  const byFile = new Map<string, { edits: TextEdit[]; findings: Set<Finding> }>();
  const stale: Finding[] = [];
  const states = new Map<string, FileState>();
  const state = (f: string) => {
    let s = states.get(f);
    if (!s) states.set(f, (s = read(f)));
    return s;
  };
  const hashes = new Map<string, string>();
  let hashedChars = 0;
  const hashOf = (f: string) => {
    let h = hashes.get(f);
    if (h === undefined) {
      const text = state(f).text;
      hashes.set(f, (h = textHash(text)));
      hashedChars += text.length;
    }
    return h;
  };
  const blocked: FixPlan['blocked'] = [];
  for (const finding of findings) {
    const fix = finding.fix;
    if (!fix || fix.edits.length === 0) continue;
    const refused = fix.edits.find((e) => state(e.file).refused !== undefined);
    if (refused) {
      blocked.push({ finding, file: refused.file, reason: state(refused.file).refused ?? '' });
      continue;
    }
    if (fix.baseHash !== undefined && fix.edits.some((e) => e.file === finding.file) && hashOf(finding.file) !== fix.baseHash) {
      stale.push(finding);
      continue;
    }
    for (const edit of fix.edits) {
      let e = edit;
      if (edit.file !== finding.file && edit.start === edit.end) {
        const len = state(edit.file).text.length;
        if (edit.start !== len) e = { ...edit, start: len, end: len };
      }
      let entry = byFile.get(e.file);
      if (!entry) byFile.set(e.file, (entry = { edits: [], findings: new Set() }));
      entry.edits.push(e);
      entry.findings.add(finding);
    }
  }
  const files: FilePlan[] = [];
  const fixed = new Set<Finding>();
  for (const [file, { edits, findings: fs }] of [...byFile].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const before = state(file);
    const result = applyEdits(before.text, edits);
    if (result.applied.length === 0 || result.text === before.text) continue;
    files.push({ file, before, after: result.text, applied: result.applied.length });
    const appliedTexts = new Set(result.applied.map((a) => a.text));
    for (const f of fs) if (f.fix?.edits.every((e) => e.file !== file || appliedTexts.has(e.text))) fixed.add(f);
  }
  return { files, fixed: findings.filter((f) => fixed.has(f)), stale, hashed: hashes.size, hashedChars, blocked };
}
