/**
 * The retrieval engines compared in the benchmark, behind one interface over the same passages
 * (one measure = one passage, as src/index/passages.ts makes them) and the same jieba tokenizer
 * (src/index/tokenizer.ts, with the index's user words and stop words):
 * - policybot: the hybrid search (BM25 + LSA vectors fused by reciprocal rank) with the
 *   glossary's expansions as the engine uses them, and without them;
 * - Orama (`@orama/orama`): full-text search, its default BM25, our tokenizer injected;
 * - MiniSearch (`minisearch`): full-text search, its default BM25+, our tokenizer injected.
 */
import { create, insertMultiple, search } from "@orama/orama";
import MiniSearch from "minisearch";
import { chineseTermsFor } from "../src/answer/glossary.js";
import type { SearchIndex } from "../src/index/search-index.js";
import type { Passage } from "../src/types.js";

/** A search engine under test: the passages it ranks for a query, best first. */
export interface RetrievalEngine {
  name: string;
  /** Time to build its index over the passages (ms). */
  buildMs: number;
  search(query: string, k: number): Promise<Passage[]> | Passage[];
}

/** policybot's hybrid search; `glossary` adds the engine's glossary expansions to the query. */
export function policybotEngine(index: SearchIndex, glossary = true): RetrievalEngine {
  return {
    name: glossary ? "policybot" : "policybot (no glossary)",
    buildMs: 0,
    async search(query, k) {
      const hits = await index.search(query, { k, extraTerms: glossary ? chineseTermsFor(query) : [] });
      return hits.map((h) => h.passage);
    },
  };
}

/** Orama over the passages' text, tokenized by `tokenize`. */
export async function oramaEngine(
  passages: readonly Passage[],
  tokenize: (text: string) => string[],
): Promise<RetrievalEngine> {
  const t0 = performance.now();
  const db = create({
    schema: { text: "string" } as const,
    components: {
      tokenizer: {
        language: "chinese-jieba",
        normalizationCache: new Map(),
        tokenize: (raw: string) => tokenize(raw),
      },
    },
  });
  await insertMultiple(
    db,
    passages.map((p) => ({ id: String(p.id), text: p.text })),
    1000,
  );
  const buildMs = performance.now() - t0;
  const byId = new Map(passages.map((p) => [String(p.id), p]));
  return {
    name: "orama",
    buildMs,
    async search(query, k) {
      const result = await search(db, { term: query, properties: ["text"], limit: k });
      return result.hits.map((h) => byId.get(h.id)!).filter(Boolean);
    },
  };
}

/** MiniSearch over the passages' text, tokenized by `tokenize` (no further term processing). */
export function miniSearchEngine(
  passages: readonly Passage[],
  tokenize: (text: string) => string[],
): RetrievalEngine {
  const t0 = performance.now();
  const ms = new MiniSearch<{ id: number; text: string }>({
    fields: ["text"],
    tokenize,
    processTerm: (term) => term,
    searchOptions: { tokenize, processTerm: (term) => term },
  });
  ms.addAll(passages.map((p) => ({ id: p.id, text: p.text })));
  const buildMs = performance.now() - t0;
  return {
    name: "minisearch",
    buildMs,
    search(query, k) {
      return ms
        .search(query)
        .slice(0, k)
        .map((r) => passages[r.id as number]!);
    },
  };
}
