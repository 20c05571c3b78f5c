/**
 * Which measure a question describes by its topic, by evidence: every candidate measure (the
 * passages retrieval finds, and the measure the phrase match picked) is scored by how much of
 * the topic it holds, each word weighted by its rarity and counted double in the measure's
 * heading ("publicity work" → 18.学习上海宣传工作经验, not 16, which mentions 宣传 in passing).
 * The best is taken when it clearly beats the runner-up; close ones are offered to choose from.
 */
import { fold } from "../structure/text-view.js";
import type { PolicyDoc } from "../types.js";
import type { Target } from "./compose/context.js";
import { chineseTermsFor } from "./glossary.js";
import type { KnowledgeBase } from "./knowledge.js";

export interface ScoredMeasure {
  target: Target;
  /** 0 … 1: the share of the topic's weight the measure holds, headings counted double. */
  score: number;
}

/** How far ahead the best measure must be to be taken without asking. */
const MARGIN = 0.15;
/** A measure must hold this much of the topic to be a candidate at all. */
const MIN_SCORE = 0.25;

/** The topic's words, a word inside a longer one of the topic (执法 in 行政执法) counted once. */
function distinct(topic: string[]): string[] {
  return topic.filter((w) => !topic.some((o) => o !== w && w.includes(o)));
}

/** Scores one measure against the topic. */
export function topicScore(kb: KnowledgeBase, target: Target, topic: string[]): number {
  const words = distinct(topic);
  if (words.length === 0) return 0;
  const text = kb.measureText(target.doc.source, target.measure);
  const heading = fold(target.measure.title);
  const weight = (w: string) => Math.max(kb.idf(w), 0.1);
  const parts = (w: string) => kb.tokenize(w).filter((p) => p.length >= 2 && p !== w);
  const holds = (s: string, w: string) =>
    s.includes(w) || (parts(w).length > 0 && parts(w).every((p) => s.includes(p)));
  let total = 0;
  let held = 0;
  for (const w of words) {
    total += 2 * weight(w);
    if (holds(heading, w)) held += 2 * weight(w);
    else if (holds(text, w)) held += weight(w);
  }
  return held / total;
}

/** The candidate measures for a topic in `docs` (all when empty), best first. */
export async function scoredMeasures(
  kb: KnowledgeBase,
  q: string,
  docs: PolicyDoc[],
  topic: string[],
  also: Target[] = [],
): Promise<ScoredMeasure[]> {
  const scope = docs.length ? docs : kb.docs;
  const hits = await kb.index.search(q, {
    k: 30,
    sources: scope.map((d) => d.source),
    extraTerms: [...chineseTermsFor(q), ...topic],
  });
  const seen = new Set<string>();
  const out: ScoredMeasure[] = [];
  const consider = (target: Target) => {
    const key = `${target.doc.source}#${target.measure.number}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ target, score: topicScore(kb, target, topic) });
  };
  for (const t of also) consider(t);
  for (const h of hits) {
    if (h.passage.measure === null) continue;
    const doc = kb.doc(h.passage.source);
    const measure = doc?.measures.find((m) => m.number === h.passage.measure);
    if (doc && measure) consider({ doc, measure });
  }
  // Retrieval's order breaks ties (the sort is stable).
  return out.filter((s) => s.score >= MIN_SCORE).sort((a, b) => b.score - a.score);
}

export type MeasurePick = { target: Target } | { choices: Target[] } | null;

/** The best measure when it clearly leads; the close ones to choose from; null when none holds the topic. */
export function pickMeasure(ranked: ScoredMeasure[]): MeasurePick {
  const [best, ...rest] = ranked;
  if (!best) return null;
  const close = rest.filter((r) => r.score > best.score - MARGIN);
  if (close.length === 0) return { target: best.target };
  return { choices: [best, ...close].slice(0, 3).map((r) => r.target) };
}
