/**
 * How alike two document names are, by shared character pairs (Dice over bigrams, punctuation
 * and brackets ignored): 《浦东新区2021年安全生产监督管理工作要点》 is near the held
 * 《浦东新区应急管理局2021年安全生产监督管理工作要点》 and far from 《上海市促进在线新经济发展行动方案》.
 */
import { fold } from "../structure/text-view.js";
import type { PolicyDoc } from "../types.js";

const bigramCache = new WeakMap<PolicyDoc, Set<string>>();

/** The character pairs of a name, without spaces, punctuation and brackets. */
export function bigrams(name: string): Set<string> {
  const s = fold(name).replace(/[\s\p{P}\p{S}]/gu, "");
  const out = new Set<string>();
  for (let i = 0; i + 2 <= s.length; i++) out.add(s.slice(i, i + 2));
  return out;
}

function dice(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return (2 * shared) / (a.size + b.size);
}

/** 0 (nothing shared) … 1 (the same name). */
export function titleSimilarity(a: string, b: string): number {
  return dice(bigrams(a), bigrams(b));
}

/** A held document's title pairs, computed once per document. */
function titleBigrams(doc: PolicyDoc): Set<string> {
  let set = bigramCache.get(doc);
  if (!set) {
    set = bigrams(doc.title);
    bigramCache.set(doc, set);
  }
  return set;
}

/** The held documents whose titles are nearest to `name`, best first (none that share nothing). */
export function closestDocs(name: string, docs: readonly PolicyDoc[], n = 3): PolicyDoc[] {
  const target = bigrams(name);
  return docs
    .map((doc) => ({ doc, score: dice(target, titleBigrams(doc)) }))
    .filter((x) => x.score > 0.1)
    .sort((a, b) => b.score - a.score)
    .slice(0, n)
    .map((x) => x.doc);
}
