/**
 * "Which documents contain this phrase", over every document's folded text (see text-view.ts
 * `fold`), without scanning every document: each character maps to the set of documents that
 * have it (a bitset); a phrase is looked for only in the documents that have all of its rarest
 * characters, so the answer is exact and a question costs a few documents' texts.
 */
import type { PolicyDoc } from "../types.js";

/** Characters of a phrase whose document sets are intersected (the rarest ones). */
const RAREST = 3;

export class FoldedCorpus {
  private constructor(
    private readonly docs: readonly PolicyDoc[],
    private readonly texts: readonly string[],
    /** character → bitset of the documents whose folded text has it. */
    private readonly byChar: Map<string, Uint32Array>,
    private readonly counts: Map<string, number>,
  ) {}

  static of(docs: readonly PolicyDoc[], foldedOf: (doc: PolicyDoc) => string): FoldedCorpus {
    const words = Math.ceil(docs.length / 32);
    const byChar = new Map<string, Uint32Array>();
    const counts = new Map<string, number>();
    const texts = docs.map((d, i) => {
      const text = foldedOf(d);
      for (const ch of new Set(text)) {
        let bits = byChar.get(ch);
        if (!bits) {
          bits = new Uint32Array(words);
          byChar.set(ch, bits);
        }
        bits[i >>> 5]! |= 1 << (i & 31);
        counts.set(ch, (counts.get(ch) ?? 0) + 1);
      }
      return text;
    });
    return new FoldedCorpus(docs, texts, byChar, counts);
  }

  /** The documents whose folded text contains `needle`, in corpus order. */
  containing(needle: string): PolicyDoc[] {
    const chars = [...new Set(needle)];
    if (chars.some((ch) => !this.byChar.has(ch))) return [];
    if (chars.length === 0) return [...this.docs];
    chars.sort((a, b) => this.counts.get(a)! - this.counts.get(b)!);
    const sets = chars.slice(0, RAREST).map((ch) => this.byChar.get(ch)!);
    const out: PolicyDoc[] = [];
    for (let w = 0; w < sets[0]!.length; w++) {
      let bits = sets[0]![w]!;
      for (let s = 1; s < sets.length && bits !== 0; s++) bits &= sets[s]![w]!;
      while (bits !== 0) {
        const low = bits & -bits;
        const i = w * 32 + 31 - Math.clz32(low);
        if (this.texts[i]!.includes(needle)) out.push(this.docs[i]!);
        bits ^= low;
      }
    }
    return out;
  }
}
