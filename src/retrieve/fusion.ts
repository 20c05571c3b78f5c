/**
 * Reciprocal-rank fusion (Cormack, Clarke & Büttcher 2009): each ranked list gives an id
 * `weight / (k + rank)`, rank counted from 1; an id's fused score is the sum over the lists.
 * Only ranks matter, so lists whose scores are on different scales (BM25, cosine) fuse fairly.
 */

/** One ranked list: ids best first, and how much the list counts. */
export interface RankedList<Id> {
  /**
   * Ids in rank order, best first: the id at position i (from 0) has rank i + 1. A repeated id
   * keeps its first (best) rank; later copies are ignored (they do not renumber the ids after them).
   */
  ids: readonly Id[];
  /**
   * The list's weight, ≥ 0; default 1. A weight of 0 removes the list entirely: it adds no score
   * and its ids do not appear in the result unless another list with weight > 0 ranks them.
   */
  weight?: number;
}

/** A fused result. */
export interface FusedItem<Id> {
  id: Id;
  score: number;
}

/** Options of `reciprocalRankFusion`. */
export interface FusionOptions {
  /**
   * The rank constant k of `weight / (k + rank)`: how fast credit falls with rank. At 0 the top
   * rank dominates (1, 1/2, 1/3, …); a large k flattens the curve so that agreement across lists
   * matters more than the exact position. Range [0, ∞). Default 60 (the value of the original paper).
   */
  k?: number;
}

/** The default rank constant k. */
export const DEFAULT_RRF_K = 60;

/**
 * Fuse ranked lists by reciprocal rank.
 *
 * Returns every id ranked by at least one list of weight > 0, by fused score descending. Ties keep
 * the order in which the ids were first met, reading the lists in order and each list from its
 * top. When every weight is 0 (or there are no lists, or all lists are empty) the result is empty
 * — never NaN scores.
 *
 * @throws RangeError when a weight is negative or not finite, or k is negative or not finite.
 */
export function reciprocalRankFusion<Id>(
  lists: readonly RankedList<Id>[],
  options: FusionOptions = {},
): FusedItem<Id>[] {
  const k = options.k ?? DEFAULT_RRF_K;
  if (!Number.isFinite(k) || k < 0)
    throw new RangeError(`RRF constant k must be a finite number ≥ 0, got ${k}`);
  lists.forEach((list, i) => {
    const w = list.weight ?? 1;
    if (!Number.isFinite(w) || w < 0) {
      throw new RangeError(`RRF weight of list ${i} must be a finite number ≥ 0, got ${w}`);
    }
  });

  const scores = new Map<Id, { score: number; order: number }>();
  for (const list of lists) {
    const w = list.weight ?? 1;
    if (w === 0) continue;
    const seen = new Set<Id>();
    list.ids.forEach((id, position) => {
      if (seen.has(id)) return;
      seen.add(id);
      const add = w / (k + position + 1);
      const entry = scores.get(id);
      if (entry) entry.score += add;
      else scores.set(id, { score: add, order: scores.size });
    });
  }
  const out = [...scores].map(([id, { score, order }]) => ({ id, score, order }));
  out.sort((a, b) => b.score - a.score || a.order - b.order);
  return out.map(({ id, score }) => ({ id, score }));
}
