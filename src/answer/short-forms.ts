/** The short forms mined from the documents (index-data/short-forms.json, `npm run mine:short-forms`). */
import { dataFile } from "../data-files.js";
import type { ShortForm } from "../structure/short-forms.js";

let variants: Map<string, string[]> | null = null;

/** The other forms of a word the documents use: 危险化学品 → [危化], 危化 → [危险化学品]; none for most words. */
export function otherForms(word: string): string[] {
  if (!variants) {
    const map = new Map<string, string[]>();
    for (const { short, long } of dataFile<{ pairs: ShortForm[] }>("short-forms.json").pairs) {
      map.set(short, [...(map.get(short) ?? []), long]);
      map.set(long, [...(map.get(long) ?? []), short]);
    }
    variants = map;
  }
  return variants.get(word) ?? [];
}

/** The words with their other forms added (each once). */
export function withOtherForms(words: readonly string[]): string[] {
  return [...new Set(words.flatMap((w) => [w, ...otherForms(w)]))];
}
