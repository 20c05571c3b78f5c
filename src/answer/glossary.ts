/** The bilingual domain glossary (index-data/glossary.json): English question words → Chinese. */
import { dataFile } from "../data-files.js";

export interface GlossaryEntry {
  en: string[];
  zh: string[];
}

/** The glossary's entries. */
export function glossary(): GlossaryEntry[] {
  return dataFile<{ entries: GlossaryEntry[] }>("glossary.json").entries;
}

function phraseRe(phrase: string): RegExp {
  const escaped = phrase.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^a-z])${escaped}s?($|[^a-z])`);
}

/** Chinese words for the English phrases found in a question (longest phrases first, no reuse). */
export function chineseTermsFor(question: string): string[] {
  let rest = question.toLowerCase();
  const found: { phrase: string; zh: string[] }[] = [];
  const phrases = glossary()
    .flatMap((e) => e.en.map((phrase) => ({ phrase, zh: e.zh })))
    .sort((a, b) => b.phrase.length - a.phrase.length);
  for (const p of phrases) {
    const re = phraseRe(p.phrase);
    if (re.test(rest)) {
      found.push(p);
      rest = rest.replace(re, "$1 $2");
    }
  }
  return [...new Set(found.flatMap((f) => f.zh))];
}

/** English glosses of the Chinese glossary words that occur in a text: ["drill (演练)", …]. */
export function englishGlossesIn(text: string, max = 6): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const e of glossary()) {
    const zh = e.zh.find((z) => z.length >= 2 && text.includes(z));
    if (!zh || seen.has(zh)) continue;
    seen.add(zh);
    out.push(`${e.en[0]} (${zh})`);
    if (out.length >= max) break;
  }
  return out;
}
