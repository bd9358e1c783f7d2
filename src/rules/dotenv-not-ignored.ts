import type { ProjectRule } from '../core/rule.js';
import { DOTENV_IGNORE_PATTERNS, gitignoreAppendEdit } from './gitignore-fix.js';

export const dotenvNotIgnored: ProjectRule = {
  meta: {
    id: 'dotenv-not-ignored',
    description: 'The repository uses dotenv files but .gitignore does not keep `.env` out of git.',
    defaultSeverity: 'warning',
    scope: 'project',
    fixable: true,
    help: 'Append `.env`, `.env.*` and `!.env.example` to .gitignore (`secret-hygiene fix --write` does it),\nso the next developer who creates a local .env cannot commit it by accident.',
    messages: {
      notIgnored:
        'This repository uses dotenv files ({{file}}) but .gitignore does not cover {{names}}: a local `.env` with real secrets would be committed by `git add -A`. Add `.env`, `.env.*` and `!.env.example` to .gitignore.',
    },
  },
  check({ docs, project, report }) {
    if (project.dotenvUncovered.length === 0) return;
    // Report once, on the first `.env*` file (examples included: they show dotenv is in use). A
    // `config/app.env` holding plain settings does not mean local secret files are in use.
    const first = docs.find((d) => /(^|\/)\.env(\.|$)/i.test(d.document.path) && !/\.env\.vault$/i.test(d.document.path));
    if (!first) return;
    const edit = gitignoreAppendEdit(project.gitignoreText, DOTENV_IGNORE_PATTERNS);
    const firstLineEnd = first.document.text.indexOf('\n');
    report({
      messageId: 'notIgnored',
      data: { file: first.document.path, names: project.dotenvUncovered.map((n) => `\`${n}\``).join(', ') },
      document: first.document,
      span: { start: 0, end: firstLineEnd === -1 ? first.document.text.length : firstLineEnd },
      identity: project.dotenvUncovered.join(','),
      ...(edit ? { fix: { description: 'Add the dotenv patterns to .gitignore.', edits: [edit] } } : {}),
    });
  },
};
