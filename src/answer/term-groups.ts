/**
 * What a question asks about, as groups of interchangeable Chinese words: a sentence answers as
 * much of the question as the weight of the groups it holds. A Chinese word is a group of one
 * (its segmenter pieces count for part of it); an English word or phrase is a group of its
 * renderings — the glossary's, else the bilingual dictionary's — any one of which holds it. A word
 * the documents have no rendering for stays as an empty group: what the question asks is missing,
 * so no sentence covers it ("Tell me a joke" finds nothing).
 */
import { spellings } from "../structure/abbreviation.js";
import type { KnowledgeBase } from "./knowledge.js";
import { officialForms } from "./plain-words.js";

export interface TermGroup {
  /** The question's own word ("subsidy", "补贴"), for explain output. */
  label: string;
  /** Chinese words any one of which holds the group. */
  alts: string[];
  /** How much the group says (rare words more): the idf of its renderings. */
  weight: number;
  /** Pieces the segmenter also cuts from a one-word group (办公室: 办公, 公室). */
  pieces: string[];
  /** The group only names the document (its place, its title words). */
  naming: boolean;
  /** An acronym the documents spell out (SAMR): missing, it does not make a sentence wrong. */
  optional?: boolean;
  /** Held when a sentence's words contain a rendering, not only its tokens (renderings are not cut as the text is). */
  byText: boolean;
}

/** English names of kinds of document. */
const DOCUMENT_KIND =
  /^(plans?|measures?|notices?|laws?|regulations?|rules|opinions?|guides?|guidelines|documents?|circulars?|interpretations?|provisions|action plans?|implementation plans?|emergency plans?)$/i;
/** English words that name the kind of value asked for, not the subject. */
const ANSWER_KIND =
  /^(deadlines?|time limits?|dates?|amounts?|numbers?|figures?|periods?|percentages?|rates?)$/i;
/** A group that only names the document (its place, its title words) counts this share. */
const NAMING_SHARE = 0.2;

/** The groups of an English question (its Chinese words, glossary phrases, dictionary words). */
export function englishGroups(
  kb: KnowledgeBase,
  question: string,
  glossary: { phrase: string; zh: string[] }[],
  dictionary: { en: string; zh: string[] }[],
  chineseWords: string[],
  naming: ReadonlySet<string>,
): TermGroup[] {
  const weightOf = (alts: string[]) => {
    const known = alts.flatMap((a) =>
      kb.known(a)
        ? [kb.idf(a)]
        : kb
            .tokenize(a)
            .filter((t) => kb.known(t))
            .map((t) => kb.idf(t)),
    );
    return known.length ? Math.max(...known) : 0;
  };
  // A word the documents have no rendering for weighs as a word no passage holds: it is what the
  // question asks and nothing answers it. An acronym (SAMR, CSRC) names a body the text spells out.
  const missing = kb.idf("\u0000");
  const acronyms = new Set((question.match(/\b[A-Z]{2,6}s?\b/g) ?? []).map((a) => a.toLowerCase()));
  const groups: TermGroup[] = [];
  const add = (label: string, zh: string[]) => {
    const alts = [...new Set(zh)].filter(
      (a) => a.length >= 2 && (kb.known(a) || kb.tokenize(a).some((t) => t.length >= 2 && kb.known(t))),
    );
    const w = weightOf(alts);
    // "the Tianjin plan", "under the … measures": the kind of document the question names.
    const naming_ = alts.some((a) => naming.has(a)) || DOCUMENT_KIND.test(label);
    // "the deadline", "the amount": the kind of answer asked for, which the answer's sentence may not name.
    const optional = (alts.length === 0 && acronyms.has(label)) || ANSWER_KIND.test(label);
    groups.push({
      label,
      alts,
      weight: (w || (optional ? missing / 4 : missing)) * (naming_ ? NAMING_SHARE : optional ? 0.5 : 1),
      pieces: [],
      byText: true,
      naming: naming_,
      optional,
    });
  };
  for (const g of glossary) add(g.phrase, g.zh);
  for (const d of dictionary) add(d.en, d.zh);
  for (const w of chineseWords) if (!groups.some((g) => g.alts.includes(w))) add(w, [w]);
  return groups;
}

/**
 * The groups of a Chinese question: each word one group, the pieces the segmenter also cuts from
 * it (办公室: 办公, 公室) counting for part of it when the whole is not held.
 */
export function wordGroups(words: string[], idf: (t: string) => number): TermGroup[] {
  const whole = words.filter((w) => !words.some((o) => o !== w && o.length > w.length && o.includes(w)));
  return whole.map((w) => {
    // An everyday word is held by the word the texts write for it ("孩子" by 子女).
    const official = officialForms(w);
    return {
      label: w,
      alts: [w, ...official],
      weight: official.length ? Math.max(idf(w), ...official.map(idf)) : idf(w),
      pieces: official.length ? [] : words.filter((p) => p !== w && w.includes(p)),
      byText: official.length > 0,
      naming: false,
    };
  });
}

/**
 * Groups held also by a document's own spelling of a short word it never writes: "低保" asked of a
 * notice that writes 最低生活保障, "长护险" of one that writes 长期护理保险 (`texts`: whole documents,
 * so that a document writing the short word is not searched for look-alikes).
 */
export function withSpellings(groups: TermGroup[], texts: string[]): TermGroup[] {
  return groups.map((g) => {
    const word = g.alts[0];
    if (g.alts.length !== 1 || !word || !/^[\u4e00-\u9fa5]{2,3}$/.test(word)) return g;
    const counts = new Map<string, number>();
    for (const text of texts) {
      if (text.includes(word)) continue;
      for (const s of spellings(word, text)) {
        if (/^[\u4e00-\u9fa5]+$/.test(s)) counts.set(s, (counts.get(s) ?? 0) + 1);
      }
    }
    const forms = [...counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([s]) => s);
    return forms.length ? { ...g, alts: [word, ...forms], byText: true } : g;
  });
}

/** What of the question a sentence holds: the share of the groups' weight, and how many content groups. */
export interface Held {
  share: number;
  /** Groups held that say what the question is about (not those that only name the document). */
  content: number;
}

/** What of `groups` a sentence holds (`tokens` its tokens, `text` its words). */
export function groupCoverage(
  groups: TermGroup[],
  tokens: ReadonlySet<string>,
  text: string,
  idf: (t: string) => number,
): Held {
  let held = 0;
  let total = 0;
  let content = 0;
  for (const g of groups) {
    total += g.weight;
    if (g.alts.some((a) => tokens.has(a) || (g.byText && text.includes(a)))) {
      held += g.weight;
      if (!g.naming) content++;
      continue;
    }
    const all = g.pieces.reduce((a, p) => a + idf(p), 0);
    if (all > 0)
      held += (0.7 * g.weight * g.pieces.filter((p) => tokens.has(p)).reduce((a, p) => a + idf(p), 0)) / all;
  }
  return { share: total > 0 ? held / total : 0, content };
}

/**
 * Content groups a sentence must hold to answer: two when the question has three or more, or
 * two and it names no document (`strict`): one shared word — "意义" for "the meaning of life" — is
 * a coincidence, not an answer.
 */
export function contentNeeded(groups: TermGroup[], strict: boolean): number {
  const content = groups.filter((g) => !g.naming && !g.optional).length;
  return content >= (strict ? 2 : 3) ? 2 : 1;
}
