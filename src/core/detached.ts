/**
 * A copy of `s` that shares no storage with the text it was cut from. V8 keeps a slice of 13 or more
 * characters as a view of its parent string, so a memo that outlives a document, keyed by a name
 * read from it, holds the whole document: on formbricks' history the code parser's memo of names
 * held 367 versions of its i18n files (21 MB) through 7,700 names. Flattening a concatenation copies
 * its characters, and the slice of that copy keeps only the copy.
 */
export function detached(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}
