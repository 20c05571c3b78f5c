/**
 * Nearest-neighbour search over passage vectors with hnswlib-node (HierarchicalNSW, cosine space).
 *
 * Labels are the passages' positions 0..n-1. Small filtered searches (few allowed labels) are
 * answered exactly by brute force over the stored vectors; larger ones use hnswlib's filter
 * callback, which keeps exploring the graph until it has enough allowed neighbours.
 *
 * The file format is hnswlib's own; it does not record the dimensions or the space, so the caller
 * keeps `dims` beside it (our manifest's `embedding.dims`).
 */
import { randomBytes } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { HierarchicalNSW } from "hnswlib-node";
import hnsw from "hnswlib-node";

/** One neighbour: the label (passage position) and its cosine similarity to the query. */
export interface VectorHit {
  index: number;
  score: number;
}

/** Graph parameters. */
export interface VectorStoreOptions {
  /** Links per node (hnswlib M). Default 16. */
  m?: number;
  /** Candidate list size while building (hnswlib efConstruction). Default 100. */
  efConstruction?: number;
  /** Minimum candidate list size while searching (hnswlib ef); raised to k when k is larger. Default 64. */
  efSearch?: number;
  /** Seed of the level generator, so equal inputs give equal graphs. Default 100. */
  seed?: number;
  /**
   * A filtered search whose allowed labels number at most this is answered exactly by brute force
   * (a filter that keeps a few passages would make the graph search visit most of the graph).
   * 0 always uses the graph. Default 256.
   */
  exactBelow?: number;
}

const DEFAULTS = { m: 16, efConstruction: 100, efSearch: 64, seed: 100, exactBelow: 256 };

/** A cosine-space HNSW index over vectors labelled 0..n-1. */
export class VectorStore {
  readonly dims: number;
  private readonly index: HierarchicalNSW;
  private readonly opts: typeof DEFAULTS;

  private constructor(index: HierarchicalNSW, dims: number, opts: VectorStoreOptions) {
    this.index = index;
    this.dims = dims;
    this.opts = { ...DEFAULTS, ...opts };
  }

  /** Build from vectors; vector i gets label i. Every vector must have `dims` entries. */
  static build(
    vectors: readonly ArrayLike<number>[],
    dims: number,
    opts: VectorStoreOptions = {},
    onAdded?: (done: number, total: number) => void,
  ): VectorStore {
    if (!(Number.isInteger(dims) && dims >= 1))
      throw new RangeError(`dims must be an integer ≥ 1, got ${dims}`);
    const o = { ...DEFAULTS, ...opts };
    const index = new hnsw.HierarchicalNSW("cosine", dims);
    index.initIndex({
      maxElements: vectors.length,
      m: o.m,
      efConstruction: o.efConstruction,
      randomSeed: o.seed,
    });
    vectors.forEach((v, i) => {
      onAdded?.(i, vectors.length);
      if (v.length !== dims) throw new RangeError(`vector ${i} has ${v.length} dimensions, expected ${dims}`);
      index.addPoint(Array.from(v), i);
    });
    onAdded?.(vectors.length, vectors.length);
    return new VectorStore(index, dims, o);
  }

  /** Number of vectors. */
  get size(): number {
    return this.index.getCurrentCount();
  }

  /**
   * The `k` nearest vectors by cosine similarity, most similar first (ties by label). `filter`
   * restricts the labels considered. A zero query vector has no direction: the result is empty.
   */
  search(vector: ArrayLike<number>, k: number, filter?: (index: number) => boolean): VectorHit[] {
    if (vector.length !== this.dims) {
      throw new RangeError(`query has ${vector.length} dimensions, expected ${this.dims}`);
    }
    const n = this.size;
    if (k <= 0 || n === 0 || isZero(vector)) return [];
    if (filter && this.opts.exactBelow > 0) {
      const allowed: number[] = [];
      for (let i = 0; i < n && allowed.length <= this.opts.exactBelow; i++) if (filter(i)) allowed.push(i);
      if (allowed.length <= this.opts.exactBelow) return this.searchAmong(vector, k, allowed);
    }
    const kk = Math.min(k, n);
    this.index.setEf(Math.max(this.opts.efSearch, kk));
    const { neighbors, distances } = this.index.searchKnn(Array.from(vector), kk, filter);
    const hits = neighbors.map((index, i) => ({ index, score: 1 - distances[i]! }));
    hits.sort((a, b) => b.score - a.score || a.index - b.index);
    return hits;
  }

  /** Exact search among the given labels (brute force), most similar first, ties by label. */
  searchAmong(vector: ArrayLike<number>, k: number, labels: Iterable<number>): VectorHit[] {
    const d = this.dims;
    let qn = 0;
    for (let j = 0; j < d; j++) qn += vector[j]! * vector[j]!;
    if (qn === 0 || k <= 0) return [];
    const inv = 1 / Math.sqrt(qn);
    const hits: VectorHit[] = [];
    for (const i of labels) {
      if (i < 0 || i >= this.size) continue;
      // One stored vector at a time: a copy of every vector would cost n × dims floats for a
      // search among a few of them.
      const point = this.index.getPoint(i);
      let dot = 0;
      for (let j = 0; j < d; j++) dot += point[j]! * vector[j]!;
      hits.push({ index: i, score: Math.fround(dot * inv) });
    }
    hits.sort((a, b) => b.score - a.score || a.index - b.index);
    return hits.length > k ? hits.slice(0, k) : hits;
  }

  /** Write the graph to `file` (hnswlib format). */
  save(file: string): void {
    this.index.writeIndexSync(file);
  }

  /** Read a graph written by `save`; `dims` must be the dimensions it was built with. */
  static load(file: string, dims: number, opts: VectorStoreOptions = {}): VectorStore {
    const index = new hnsw.HierarchicalNSW("cosine", dims);
    index.readIndexSync(file);
    return new VectorStore(index, dims, opts);
  }

  /** The graph as bytes, through a temporary file in `tmpDir` (hnswlib writes only to files). */
  toBuffer(tmpDir: string): Buffer {
    const file = join(tmpDir, `.vectors-${process.pid}-${randomBytes(6).toString("hex")}.tmp`);
    try {
      this.save(file);
      return readFileSync(file);
    } finally {
      rmSync(file, { force: true });
    }
  }

  /** Read a graph from `toBuffer`'s bytes, through a temporary file in `tmpDir`. */
  static fromBuffer(
    buffer: Uint8Array,
    dims: number,
    tmpDir: string,
    opts: VectorStoreOptions = {},
  ): VectorStore {
    const file = join(tmpDir, `.vectors-${process.pid}-${randomBytes(6).toString("hex")}.tmp`);
    try {
      writeFileSync(file, buffer);
      return VectorStore.load(file, dims, opts);
    } finally {
      rmSync(file, { force: true });
    }
  }
}

function isZero(v: ArrayLike<number>): boolean {
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) return false;
  return true;
}
