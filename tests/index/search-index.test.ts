import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Embeddings } from "@langchain/core/embeddings";
import { describe, expect, it } from "vitest";
import { type Hit, SearchIndex } from "../../src/index/search-index.js";
import { readCurrent, readIndexFile } from "../../src/index/store.js";
import type { Passage } from "../../src/types.js";
import { tempDirs } from "../helpers/temp.js";

const DALIAN = "dalian-2017-benchmark-shanghai.txt";
const PUDONG = "pudong-2021-supervision-work-points.txt";

const TEXTS: [string, number | null, string][] = [
  [DALIAN, 1, "1.学习上海安全生产监管经验，完善安全生产责任体系。由综合处负责。"],
  [DALIAN, 2, "2.加强危险化学品安全监管，开展危险化学品隐患排查治理专项行动。由危化处负责。"],
  [
    DALIAN,
    17,
    "17.学习上海信息化建设先进经验，依托智慧安监平台，建设全市安全生产综合信息平台。由办公室负责。",
  ],
  [DALIAN, 17, "在线监测系统接入全市重点企业，实现监管数据实时共享。由办公室负责。"],
  [DALIAN, 20, "20.加强干部队伍建设，开展业务培训，提高执法人员素质。由人事处负责。"],
  [DALIAN, 25, "25.加强两地实战演练合作，优化各类安全生产应急预案。由应急处负责。"],
  [DALIAN, null, "各处室、各单位要高度重视，加强组织领导，确保各项工作落到实处。"],
  [PUDONG, 2, "(二)落实企业安全生产主体责任，强化安全生产责任制考核。"],
  [PUDONG, 13, "(十三)深化行政审批制度改革，推进一网通办，优化营商环境。花梅同志牵头负责。"],
  [
    PUDONG,
    17,
    "(十七)修订《浦东新区安全生产监督检查与行政执法实施办法》，规范执法程序。贾德荣、花梅同志牵头负责。",
  ],
  [PUDONG, 19, "(十九)推进智慧安监建设，运用大数据提升监管效能。规划科技处负责。"],
  [PUDONG, 20, "(二十)开展应急救援演练，修订完善应急预案体系，提升应急处置能力。"],
  [PUDONG, null, "浦东新区应急管理局2021年安全生产监督管理工作要点"],
];

const PASSAGES: Passage[] = TEXTS.map(([source, measure, text], id) => ({
  id,
  source,
  measure,
  section: measure === null ? "" : String(measure),
  text,
  start: id * 100,
  end: id * 100 + text.length,
}));

const USER_WORDS = ["规划科技处", "花梅", "贾德荣", "综合处", "危化处", "人事处", "应急处"];

const QUERIES = [
  "危险化学品隐患排查",
  "第17项措施由哪个处室负责?",
  "安全生产信息平台建设",
  "应急演练",
  "花梅同志牵头负责哪些工作?",
  "行政执法实施办法",
  "who leads measure 17",
  "干部培训",
];

const tempDir = tempDirs("index");

const summary = (hits: Hit[]) =>
  hits.map((h) => ({
    id: h.passage.id,
    score: h.score,
    bm25Score: h.bm25Score,
    bm25Rank: h.bm25Rank,
    vectorRank: h.vectorRank,
  }));

/** A stand-in for an OpenAI-compatible embedding: character-bigram hashing, deterministic. */
class HashEmbeddings extends Embeddings {
  readonly model = "hash-bigram-32";
  calls = 0;
  constructor() {
    super({});
  }
  private vec(text: string): number[] {
    const v = new Array(32).fill(0);
    for (let i = 0; i + 1 < text.length; i++) v[(text.charCodeAt(i) * 31 + text.charCodeAt(i + 1)) % 32] += 1;
    return v;
  }
  async embedDocuments(documents: string[]): Promise<number[][]> {
    this.calls += documents.length;
    return documents.map((d) => this.vec(d));
  }
  async embedQuery(document: string): Promise<number[]> {
    this.calls++;
    return this.vec(document);
  }
}

describe("SearchIndex", async () => {
  const index = await SearchIndex.build(PASSAGES, { userWords: USER_WORDS });

  it("ranks the relevant passage first", async () => {
    expect((await index.search("危险化学品隐患排查"))[0]!.passage.id).toBe(1);
    expect(
      (await index.search("应急预案演练", { k: 2 })).map((h) => h.passage.id).sort((a, b) => a - b),
    ).toEqual([5, 11]);
    expect((await index.search("行政执法实施办法"))[0]!.passage.id).toBe(9);
    expect(index.searchBm25("规划科技处")[0]!.passage.id).toBe(10);
  });

  it("reports both engines' ranks and the BM25 score", async () => {
    const hits = await index.search("危险化学品隐患排查", { k: 5 });
    expect(hits).toHaveLength(5);
    expect(hits[0]!.bm25Rank).toBe(1);
    expect(hits[0]!.vectorRank).not.toBeNull();
    expect(hits[0]!.bm25Score).toBeGreaterThan(0);
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
    const bm25 = index.searchBm25("危险化学品隐患排查", { k: 5 });
    expect(bm25[0]!.passage.id).toBe(1);
    expect(bm25.every((h) => h.vectorRank === null && h.score === h.bm25Score)).toBe(true);
  });

  it("filters by source and by measure", async () => {
    for (const q of QUERIES) {
      const pudong = await index.search(q, { k: 20, sources: [PUDONG] });
      expect(pudong.every((h) => h.passage.source === PUDONG)).toBe(true);
      expect(
        index.searchBm25(q, { k: 20, sources: [PUDONG] }).every((h) => h.passage.source === PUDONG),
      ).toBe(true);
    }
    const m17 = await index.search("负责", { k: 20, measure: { source: DALIAN, number: 17 } });
    expect(m17.map((h) => h.passage.id).sort((a, b) => a - b)).toEqual([2, 3]);
    const both = await index.search("演练", { sources: [PUDONG], measure: { source: DALIAN, number: 25 } });
    expect(both).toEqual([]);
    expect(await index.search("演练", { measure: { source: DALIAN, number: 40 } })).toEqual([]);
    expect(await index.search("演练", { sources: ["nope.txt"] })).toEqual([]);
  });

  it("weights: 0 removes a list", async () => {
    const bm25Only = await index.search("应急预案", { k: 10, weights: { bm25: 1, vector: 0 } });
    expect(bm25Only.every((h) => h.vectorRank === null)).toBe(true);
    expect(bm25Only.map((h) => h.passage.id)).toEqual(index.searchBm25("应急预案").map((h) => h.passage.id));
    const vectorOnly = await index.search("应急预案", { k: 10, weights: { bm25: 0, vector: 1 } });
    expect(vectorOnly.map((h) => h.vectorRank)).toEqual(vectorOnly.map((_, i) => i + 1));
    await expect(index.search("应急预案", { weights: { bm25: -1, vector: 1 } })).rejects.toThrow(RangeError);
  });

  it("with the local embedding, BM25 decides the order and the vectors only fill what it leaves", async () => {
    const hits = await index.search("应急预案", { k: 10 });
    const bm25 = index.searchBm25("应急预案", { k: 10 }).map((h) => h.passage.id);
    expect(hits.slice(0, bm25.length).map((h) => h.passage.id)).toEqual(bm25);
    expect(bm25.length).toBeLessThan(10);
    expect(hits.length).toBeGreaterThan(bm25.length);
    expect(hits.slice(bm25.length).every((h) => h.bm25Rank === null && h.vectorRank !== null)).toBe(true);
  });

  it("extra terms join the BM25 query", async () => {
    const plain = index.searchBm25("谁负责");
    expect(plain[0]?.passage.id).not.toBe(10);
    expect(index.searchBm25("谁负责", { extraTerms: ["规划科技处"] })[0]!.passage.id).toBe(10);
  });

  it("tokenizes as the index does (user words whole, stop words dropped)", () => {
    expect(index.tokenize("规划科技处的工作")).toEqual(["规划", "科技", "科技处", "规划科技处", "工作"]);
  });

  it("load(save(x)) answers identically", async () => {
    const dir = tempDir();
    const manifest = await index.save(dir, { sources: { [DALIAN]: "aa".repeat(32) }, extra: { note: "t" } });
    expect(manifest.embedding).toEqual({ name: "local-lsa-char12-d128", dims: index.dims });
    expect(manifest.tokenizer.fingerprint).toBe(index.tokenizer.fingerprint);
    expect(manifest.extra).toEqual({ passages: PASSAGES.length, note: "t" });
    const loaded = (await SearchIndex.load(dir, { userWords: USER_WORDS }))!;
    expect(loaded).not.toBeNull();
    expect(loaded.passages).toEqual(PASSAGES);
    expect(loaded.manifest?.sources).toEqual({ [DALIAN]: "aa".repeat(32) });
    const optionSets = [{}, { k: 3 }, { sources: [DALIAN] }, { measure: { source: PUDONG, number: 17 } }];
    for (const q of QUERIES) {
      for (const opts of optionSets) {
        const before = summary(await index.search(q, opts));
        expect(summary(await loaded.search(q, opts))).toEqual(before);
        expect(summary(loaded.searchBm25(q, opts))).toEqual(summary(index.searchBm25(q, opts)));
      }
    }
  });

  it("saves extra files in the same generation and refuses reserved names", async () => {
    const dir = tempDir();
    await index.save(dir, { files: { "docs.json": '{"docs":[]}', "blob.bin": new Uint8Array([1, 2, 3]) } });
    const current = readCurrent(dir)!;
    expect(readIndexFile(current, "docs.json").toString()).toBe('{"docs":[]}');
    expect([...readIndexFile(current, "blob.bin")]).toEqual([1, 2, 3]);
    await expect(index.save(dir, { files: { "bm25.json": "{}" } })).rejects.toThrow(/reserved/);
    expect(readCurrent(dir)!.path).toBe(current.path);
  });

  it("load returns null when the tokenizer, the embedding or the format differ", async () => {
    const dir = tempDir();
    await index.save(dir);
    const reasons: string[] = [];
    const onInvalid = (r: string) => reasons.push(r);
    expect(await SearchIndex.load(dir, { userWords: USER_WORDS })).not.toBeNull();
    expect(await SearchIndex.load(dir, { userWords: [...USER_WORDS, "新处室"], onInvalid })).toBeNull();
    expect(reasons.pop()).toMatch(/tokenizer/);
    expect(await SearchIndex.load(dir, { userWords: USER_WORDS, lsa: { dims: 64 }, onInvalid })).toBeNull();
    expect(reasons.pop()).toMatch(/local-lsa-char12-d128, expected local-lsa-char12-d64/);
    expect(
      await SearchIndex.load(dir, { userWords: USER_WORDS, embeddings: new HashEmbeddings() }),
    ).toBeNull();
    expect(await SearchIndex.load(join(dir, "missing"), { userWords: USER_WORDS })).toBeNull();

    const gen = readdirSync(dir).find((e) => e.startsWith("gen-"))!;
    const manifestPath = join(dir, gen, "manifest.json");
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, formatVersion: 999 }));
    expect(await SearchIndex.load(dir, { userWords: USER_WORDS })).toBeNull();
  });

  it("a local embedding saved under another name loads under that name only", async () => {
    const named = await SearchIndex.build(PASSAGES, { userWords: USER_WORDS, embeddingName: "local-v2" });
    const dir = tempDir();
    await named.save(dir);
    expect(await SearchIndex.load(dir, { userWords: USER_WORDS })).toBeNull();
    const loaded = (await SearchIndex.load(dir, { userWords: USER_WORDS, embeddingName: "local-v2" }))!;
    expect(loaded.embeddingName).toBe("local-v2");
    expect(summary(await loaded.search("应急演练"))).toEqual(summary(await named.search("应急演练")));
  });

  it("a failed save keeps the previous index loadable", async () => {
    const dir = tempDir();
    await index.save(dir, { extra: { round: 1 } });
    const other = await SearchIndex.build(PASSAGES.slice(0, 5), { userWords: USER_WORDS });
    await expect(
      other.save(dir, {
        write: {
          beforeWrite: (file) => {
            if (file === "vectors.hnsw") throw new Error("disk full");
          },
        },
      }),
    ).rejects.toThrow(/disk full/);
    const loaded = (await SearchIndex.load(dir, { userWords: USER_WORDS }))!;
    expect(loaded.size).toBe(PASSAGES.length);
    expect(loaded.manifest?.extra.round).toBe(1);
    await other.save(dir);
    expect((await SearchIndex.load(dir, { userWords: USER_WORDS }))!.size).toBe(5);
    expect(readdirSync(dir).filter((e) => e.startsWith("gen-"))).toHaveLength(1);
  });

  it("takes an external LangChain embedding in place of the local one", async () => {
    const embeddings = new HashEmbeddings();
    const ext = await SearchIndex.build(PASSAGES, { userWords: USER_WORDS, embeddings });
    expect(ext.embeddingName).toBe("hash-bigram-32");
    expect(ext.dims).toBe(32);
    expect(embeddings.calls).toBe(PASSAGES.length);
    const hits = await ext.search("危险化学品隐患排查");
    expect(embeddings.calls).toBe(PASSAGES.length + 1);
    expect(hits[0]!.passage.id).toBe(1);

    const dir = tempDir();
    await ext.save(dir);
    expect(readdirSync(join(dir, readdirSync(dir).find((e) => e.startsWith("gen-"))!))).not.toContain(
      "embedding.json",
    );
    // Without the embedding (expects the local one) the index is not reused.
    expect(await SearchIndex.load(dir, { userWords: USER_WORDS })).toBeNull();
    const loaded = (await SearchIndex.load(dir, { userWords: USER_WORDS, embeddings }))!;
    for (const q of QUERIES) expect(summary(await loaded.search(q))).toEqual(summary(await ext.search(q)));
  });

  it("handles an empty passage list", async () => {
    const empty = await SearchIndex.build([], { userWords: USER_WORDS });
    expect(await empty.search("安全生产")).toEqual([]);
    expect(empty.searchBm25("安全生产")).toEqual([]);
    const dir = tempDir();
    await empty.save(dir);
    const loaded = (await SearchIndex.load(dir, { userWords: USER_WORDS }))!;
    expect(loaded.size).toBe(0);
    expect(await loaded.search("安全生产")).toEqual([]);
  });
});
