/**
 * What a user would build instead of policybot: a generic LangChain retrieval QA. The raw source
 * texts are cut by `RecursiveCharacterTextSplitter`, the chunks embedded with the same local
 * embedding policybot uses (src/index/local-embeddings.ts, fitted to the chunks), and the chunk
 * nearest to the question by cosine similarity (a brute-force in-memory store, as LangChain's
 * MemoryVectorStore does) is returned as the answer, cited.
 *
 * Generous to the baseline: a chunk's citation carries the number of the measure it overlaps most
 * (from policybot's structure), so the eval's `cites` checks can pass when the right chunk comes
 * back. It never refuses (`found` is always true when there are chunks), as such a pipeline does.
 */
import { RecursiveCharacterTextSplitter } from "@langchain/textsplitters";
import type { AnswerEngine } from "../src/answer/engine-interface.js";
import { LocalLsaEmbeddings } from "../src/index/local-embeddings.js";
import type { Answer, Citation, PolicyDoc, SourceText } from "../src/types.js";

/** Splitter settings: characters per chunk and overlap (Chinese text: ~500 characters a chunk). */
export const CHUNK_SIZE = 500;
export const CHUNK_OVERLAP = 50;

interface Chunk {
  source: string;
  title: string;
  text: string;
  start: number;
  end: number;
  number?: number;
}

/** The measure of `doc` that overlaps [start, end) the most, if any. */
function measureOver(doc: PolicyDoc | undefined, start: number, end: number): number | undefined {
  let best: { number: number; overlap: number } | undefined;
  for (const m of doc?.measures ?? []) {
    const overlap = Math.min(end, m.end) - Math.max(start, m.start);
    if (overlap > 0 && (!best || overlap > best.overlap)) best = { number: m.number, overlap };
  }
  return best?.number;
}

export class LangChainQa implements AnswerEngine {
  private constructor(
    private readonly chunks: Chunk[],
    private readonly embeddings: LocalLsaEmbeddings,
    private readonly vectors: Float32Array[],
    readonly buildMs: number,
  ) {}

  /** Splits, embeds and stores the sources; `docs` only label chunks with measure numbers. */
  static async build(sources: readonly SourceText[], docs: readonly PolicyDoc[]): Promise<LangChainQa> {
    const t0 = performance.now();
    const splitter = new RecursiveCharacterTextSplitter({
      chunkSize: CHUNK_SIZE,
      chunkOverlap: CHUNK_OVERLAP,
      separators: ["\n\n", "\n", "。", "；", "，", " ", ""],
    });
    const byName = new Map(docs.map((d) => [d.source, d]));
    const chunks: Chunk[] = [];
    for (const s of sources) {
      const doc = byName.get(s.source);
      let from = 0;
      for (const text of await splitter.splitText(s.text)) {
        // Locate the chunk in the source for its citation (chunks come in order; overlap steps back).
        let start = s.text.indexOf(text, Math.max(0, from - CHUNK_OVERLAP - 1));
        if (start < 0) start = s.text.indexOf(text);
        if (start < 0) continue;
        const end = start + text.length;
        from = end;
        chunks.push({
          source: s.source,
          title: doc?.title ?? s.source,
          text,
          start,
          end,
          number: measureOver(doc, start, end),
        });
      }
    }
    const { model, vectors } = LocalLsaEmbeddings.fitTransform(chunks.map((c) => c.text));
    return new LangChainQa(chunks, model, vectors, performance.now() - t0);
  }

  /** Number of chunks. */
  get size(): number {
    return this.chunks.length;
  }

  /** The `k` chunks nearest to the question, best first. */
  nearest(question: string, k: number): Chunk[] {
    const q = this.embeddings.embedSync(question);
    const scored = this.vectors.map((v, i) => {
      let dot = 0;
      for (let j = 0; j < v.length; j++) dot += v[j]! * q[j]!;
      return { i, dot };
    });
    scored.sort((a, b) => b.dot - a.dot || a.i - b.i);
    return scored.slice(0, k).map((s) => this.chunks[s.i]!);
  }

  async ask(question: string): Promise<Answer> {
    const top = this.nearest(question, 1)[0];
    const lang = /[\u4e00-\u9fff]/.test(question) ? "zh" : "en";
    if (!top) return { question, language: lang, intent: "lookup", found: false, answer: "", citations: [] };
    const citation: Citation = {
      id: 1,
      source: top.source,
      title: top.title,
      section: top.title,
      quote: top.text,
      start: top.start,
      end: top.end,
    };
    if (top.number !== undefined) citation.number = top.number;
    return {
      question,
      language: lang,
      intent: "lookup",
      found: true,
      answer: `${top.text} [1]`,
      citations: [citation],
    };
  }
}
