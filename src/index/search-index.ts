/**
 * The passage index: BM25 over jieba tokens and nearest neighbours over passage vectors, fused by
 * reciprocal rank, with filters by source file and by measure, saved atomically through store.ts.
 *
 * By default the vectors come from `LocalLsaEmbeddings` (fitted to the passages at build time and
 * saved with the index); any LangChain `Embeddings` (an OpenAI-compatible endpoint) can take its
 * place, named by `embeddingName` so that an index built with another embedding is not reused.
 */
import { join } from "node:path";
import type { Embeddings } from "@langchain/core/embeddings";
import { DEFAULT_RRF_K, reciprocalRankFusion } from "../retrieve/fusion.js";
import type { Passage } from "../types.js";
import { type Bm25Hit, Bm25Index, type Bm25IndexJSON, type Bm25Params } from "./bm25.js";
import { jsonArrayPieces, writeJsonPieces } from "./json-file.js";
import { LocalLsaEmbeddings, type LocalLsaJSON, type LsaOptions, localLsaName } from "./local-embeddings.js";
import { type ProgressListener, reportEvery } from "./progress.js";
import {
  type CurrentIndex,
  DEFAULT_INDEX_DIR,
  type FileContent,
  type IndexManifest,
  readCurrent,
  readIndexFile,
  type WriteOptions,
  writeGeneration,
} from "./store.js";
import { createTokenizer, removeStopWords, type Tokenizer } from "./tokenizer.js";
import { VectorStore, type VectorStoreOptions } from "./vector-store.js";

/** One retrieved passage. Ranks are 1-based positions in each engine's own list. */
export interface Hit {
  passage: Passage;
  /** The fused score (reciprocal-rank fusion); for `searchBm25`, the BM25 score. */
  score: number;
  /** The passage's BM25 score for the query (0 when no query term occurs in it). */
  bm25Score: number;
  /** Rank in the BM25 list, or null when BM25 did not return it. */
  bm25Rank: number | null;
  /** Rank in the vector list, or null when the vector search did not return it (or did not run). */
  vectorRank: number | null;
}

/** Options of a search. */
export interface SearchOptions {
  /** Number of hits. Default 10. */
  k?: number;
  /** Only passages of these source files. */
  sources?: readonly string[];
  /** Only passages of this measure of this source file. */
  measure?: { source: string; number: number };
  /**
   * Weights of the two lists in the fusion, each ≥ 0. A weight of 0 removes that list (a vector
   * weight of 0 also skips the query embedding). Ignored by `searchBm25`. Default: 1 each with an
   * external embedding; with the local LSA embedding, BM25 decides and the vectors only fill the
   * places BM25 leaves empty (see `search`).
   */
  weights?: { bm25: number; vector: number };
  /** More words for the BM25 query (names, aliases, expansions); tokenized like the query. */
  extraTerms?: readonly string[];
}

/** Options of `SearchIndex.build`. */
export interface BuildOptions {
  /** Names of units and persons that must stay whole words (see tokenizer.ts). */
  userWords?: readonly string[];
  /** The embedding of passages and queries; default a `LocalLsaEmbeddings` fitted to the passages. */
  embeddings?: Embeddings;
  /** The embedding's name as recorded in the manifest; default its `name` (or `model`) property. */
  embeddingName?: string;
  /** Options of the local embedding when `embeddings` is not given. */
  lsa?: LsaOptions;
  /** BM25 parameters (default k1 1.2, b 0.7, d 0.5). */
  bm25?: Partial<Bm25Params>;
  /** HNSW parameters. */
  vectors?: VectorStoreOptions;
  /** Hears the progress of tokenizing, embedding and adding vectors. */
  onProgress?: ProgressListener;
}

/** What `SearchIndex.load` expects the saved index to have been built with. */
export interface LoadOptions {
  /** The user words the caller would build with now (their fingerprint must match). */
  userWords?: readonly string[];
  /** The embedding for queries when the index was built with an external one. */
  embeddings?: Embeddings;
  /** The expected embedding name; default the name of `embeddings`, or the local LSA name. */
  embeddingName?: string;
  /** The local embedding's options (its name depends on dims and n-gram range). */
  lsa?: Pick<LsaOptions, "dims" | "minN" | "maxN">;
  /** HNSW search parameters. */
  vectors?: VectorStoreOptions;
  /** Hears why `load` returned null. */
  onInvalid?: (reason: string) => void;
}

/** Options of `save`. */
export interface SaveOptions {
  /** The source files the passages came from: file name → sha256. */
  sources?: Record<string, string>;
  /** Free-form fields for the manifest. */
  extra?: Record<string, unknown>;
  /** More files to store in the same generation (e.g. the structured documents); a function writes its file itself. */
  files?: Record<string, FileContent>;
  /** Store options (a test hook that fails the write midway, a clock). */
  write?: WriteOptions;
}

const FILES = {
  passages: "passages.json",
  bm25: "bm25.json",
  embedding: "embedding.json",
  vectors: "vectors.hnsw",
} as const;

/** Candidates taken from each list before fusion (at least k). */
const CANDIDATES = 50;

/**
 * BM25's hits in BM25's order, then the vector hits BM25 did not find (a question whose words no
 * passage has still gets the nearest passages), scored like a fusion so that callers can compare.
 */
function bm25ThenVectors(bm25Hits: readonly Bm25Hit[], vectorIds: readonly number[]) {
  const seen = new Set(bm25Hits.map((h) => h.index));
  const ids = [...bm25Hits.map((h) => h.index), ...vectorIds.filter((id) => !seen.has(id))];
  return ids.map((id, i) => ({ id, score: 1 / (DEFAULT_RRF_K + i + 1) }));
}

/** The name an `Embeddings` instance goes by. */
function embeddingNameOf(
  embeddings: Embeddings | undefined,
  explicit: string | undefined,
  lsa?: LsaOptions,
): string {
  if (explicit) return explicit;
  if (!embeddings) return localLsaName(lsa);
  const e = embeddings as unknown as { name?: unknown; model?: unknown };
  if (typeof e.name === "string" && e.name) return e.name;
  if (typeof e.model === "string" && e.model) return e.model;
  throw new Error("An external embedding needs an embeddingName (it has no name or model property)");
}

/** Hybrid BM25 + vector search over passages. Build with `build`, or `load` a saved one. */
export class SearchIndex {
  readonly passages: readonly Passage[];
  readonly tokenizer: Tokenizer;
  /** The embedding's name (as in the manifest). */
  readonly embeddingName: string;
  /** The manifest this index was loaded from or last saved as; null for a fresh build. */
  manifest: IndexManifest | null = null;
  private readonly bm25: Bm25Index;
  private readonly vectors: VectorStore;
  private readonly embeddings: Embeddings;
  /** Set when the embedding is the local one (fast synchronous query path, saved with the index). */
  private readonly local: LocalLsaEmbeddings | null;

  private constructor(parts: {
    passages: readonly Passage[];
    tokenizer: Tokenizer;
    bm25: Bm25Index;
    vectors: VectorStore;
    embeddings: Embeddings;
    embeddingName: string;
  }) {
    this.passages = parts.passages;
    this.tokenizer = parts.tokenizer;
    this.bm25 = parts.bm25;
    this.vectors = parts.vectors;
    this.embeddings = parts.embeddings;
    this.embeddingName = parts.embeddingName;
    this.local = parts.embeddings instanceof LocalLsaEmbeddings ? parts.embeddings : null;
  }

  /** Index `passages` (their `text`): tokens for BM25, vectors for the nearest-neighbour graph. */
  static async build(passages: readonly Passage[], options: BuildOptions = {}): Promise<SearchIndex> {
    const tokenizer = createTokenizer(options.userWords ?? []);
    const texts = passages.map((p) => p.text);
    const progress = options.onProgress;
    // Tokenized one passage at a time: only the postings are kept.
    function* tokenized(): Generator<string[]> {
      for (let i = 0; i < texts.length; i++) {
        reportEvery(progress, "tokenize", i, texts.length);
        yield removeStopWords(tokenizer.tokenize(texts[i]!));
      }
      reportEvery(progress, "tokenize", texts.length, texts.length);
    }
    const bm25 = Bm25Index.build(tokenized(), options.bm25);
    const embeddingName = embeddingNameOf(options.embeddings, options.embeddingName, options.lsa);
    let embeddings: Embeddings;
    let vectors: ArrayLike<number>[];
    let dims: number;
    if (!options.embeddings) {
      const fitted = LocalLsaEmbeddings.fitTransform(texts, options.lsa, (done, total) =>
        reportEvery(progress, "embed", done, total),
      );
      embeddings = fitted.model;
      vectors = fitted.vectors;
      dims = fitted.model.dims;
    } else if (options.embeddings instanceof LocalLsaEmbeddings) {
      const local = options.embeddings;
      embeddings = local;
      vectors = texts.map((t) => local.embedSync(t));
      dims = local.dims;
    } else {
      embeddings = options.embeddings;
      vectors = texts.length > 0 ? await embeddings.embedDocuments(texts) : [];
      dims = vectors[0]?.length ?? 1;
    }
    const store = VectorStore.build(vectors, dims, options.vectors, (done, total) =>
      reportEvery(progress, "vectors", done, total),
    );
    return new SearchIndex({
      passages: [...passages],
      tokenizer,
      bm25,
      vectors: store,
      embeddings,
      embeddingName,
    });
  }

  /** Number of passages. */
  get size(): number {
    return this.passages.length;
  }

  /** Number of passages whose BM25 tokens (see `tokenize`) include `token`. */
  docFreq(token: string): number {
    return this.bm25.docFreq(token);
  }

  /** Length of the vectors. */
  get dims(): number {
    return this.vectors.dims;
  }

  /** The tokens the index sees for `text`: search-mode jieba tokens without stop words. */
  tokenize(text: string): string[] {
    return removeStopWords(this.tokenizer.tokenize(text));
  }

  /**
   * Hybrid search: BM25 and vector candidates (within the filters) fused by reciprocal rank.
   * @throws RangeError on a negative weight
   */
  async search(query: string, options: SearchOptions = {}): Promise<Hit[]> {
    const k = options.k ?? 10;
    // The local LSA vectors are weak evidence: on 200 questions written over 57 unseen documents
    // they alone find the answer in the top 5 for 34 %, BM25 for 65 %, and fusing them at any
    // weight ≥ 0.05 lowers BM25's recall (bench: --retrieval-set). They fill, never reorder.
    const fillOnly = !options.weights && this.local !== null;
    const weights = options.weights ?? { bm25: 1, vector: 1 };
    if (!(weights.bm25 >= 0 && weights.vector >= 0)) {
      throw new RangeError(`search weights must be ≥ 0, got ${JSON.stringify(weights)}`);
    }
    if (k <= 0) return [];
    const filter = this.filterOf(options);
    if (filter === null) return [];
    const pool = Math.max(k, CANDIDATES);
    const bm25Hits = this.bm25.search(this.queryTokens(query, options.extraTerms), filter, pool);
    let vectorIds: number[] = [];
    const needVectors = fillOnly ? bm25Hits.length < k : weights.vector > 0;
    if (needVectors && this.size > 0) {
      // An external embedding that fails (endpoint down, timeout) leaves BM25 to answer alone.
      const qv = this.local
        ? this.local.embedSync(query)
        : await this.embeddings.embedQuery(query).catch(() => null);
      if (qv && qv.length === this.dims)
        vectorIds = this.vectors.search(qv, pool, filter).map((h) => h.index);
    }
    const fused = fillOnly
      ? bm25ThenVectors(bm25Hits, vectorIds)
      : reciprocalRankFusion([
          { ids: bm25Hits.map((h) => h.index), weight: weights.bm25 },
          { ids: vectorIds, weight: weights.vector },
        ]);
    const bm25Rank = new Map(bm25Hits.map((h, i) => [h.index, { rank: i + 1, score: h.score }]));
    const vectorRank = new Map(vectorIds.map((id, i) => [id, i + 1]));
    return fused.slice(0, k).map(({ id, score }) => {
      const b = bm25Rank.get(id);
      return {
        passage: this.passages[id]!,
        score,
        bm25Score: b?.score ?? 0,
        bm25Rank: b?.rank ?? null,
        vectorRank: vectorRank.get(id) ?? null,
      };
    });
  }

  /** BM25 only, synchronous (same filters and extra terms; `weights` ignored). */
  searchBm25(query: string, options: SearchOptions = {}): Hit[] {
    const k = options.k ?? 10;
    const filter = this.filterOf(options);
    if (filter === null || k <= 0) return [];
    const hits: Bm25Hit[] = this.bm25.search(this.queryTokens(query, options.extraTerms), filter, k);
    return hits.map((h, i) => ({
      passage: this.passages[h.index]!,
      score: h.score,
      bm25Score: h.score,
      bm25Rank: i + 1,
      vectorRank: null,
    }));
  }

  private queryTokens(query: string, extraTerms: readonly string[] | undefined): string[] {
    const tokens = this.tokenize(query);
    for (const term of extraTerms ?? []) tokens.push(...this.tokenize(term));
    return tokens;
  }

  /** Positions of each source's passages (built on first use). */
  private passagesBySource: Map<string, number[]> | null = null;

  private positionsOf(source: string): readonly number[] {
    if (!this.passagesBySource) {
      const map = new Map<string, number[]>();
      this.passages.forEach((p, i) => {
        const list = map.get(p.source);
        if (list) list.push(i);
        else map.set(p.source, [i]);
      });
      this.passagesBySource = map;
    }
    return this.passagesBySource.get(source) ?? [];
  }

  /**
   * The filter of the options: undefined for none, null when it allows no passage. Costs the
   * allowed sources' passages, not a pass over all of them.
   */
  private filterOf(options: SearchOptions): ((i: number) => boolean) | undefined | null {
    const { sources, measure } = options;
    if (!sources && !measure) return undefined;
    const allowed = new Uint8Array(this.size);
    let count = 0;
    const set = sources ? new Set(sources) : null;
    const from = measure ? (set === null || set.has(measure.source) ? [measure.source] : []) : [...set!];
    for (const source of from) {
      for (const i of this.positionsOf(source)) {
        if (measure && this.passages[i]!.measure !== measure.number) continue;
        allowed[i] = 1;
        count++;
      }
    }
    if (count === 0) return null;
    return (i) => allowed[i] === 1;
  }

  /**
   * Save as a new generation under `dir` (atomic; see store.ts). Returns the manifest written.
   */
  async save(dir: string = DEFAULT_INDEX_DIR, options: SaveOptions = {}): Promise<IndexManifest> {
    const files: Record<string, FileContent> = {
      // Written piece by piece: over many documents these files are hundreds of megabytes.
      [FILES.passages]: (path) => writeJsonPieces(path, jsonArrayPieces(this.passages)),
      [FILES.bm25]: (path) => writeJsonPieces(path, this.bm25.jsonPieces()),
    };
    if (this.local) files[FILES.embedding] = JSON.stringify(this.local.toJSON());
    files[FILES.vectors] = (path) => this.vectors.save(path);
    for (const [name, content] of Object.entries(options.files ?? {})) {
      if (name in files || name === "manifest.json") throw new Error(`reserved index file name: ${name}`);
      files[name] = content;
    }
    const written = writeGeneration(
      dir,
      {
        sources: options.sources ?? {},
        tokenizer: { name: this.tokenizer.name, fingerprint: this.tokenizer.fingerprint },
        embedding: { name: this.embeddingName, dims: this.vectors.dims },
        extra: { passages: this.size, ...options.extra },
      },
      files,
      options.write,
    );
    this.manifest = written.manifest;
    return written.manifest;
  }

  /**
   * Load the current generation under `dir`. Returns null — the caller rebuilds — when there is
   * none, when it is damaged or of an unknown format, when its tokenizer fingerprint differs from
   * that of `userWords`, or when its embedding is not the expected one.
   */
  static async load(dir: string = DEFAULT_INDEX_DIR, options: LoadOptions = {}): Promise<SearchIndex | null> {
    const fail = (reason: string): null => {
      options.onInvalid?.(reason);
      return null;
    };
    const current = readCurrent(dir, options.onInvalid);
    if (!current) return null;
    const { manifest } = current;
    const tokenizer = createTokenizer(options.userWords ?? []);
    if (
      manifest.tokenizer.name !== tokenizer.name ||
      manifest.tokenizer.fingerprint !== tokenizer.fingerprint
    ) {
      return fail("the index was built with another tokenizer or other user words");
    }
    let expected: string;
    try {
      expected = embeddingNameOf(options.embeddings, options.embeddingName, options.lsa);
    } catch (e) {
      return fail((e as Error).message);
    }
    if (manifest.embedding.name !== expected) {
      return fail(`the index was built with embedding ${manifest.embedding.name}, expected ${expected}`);
    }
    try {
      return SearchIndex.fromFiles(current, tokenizer, options);
    } catch (e) {
      return fail(`unreadable index at ${current.path}: ${(e as Error).message}`);
    }
  }

  private static fromFiles(current: CurrentIndex, tokenizer: Tokenizer, options: LoadOptions): SearchIndex {
    const { manifest } = current;
    const json = <T>(name: string): T => JSON.parse(readIndexFile(current, name).toString("utf8")) as T;
    const passages = json<Passage[]>(FILES.passages);
    const bm25 = Bm25Index.fromJSON(json<Bm25IndexJSON>(FILES.bm25));
    let embeddings: Embeddings;
    if (options.embeddings) {
      embeddings = options.embeddings;
    } else {
      const local = LocalLsaEmbeddings.fromJSON(json<LocalLsaJSON>(FILES.embedding));
      if (local.dims !== manifest.embedding.dims) {
        throw new Error("embedding.json does not match the manifest");
      }
      embeddings = local;
    }
    readIndexFile(current, FILES.vectors); // size and hash check
    const vectors = VectorStore.load(
      join(current.path, FILES.vectors),
      manifest.embedding.dims,
      options.vectors,
    );
    if (!Array.isArray(passages) || bm25.size !== passages.length || vectors.size !== passages.length) {
      throw new Error(
        `passages (${passages.length}), BM25 (${bm25.size}) and vectors (${vectors.size}) disagree`,
      );
    }
    const index = new SearchIndex({
      passages,
      tokenizer,
      bm25,
      vectors,
      embeddings,
      embeddingName: manifest.embedding.name,
    });
    index.manifest = manifest;
    return index;
  }
}
