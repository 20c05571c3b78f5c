/**
 * BM25 (Okapi BM25 with the BM25+ lower bound) over documents given as token arrays.
 *
 * `calcBm25Score` is the whole formula; `Bm25Index` is the inverted index around it (term →
 * postings of [doc, term frequency]) and serialises to plain JSON.
 */

/** BM25 parameters. */
export interface Bm25Params {
  /**
   * Term-frequency saturation. At 0 the term frequency is ignored (a term that occurs once scores
   * as one that occurs ten times); the larger, the longer extra occurrences keep adding score.
   * Range [0, ∞); usually 1.2–2. Default 1.2.
   */
  k1: number;
  /**
   * Length normalisation. At 0 the document length is ignored; at 1 a term's frequency is fully
   * scaled by the document's length relative to the average length. Range [0, 1]. Default 0.7
   * (passages are short and of similar size, so length should matter somewhat but not fully).
   */
  b: number;
  /**
   * BM25+ lower bound: the score a matching term adds at least (times its idf), so a long
   * document that contains the term is never scored as if it did not. Range [0, ∞); 0 gives
   * classic BM25. Default 0.5.
   */
  d: number;
}

/** Default BM25 parameters (as MiniSearch's: k1 1.2, b 0.7, d 0.5). */
export const DEFAULT_BM25_PARAMS: Readonly<Bm25Params> = Object.freeze({ k1: 1.2, b: 0.7, d: 0.5 });

/**
 * BM25+ score of one term in one document.
 *
 * @param termFreq occurrences of the term in the document (≥ 1)
 * @param matchingCount number of documents that contain the term
 * @param totalCount number of documents
 * @param docLength the document's length in tokens
 * @param avgDocLength the average document length in tokens
 * @param params k1, b, d (see `Bm25Params`)
 */
export function calcBm25Score(
  termFreq: number,
  matchingCount: number,
  totalCount: number,
  docLength: number,
  avgDocLength: number,
  params: Bm25Params = DEFAULT_BM25_PARAMS,
): number {
  const { k1, b, d } = params;
  const idf = Math.log(1 + (totalCount - matchingCount + 0.5) / (matchingCount + 0.5));
  const lengthRatio = avgDocLength > 0 ? docLength / avgDocLength : 1;
  return idf * (d + (termFreq * (k1 + 1)) / (termFreq + k1 * (1 - b + b * lengthRatio)));
}

/** One result of a BM25 search: a document's index (its position at build time) and score. */
export interface Bm25Hit {
  index: number;
  score: number;
}

/** The JSON form of a `Bm25Index`. */
export interface Bm25IndexJSON {
  format: "bm25";
  version: 1;
  params: Bm25Params;
  docLengths: number[];
  /** [term, flat postings [doc, tf, doc, tf, …] with doc ascending]. */
  postings: [string, number[]][];
}

function checkParams(p: Bm25Params): Bm25Params {
  const ok = (x: number) => Number.isFinite(x) && x >= 0;
  if (!ok(p.k1) || !ok(p.d) || !ok(p.b) || p.b > 1) {
    throw new RangeError(
      `BM25 params out of range: k1 and d must be ≥ 0, b in [0, 1]; got ${JSON.stringify(p)}`,
    );
  }
  return { k1: p.k1, b: p.b, d: p.d };
}

/** True when document a ranks before document b: higher score, then lower index. */
function before(scores: Float64Array, a: number, b: number): boolean {
  return scores[a]! > scores[b]! || (scores[a] === scores[b] && a < b);
}

/**
 * The k best of `docs` by score (ties by ascending index), best first: a bounded heap whose root
 * is the worst kept document, so a query touching most of a large corpus costs O(n log k).
 */
function topK(docs: readonly number[], scores: Float64Array, k: number): Bm25Hit[] {
  const heap: number[] = [];
  const sift = (i: number) => {
    const n = heap.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < n && before(scores, heap[worst]!, heap[l]!)) worst = l;
      if (r < n && before(scores, heap[worst]!, heap[r]!)) worst = r;
      if (worst === i) return;
      [heap[i], heap[worst]] = [heap[worst]!, heap[i]!];
      i = worst;
    }
  };
  for (const doc of docs) {
    if (heap.length < k) {
      heap.push(doc);
      let i = heap.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!before(scores, heap[parent]!, heap[i]!)) break;
        [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
        i = parent;
      }
    } else if (before(scores, doc, heap[0]!)) {
      heap[0] = doc;
      sift(0);
    }
  }
  heap.sort((a, b) => (before(scores, a, b) ? -1 : 1));
  return heap.map((index) => ({ index, score: scores[index]! }));
}

/** An inverted index over token arrays, scored with BM25+. Immutable once built. */
export class Bm25Index {
  readonly params: Readonly<Bm25Params>;
  private readonly docLengths: Uint32Array;
  private readonly avgLength: number;
  /** term → flat postings [doc, tf, doc, tf, …], doc ascending. */
  private readonly postings: Map<string, Uint32Array>;

  private constructor(params: Bm25Params, docLengths: Uint32Array, postings: Map<string, Uint32Array>) {
    this.params = Object.freeze(checkParams(params));
    this.docLengths = docLengths;
    this.postings = postings;
    let total = 0;
    for (const n of docLengths) total += n;
    this.avgLength = docLengths.length > 0 ? total / docLengths.length : 0;
  }

  /**
   * Build from one token array per document; document i gets index i. `docs` may be any
   * iterable (a generator tokenizing one document at a time keeps memory to the postings).
   */
  static build(docs: Iterable<readonly string[]>, params: Partial<Bm25Params> = {}): Bm25Index {
    // Postings grow in typed arrays (doubling), 4 bytes an entry.
    const lists = new Map<string, { buf: Uint32Array; len: number }>();
    let docLengths = new Uint32Array(1024);
    const tf = new Map<string, number>();
    let doc = 0;
    for (const tokens of docs) {
      if (doc >= docLengths.length) {
        const grown = new Uint32Array(docLengths.length * 2);
        grown.set(docLengths);
        docLengths = grown;
      }
      docLengths[doc] = tokens.length;
      tf.clear();
      for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [t, n] of tf) {
        let list = lists.get(t);
        if (!list) {
          list = { buf: new Uint32Array(4), len: 0 };
          lists.set(t, list);
        } else if (list.len + 2 > list.buf.length) {
          const grown = new Uint32Array(list.buf.length * 2);
          grown.set(list.buf);
          list.buf = grown;
        }
        list.buf[list.len++] = doc;
        list.buf[list.len++] = n;
      }
      doc++;
    }
    const postings = new Map<string, Uint32Array>();
    for (const [t, list] of lists) postings.set(t, list.buf.slice(0, list.len));
    return new Bm25Index({ ...DEFAULT_BM25_PARAMS, ...params }, docLengths.slice(0, doc), postings);
  }

  /** Number of documents. */
  get size(): number {
    return this.docLengths.length;
  }

  /** Number of documents containing `term`. */
  docFreq(term: string): number {
    return (this.postings.get(term)?.length ?? 0) / 2;
  }

  /**
   * The `k` best documents for the query, best first; ties by ascending document index. Each
   * distinct query token counts once (repeats add nothing). Documents that match no query token,
   * or that `filter` rejects, are left out.
   */
  search(queryTokens: readonly string[], filter?: (docIndex: number) => boolean, k = 10): Bm25Hit[] {
    return this.searchWith(queryTokens, filter, k, this.params);
  }

  /** As `search`, with other BM25 parameters for this one query (the index does not depend on them). */
  searchWith(
    queryTokens: readonly string[],
    filter: ((docIndex: number) => boolean) | undefined,
    k: number,
    params: Bm25Params,
  ): Bm25Hit[] {
    if (k <= 0 || this.size === 0) return [];
    const p = params === this.params ? params : checkParams(params);
    const scores = new Float64Array(this.size);
    const seen = new Uint8Array(this.size);
    const touched: number[] = [];
    // 0 unknown, 1 allowed, 2 rejected — each document's filter is asked once.
    const allowed = filter ? new Uint8Array(this.size) : undefined;
    const n = this.size;
    for (const term of new Set(queryTokens)) {
      const list = this.postings.get(term);
      if (!list) continue;
      const df = list.length / 2;
      for (let i = 0; i < list.length; i += 2) {
        const doc = list[i]!;
        if (allowed) {
          let a = allowed[doc]!;
          if (a === 0) {
            a = filter!(doc) ? 1 : 2;
            allowed[doc] = a;
          }
          if (a === 2) continue;
        }
        if (seen[doc] === 0) touched.push(doc);
        // How many of the query's words the document holds (at most 255 are told apart).
        if (seen[doc]! < 255) seen[doc]! += 1;
        scores[doc]! += calcBm25Score(list[i + 1]!, df, n, this.docLengths[doc]!, this.avgLength, p);
      }
    }
    // Coordination, as MiniSearch does: a document holding more of the query's words ranks
    // higher than one holding a single rare word many times (a heading, a short passage).
    for (const doc of touched) scores[doc]! *= seen[doc]!;
    return topK(touched, scores, k);
  }

  /** Plain-JSON form (terms sorted, so equal indexes give equal JSON). */
  toJSON(): Bm25IndexJSON {
    const terms = [...this.postings.keys()].sort();
    return {
      format: "bm25",
      version: 1,
      params: { ...this.params },
      docLengths: Array.from(this.docLengths),
      postings: terms.map((t) => [t, Array.from(this.postings.get(t)!)]),
    };
  }

  /** The text of `JSON.stringify(this.toJSON())`, in pieces (one per term), for large indexes. */
  *jsonPieces(): Generator<string> {
    yield `{"format":"bm25","version":1,"params":${JSON.stringify({ ...this.params })},`;
    yield `"docLengths":${JSON.stringify(Array.from(this.docLengths))},"postings":[`;
    let first = true;
    for (const t of [...this.postings.keys()].sort()) {
      yield `${first ? "" : ","}[${JSON.stringify(t)},[${this.postings.get(t)!.join(",")}]]`;
      first = false;
    }
    yield "]}";
  }

  /** Restore from `toJSON()`'s output; throws on another format or version. */
  static fromJSON(json: Bm25IndexJSON): Bm25Index {
    if (json?.format !== "bm25" || json.version !== 1) {
      throw new Error(
        `Not a BM25 index of version 1 (format ${String(json?.format)}, version ${String(json?.version)})`,
      );
    }
    const docLengths = Uint32Array.from(json.docLengths);
    const postings = new Map<string, Uint32Array>();
    for (const [t, flat] of json.postings) {
      if (flat.length % 2 !== 0) throw new Error(`BM25 postings of "${t}" have an odd length`);
      const list = Uint32Array.from(flat);
      for (let i = 0; i < list.length; i += 2) {
        if (list[i]! >= docLengths.length)
          throw new Error(`BM25 postings of "${t}" name an unknown document`);
      }
      postings.set(t, list);
    }
    return new Bm25Index(json.params, docLengths, postings);
  }
}
