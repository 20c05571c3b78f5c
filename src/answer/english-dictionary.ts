/**
 * English question words → Chinese words, through CC-CEDICT (the `cc-cedict` package ships the
 * dictionary's data; CC BY-SA 4.0, MDBG). Each Chinese headword is indexed under the words of its
 * English glosses; a question's word (singular, base form) finds the headwords whose glosses hold
 * it, best sense first. Only words the knowledge base's documents use survive (the caller's
 * `known`), so "fine" reaches 罚款 in a regulation, not 优良. The domain glossary stays the first
 * source (official names, phrases); this covers the rest of a user's own words.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** A headword for an English word: `rank` 0 for the entry's first sense, more for later ones. */
interface Sense {
  zh: string;
  rank: number;
  /** The gloss is the word itself ("fine" for 罚款's "fine"), not a phrase holding it. */
  exact: boolean;
}

/** Words of a gloss that say nothing on their own. */
const GLOSS_STOP = new Set(
  "the and for with from into onto that this one one's oneself sth someone something etc also very not used".split(
    " ",
  ),
);
/** Question words that are not what the question is about. */
const QUESTION_STOP = new Set(
  "what when where which who whom whose how many much does did are was were will would should could can may must have has had the and for with from into under over about this that these those there their they them than then shall any each every other such only also not yes does doing done document documents measure measures article articles item items law regulation rules plan notice says say said under according held hold holds found make makes made get gets got give gives given take takes taken put puts keep keeps kept run runs use uses used using carry carries carried come comes became become need needs want wants sent send sends".split(
    " ",
  ),
);

/** Splits the dictionary's entries into the English-word index (pure). */
export function invertGlosses(entries: readonly (readonly unknown[])[]): Map<string, Sense[]> {
  const out = new Map<string, Sense[]>();
  for (const e of entries) {
    const zh = e[1];
    if (typeof zh !== "string" || zh.length < 2 || !/^[\u4e00-\u9fa5]+$/.test(zh)) continue;
    // Senses are a list, or one string with senses split by ";".
    const meanings = (Array.isArray(e[3]) ? e[3] : [e[3]]).flatMap((m) => String(m).split(";"));
    meanings.forEach((m, rank) => {
      const gloss = String(m)
        .toLowerCase()
        .replace(/\([^)]*\)|\[[^\]]*\]/g, " ")
        .replace(/^to /, "")
        .trim();
      if (!gloss || /^(variant of|old variant|surname|see |cl:|abbr\.|used in|erhua)/.test(gloss)) return;
      const words = gloss.split(/[^a-z]+/).filter((w) => w.length >= 3 && !GLOSS_STOP.has(w));
      // A two- or three-word gloss is also indexed whole: "administrative detention" → 行政拘留.
      const phrase = gloss.split(/[^a-z]+/).filter(Boolean);
      if (phrase.length >= 2 && phrase.length <= 3) words.push(phrase.join(" "));
      // The gloss is one word and nothing else ("fine" for 罚款), not a phrase holding it.
      const exact = words.length === 1;
      for (const w of new Set(words)) {
        const list = out.get(w) ?? [];
        list.push({ zh, rank, exact });
        out.set(w, list);
      }
    });
  }
  return out;
}

/** The forms a dictionary lists an English word under: "subsidies" → subsidy, "fined" → fine. */
export function baseForms(word: string): string[] {
  const w = word.toLowerCase();
  const out = [w];
  if (/ies$/.test(w)) out.push(`${w.slice(0, -3)}y`);
  if (/(ses|xes|ches|shes)$/.test(w)) out.push(w.slice(0, -2));
  if (/s$/.test(w) && !/ss$/.test(w)) out.push(w.slice(0, -1));
  if (/ied$/.test(w)) out.push(`${w.slice(0, -3)}y`);
  if (/ed$/.test(w)) out.push(w.slice(0, -2), w.slice(0, -1));
  if (/ing$/.test(w)) out.push(w.slice(0, -3), `${w.slice(0, -3)}e`);
  // geological → geology, annually → annual, implementation → implement.
  if (/ical$/.test(w)) out.push(`${w.slice(0, -4)}y`, w.slice(0, -2));
  if (/ly$/.test(w)) out.push(w.slice(0, -2));
  if (/[^i]al$/.test(w) && w.length > 6) out.push(w.slice(0, -2));
  if (/ation$/.test(w)) out.push(w.slice(0, -5), `${w.slice(0, -5)}e`);
  return [...new Set(out)].filter((f) => f.length >= 3);
}

/**
 * Chinese candidates for each content word of an English question (words the glossary already
 * covered left out): one group per word or two-word phrase, at most `per` words each (none for a
 * word the documents have no word for) — the
 * documents' words only (`frequency` > 0), an exact gloss and the entry's first sense first, then
 * the words the documents use most.
 */
export function chineseGroups(
  question: string,
  index: Map<string, Sense[]>,
  frequency: (zh: string) => number,
  covered: ReadonlySet<string> = new Set(),
  per = 3,
): { en: string; zh: string[] }[] {
  const candidates = (forms: string[]) => {
    const scored = new Map<string, number>();
    for (const s of forms.flatMap((f) => index.get(f) ?? [])) {
      const df = frequency(s.zh);
      if (df <= 0) continue;
      const score = (s.exact ? 2 : 0) + 1 / (1 + s.rank) + Math.log(1 + df) / 3;
      scored.set(s.zh, Math.max(scored.get(s.zh) ?? 0, score));
    }
    return [...scored].sort((a, b) => b[1] - a[1]).map(([zh]) => zh);
  };
  const words = (question.toLowerCase().match(/[a-z]{3,}/g) ?? []).filter(
    (w) => !QUESTION_STOP.has(w) && !baseForms(w).some((f) => covered.has(f)),
  );
  const groups: { en: string; zh: string[] }[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const next = words[i + 1];
    const phrase = next ? candidates(baseForms(next).map((f) => `${w} ${f}`)) : [];
    if (phrase.length) {
      groups.push({ en: `${w} ${next}`, zh: phrase.slice(0, per) });
      i++;
      continue;
    }
    if (seen.has(w)) continue;
    seen.add(w);
    // A word with no rendering the documents use stays, empty: what the question asks is missing.
    groups.push({ en: w, zh: candidates(baseForms(w)).slice(0, per) });
  }
  return groups;
}

let loaded: Map<string, Sense[]> | null = null;

/**
 * The English-word index of the CC-CEDICT data shipped in `cc-cedict` (read once; about two
 * seconds). An empty index when the package's data cannot be read: English then goes through the
 * glossary alone.
 */
export function englishIndex(): Map<string, Sense[]> {
  if (loaded) return loaded;
  try {
    // The package exports only its ESM entry (dist/index.js); its data folder stands beside dist.
    const pkg = dirname(fileURLToPath(import.meta.resolve("cc-cedict")));
    const js = readFileSync(join(pkg, "..", "data", "all.js"), "utf8");
    const data = JSON.parse(js.slice(js.indexOf("{"))) as { all: unknown[][] };
    loaded = invertGlosses(data.all);
  } catch {
    loaded = new Map();
  }
  return loaded;
}
