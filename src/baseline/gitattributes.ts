import { join } from 'node:path';
import { readToolText, TOOL_FILE_CAPS } from '../fs/tool-file.js';
import { writeRepoFile } from '../fs/write-file.js';

/**
 * Makes git merge the baseline with the built-in `union` driver: where two branches insert entry
 * lines at the same place, both are kept instead of a conflict. Safe because every entry is one
 * self-contained line (see file.ts). Writes `/<name> merge=union` to the `.gitattributes` beside the
 * baseline unless a line for it is there already.
 */
export async function ensureUnionMerge(dir: string, name: string, root = dir): Promise<'added' | 'present' | 'skipped'> {
  // A name with spaces or glob characters would need quoting rules gitattributes does not have.
  if (/[\s*?[\]\\!#"]/.test(name)) return 'skipped';
  const file = join(dir, '.gitattributes');
  // Read and replaced without following a link, inside `root` (the repository).
  const text = readToolText(file, { shown: '.gitattributes', maxBytes: TOOL_FILE_CAPS.gitattributes, root }) ?? '';
  const present = text.split(/\r?\n/).some((line) => {
    const [pattern, ...attrs] = line.trim().split(/\s+/);
    return (pattern === name || pattern === `/${name}`) && attrs.includes('merge=union');
  });
  if (present) return 'present';
  const sep = text === '' || text.endsWith('\n') ? '' : '\n';
  await writeRepoFile(root, file, `${text}${sep}# git keeps both branches' entries of the secret-hygiene baseline when merging\n/${name} merge=union\n`, { shown: '.gitattributes', hint: 'make it writable, or run with --no-gitattributes' });
  return 'added';
}
