/**
 * Short forms the documents use for their own words — 危化 for 危险化学品, 安监 for 安全监管,
 * 监管 for 监督管理 — mined from the texts, not written by hand: a short word (2–3 characters) and a
 * long word (4–7) that occur in the same document, the short one written by the long one's
 * characters in order (its first character first, within a short span), not as a plain part of it.
 * Pure: the texts and a tokenizer in, the pairs out (see src/cli/mine-short-forms.ts).
 */
import { abbreviatesWord } from "./abbreviation.js";

export interface ShortForm {
  short: string;
  long: string;
}

const HAN = /^[\u4e00-\u9fa5]+$/;

/**
 * The short forms of `texts`: pairs seen in one document, the short word used at least `minCount`
 * times over all texts, the long word at least once; a short word taken by more than three long
 * words is dropped (it abbreviates nothing in particular).
 */
export function mineShortForms(
  texts: readonly string[],
  tokenize: (text: string) => string[],
  minCount = 2,
): ShortForm[] {
  const counts = new Map<string, number>();
  const perDoc: Set<string>[] = [];
  for (const text of texts) {
    const words = new Set<string>();
    for (const w of tokenize(text)) {
      if (!HAN.test(w) || w.length < 2 || w.length > 7) continue;
      counts.set(w, (counts.get(w) ?? 0) + 1);
      words.add(w);
    }
    perDoc.push(words);
  }
  const found = new Map<string, Set<string>>();
  for (const words of perDoc) {
    const shorts = [...words].filter((w) => w.length <= 3 && (counts.get(w) ?? 0) >= minCount);
    const byFirst = new Map<string, string[]>();
    for (const s of shorts) byFirst.set(s[0]!, [...(byFirst.get(s[0]!) ?? []), s]);
    for (const long of words) {
      if (long.length < 4) continue;
      for (const short of byFirst.get(long[0]!) ?? []) {
        if (!abbreviatesWord(short, long)) continue;
        const set = found.get(short) ?? new Set<string>();
        set.add(long);
        found.set(short, set);
      }
    }
  }
  const pairs: ShortForm[] = [];
  for (const [short, longs] of [...found].sort(([a], [b]) => a.localeCompare(b))) {
    if (longs.size > 3) continue;
    for (const long of [...longs].sort()) pairs.push({ short, long });
  }
  return pairs;
}
