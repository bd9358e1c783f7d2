/**
 * Facts about the last few texts asked about. In a history audit a version is asked about twice,
 * as the new one and then as the one the next version replaces: the same string, so the fact is
 * looked up (its hash is computed once per string), not computed again. Other paths' versions come
 * between (one commit edits several files), hence more than one.
 */
export class TextMemo<T> {
  private readonly facts = new Map<string, T>();

  constructor(private readonly size: number) {}

  get(text: string, compute: (text: string) => T): T {
    let fact = this.facts.get(text);
    if (fact === undefined) this.set(text, (fact = compute(text)));
    return fact;
  }

  /** Records a fact found some other way (from a version with the same relevant lines). */
  set(text: string, fact: T): T {
    if (this.facts.size >= this.size) this.facts.clear();
    this.facts.set(text, fact);
    return fact;
  }
}
