import type { ExposureReport } from './report.js';
import { commitText, formText, linesText, roleText, seenText, useText } from './describe.js';
import { listed, plural } from './verdict.js';

/** For an incident ticket: the verdict first, then tables, then the runbook as a checklist. */
export function formatExposureMarkdown(r: ExposureReport): string {
  const out: string[] = [];
  out.push(`## Key exposure: \`${r.key.preview}\` (${r.key.length} chars, fingerprint \`${r.key.fingerprint}\`)`, '');
  out.push(`> **Verdict:** ${r.verdict}`, '');
  if (r.exposed && r.scope.git) {
    out.push('| | |', '|---|---|');
    out.push(`| First commit holding it | ${r.firstCommit ? cell(commitText(r.firstCommit)) : 'none'} |`);
    if (r.lastCommit) out.push(`| Last commit holding it | ${cell(commitText(r.lastCommit) + (r.lastCommit.ref !== undefined ? `, the tip of ${r.lastCommit.ref}` : ''))} |`);
    out.push(`| At HEAD | ${r.atHead ? 'yes' : 'no'} |`, `| In the working tree | ${r.inWorktree ? 'yes' : 'no'} |`);
    out.push(`| Branches still holding it | ${cell(r.refs.branches.join(', ') || 'none')} |`, `| Tags still holding it | ${cell(r.refs.tags.join(', ') || 'none')} |`);
    if (r.refs.remotes.length > 0) out.push(`| Remote branches | ${cell(r.refs.remotes.join(', '))} |`);
    for (const rm of r.removals) out.push(`| Taken out of ${cell(rm.file)} | ${cell(commitText(rm))} (the history keeps it) |`);
    out.push('');
  }
  if (r.files.length > 0) {
    out.push(`### Where it is (${plural(r.files.length, 'file')})`, '', '| File | Line | Name | Form | Seen |', '|---|---|---|---|---|');
    for (const f of r.files) for (const l of f.places) out.push(`| ${cell(f.file)} | ${cell(linesText(l).replace(/^line /, ''))} | ${cell(l.name ?? '')} | ${cell(formText(l))} | ${cell(seenText(l))} |`);
    out.push('');
  }
  if (r.roles.length > 0) {
    out.push('### What binds it', '', '| Role | Where | Name | Seen |', '|---|---|---|---|');
    for (const role of r.roles) out.push(`| ${cell(roleText(role))} | ${cell(`${role.file}:${role.line}`)} | ${cell(role.name)} | ${cell(seenText(role))} |`);
    out.push('');
    const settings = new Set(r.roles.map((x) => x.keyId));
    if (settings.size > 1) out.push(`One value for ${plural(settings.size, 'setting')} (${cell(listed([...settings].sort(), 12))}): whoever holds it can forge what each signs.`, '');
  }
  if (r.tokens.length > 0) {
    out.push('### Tokens it signs', '', '| Algorithm | Token | Where | Seen |', '|---|---|---|---|');
    for (const t of r.tokens) for (const p of t.places) out.push(`| ${t.alg} | \`${t.token.preview}\` (${t.token.length} chars, \`${t.token.fingerprint}\`) | ${cell(`${p.file}:${p.line}`)} | ${cell(seenText(p))} |`);
    out.push('');
  }
  if (r.uses.length > 0) {
    out.push('### Read from secret stores', '');
    for (const u of r.uses) out.push(`- ${cell(useText(u))}`);
    out.push('');
  }
  if (r.runbook.length > 0) {
    out.push('### Rotation runbook', '');
    r.runbook.forEach((step, i) => {
      out.push(`${i + 1}. [ ] **${step.title}**`);
      for (const d of step.details) out.push(`   - ${d}`);
      if (step.commands.length > 0) out.push('', '   ```sh', ...step.commands.map((c) => `   ${c}`), '   ```');
    });
    out.push('');
  }
  if (r.problems.length > 0) {
    out.push(`<details><summary>Not searched (${plural(r.problems.length, 'problem')})</summary>`, '');
    for (const p of r.problems) out.push(`- ${cell(p.file)}: ${cell(p.reason)}`);
    out.push('', '</details>', '');
  }
  out.push(`_Searched ${r.scope.git ? `${plural(r.scope.commits, 'commit')} and ` : ''}${plural(r.scope.textsRead, 'text')} for the key as ${r.scope.forms.join(', ')}, and every committed HS256/384/512 token._`);
  return out.join('\n') + '\n';
}

function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
