/**
 * Reads `git diff --unified=0` output into the lines each file gains. Only hunk headers and file
 * headers are parsed (`+++ b/path`, `new file mode`), so the cost is the size of the diff and no
 * line content is kept. Paths are read from `diff --git` lines written with `-z`-free quoting
 * rules: git quotes paths with special characters ("a\tb"), which we unquote.
 */
export type ChangedLines = Map<string, Set<number> | 'all'>;

export function parseUnifiedDiff(diff: string): ChangedLines {
  const out: ChangedLines = new Map();
  let current: string | null = null;
  let isNew = false;
  for (const line of diff.split('\n')) {
    if (line.startsWith('diff --git ')) {
      current = null;
      isNew = false;
      continue;
    }
    if (line.startsWith('new file mode')) {
      isNew = true;
      continue;
    }
    if (line.startsWith('+++ ')) {
      // git ends the name with a TAB when it contains a space (diff.c: for GNU patch).
      const target = line.slice(4).replace(/\t$/, '');
      if (target === '/dev/null') {
        current = null;
        continue;
      }
      current = stripPrefix(unquote(target));
      if (isNew) out.set(current, 'all');
      else if (!out.has(current)) out.set(current, new Set());
      continue;
    }
    if (line.startsWith('@@') && current !== null) {
      const entry = out.get(current);
      if (entry === 'all' || entry === undefined) continue;
      const m = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (!m) continue;
      const start = Number(m[1]);
      const count = m[2] === undefined ? 1 : Number(m[2]);
      for (let l = start; l < start + count; l++) entry.add(l);
    }
  }
  return out;
}

function stripPrefix(p: string): string {
  return p.startsWith('b/') ? p.slice(2) : p;
}

/** git's C-style quoting of unusual paths: "b/caf\303\251 \"x\".env". */
export function unquote(p: string): string {
  if (!p.startsWith('"') || !p.endsWith('"')) return p;
  const body = p.slice(1, -1);
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'));
      continue;
    }
    const n = body[i + 1] ?? '';
    if (/[0-7]/.test(n)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
      continue;
    }
    const map: Record<string, string> = { n: '\n', t: '\t', '"': '"', '\\': '\\', a: '\x07', b: '\b', f: '\f', r: '\r', v: '\v' };
    bytes.push(...Buffer.from(map[n] ?? n, 'utf8'));
    i += 1;
  }
  return Buffer.from(bytes).toString('utf8');
}
