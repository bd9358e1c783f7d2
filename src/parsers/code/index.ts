import { environmentOf, isExamplePath } from '../../core/path-context.js';
import type { AssignmentContext, CodeLanguage } from '../../core/types.js';
import { emptyParse, type Parser } from '../parser.js';
import { csharp } from './csharp.js';
import { runAssignmentPasses } from './engine.js';
import { go } from './go.js';
import { elixir } from './elixir.js';
import { java, kotlin } from './jvm.js';
import { javascript } from './javascript.js';
import type { CodeContext, LanguageSpec } from './language.js';
import { runLogPass } from './logs.js';
import { php } from './php.js';
import { python } from './python.js';
import { ruby } from './ruby.js';
import { rust } from './rust.js';
import { scala } from './scala.js';
import { tokenize } from './tokens.js';
import { safeErrorText } from '../../core/safe-errors.js';

/**
 * Source code, by light language-aware patterns: one tokenizer and a few shared passes
 * (engine.ts, logs.ts), specialised per language family by a LanguageSpec. No full parsers: a
 * pattern that does not match is simply not reported.
 */

const LANGUAGE_BY_EXTENSION: Readonly<Record<string, CodeLanguage>> = {
  py: 'python',
  pyw: 'python',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascript',
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'typescript',
  go: 'go',
  java: 'java',
  kt: 'kotlin',
  kts: 'kotlin',
  rb: 'ruby',
  rake: 'ruby',
  php: 'php',
  cs: 'csharp',
  scala: 'scala',
  sc: 'scala',
  rs: 'rust',
  ex: 'elixir',
  exs: 'elixir',
};

const SPECS: Readonly<Record<CodeLanguage, LanguageSpec>> = {
  python,
  javascript,
  typescript: javascript,
  go,
  java,
  kotlin,
  scala,
  ruby,
  php,
  csharp,
  rust,
  elixir,
};

/** The language of a source file, by its extension; undefined for files this parser does not read. */
export function languageOf(path: string): CodeLanguage | undefined {
  const base = path.split('/').pop() ?? path;
  const dot = base.lastIndexOf('.');
  if (dot <= 0 && base !== 'Rakefile') return undefined;
  if (base === 'Rakefile') return 'ruby';
  return LANGUAGE_BY_EXTENSION[base.slice(dot + 1).toLowerCase()];
}

export const parseCode: Parser = (doc, options) => {
  const parsed = emptyParse('code');
  const language = languageOf(doc.path);
  if (!language) return parsed;
  try {
    const environment = environmentOf(doc.path);
    const context: AssignmentContext = {
      format: 'code',
      language,
      isExample: isExamplePath(doc.path),
      ...(environment ? { environment } : {}),
    };
    const tokens = tokenize(doc.text, language);
    const ctx: CodeContext = {
      doc,
      text: doc.text,
      language,
      spec: SPECS[language],
      names: options.names,
      tokens,
      consumed: new Uint8Array(tokens.length),
      context,
      assignments: parsed.assignments,
      uses: parsed.uses,
      seen: new Set(),
      memo: new Map(),
    };
    runAssignmentPasses(ctx);
    runLogPass(ctx);
    parsed.assignments.sort((a, b) => a.span.start - b.span.start);
    parsed.uses.sort((a, b) => a.span.start - b.span.start);
  } catch (error) {
    parsed.problems.push(`could not scan the ${language} code: ${safeErrorText(error)}`);
  }
  return parsed;
};
