/**
 * Facts about the last few texts asked about. In a history audit a version is asked about twice,
 * as the new one and then as the one the next version replaces: the same string, so the fact is
 * looked up (its hash is computed once per string), not computed again. Other paths' versions come
 * between (one commit edits several files), hence more than one, and the least recently asked goes
 * first: a memo cleared when full answered none of a commit of 14 locale files (28 texts) from an
 * earlier commit, and built each 20,000-line outline twice.
 */
export class TextMemo<T> {
  private readonly facts = new Map<string, T>();

  constructor(private readonly size: number) {}

  get(text: string, compute: (text: string) => T): T {
    const fact = this.facts.get(text);
    if (fact === undefined) return this.set(text, compute(text));
    // Asked again: now the most recent (a Map iterates in insertion order).
    this.facts.delete(text);
    this.facts.set(text, fact);
    return fact;
  }

  /** Records a fact found some other way (from a version with the same relevant lines). */
  set(text: string, fact: T): T {
    this.facts.delete(text);
    if (this.facts.size >= this.size) this.facts.delete(this.facts.keys().next().value as string);
    this.facts.set(text, fact);
    return fact;
  }
}
