import type { SecretNameMatcher } from '../core/secret-names.js';
import type { Document, ParsedDocument } from '../core/types.js';
import { isDotenvPath } from '../core/path-context.js';
import { parseCi, isCiPath } from './ci.js';
import { confDialectOf, parseConf } from './conf.js';
import { parseCode } from './code/index.js';
import { isComposePath, parseCompose } from './compose.js';
import { parseDockerfile } from './dockerfile.js';
import { parseDotenv } from './dotenv.js';
import { isHelmValuesPath, parseHelmTemplate, parseHelmValues } from './helm.js';
import { parseJsonConfig } from './json-config.js';
import { findJwtsCounted, MAX_TOKENS_PER_FILE } from './jwt-tokens.js';
import { looksLikeKubernetes, parseKubernetes } from './kubernetes.js';
import { emptyParse, type ParseOptions, type Parser } from './parser.js';
import { findPrivateKeys, hasPrivateKeyHint, isKeyFilePath, PRIVATE_KEY_WORDS } from './private-keys.js';
import { parseProperties } from './properties.js';
import { parseYamlConfig } from './yaml-config.js';
import { isJenkinsfile, parseJenkinsfile } from './jenkins.js';
import { isMakefile, isMarkdown, isShellScript, parseMakefile, parseMarkdown, parseShellScript } from './scripts.js';

/**
 * Nodes YAML aliases may bring into one document's walk. A compose file merging a 30-key anchored
 * block into 145 services expands to about 10,000; a billion-laughs file to 10^11.
 */
export const MAX_YAML_ALIAS_NODES = 200_000;

const CODE_EXTENSIONS = /(\.(py|pyw|js|mjs|cjs|jsx|ts|mts|cts|tsx|go|java|kt|kts|scala|sc|rb|rake|php|cs|rs|ex|exs)|^rakefile)$/i;

/** A path a parser reads (nothing else can hold a secret assignment), or a key file. */
export function isScannablePath(path: string): boolean {
  return parserFor(path, '') !== null || isKeyFilePath(path);
}

/**
 * Picks the parser for a path (and, for YAML, a glance at the content). Paths are matched by
 * their conventional names: the same rules real tools use to find these files.
 */
export function parserFor(path: string, text: string): Parser | null {
  const lower = path.toLowerCase();
  const base = lower.split('/').pop() ?? lower;
  if (isDotenvPath(path)) return parseDotenv;
  if (base === 'dockerfile' || base.startsWith('dockerfile.') || base.endsWith('.dockerfile') || base === 'containerfile') {
    return parseDockerfile;
  }
  if (base.endsWith('.properties')) return parseProperties;
  if (confDialectOf(path)) return parseConf;
  if (isMakefile(path)) return parseMakefile;
  if (isJenkinsfile(path)) return parseJenkinsfile;
  if (isMarkdown(path)) return parseMarkdown;
  if (isShellScript(path, text)) return parseShellScript;
  if (CODE_EXTENSIONS.test(base)) return parseCode;
  if (base.endsWith('.json')) {
    if (base === 'package.json' || base === 'package-lock.json' || base.endsWith('.lock.json') || base === 'tsconfig.json') return null;
    return parseJsonConfig;
  }
  if (/\.ya?ml$/.test(base)) {
    // A lockfile pins packages (names, versions, integrity hashes): no setting of anyone's. pnpm's is
    // a megabyte of YAML that changes in most commits.
    if (base === 'pnpm-lock.yaml') return null;
    if (isCiPath(path)) return parseCi;
    if (isComposePath(path)) return parseCompose;
    if (/(^|\/)templates\//.test(lower) && text.includes('{{')) return parseHelmTemplate;
    if (isHelmValuesPath(path)) return parseHelmValues;
    if (looksLikeKubernetes(text)) return parseKubernetes;
    return parseYamlConfig;
  }
  return null;
}

/**
 * A cheap test before any parser runs: a file that mentions none of the words secret names are
 * made of cannot hold a secret assignment. Most files of a repository stop here.
 */
export function createPrefilter(names: readonly string[]): (text: string) => boolean {
  return wordTest(prefilterWords(names), REFINED_WORDS);
}

/**
 * The work tree's `git grep` test, for sources that read text some other way (history blobs), with
 * its pattern (global) for those that need where the words are, not only whether.
 */
export function createContentFilter(names: readonly string[]): ((text: string) => boolean) & { readonly pattern: RegExp } {
  const words = contentWords(names);
  return Object.assign(wordTest(words), { pattern: new RegExp(wordSource(words), 'gi') });
}

function wordTest(words: readonly string[], refined: ReadonlyMap<string, string> = new Map()): (text: string) => boolean {
  const re = new RegExp(wordSource(words, refined), 'i');
  return (text) => re.test(text);
}

function wordSource(words: readonly string[], refined: ReadonlyMap<string, string> = new Map()): string {
  return words.map((w) => refined.get(w) ?? w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
}

/**
 * Words too common to let a file through on their own, with the context that makes them count.
 * `session` is mostly an ORM's or a request's (`db.session.commit()`, `request.session['cart']`):
 * in a Flask or Django repository it is in one file of two. It names a secret only beside a key
 * word (`SESSION_KEY`, `sessionSalt`, `session:\n  key:`), in a session middleware's name
 * (`cookie-session`, `express-session`) or in Go's session stores. Every branch is a literal or
 * a bounded class before a literal, so the test stays linear. Only the parsers' prefilter uses it:
 * `git grep` keeps the plain word (lines, not files, are what it matches), so it reads a superset.
 */
const REFINED_WORDS: ReadonlyMap<string, string> = new Map([
  ['session', 'session[\\W_]{0,40}(?:key|salt|secret|sign|cookie|store|passw)|(?:cookie|express|client|koa)[\\W_]?session|newcookiestore|newfilesystemstore|securecookie'],
]);

/**
 * The words (case-insensitive) a file must contain for any parser or rule to care about it, beyond
 * dotenv files: what the secret names are made of, and `eyJ`, the start of every JWT. Sources use
 * them to skip reading the rest of a repository (`git grep`), so the two must agree.
 */
export function prefilterWords(names: readonly string[]): string[] {
  // `jsonwebtoken` (Node's library, Java's jjwt): a file can use it with no other word (`import { verify } from 'jsonwebtoken'`).
  // `joken`: an Elixir signer (`Joken.Signer.create("HS256", key)`) names nothing else.
  // `authorization`: a request's credential header, which must not be logged (secret-logged).
  const words = ['secret', 'authorization', 'jwt', 'jose', 'joken', 'jsonwebtoken', 'signing', 'app_key', 'appkey', 'app-key', 'key_base', 'keybase', 'secretorkey', 'session', 'cookieparser', 'securitykey', 'securecookie', 'hmac', 'internal_', 'encryption_key', 'encryptionkey'];
  for (const n of names) words.push(n.toLowerCase().replace(/[^a-z0-9]+/g, ''), n.toLowerCase());
  return [...new Set(words.filter((w) => w.length > 0))];
}

/** Words whose files must be read at all: the prefilter's, JWTs and private keys (which any file may hold). */
export function contentWords(names: readonly string[]): string[] {
  return [...prefilterWords(names), 'eyj', ...PRIVATE_KEY_WORDS];
}

export function createDocumentParser(names: SecretNameMatcher, extraNames: readonly string[] = []): (doc: Document) => ParsedDocument {
  const options: ParseOptions = { names, maxYamlAliasNodes: MAX_YAML_ALIAS_NODES };
  const mentionsSecrets = createPrefilter(extraNames);
  const parseFormat = (doc: Document): ParsedDocument => {
    const parser = parserFor(doc.path, doc.text);
    if (!parser) return emptyParse('other');
    // Dotenv files are always parsed: committed-dotenv cares about any value they hold.
    if (parser !== parseDotenv && !mentionsSecrets(doc.text)) return emptyParse('other');
    return parser(doc, options);
  };
  return (doc) => {
    const parsed = parseFormat(doc);
    // JWTs can sit in any file (markdown, `.http`, Postman collections, HTML), whether or not a
    // format parser reads it or it mentions a secret name. Every compact JWS header starts `eyJ`.
    if (doc.text.includes('eyJ')) {
      const { tokens: jwts, cut } = findJwtsCounted(doc.text);
      if (jwts.length > 0) parsed.jwts = jwts;
      if (cut > 0) (parsed.cuts ??= []).push(`${cut} more distinct ${cut === 1 ? 'JWT' : 'JWTs'} not checked: over the cap of ${MAX_TOKENS_PER_FILE} per file (split the file to check them all)`);
    }
    // Private keys too: `.pem`/`.key` files, JSON and YAML strings, JWKS documents, code.
    if (hasPrivateKeyHint(doc.text)) {
      const keys = findPrivateKeys(doc.text);
      if (keys.length > 0) parsed.privateKeys = keys;
    }
    return parsed;
  };
}
