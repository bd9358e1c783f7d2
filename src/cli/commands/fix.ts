import { lstatSync, realpathSync, statSync, type Stats } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { auditSource, fingerprinterFor, worktreeOptions } from '../../audit.js';
import { loadConfig } from '../../config/load.js';
import { createSecretNameMatcher } from '../../core/secret-names.js';
import type { Finding } from '../../core/types.js';
import { planFixes, type FileState } from '../../fix/plan.js';
import { redactedPatch } from '../../fix/redacted-diff.js';
import { createDocumentParser } from '../../parsers/index.js';
import { ruleById, RULES } from '../../rules/index.js';
import { confinedPath, isInside, readToolFile, TOOL_FILE_CAPS, ToolFileError } from '../../fs/tool-file.js';
import { writeFileAtomic } from '../../secrets/atomic-write.js';
import { decodeText } from '../../sources/decode.js';
import { runGit } from '../../sources/run-git.js';
import { worktreeSource } from '../../sources/worktree.js';
import { plural } from '../../reporters/text.js';
import type { CliIO } from '../io.js';
import { parseCommand, suggestSimilar } from '../parse-command.js';
import { EXIT, nthArgument, UsageError } from '../usage-error.js';

export const fixHelp = `Usage: secret-hygiene fix [PATH | FILE...] [--write] [--rule ID] [--config FILE]

Prints the mechanical repairs as a unified diff and changes nothing; --write applies them.
Given files instead of a directory (as the pre-commit hook does), only their findings are fixed.
Findings with no safe repair are listed with the manual step. Exit 0 when nothing is left
that needs a manual fix, 1 when such findings remain, 2 on error.
`;

const MAX_PASSES = 5;

export async function fixCommand(argv: string[], io: CliIO): Promise<number> {
  const parsed = parseCommand(
    'secret-hygiene fix',
    argv,
    io,
    {
      write: { type: 'boolean', default: false },
      rule: { type: 'string', multiple: true },
      config: { type: 'string' },
    },
    fixHelp,
  );
  if (parsed === null) return EXIT.clean;
  const { values, positionals } = parsed;
  const { root, only } = fixTarget(io.cwd, positionals);
  const rules = values.rule ?? [];
  for (const id of rules) {
    if (!ruleById(id)) throw new UsageError(`${ruleIdShown(id)}. Rule ids: ${RULES.map((r) => r.meta.id).join(', ')}.`);
  }
  const config = await loadConfig(root, values.config === undefined ? undefined : resolve(io.cwd, values.config));
  const parse = createDocumentParser(createSecretNameMatcher(config.secretNames), config.secretNames);
  const selected = (f: Finding) => (rules.length === 0 || rules.includes(f.ruleId)) && (only === null || only.has(f.file));
  // Every file fix reads or writes is inside the root, reached without links, a regular file
  // and capped: a repository's `.gitignore -> /etc/passwd` is neither shown nor copied in.
  const read = (file: string): FileState => {
    try {
      const abs = confinedPath(root, file);
      const cap = file === '.gitignore' ? TOOL_FILE_CAPS.gitignore : config.maxFileBytes;
      const bytes = readToolFile(abs, { shown: file, maxBytes: cap, root });
      if (bytes === null) return { text: '', hasBom: false, exists: false };
      const { text, hasBom } = decodeText(bytes);
      return { text, hasBom, exists: true };
    } catch (err) {
      if (err instanceof ToolFileError) return { text: '', hasBom: false, exists: false, refused: err.message };
      throw err;
    }
  };

  const out: string[] = [];
  const commands = new Set<string>();
  /** Removed text per file, to tell values a commit holds from values only staged or local. */
  const removed: { file: string; text: string }[] = [];
  let totalFixed = 0;
  const touched = new Set<string>();
  let last: Finding[] = [];
  const blocked = new Set<string>();
  // One fingerprinter for every pass and the final check: a value is hashed once per run, and the
  // run's budget of slow fingerprints is spent once, not once per pass (six scans of a file of
  // thousands of short defaults each paid it).
  const fingerprints = await fingerprinterFor(root);
  const audit = () => auditSource(root, worktreeSource(worktreeOptions(root, config)), config, { fingerprints });
  for (let pass = 0; pass < (values.write ? MAX_PASSES : 1); pass++) {
    const result = await audit();
    last = result.findings;
    const plan = planFixes(result.findings.filter(selected), read);
    for (const s of plan.stale) out.push(`skipped ${s.file}:${s.line} (${s.ruleId}): the file changed since the scan; run fix again.`);
    for (const b of plan.blocked) {
      blocked.add(b.finding.fingerprint);
      const line = `not fixed ${b.finding.file}:${b.finding.line} (${b.finding.ruleId}): ${b.reason}`;
      if (!out.includes(line)) out.push(line);
    }
    if (plan.files.length === 0) break;
    const beforeOf = new Map(plan.files.map((fp) => [fp.file, fp.before.text]));
    for (const f of plan.fixed) {
      for (const c of f.fix?.commands ?? []) commands.add(c);
      if (!f.fix?.removesCommittedValue) continue;
      for (const e of f.fix.edits) {
        const before = beforeOf.get(e.file);
        if (e.file === f.file && before !== undefined && e.end > e.start) removed.push({ file: e.file, text: before.slice(e.start, e.end) });
      }
    }
    totalFixed += plan.fixed.length;
    for (const fp of plan.files) {
      touched.add(fp.file);
      if (values.write) {
        await writeRepoFile(root, fp.file, (fp.before.hasBom ? '\ufeff' : '') + fp.after);
      } else {
        // The removed lines hold the secrets being removed: their spans are masked before diffing.
        out.push(redactedPatch(fp.file, fp.before.text, fp.after, parse).trimEnd());
      }
    }
    if (!values.write) break;
  }

  const remaining = values.write ? (await audit()).findings.filter(selected) : last.filter(selected);
  const manual = remaining.filter((f) => !f.fix || f.fix.edits.length === 0 || blocked.has(f.fingerprint));
  if (values.write) out.push(totalFixed > 0 ? `Fixed ${plural(totalFixed, 'finding')} in ${plural(touched.size, 'file')}: ${[...touched].sort().join(', ')}.` : 'Nothing to fix automatically.');
  else if (touched.size === 0) out.push('Nothing to fix automatically.');
  else out.push(`\n${plural(touched.size, 'file')} would change. Run \`secret-hygiene fix --write\` to apply.`);
  if (commands.size > 0) {
    out.push('', 'Then run (fix never untracks files or creates secrets itself):');
    for (const c of [...commands].sort()) out.push(`  ${c}`);
  }
  if (await isAnyInHeadCommit(root, removed, config.maxFileBytes)) {
    out.push(
      '',
      'The removed values are still in git history and in every clone: treat them as leaked and rotate them.',
      'Generate new ones with `secret-hygiene generate` (`generate --rotate --env-file .env --key NAME` keeps the old value as NAME_PREVIOUS for a grace period).',
    );
  } else if (removed.length > 0) {
    // Only staged or local (the pre-commit fix hook's usual case): no commit holds them yet.
    out.push('', 'The removed values are in no commit yet (HEAD does not hold them): with the fixed files staged, they stay out of git history. Rotate them only if they were shared elsewhere.');
  }
  if (manual.length > 0) {
    out.push('', `${plural(manual.length, 'finding')} ${manual.length === 1 ? 'needs' : 'need'} a manual fix:`);
    // Whole sentences: the help is wrapped in the source, never cut at its first line break.
    for (const f of manual) out.push(`  ${f.file}:${f.line}  ${f.ruleId}: ${oneLine(f.suggestion ?? ruleById(f.ruleId)?.meta.help ?? f.message)}`);
  }
  io.stdout(out.join('\n') + '\n');
  return manual.length > 0 ? EXIT.findings : EXIT.clean;
}

/**
 * At most this many removed values are looked for in HEAD: past it the answer is "yes", so the
 * warning to rotate is never dropped, and a file of thousands of fixed defaults costs one read and
 * a bounded search, not two git processes and a search of the whole file per value.
 */
const MAX_HEAD_LOOKUPS = 256;

/**
 * Whether the HEAD commit holds any of the removed spans (in the same file). Each file's HEAD
 * version is read once. No repository, no commit yet, or a file HEAD lacks: not held. A HEAD
 * version too large to read, or more values than MAX_HEAD_LOOKUPS, counts as held, so the
 * warning to rotate is never dropped by a cap.
 */
async function isAnyInHeadCommit(root: string, removed: readonly { file: string; text: string }[], maxBytes: number): Promise<boolean> {
  const byFile = new Map<string, Set<string>>();
  for (const r of removed) {
    let texts = byFile.get(r.file);
    if (!texts) byFile.set(r.file, (texts = new Set()));
    texts.add(r.text);
  }
  let lookups = 0;
  for (const [file, texts] of byFile) {
    const head = await headVersion(root, file, maxBytes);
    if (head === 'too-large') return true;
    if (head === null) continue;
    for (const text of texts) {
      if (++lookups > MAX_HEAD_LOOKUPS) return true;
      if (head.includes(text)) return true;
    }
  }
  return false;
}

/** HEAD's version of `file`, 'too-large' over `maxBytes`, or null (no repository, no commit yet, or HEAD lacks the file). */
async function headVersion(root: string, file: string, maxBytes: number): Promise<string | 'too-large' | null> {
  const spec = `HEAD:./${file}`;
  try {
    const size = Number((await runGit(root, ['cat-file', '-s', spec])).trim());
    if (!Number.isFinite(size) || size > maxBytes) return 'too-large';
    return await runGit(root, ['cat-file', 'blob', spec]);
  } catch {
    return null;
  }
}

/**
 * One directory to fix, or files (all fixes then run from the working directory, limited to them).
 * The root is a real path, so "no link below the root" can be checked component by component.
 */
function fixTarget(cwd: string, positionals: string[]): { root: string; only: Set<string> | null } {
  if (positionals.length <= 1) {
    // The directory is the user's choice (a link to it is fine); what is below it is the repository's.
    const given = resolve(cwd, positionals[0] ?? '.');
    const st = statOrNull(given);
    if (st === null) throw new UsageError(`${nthArgument(0)} names no file or directory (not shown: it may be a value). Give the directory to fix (default .) or files in it.`);
    if (st.isDirectory()) return { root: realpathSync(given), only: null };
  }
  const root = realpathSync(cwd);
  const only = new Set<string>();
  for (const [i, p] of positionals.entries()) {
    const abs = resolve(root, p);
    const st = lstatOrNull(abs);
    if (st === null) throw new UsageError(`${nthArgument(i)} names no file (not shown: it may be a value). Give one directory, or files.`);
    if (st?.isSymbolicLink()) throw new UsageError(`'${p}' is a symbolic link: fix does not write through links. Give the file it points to.`);
    if (!st?.isFile()) throw new UsageError(`'${p}' is not a file. Give one directory, or files.`);
    if (!isInside(root, abs)) throw new UsageError(`'${p}' is outside ${root}: fix only changes files inside the directory it runs in.`);
    // A linked directory on the way could lead anywhere (the scan does not follow it either).
    try {
      confinedPath(root, relative(root, abs), `'${p}'`);
    } catch (err) {
      if (err instanceof ToolFileError) throw new UsageError(err.message);
      throw err;
    }
    only.add(relative(root, abs).split(sep).join('/'));
  }
  return { root, only };
}

/** "--rule 'weak-secrte' is not a rule id (did you mean weak-secret?)"; a word not shaped like a rule id is not repeated. */
function ruleIdShown(id: string): string {
  const ids = RULES.map((r) => r.meta.id);
  if (!/^[a-z][a-z0-9-]{0,39}$/.test(id)) return '--rule takes a rule id, and one given is not (not shown: it may be a value)';
  const suggestion = suggestSimilar(id, ids);
  return `--rule '${id}' is not a rule id${suggestion !== undefined ? ` (did you mean ${suggestion}?)` : ''}`;
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/**
 * Replaces a file of the repository: checked to stay inside the root without passing a link, then
 * written through an exclusive, randomly named temporary file, flushed and renamed (see
 * atomic-write.ts). Keeps the file's permission bits (setuid and setgid are dropped by design).
 */
async function writeRepoFile(root: string, file: string, text: string): Promise<void> {
  const abs = confinedPath(root, file);
  const st = lstatOrNull(abs);
  await writeFileAtomic(abs, Buffer.from(text, 'utf8'), {
    mode: st ? st.mode & 0o777 : 0o644,
    ...(st ? { owner: { uid: st.uid, gid: st.gid } } : {}),
  });
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}
