import { isTranslationPath } from '../core/path-context.js';
import type { ScannedDocument } from '../core/rule.js';
import type { Document, SecretAssignment } from '../core/types.js';
import { isKnownWeak, isPlaceholder } from './secret-strength.js';

/**
 * Data that sits under a secret-like name without being a secret. Reporting it teaches users to
 * ignore the scanner, and a weak-secret message about a word on a settings page is simply wrong.
 * - translation files: `'test_secret_key' => 'Test secret key'`, `"Secret": "Schlüssel"`;
 * - display labels: a value that spells its own key for people (`SECRET = "Secret"`,
 *   `secretKey: "Secret key"`), as enums and UI strings do;
 * - name constants: `TOKEN_SECRET = "token_secret"`, a constant holding the name of a field or
 *   parameter (a value that is a publicly known weak key, such as `secret_key`, still counts);
 * - self-describing fixtures in tests and docs: `{"secret_key": "secret_value"}`.
 */
export function isNonSecretData(doc: ScannedDocument, a: SecretAssignment, value: string): boolean {
  if (isTranslationPath(doc.document.path)) return true;
  const keyWords = wordsOf(a.key);
  const valueWords = wordsOf(value);
  if (keyWords.length === 0 || valueWords.length === 0) return false;
  if (isDisplayLabel(value, keyWords, valueWords)) return true;
  if (isNameConstant(a.key, value) || isTermIri(a.key, value) || isSecretKeyReference(doc, value)) return true;
  const role = a.context.role ?? doc.role;
  return (role === 'test' || role === 'docs') && namesItself(keyWords, valueWords) && !isKnownWeak(value);
}

/** Words that a self-describing value adds to its key's words (`secret_value`, `my_token`, `fake secret`). */
const FILLER = new Set(['value', 'val', 'key', 'name', 'label', 'string', 'str', 'text', 'field', 'test', 'fake', 'mock', 'dummy', 'sample', 'example', 'my', 'some', 'a', 'the']);

/** Lower-case words of a key or value: `TEST_SECRET_KEY`, `testSecretKey`, `Test secret key` → test, secret, key. */
function wordsOf(s: string): string[] {
  return s
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

/**
 * `"Secret"`, `"Secret key"`, `"Test Secret Key"`: capitalised words, separated by spaces, that are
 * the key's own words. Such a value labels something for a reader; a key is never written that way.
 */
function isDisplayLabel(value: string, keyWords: readonly string[], valueWords: readonly string[]): boolean {
  const v = value.trim();
  if (!/^([A-Z][a-z]+|[A-Z]{2,5})( ([A-Za-z][a-z]+|[A-Z]{2,5})){0,5}:?$/.test(v) || !/[a-z]/.test(v)) return false;
  const key = new Set(keyWords);
  return valueWords.every((w) => key.has(w) || FILLER.has(w)) && valueWords.some((w) => key.has(w));
}

/**
 * `TOKEN_SECRET = "token_secret"`: an upper-case constant of two words or more whose value is its
 * own name in lower case holds the name of a field, header or parameter.
 */
function isNameConstant(key: string, value: string): boolean {
  const bare = key.replace(/^.*[.[\]'"$>:]/, '');
  if (!/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(bare)) return false;
  const v = value.trim();
  return v === bare.toLowerCase() && !isKnownWeak(v);
}

/**
 * `hubInternalApiTokenKey: HUB_INTERNAL_API_TOKEN` beside `existingSecret:`: Helm charts name the
 * key of an existing Secret that holds the credential. Only there: elsewhere an upper-case name as
 * the value (`secret: 'ACCESS_JWT_SECRET'` passed to jwtService.sign) is the classic mistake of
 * signing with the variable's name, and a listed weak value or placeholder (`CHANGE_ME`) counts.
 */
function isSecretKeyReference(doc: ScannedDocument, value: string): boolean {
  const v = value.trim();
  return (
    /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(v) &&
    /_(KEY|SECRET|TOKEN|PASSWORD|PASS|CREDENTIALS|JSON|KEY_BASE)$/.test(v) &&
    /\.ya?ml$/i.test(doc.document.path) &&
    mentionsExistingSecret(doc.document) &&
    !isKnownWeak(v) &&
    !isPlaceholder(v)
  );
}

// Asked once per document, not per assignment: a values file of thousands of such lines would
// otherwise search its whole text for each one.
const existingSecretMention = new WeakMap<Document, boolean>();

function mentionsExistingSecret(document: Document): boolean {
  let yes = existingSecretMention.get(document);
  if (yes === undefined) {
    yes = document.text.includes('existingSecret');
    existingSecretMention.set(document, yes);
  }
  return yes;
}

/**
 * JSON-LD contexts and vocabularies map a term to its IRI: `"encryptionKey": "sec:encryptionKey"`,
 * `"privateKey": "https://w3id.org/security#privateKey"`. The value names the key itself.
 */
function isTermIri(key: string, value: string): boolean {
  const bare = key.replace(/^.*[.[\]'"$>]/, '');
  const m = /^(?:[a-z][a-z0-9+.-]*:\/\/[^\s#]*[/#]|[a-z][a-z0-9_-]*:)([A-Za-z][A-Za-z0-9_]*)$/.exec(value.trim());
  return m !== null && m[1] !== undefined && m[1].toLowerCase() === bare.toLowerCase();
}

/** The value is the key's words plus filler (`secret_key` → `secret_value`, `jwt_secret` → `my-jwt-secret`). */
function namesItself(keyWords: readonly string[], valueWords: readonly string[]): boolean {
  const key = new Set(keyWords);
  return (
    valueWords.every((w) => key.has(w) || FILLER.has(w)) &&
    valueWords.some((w) => key.has(w) && w !== 'key') &&
    valueWords.some((w) => FILLER.has(w) && !key.has(w))
  );
}
