/** The bilingual domain glossary (index-data/glossary.json): English question words → Chinese. */
import { readFileSync } from "node:fs";

export interface GlossaryEntry {
  en: string[];
  zh: string[];
}

let cache: GlossaryEntry[] | null = null;

/** Loads the glossary once. */
export function glossary(): GlossaryEntry[] {
  if (!cache) {
    const url = new URL("../../index-data/glossary.json", import.meta.url);
    cache = (JSON.parse(readFileSync(url, "utf8")) as { entries: GlossaryEntry[] }).entries;
  }
  return cache;
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
