import { describe, expect, it } from "vitest";
import { DEFAULT_RRF_K, reciprocalRankFusion } from "../../src/retrieve/fusion.js";

describe("reciprocalRankFusion", () => {
  it("sums weight / (k + rank) over the lists, best first", () => {
    const fused = reciprocalRankFusion([{ ids: ["a", "b", "c"] }, { ids: ["b", "c", "a"] }]);
    expect(fused.map((f) => f.id)).toEqual(["b", "a", "c"]);
    expect(fused[0]!.score).toBeCloseTo(1 / 62 + 1 / 61, 12);
    expect(fused[1]!.score).toBeCloseTo(1 / 61 + 1 / 63, 12);
    expect(DEFAULT_RRF_K).toBe(60);
  });

  it("uses the given k", () => {
    const fused = reciprocalRankFusion([{ ids: [1, 2] }], { k: 0 });
    expect(fused).toEqual([
      { id: 1, score: 1 },
      { id: 2, score: 0.5 },
    ]);
  });

  it("applies weights: a heavier list decides the order", () => {
    const lists = (w: number) => [
      { ids: ["x", "y"], weight: 1 },
      { ids: ["y", "x"], weight: w },
    ];
    expect(reciprocalRankFusion(lists(1)).map((f) => f.id)).toEqual(["x", "y"]); // tie: first seen
    expect(reciprocalRankFusion(lists(2)).map((f) => f.id)).toEqual(["y", "x"]);
  });

  it("a weight of 0 removes the list entirely (scores and membership)", () => {
    const fused = reciprocalRankFusion([
      { ids: ["a", "b"], weight: 1 },
      { ids: ["z", "b", "a"], weight: 0 },
    ]);
    expect(fused.map((f) => f.id)).toEqual(["a", "b"]);
    expect(fused[0]!.score).toBeCloseTo(1 / 61, 12);
    expect(fused[1]!.score).toBeCloseTo(1 / 62, 12);
  });

  it("all-zero weights give an empty result, never NaN", () => {
    const fused = reciprocalRankFusion([
      { ids: ["a"], weight: 0 },
      { ids: ["b"], weight: 0 },
    ]);
    expect(fused).toEqual([]);
  });

  it("handles empty lists and no lists", () => {
    expect(reciprocalRankFusion([])).toEqual([]);
    expect(reciprocalRankFusion([{ ids: [] }, { ids: [] }])).toEqual([]);
    const fused = reciprocalRankFusion([{ ids: [] }, { ids: ["a", "b"] }]);
    expect(fused.map((f) => f.id)).toEqual(["a", "b"]);
    expect(fused.every((f) => Number.isFinite(f.score))).toBe(true);
  });

  it("a repeated id keeps its first rank and counts once per list", () => {
    const fused = reciprocalRankFusion([{ ids: ["a", "b", "a", "a"] }]);
    expect(fused).toHaveLength(2);
    expect(fused[0]).toEqual({ id: "a", score: 1 / 61 });
    // "b" keeps its position (rank 2): duplicates do not renumber the list.
    expect(fused[1]).toEqual({ id: "b", score: 1 / 62 });
  });

  it("breaks ties stably by first appearance", () => {
    const fused = reciprocalRankFusion([{ ids: ["p", "q"] }, { ids: ["q", "p"] }, { ids: ["r"], weight: 0 }]);
    expect(fused.map((f) => f.id)).toEqual(["p", "q"]);
    expect(fused[0]!.score).toBe(fused[1]!.score);
    const reversed = reciprocalRankFusion([{ ids: ["q", "p"] }, { ids: ["p", "q"] }]);
    expect(reversed.map((f) => f.id)).toEqual(["q", "p"]);
  });

  it("rejects negative or non-finite weights and k with a clear error", () => {
    expect(() => reciprocalRankFusion([{ ids: ["a"], weight: -1 }])).toThrow(/weight of list 0.*≥ 0.*-1/);
    expect(() => reciprocalRankFusion([{ ids: ["a"] }, { ids: ["a"], weight: Number.NaN }])).toThrow(
      /weight of list 1/,
    );
    expect(() => reciprocalRankFusion([{ ids: ["a"], weight: Number.POSITIVE_INFINITY }])).toThrow(
      RangeError,
    );
    expect(() => reciprocalRankFusion([{ ids: ["a"] }], { k: -1 })).toThrow(/constant k/);
  });
});
