import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { auditSource, worktreeOptions } from '../../audit.js';
import { loadConfig } from '../../config/load.js';
import { scrub } from '../../core/redact.js';
import { createSecretNameMatcher } from '../../core/secret-names.js';
import type { Finding } from '../../core/types.js';
import { planFixes, type FileState } from '../../fix/plan.js';
import { createDocumentParser } from '../../parsers/index.js';
import { ruleById, RULES } from '../../rules/index.js';
import { decodeText } from '../../sources/decode.js';
import { worktreeSource } from '../../sources/worktree.js';
import type { CliIO } from '../io.js';
import { parseCommand } from '../parse-command.js';
import { EXIT, UsageError } from '../usage-error.js';

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
    if (!ruleById(id)) throw new UsageError(`--rule '${id}' is not a rule id. Rule ids: ${RULES.map((r) => r.meta.id).join(', ')}.`);
  }
  const config = await loadConfig(root, values.config === undefined ? undefined : resolve(io.cwd, values.config));
  const parse = createDocumentParser(createSecretNameMatcher(config.secretNames), config.secretNames);
  const selected = (f: Finding) => (rules.length === 0 || rules.includes(f.ruleId)) && (only === null || only.has(f.file));
  const read = (file: string): FileState => {
    const abs = join(root, file);
    if (!existsSync(abs)) return { text: '', hasBom: false, exists: false };
    const { text, hasBom } = decodeText(readFileSync(abs));
    return { text, hasBom, exists: true };
  };

  const out: string[] = [];
  const commands = new Set<string>();
  let rotate = false;
  let totalFixed = 0;
  const touched = new Set<string>();
  let last: Finding[] = [];
  for (let pass = 0; pass < (values.write ? MAX_PASSES : 1); pass++) {
    const result = await auditSource(root, worktreeSource(worktreeOptions(root, config)), config);
    last = result.findings;
    const plan = planFixes(result.findings.filter(selected), read);
    for (const s of plan.stale) out.push(`skipped ${s.file}:${s.line} (${s.ruleId}): the file changed since the scan; run fix again.`);
    if (plan.files.length === 0) break;
    for (const f of plan.fixed) {
      for (const c of f.fix?.commands ?? []) commands.add(c);
      if (f.fix?.removesCommittedValue) rotate = true;
    }
    totalFixed += plan.fixed.length;
    for (const fp of plan.files) {
      touched.add(fp.file);
      if (values.write) {
        writeAtomic(join(root, fp.file), (fp.before.hasBom ? '\ufeff' : '') + fp.after);
      } else {
        // The removed lines hold the secrets being removed: scrub every value the parsers see.
        const secrets = parse({ path: fp.file, text: fp.before.text, hasBom: false, origin: 'worktree' }).assignments.flatMap((a) => (a.value !== undefined ? [a.value] : []));
        const patch = createTwoFilesPatch(`a/${fp.file}`, `b/${fp.file}`, fp.before.text, fp.after, undefined, undefined, { context: 3 });
        out.push(scrub(patch.replace(/^=+\n/, ''), secrets).trimEnd());
      }
    }
    if (!values.write) break;
  }

  const remaining = values.write ? (await auditSource(root, worktreeSource(worktreeOptions(root, config)), config)).findings.filter(selected) : last.filter(selected);
  const manual = remaining.filter((f) => !f.fix || f.fix.edits.length === 0);
  if (values.write) out.push(totalFixed > 0 ? `Fixed ${totalFixed} finding(s) in ${touched.size} file(s): ${[...touched].sort().join(', ')}.` : 'Nothing to fix automatically.');
  else if (touched.size === 0) out.push('Nothing to fix automatically.');
  else out.push(`\n${touched.size} file(s) would change. Run \`secret-hygiene fix --write\` to apply.`);
  if (commands.size > 0) {
    out.push('', 'Then run (fix never untracks files or creates secrets itself):');
    for (const c of [...commands].sort()) out.push(`  ${c}`);
  }
  if (rotate) {
    out.push(
      '',
      'The removed values are still in git history and in every clone: treat them as leaked and rotate them.',
      'Generate new ones with `secret-hygiene generate` (`generate --rotate --env-file .env --key NAME` keeps the old value as NAME_PREVIOUS for a grace period).',
    );
  }
  if (manual.length > 0) {
    out.push('', `${manual.length} finding(s) need a manual fix:`);
    for (const f of manual) out.push(`  ${f.file}:${f.line}  ${f.ruleId}: ${f.suggestion ?? ruleById(f.ruleId)?.meta.help.split('\n')[0] ?? f.message}`);
  }
  io.stdout(out.join('\n') + '\n');
  return manual.length > 0 ? EXIT.findings : EXIT.clean;
}

/** One directory to fix, or files (all fixes then run from the working directory, limited to them). */
function fixTarget(cwd: string, positionals: string[]): { root: string; only: Set<string> | null } {
  if (positionals.length <= 1) {
    const root = resolve(cwd, positionals[0] ?? '.');
    if (existsSync(root) && statSync(root).isDirectory()) return { root, only: null };
    if (!existsSync(root)) throw new UsageError(`'${positionals[0]}' does not exist. Give the directory to fix (default .) or files in it.`);
  }
  const only = new Set<string>();
  for (const p of positionals) {
    const abs = resolve(cwd, p);
    if (!existsSync(abs) || !statSync(abs).isFile()) throw new UsageError(`'${p}' is not a file. Give one directory, or files.`);
    only.add(relative(cwd, abs).split(sep).join('/'));
  }
  return { root: cwd, only };
}

/** Writes through a temporary file in the same directory and a rename, keeping the file's mode. */
function writeAtomic(path: string, text: string): void {
  const mode = existsSync(path) ? statSync(path).mode & 0o777 : 0o644;
  const tmp = join(dirname(path), `.${basename(path)}.secret-hygiene-${process.pid}.tmp`);
  writeFileSync(tmp, text, { mode });
  renameSync(tmp, path);
}
