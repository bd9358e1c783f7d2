import type { DocumentRule } from '../core/rule.js';
import { isDotenvPath } from '../core/path-context.js';
import { parseDotenvEntries } from '../parsers/dotenv.js';
import { gitignoreAppendEdit, patternsFor } from './gitignore-fix.js';
import { assessSecret, isNotASecret } from './secret-strength.js';
import type { FixProposal } from '../core/types.js';
import { dotenvHoldsSecret } from './dotenv-content.js';

/** Encrypted or key-free dotenv variants that are meant to be committed. */
export const COMMITTABLE = /(^|\/)\.env\.(vault|schema|defaults?)$/i;

export const committedDotenv: DocumentRule = {
  meta: {
    id: 'committed-dotenv',
    description: 'A dotenv file holding values is committed (or about to be): its secrets are in git for good.',
    defaultSeverity: 'error',
    scope: 'document',
    fixable: true,
    help: 'Add `.env` and `.env.*` (but `!.env.example`) to .gitignore, `git rm --cached` the file, and rotate every secret it held\nwith `secret-hygiene generate --rotate`; ship a `.env.example` with empty values instead.',
    messages: {
      tracked:
        '{{file}} is tracked by git and holds {{count}} value(s){{keys}}. Stop tracking it (`git rm --cached -- {{quoted}}`), ignore it in .gitignore, and rotate its secrets: they stay in git history (`secret-hygiene generate --rotate`).',
      untracked:
        '{{file}} holds {{count}} value(s){{keys}} and is not ignored, so `git add -A` would commit it. Add it to .gitignore.',
      exampleHoldsSecret:
        '{{file}} is an example file but {{key}} holds a real-looking secret. Leave the value empty in examples (`{{key}}=`) and generate real ones locally with `secret-hygiene generate`; rotate this one.',
    },
  },
  check({ doc, project, report }) {
    const { document } = doc;
    if (!isDotenvPath(document.path) || COMMITTABLE.test(document.path)) return;
    const entries = parseDotenvEntries(document.text).filter((e) => e.value.trim() !== '');
    if (entries.length === 0) return;

    if (doc.isExample) {
      for (const a of doc.parsed.assignments) {
        if (a.origin !== 'literal' || a.value === undefined || isNotASecret(a.value)) continue;
        if (assessSecret(a.value, { minBytes: 32 }) !== null) continue;
        report({
          messageId: 'exampleHoldsSecret',
          data: { file: document.path, key: a.key },
          document,
          span: a.span,
          secret: a.value,
        });
      }
      return;
    }

    // A dotenv file counts when it holds a secret: a secret-named key with a value, a credential
    // under a sensitive name (`DB_PASSWORD`), a URL with a password, or a credential-looking value.
    // Vite and Next.js document committing `.env` files of public `VITE_*` / `NEXT_PUBLIC_*`
    // settings, URLs and flags: such a file holds nothing to rotate, so it is not reported.
    if (!dotenvHoldsSecret(doc, entries)) return;
    const first = entries[0];
    if (!first) return;
    const secretKeys = [...new Set(doc.parsed.assignments.map((a) => a.key))];
    const keys = secretKeys.length > 0 ? ` including ${secretKeys.slice(0, 3).join(', ')}${secretKeys.length > 3 ? ', …' : ''}` : '';
    const data = { file: document.path, quoted: shellQuote(document.path), count: entries.length, keys };
    const span = { start: first.keySpan.start, end: first.valueSpan.end };
    const edit = gitignoreAppendEdit(project.gitignoreText, patternsFor(document.path));
    if (document.tracked === true) {
      const fix: FixProposal = {
        description: `Ignore ${document.path} in .gitignore; untrack it with the command shown (fix never untracks files itself).`,
        edits: edit ? [edit] : [],
        commands: [`git rm --cached -- ${shellQuote(document.path)}`],
        removesCommittedValue: true,
      };
      report({ messageId: 'tracked', data, document, span, identity: document.path, fix });
    } else if (document.ignored !== true) {
      const fix: FixProposal | undefined = edit ? { description: `Ignore ${document.path} in .gitignore.`, edits: [edit] } : undefined;
      report({ messageId: 'untracked', data, document, span, identity: document.path, severity: 'warning', ...(fix ? { fix } : {}) });
    }
  },
};

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
