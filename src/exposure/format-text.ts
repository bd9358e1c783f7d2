import type { ExposureReport } from './report.js';
import { commitText, formText, linesText, roleText, seenText, useText } from './describe.js';
import { listed, plural } from './verdict.js';

/** At most this many problems are listed in text; JSON lists all. */
const PROBLEMS_SHOWN = 5;

export function formatExposureText(r: ExposureReport): string {
  const out: string[] = [];
  out.push(`secret-hygiene exposure: key ${r.key.preview} (${r.key.length} chars, fingerprint ${r.key.fingerprint})`, '');
  out.push(r.verdict, '');
  // Where the live key comes from is worth knowing even when it leaked nowhere.
  if (r.uses.length > 0) {
    out.push(r.exposed ? 'Read from secret stores (update these too):' : 'Read from secret stores:');
    for (const u of r.uses) out.push(`  ${useText(u)}`);
    out.push('');
  }
  if (r.exposed) {
    if (r.scope.git) {
      const facts = [
        `first held in ${r.firstCommit ? commitText(r.firstCommit) : 'no commit'}`,
        r.lastCommit ? `last in ${commitText(r.lastCommit)}${r.lastCommit.ref !== undefined ? ` at the tip of ${r.lastCommit.ref}` : ''}` : '',
        `at HEAD: ${r.atHead ? 'yes' : 'no'}`,
        `in the working tree: ${r.inWorktree ? 'yes' : 'no'}`,
      ].filter(Boolean);
      out.push(`History: ${facts.join('; ')}.`);
      const refs = [
        r.refs.branches.length > 0 ? `${r.refs.branches.length === 1 ? 'branch' : 'branches'} ${listed(r.refs.branches, 10)}` : '',
        r.refs.tags.length > 0 ? `${r.refs.tags.length === 1 ? 'tag' : 'tags'} ${listed(r.refs.tags, 10)}` : '',
        r.refs.remotes.length > 0 ? `${r.refs.remotes.length === 1 ? 'remote branch' : 'remote branches'} ${listed(r.refs.remotes, 10)}` : '',
      ].filter(Boolean);
      out.push(`Still held by: ${refs.length > 0 ? refs.join('; ') : 'no branch or tag'}.`);
      for (const rm of r.removals) out.push(`Taken out of ${rm.file} in ${commitText(rm)}: the history keeps it.`);
      out.push('');
    }
    if (r.files.length > 0) {
      out.push(`Where it is (${plural(r.files.length, 'file')}):`);
      for (const f of r.files) {
        out.push(`  ${f.file}  [${seenText(f)}]`);
        for (const l of f.places) out.push(`    ${linesText(l)}  ${l.name ?? '(no name)'}  ${formText(l)}  [${seenText(l)}]`);
      }
      out.push('');
    }
    if (r.roles.length > 0) {
      out.push('What binds it:');
      for (const role of r.roles) out.push(`  ${roleText(role)}: ${role.file}:${role.line} ${role.name}  [${seenText(role)}]`);
      out.push('');
    }
    if (r.names.length > 0) {
      const settings = new Set(r.roles.map((x) => x.keyId));
      out.push(`Names bound to it: ${r.names.join(', ')}${settings.size > 1 ? ` (one value for ${plural(settings.size, 'setting')}: whoever holds it can forge what each of them signs)` : ''}.`, '');
    }
    if (r.tokens.length > 0) {
      out.push(`Tokens it signs (${r.tokens.length}):`);
      for (const t of r.tokens) {
        out.push(`  ${t.alg} ${t.token.preview} (${t.token.length} chars, fingerprint ${t.token.fingerprint})`);
        for (const p of t.places) out.push(`    ${p.file} ${linesText(p)}  [${seenText(p)}]`);
      }
      out.push('');
    }
    out.push('Rotation runbook:');
    r.runbook.forEach((step, i) => {
      out.push(`  ${i + 1}. ${step.title}`);
      for (const d of step.details) out.push(`     - ${d}`);
      for (const c of step.commands) out.push(`       $ ${c}`);
    });
    out.push('');
  }
  if (r.problems.length > 0) {
    out.push(`Not searched (${plural(r.problems.length, 'problem')}):`);
    for (const p of r.problems.slice(0, PROBLEMS_SHOWN)) out.push(`  ${p.file}: ${p.reason}`);
    if (r.problems.length > PROBLEMS_SHOWN) out.push(`  ... and ${r.problems.length - PROBLEMS_SHOWN} more (--format json lists them all)`);
    out.push('');
  }
  out.push(`Searched ${r.scope.git ? `${plural(r.scope.commits, 'commit')} and ` : ''}${plural(r.scope.textsRead, 'text')} for the key as ${r.scope.forms.join(', ')}, and every committed HS256/384/512 token.`);
  return out.join('\n') + '\n';
}
