import { describe, expect, it } from "vitest";
import { firstGoldRank, meanReciprocalRank, percentile, recallAt } from "../../bench/metrics.js";

describe("retrieval measures", () => {
  it("ranks the first gold hit, counting a question once however many gold items it has", () => {
    expect(firstGoldRank(["a", "b", "c", "b"], (x) => x === "b")).toBe(2);
    expect(firstGoldRank(["a", "b", "c"], (x) => x === "c" || x === "b")).toBe(2);
    expect(firstGoldRank(["a"], (x) => x === "z")).toBeNull();
    expect(firstGoldRank([], () => true)).toBeNull();
  });

  it("recall@k is the share of questions answered within the first k hits, misses included", () => {
    const ranks = [1, 2, null, 5, 6];
    expect(recallAt(ranks, 1)).toBeCloseTo(1 / 5);
    expect(recallAt(ranks, 5)).toBeCloseTo(3 / 5);
    expect(recallAt(ranks, 10)).toBeCloseTo(4 / 5);
    expect(recallAt([], 5)).toBe(0);
  });

  it("MRR averages 1/rank with a miss counting 0", () => {
    expect(meanReciprocalRank([1, 2, null, 4])).toBeCloseTo((1 + 0.5 + 0 + 0.25) / 4);
    expect(meanReciprocalRank([null, null])).toBe(0);
    expect(meanReciprocalRank([])).toBe(0);
  });

  it("percentiles are nearest-rank over unsorted latencies", () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 95)).toBe(10);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile([], 95)).toBe(0);
  });
});
