import type { ProjectRule } from '../core/rule.js';
import { isDotenvPath } from '../core/path-context.js';
import { parseDotenvEntries } from '../parsers/dotenv.js';
import { COMMITTABLE } from './committed-dotenv.js';
import { dotenvWouldHoldSecrets } from './dotenv-content.js';
import { DOTENV_IGNORE_PATTERNS, gitignoreAppendEdit } from './gitignore-fix.js';

export const dotenvNotIgnored: ProjectRule = {
  meta: {
    id: 'dotenv-not-ignored',
    description: 'A dotenv file holding secrets is in the repository and .gitignore does not keep `.env` out of git.',
    defaultSeverity: 'warning',
    scope: 'project',
    fixable: true,
    help: 'Append `.env`, `.env.*` and `!.env.example` to .gitignore (`secret-hygiene fix --write` does it),\nso the next developer who creates a local .env cannot commit it by accident.',
    messages: {
      notIgnored:
        '{{file}} holds secrets (or is meant to) and .gitignore does not cover {{names}}: `git add -A` commits such files with their secrets. Add `.env`, `.env.*` and `!.env.example` to .gitignore.',
    },
  },
  check({ docs, project, report }) {
    if (project.dotenvUncovered.length === 0) return;
    // Report once, on the first dotenv file that holds secrets (or placeholders for them) that git would commit. An
    // example file (`.env.example`) documents keys, and a `.env` of public `VITE_*` settings is
    // committed on purpose: neither shows that a file with secrets can slip into git.
    const first = docs.find(
      (d) =>
        isDotenvPath(d.document.path) &&
        !d.isExample &&
        d.document.ignored !== true &&
        !COMMITTABLE.test(d.document.path) &&
        dotenvWouldHoldSecrets(d, parseDotenvEntries(d.document.text)),
    );
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
