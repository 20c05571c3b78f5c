import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { VectorStore } from "../../src/index/vector-store.js";
import { tempDirs } from "../helpers/temp.js";
import { cosine } from "../helpers/vectors.js";

/** Deterministic pseudo-random vectors. */
function vectors(n: number, dims: number, seed = 1): Float32Array[] {
  let s = seed;
  const rand = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648 - 0.5;
  };
  return Array.from({ length: n }, () => Float32Array.from({ length: dims }, rand));
}

/** Exact k nearest labels by cosine, for reference. */
function bruteForce(
  data: Float32Array[],
  q: ArrayLike<number>,
  k: number,
  allow = (_: number) => true,
): number[] {
  return data
    .map((v, i) => ({ i, s: cosine(v, q) }))
    .filter((x) => allow(x.i))
    .sort((a, b) => b.s - a.s)
    .slice(0, k)
    .map((x) => x.i);
}

const tempDir = tempDirs("vs");

describe("VectorStore", () => {
  const dims = 16;
  const data = vectors(300, dims);
  const store = VectorStore.build(data, dims);
  const queries = vectors(10, dims, 99);

  it("finds each stored vector as its own nearest neighbour", () => {
    for (const i of [0, 57, 299]) {
      const [top] = store.search(data[i]!, 1);
      expect(top!.index).toBe(i);
      expect(top!.score).toBeCloseTo(1, 5);
    }
  });

  it("agrees with brute force on the top results, best first", () => {
    for (const q of queries) {
      const hits = store.search(q, 5);
      expect(hits.map((h) => h.index)).toEqual(bruteForce(data, q, 5));
      for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
    }
  });

  it("respects a filter, by the graph's filter callback and by the exact path", () => {
    const even = (i: number) => i % 2 === 0;
    const graphOnly = VectorStore.build(data, dims, { exactBelow: 0 });
    for (const q of queries.slice(0, 4)) {
      const viaGraph = graphOnly.search(q, 5, even);
      expect(viaGraph.every((h) => h.index % 2 === 0)).toBe(true);
      expect(viaGraph.map((h) => h.index)).toEqual(bruteForce(data, q, 5, even));
    }
    const few = (i: number) => i === 3 || i === 200 || i === 150;
    const exact = store.search(queries[0]!, 10, few);
    expect(exact.map((h) => h.index).sort((a, b) => a - b)).toEqual([3, 150, 200]);
    expect(exact.map((h) => h.index)).toEqual(bruteForce(data, queries[0]!, 10, few));
    expect(store.search(queries[0]!, 5, () => false)).toEqual([]);
  });

  it("clamps k, and returns nothing for k = 0 or a zero query", () => {
    const small = VectorStore.build(data.slice(0, 3), dims);
    expect(small.search(queries[0]!, 10)).toHaveLength(3);
    expect(small.search(queries[0]!, 0)).toEqual([]);
    expect(small.search(new Float32Array(dims), 3)).toEqual([]);
    expect(() => small.search(new Float32Array(dims + 1), 3)).toThrow(/dimensions/);
    expect(VectorStore.build([], dims).search(queries[0]!, 3)).toEqual([]);
  });

  it("round-trips through a file with identical results", () => {
    const dir = tempDir();
    const file = join(dir, "vectors.hnsw");
    store.save(file);
    const loaded = VectorStore.load(file, dims);
    expect(loaded.size).toBe(store.size);
    for (const q of queries) {
      expect(loaded.search(q, 10)).toEqual(store.search(q, 10));
      expect(loaded.search(q, 5, (i) => i % 3 === 0)).toEqual(store.search(q, 5, (i) => i % 3 === 0));
    }
  });

  it("round-trips through a buffer, leaving no temporary files", () => {
    const dir = tempDir();
    const buffer = store.toBuffer(dir);
    expect(buffer.byteLength).toBeGreaterThan(300 * dims * 4);
    const loaded = VectorStore.fromBuffer(buffer, dims, dir);
    for (const q of queries) expect(loaded.search(q, 10)).toEqual(store.search(q, 10));
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(dir)).toBe(true);
  });
});
