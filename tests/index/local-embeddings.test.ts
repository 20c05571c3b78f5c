import { Embeddings } from "@langchain/core/embeddings";
import { describe, expect, it } from "vitest";
import { forEachFeature, LocalLsaEmbeddings, localLsaName } from "../../src/index/local-embeddings.js";
import { cosine } from "../helpers/vectors.js";

const CORPUS = [
  "加强危险化学品安全监管，开展危险化学品隐患排查治理。",
  "危险化学品企业安全监管，落实隐患排查治理制度。",
  "开展危险化学品专项整治，严防危险化学品事故。",
  "建设全市安全生产综合信息平台，推进智慧安监信息化建设。",
  "依托信息化手段，建设安全监管信息平台，实现数据共享。",
  "加快安全生产信息化建设，推进监管信息平台互联互通。",
  "加强干部队伍建设，开展业务培训，提高干部素质。",
  "组织干部培训，提升执法人员业务能力和综合素质。",
  "加强两地实战演练合作，优化各类应急预案。",
  "开展应急救援演练，修订完善应急预案体系。",
  "深化行政审批制度改革，优化营商环境。",
  "取消和调整行政审批事项，推进审批制度改革。",
];

describe("forEachFeature", () => {
  it("emits Chinese character 1–2-grams within runs and whole ASCII words", () => {
    const features: string[] = [];
    forEachFeature("安全生产，GDP 2017年", 1, 2, (f) => features.push(f));
    expect(features).toEqual(["安", "安全", "全", "全生", "生", "生产", "产", "gdp", "2017", "年"]);
  });
});

describe("LocalLsaEmbeddings", () => {
  const model = LocalLsaEmbeddings.fit(CORPUS, { dims: 8 });

  it("is a LangChain Embeddings with a descriptive name", async () => {
    expect(model).toBeInstanceOf(Embeddings);
    expect(model.name).toBe("local-lsa-char12-d8");
    expect(localLsaName()).toBe("local-lsa-char12-d128");
    const v = await model.embedQuery("危险化学品监管");
    expect(v).toHaveLength(model.dims);
    const docs = await model.embedDocuments(["危险化学品", "应急预案"]);
    expect(docs).toHaveLength(2);
    expect(docs[0]).toHaveLength(model.dims);
  });

  it("gives unit vectors, and zeros for a text with no known feature", () => {
    const v = model.embedSync("危险化学品隐患排查");
    expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    expect(Array.from(model.embedSync("xyzzy"))).toEqual(new Array(model.dims).fill(0));
  });

  it("puts similar Chinese texts nearer than unrelated ones", () => {
    const chem = model.embedSync("危险化学品安全监管和隐患排查");
    const chem2 = model.embedSync("危险化学品隐患治理");
    const info = model.embedSync("安全监管信息平台建设");
    const info2 = model.embedSync("推进信息化平台建设");
    const train = model.embedSync("干部业务培训");
    expect(cosine(chem, chem2)).toBeGreaterThan(cosine(chem, train));
    expect(cosine(chem, chem2)).toBeGreaterThan(cosine(chem, info2));
    expect(cosine(info, info2)).toBeGreaterThan(cosine(info, train));
    expect(cosine(info, info2)).toBeGreaterThan(cosine(info2, chem2));
  });

  it("caps dims by the rank of the corpus", () => {
    const big = LocalLsaEmbeddings.fit(CORPUS.slice(0, 5), { dims: 128 });
    expect(big.dims).toBeLessThanOrEqual(5);
    expect(big.dims).toBeGreaterThan(0);
    expect(big.name).toBe("local-lsa-char12-d128");
    expect(big.embedSync(CORPUS[0]!)).toHaveLength(big.dims);
  });

  it("is deterministic: two fits give the same model", () => {
    const again = LocalLsaEmbeddings.fit(CORPUS, { dims: 8 });
    expect(again.toJSON()).toEqual(model.toJSON());
    expect(again.embedSync("应急演练")).toEqual(model.embedSync("应急演练"));
    const otherSeed = LocalLsaEmbeddings.fit(CORPUS, { dims: 8, seed: 7 });
    expect(otherSeed.dims).toBe(model.dims);
  });

  it("fits the projection on an evenly spaced sample when there are many texts", () => {
    const sampled = LocalLsaEmbeddings.fit(CORPUS, { dims: 8, maxFitTexts: 6 });
    expect(sampled.dims).toBeLessThanOrEqual(6);
    expect(sampled.vocabularySize).toBe(model.vocabularySize); // vocabulary from every text
    expect(sampled.toJSON()).toEqual(LocalLsaEmbeddings.fit(CORPUS, { dims: 8, maxFitTexts: 6 }).toJSON());
    expect(sampled.toJSON().projection).not.toBe(model.toJSON().projection);
    const chem = sampled.embedSync("危险化学品安全监管");
    expect(cosine(chem, sampled.embedSync("危险化学品隐患治理"))).toBeGreaterThan(
      cosine(chem, sampled.embedSync("干部业务培训")),
    );
  });

  it("fitTransform's vectors match embedSync", () => {
    const { model: m, vectors } = LocalLsaEmbeddings.fitTransform(CORPUS, { dims: 8 });
    expect(vectors).toHaveLength(CORPUS.length);
    CORPUS.forEach((text, i) => {
      const a = vectors[i]!;
      const b = m.embedSync(text);
      for (let k = 0; k < m.dims; k++) expect(a[k]).toBeCloseTo(b[k]!, 5);
    });
  });

  it("round-trips through JSON with identical vectors", () => {
    const json = JSON.parse(JSON.stringify(model.toJSON()));
    expect(typeof json.projection).toBe("string"); // base64, not an array of numbers
    const restored = LocalLsaEmbeddings.fromJSON(json);
    expect(restored.name).toBe(model.name);
    expect(restored.dims).toBe(model.dims);
    for (const text of [...CORPUS, "危险化学品", "GDP 2017 应急"]) {
      expect(restored.embedSync(text)).toEqual(model.embedSync(text));
    }
  });

  it("refuses JSON of another format or with wrong sizes", () => {
    const json = model.toJSON();
    expect(() => LocalLsaEmbeddings.fromJSON({ ...json, version: 2 } as unknown as typeof json)).toThrow(
      /version 1/,
    );
    expect(() => LocalLsaEmbeddings.fromJSON({ ...json, dims: json.dims + 1 })).toThrow(/projection/);
  });

  it("embeds a query in well under 2 ms", () => {
    const queries = ["危险化学品隐患排查由谁负责", "Who leads measure 17?", "推进信息化平台建设的措施有哪些"];
    for (let i = 0; i < 50; i++) model.embedSync(queries[i % 3]!); // warm up
    const n = 300;
    const t = performance.now();
    for (let i = 0; i < n; i++) model.embedSync(queries[i % 3]!);
    expect((performance.now() - t) / n).toBeLessThan(2);
  });
});
