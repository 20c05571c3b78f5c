import { describe, expect, it } from "vitest";
import { Bm25Index, calcBm25Score, DEFAULT_BM25_PARAMS } from "../../src/index/bm25.js";
import { contentTokens, createTokenizer } from "../../src/index/tokenizer.js";

const PASSAGES = [
  "学习上海安全生产监管经验，完善安全生产责任体系。由综合处负责。",
  "加强危险化学品安全监管，开展危险化学品隐患排查治理专项行动。由危化处负责。",
  "学习上海信息化建设先进经验，依托智慧安监平台，建设全市安全生产综合信息平台。由办公室负责。",
  "加强两地实战演练合作，优化各类安全生产应急预案，提升应急救援能力。由应急处负责。",
  "加强干部队伍建设，开展业务培训，提高执法人员素质。由人事处负责。",
  "深化行政审批制度改革，推进一网通办，优化营商环境。",
];

describe("calcBm25Score", () => {
  const p = DEFAULT_BM25_PARAMS;
  it("has documented defaults", () => {
    expect(p).toEqual({ k1: 1.2, b: 0.7, d: 0.5 });
  });

  it("grows with term frequency, and k1 = 0 ignores it", () => {
    expect(calcBm25Score(3, 2, 10, 20, 20, p)).toBeGreaterThan(calcBm25Score(1, 2, 10, 20, 20, p));
    const flat = { ...p, k1: 0 };
    expect(calcBm25Score(3, 2, 10, 20, 20, flat)).toBe(calcBm25Score(1, 2, 10, 20, 20, flat));
  });

  it("favours short documents, and b = 0 ignores length", () => {
    expect(calcBm25Score(1, 2, 10, 10, 20, p)).toBeGreaterThan(calcBm25Score(1, 2, 10, 40, 20, p));
    const noLength = { ...p, b: 0 };
    expect(calcBm25Score(1, 2, 10, 10, 20, noLength)).toBe(calcBm25Score(1, 2, 10, 40, 20, noLength));
  });

  it("rare terms weigh more; d lifts every match", () => {
    expect(calcBm25Score(1, 1, 10, 20, 20, p)).toBeGreaterThan(calcBm25Score(1, 8, 10, 20, 20, p));
    expect(calcBm25Score(1, 2, 10, 20, 20, { ...p, d: 0.5 })).toBeGreaterThan(
      calcBm25Score(1, 2, 10, 20, 20, { ...p, d: 0 }),
    );
  });
});

describe("Bm25Index", () => {
  const tokenizer = createTokenizer([]);
  const docs = PASSAGES.map((t) => contentTokens(t, tokenizer));
  const index = Bm25Index.build(docs);
  const q = (text: string) => contentTokens(text, tokenizer);

  it("ranks the right passage first on a Chinese fixture", () => {
    expect(index.search(q("危险化学品隐患排查"), undefined, 3)[0]!.index).toBe(1);
    expect(index.search(q("安全生产信息平台建设"), undefined, 3)[0]!.index).toBe(2);
    expect(index.search(q("应急演练"), undefined, 3)[0]!.index).toBe(3);
    expect(index.search(q("行政审批改革"), undefined, 3)[0]!.index).toBe(5);
  });

  it("returns only matching documents, best first, at most k", () => {
    const hits = index.search(q("人事处"), undefined, 10);
    expect(hits.map((h) => h.index)).toEqual([4]);
    const many = index.search(q("安全生产"), undefined, 2);
    expect(many).toHaveLength(2);
    expect(many[0]!.score).toBeGreaterThanOrEqual(many[1]!.score);
    expect(index.search(q("北京冬奥会"), undefined, 5)).toEqual([]);
    expect(index.search(q("安全生产"), undefined, 0)).toEqual([]);
  });

  it("applies the filter", () => {
    const hits = index.search(q("安全生产"), (i) => i !== 0 && i !== 2, 10);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.some((h) => h.index === 0 || h.index === 2)).toBe(false);
  });

  it("counts each distinct query token once", () => {
    expect(index.search(["演练", "演练", "演练"], undefined, 5)).toEqual(
      index.search(["演练"], undefined, 5),
    );
  });

  it("k1 = 0 makes term frequency irrelevant; b = 0 makes length irrelevant", () => {
    const tfDocs = [["安全", "安全", "安全", "x"], ["安全", "y", "z", "w"], ["其他"]];
    const tfIndex = Bm25Index.build(tfDocs);
    const [first, second] = tfIndex.search(["安全"], undefined, 2);
    expect(first!.index).toBe(0);
    expect(first!.score).toBeGreaterThan(second!.score);
    const flat = Bm25Index.build(tfDocs, { k1: 0 }).search(["安全"], undefined, 2);
    expect(flat[0]!.score).toBe(flat[1]!.score);

    const lenDocs = [["监管"], ["监管", "a", "b", "c", "d", "e", "f", "g"], ["其他"]];
    const lenHits = Bm25Index.build(lenDocs).search(["监管"], undefined, 2);
    expect(lenHits[0]!.index).toBe(0);
    expect(lenHits[0]!.score).toBeGreaterThan(lenHits[1]!.score);
    const noLen = Bm25Index.build(lenDocs, { b: 0 }).search(["监管"], undefined, 2);
    expect(noLen[0]!.score).toBe(noLen[1]!.score);
    expect(noLen.map((h) => h.index)).toEqual([0, 1]); // ties by index
  });

  it("agrees with calcBm25Score summed by hand × the query words held, including the order of ties, on a larger corpus", () => {
    let seed = 3;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const vocab = ["安全", "生产", "监管", "应急", "演练", "平台", "培训", "审批"];
    const corpus = Array.from({ length: 400 }, () =>
      Array.from({ length: 1 + Math.floor(rand() * 6) }, () => vocab[Math.floor(rand() * vocab.length)]!),
    );
    const big = Bm25Index.build(corpus);
    const avg = corpus.reduce((a, d) => a + d.length, 0) / corpus.length;
    for (const query of [["安全"], ["监管", "演练"], ["平台", "培训", "审批", "未知"]]) {
      const expected = corpus
        .map((doc, index) => {
          let score = 0;
          let held = 0;
          for (const term of new Set(query)) {
            const tf = doc.filter((t) => t === term).length;
            const df = corpus.filter((d) => d.includes(term)).length;
            if (tf > 0) {
              score += calcBm25Score(tf, df, corpus.length, doc.length, avg);
              held++;
            }
          }
          return { index, score: score * held };
        })
        .filter((h) => h.score > 0)
        .sort((a, b) => b.score - a.score || a.index - b.index)
        .slice(0, 7);
      const got = big.search(query, undefined, 7);
      expect(got.map((h) => h.index)).toEqual(expected.map((h) => h.index));
      got.forEach((h, i) => {
        expect(h.score).toBeCloseTo(expected[i]!.score, 10);
      });
    }
  });

  it("rejects parameters out of range", () => {
    expect(() => Bm25Index.build(docs, { b: 1.5 })).toThrow(/BM25 params/);
    expect(() => Bm25Index.build(docs, { k1: -1 })).toThrow(RangeError);
  });

  it("round-trips through plain JSON with identical results", () => {
    const json = JSON.parse(JSON.stringify(index.toJSON()));
    const restored = Bm25Index.fromJSON(json);
    expect(restored.size).toBe(index.size);
    expect(restored.params).toEqual(index.params);
    for (const text of ["危险化学品隐患排查", "安全生产", "学习上海经验", "人事处负责"]) {
      expect(restored.search(q(text), undefined, 10)).toEqual(index.search(q(text), undefined, 10));
    }
    expect(JSON.stringify(restored.toJSON())).toBe(JSON.stringify(index.toJSON()));
  });

  it("refuses JSON of another format or version", () => {
    const json = index.toJSON();
    expect(() => Bm25Index.fromJSON({ ...json, version: 2 } as unknown as typeof json)).toThrow(/version 1/);
    expect(() => Bm25Index.fromJSON({ ...json, postings: [["安全", [99, 1]]] })).toThrow(/unknown document/);
  });
});

describe("coordination", () => {
  it("ranks a passage holding more of the query's words above one repeating a single rare word", () => {
    const index = Bm25Index.build([
      ["烟花爆竹", "烟花爆竹", "烟花爆竹"],
      ["烟花爆竹", "监管", "执法", "举报"],
      ...Array.from({ length: 20 }, () => ["监管", "执法", "安全"]),
    ]);
    expect(index.search(["烟花爆竹", "执法"], undefined, 2).map((h) => h.index)).toEqual([1, 0]);
  });
});
