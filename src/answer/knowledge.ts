/**
 * What the answer engine knows: the structured documents, their source texts and the search
 * index, with the look-ups the answer rules need (lead names, title words, folded texts).
 */

import { pinyin } from "pinyin-pro";
import type { SearchIndex } from "../index/search-index.js";
import type { SourceProblem } from "../ingest/source-problem.js";
import { sentenceSpans } from "../structure/sentences.js";
import { fold, maskNoise } from "../structure/text-view.js";
import type { Lead, Measure, PolicyDoc, SourceText, Span } from "../types.js";
import { baseForms, chineseGroups, englishIndex } from "./english-dictionary.js";
import { FoldedCorpus } from "./folded-corpus.js";
import { glossaryMatches } from "./glossary.js";
import { buildHeadingIndex, type HeadingGroup } from "./heading-index.js";

export interface LeadMention {
  doc: PolicyDoc;
  measure: Measure;
  lead: Lead;
}

export class KnowledgeBase {
  readonly docs: PolicyDoc[];
  readonly index: SearchIndex;
  /** Every lead name, longest first (so that longer names win when matching a question). */
  readonly leadNames: string[];
  private readonly texts = new Map<string, SourceText>();
  private readonly folded = new Map<string, string>();
  private readonly maskedTexts = new Map<string, string>();
  private readonly titleWords = new Map<string, Set<string>>();
  private readonly byLead = new Map<string, LeadMention[]>();
  private readonly bySource = new Map<string, PolicyDoc>();
  private headings: HeadingGroup[] | null = null;
  /** Person names in pinyin ("hua mei", "huamei", "mei hua") → the name as written. */
  readonly pinyinNames = new Map<string, string>();

  constructor(
    docs: PolicyDoc[],
    sources: SourceText[],
    index: SearchIndex,
    /** Files of the sources folder that could not be indexed, and why (shown by `/policy sources`). */
    readonly problems: readonly SourceProblem[] = [],
  ) {
    this.docs = docs;
    this.index = index;
    for (const s of sources) this.texts.set(s.source, s);
    for (const d of docs) if (!this.bySource.has(d.source)) this.bySource.set(d.source, d);
    for (const doc of docs) {
      for (const measure of doc.measures) {
        for (const lead of measure.leads) {
          const list = this.byLead.get(lead.name) ?? [];
          list.push({ doc, measure, lead });
          this.byLead.set(lead.name, list);
        }
      }
    }
    // The bilingual dictionary is read now (once per process, about two seconds), not by the
    // first English question.
    englishIndex();
    this.leadNames = [...this.byLead.keys()].sort((a, b) => b.length - a.length || a.localeCompare(b));
    for (const [name, mentions] of this.byLead) {
      if (mentions[0]!.lead.kind !== "person" || !/^[\u4e00-\u9fa5]{2,4}$/.test(name)) continue;
      const [family, ...given] = pinyin(name, { toneType: "none", type: "array" });
      const g = given.join("");
      for (const v of [`${family} ${g}`, `${family}${g}`, `${g} ${family}`]) this.pinyinNames.set(v, name);
    }
  }

  /** The source text of a document (offsets of citations point into it). */
  source(source: string): SourceText {
    const s = this.texts.get(source);
    if (!s) throw new Error(`unknown source: ${source}`);
    return s;
  }

  /** The source text with its noise blanked (same offsets). */
  masked(source: string): string {
    let m = this.maskedTexts.get(source);
    if (m === undefined) {
      const s = this.source(source);
      m = maskNoise(s.text, s.noise);
      this.maskedTexts.set(source, m);
    }
    return m;
  }

  /** The sentences of a span of a source (at least 6 characters each). */
  sentencesIn(source: string, span: Span): Span[] {
    return sentenceSpans(this.masked(source), span.start, span.end).filter((s) => s.end - s.start >= 6);
  }

  /** The sentence of a source that contains `span` (within its measure or paragraph). */
  sentenceAround(source: string, span: Span): Span {
    const masked = this.masked(source);
    const doc = this.doc(source);
    const m = doc?.measures.find((x) => x.start <= span.start && span.end <= x.end);
    const from = m ? m.start : masked.lastIndexOf("\n", span.start) + 1;
    const to = m ? m.end : (masked.indexOf("\n", span.end) + 1 || masked.length + 1) - 1;
    return sentenceSpans(masked, from, to).find((s) => s.start <= span.start && span.end <= s.end) ?? span;
  }

  /** The whitespace-free folded text of a source, for substring checks. */
  foldedText(source: string): string {
    let f = this.folded.get(source);
    if (f === undefined) {
      f = fold(this.source(source).text);
      this.folded.set(source, f);
    }
    return f;
  }

  private readonly measureTexts = new Map<string, string>();

  /** A measure's words, whitespace-free and folded (noise blanked), for phrase checks; cached. */
  measureText(source: string, span: Span): string {
    const key = `${source}:${span.start}:${span.end}`;
    let t = this.measureTexts.get(key);
    if (t === undefined) {
      t = fold(this.masked(source).slice(span.start, span.end));
      if (this.measureTexts.size >= 50_000) this.measureTexts.clear();
      this.measureTexts.set(key, t);
    }
    return t;
  }

  private readonly headingTokens = new Map<string, string[]>();
  private readonly spanTokens = new Map<string, Set<string>>();

  /** The tokens of a span of a source's masked text (cached: the same sentences answer many questions). */
  tokenSetOf(source: string, span: Span): Set<string> {
    const key = `${source}:${span.start}:${span.end}`;
    let t = this.spanTokens.get(key);
    if (!t) {
      t = new Set(this.tokenize(this.masked(source).slice(span.start, span.end)));
      if (this.spanTokens.size >= 50_000) this.spanTokens.clear();
      this.spanTokens.set(key, t);
    }
    return t;
  }

  /** Tokens of a heading of the documents (cached: headings are few and asked about often). */
  tokensOfHeading(title: string): string[] {
    let t = this.headingTokens.get(title);
    if (!t) {
      t = this.tokenize(title);
      this.headingTokens.set(title, t);
    }
    return t;
  }

  /** Tokens of a document's title (and its aliases), for resolving documents by name. */
  titleTokens(doc: PolicyDoc): Set<string> {
    let t = this.titleWords.get(doc.source);
    if (!t) {
      t = new Set(this.tokenize(doc.title));
      this.titleWords.set(doc.source, t);
    }
    return t;
  }

  private titleWordOwners: Map<string, PolicyDoc[]> | null = null;
  private corpus: FoldedCorpus | null = null;

  /**
   * The documents whose folded text contains `folded`, in corpus order: one search over every
   * document's folded text joined (built on first use), not one per document.
   */
  docsContaining(folded: string): PolicyDoc[] {
    this.corpus ??= FoldedCorpus.of(this.docs, (d) => fold(this.source(d.source).text));
    return this.corpus.containing(folded);
  }

  /** The documents whose title tokens include `word`, in corpus order (an inverted index built on first use). */
  docsWithTitleWord(word: string): PolicyDoc[] {
    if (!this.titleWordOwners) {
      const map = new Map<string, PolicyDoc[]>();
      for (const d of this.docs) {
        for (const w of this.titleTokens(d)) {
          const list = map.get(w);
          if (list) list.push(d);
          else map.set(w, [d]);
        }
      }
      this.titleWordOwners = map;
    }
    return this.titleWordOwners.get(word) ?? [];
  }

  /** Every measure where a unit or person is named, with the lead as written. */
  mentionsOf(name: string): LeadMention[] {
    return this.byLead.get(name) ?? [];
  }

  /** True when some passage has the token. */
  known(token: string): boolean {
    return this.index.docFreq(token) > 0;
  }

  /**
   * Inverse document frequency of a token over the passages: rare words weigh more. The
   * passages' token sets are those of the BM25 index, so its postings give the counts.
   */
  idf(token: string): number {
    const n = this.index.passages.length;
    const df = this.index.docFreq(token);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Every heading of every document, grouped by folded title (built on first use). */
  headingIndex(): HeadingGroup[] {
    this.headings ??= buildHeadingIndex(this.docs, (title) => this.tokensOfHeading(title));
    return this.headings;
  }

  tokenize(text: string): string[] {
    return this.index.tokenize(text);
  }

  /**
   * An English question's content words the glossary does not cover, each with the Chinese words
   * the bilingual dictionary gives for it that the documents use (none for a word they lack).
   */
  englishAlternatives(question: string): string[][] {
    return this.englishWords(question).map((g) => g.zh);
  }

  /** `englishAlternatives` with each group's English word or phrase. */
  englishWords(question: string): { en: string; zh: string[] }[] {
    if (!/[a-z]{3,}/i.test(question)) return [];
    const covered = new Set(
      glossaryMatches(question).flatMap((m) =>
        (m.phrase.toLowerCase().match(/[a-z]{3,}/g) ?? []).flatMap((w) => baseForms(w)),
      ),
    );
    const frequency = (zh: string) => this.index.docFreq(zh);
    return chineseGroups(question, englishIndex(), frequency, covered);
  }

  doc(source: string): PolicyDoc | undefined {
    return this.bySource.get(source);
  }
}
