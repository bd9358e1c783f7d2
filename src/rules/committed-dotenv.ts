import type { DocumentRule } from '../core/rule.js';
import { isDotenvPath } from '../core/path-context.js';
import { parseDotenvEntries, type DotenvEntry } from '../parsers/dotenv.js';
import { gitignoreAppendEdit, patternsFor } from './gitignore-fix.js';
import { assessSecret, isNotASecret } from './secret-strength.js';
import type { FixProposal } from '../core/types.js';
import { dotenvHoldsSecret, entryHoldsSecret } from './dotenv-content.js';

/**
 * Key-free dotenv variants that are meant to be committed (`.env.schema`, `.env.defaults`). A
 * `.env.vault` is judged by what it holds: dotenv-vault's `DOTENV_VAULT_*` ciphertexts are meant
 * to be committed, a plaintext `JWT_SECRET=` beside them is not.
 */
export const COMMITTABLE = /(^|\/)\.env\.(schema|defaults?)$/i;

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
        '{{file}} is tracked by git and holds {{count}}{{keys}}. Stop tracking it (`git rm --cached -- {{quoted}}`), ignore it in .gitignore, and rotate its secrets: they stay in git history (`secret-hygiene generate --rotate`).',
      trackedEntry:
        '{{key}} in {{file}} is committed with the file (see line {{line}}): rotate it with `secret-hygiene generate --rotate` (it stays in git history) and keep the new value in the environment, not in the repository.',
      untracked:
        '{{file}} holds {{count}}{{keys}} and is not ignored, so `git add -A` would commit it. Add it to .gitignore.',
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
    const secrets = secretEntries(doc, entries);
    const first = secrets[0];
    if (!first) return;
    const secretKeys = [...new Set(doc.parsed.assignments.map((a) => a.key))];
    const keys = secretKeys.length > 0 ? ` including ${secretKeys.slice(0, 3).join(', ')}${secretKeys.length > 3 ? ', …' : ''}` : '';
    const data = { file: document.path, quoted: shellQuote(document.path), count: `${entries.length} value${entries.length === 1 ? '' : 's'}`, keys };
    const spanOf = (e: DotenvEntry) => ({ start: e.keySpan.start, end: e.valueSpan.end });
    const edit = gitignoreAppendEdit(project.gitignoreText, patternsFor(document.path));
    if (document.tracked === true) {
      const fix: FixProposal = {
        description: `Ignore ${document.path} in .gitignore; untrack it with the command shown (fix never untracks files itself).`,
        edits: edit ? [edit] : [],
        commands: [`git rm --cached -- ${shellQuote(document.path)}`],
        removesCommittedValue: true,
      };
      // The file's finding stands on its first secret, and every further secret gets its own on
      // its line: each is a value to rotate, and a reviewer looks for it where it is written.
      report({ messageId: 'tracked', data, document, span: spanOf(first), identity: document.path, fix });
      for (const e of secrets.slice(1)) {
        report({
          messageId: 'trackedEntry',
          data: { file: document.path, key: e.key, line: first.line },
          document,
          span: spanOf(e),
          identity: `${document.path}#${e.key}`,
          secret: e.value,
        });
      }
    } else if (document.ignored !== true) {
      const fix: FixProposal | undefined = edit ? { description: `Ignore ${document.path} in .gitignore.`, edits: [edit] } : undefined;
      report({ messageId: 'untracked', data, document, span: spanOf(first), identity: document.path, severity: 'warning', ...(fix ? { fix } : {}) });
    }
  },
};

/**
 * The entries that hold a secret, in file order: a secret-named key the parser bound to a literal
 * or default, or any entry {@link entryHoldsSecret} judges secret (a password, a credential URL, a
 * token-looking value).
 */
function secretEntries(doc: Parameters<typeof dotenvHoldsSecret>[0], entries: readonly DotenvEntry[]): DotenvEntry[] {
  const named = new Set(
    doc.parsed.assignments
      .filter((a) => (a.origin === 'literal' || a.origin === 'default') && a.value !== undefined && a.value.trim() !== '' && !isNotASecret(a.value))
      .map((a) => a.keySpan?.start),
  );
  return entries.filter((e) => named.has(e.keySpan.start) || entryHoldsSecret(e));
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
