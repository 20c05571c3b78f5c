import { beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../src/answer/engine.js";
import { closestDocs, titleSimilarity } from "../../src/answer/title-similarity.js";
import { abbreviates } from "../../src/structure/abbreviation.js";
import { CORPUS, combinedSources, engineOver } from "./engine-helpers.js";

let corpus: Engine;
let all: Engine;

beforeAll(async () => {
  corpus = await engineOver(CORPUS);
  all = await engineOver(combinedSources());
});

const PUDONG = "pudong-2021-supervision-work-points.txt";

describe("a document the question names that is not held", () => {
  it.each([
    // A full title with its years, sharing 上海市 and 行动方案 with held documents.
    ["《上海市促进在线新经济发展行动方案（2020—2022年）》第3项由谁负责？", "在线新经济"],
    ["《上海市促进在线新经济发展行动方案》的文号是什么？", "在线新经济"],
    // A law the plans cite is not held: its articles are not the plans' items.
    ["《安全生产法》第十条规定什么？", "安全生产法"],
    ["《安全生产法》是哪年修订的？", "安全生产法"],
    // A subject after a held place.
    ["上海北斗方案第3项谁负责？", "北斗"],
    ["What does item 3 of the Shanghai Online New Economy Action Plan say?", "Online New Economy"],
  ])("%s → refused, naming what is missing, citing nothing", async (q, says) => {
    const a = await corpus.ask(q);
    expect(a.found).toBe(false);
    expect(a.intent).toBe("out_of_scope");
    expect(a.citations).toHaveLength(0);
    expect(a.answer).toContain(says);
  });

  it("lists the closest held documents when the collection is large", async () => {
    const a = await all.ask("《浦东新区安全生产行政执法三年行动方案》第2项由谁负责？");
    expect(a.found).toBe(false);
    expect(a.answer).toMatch(/最接近的文件：《浦东新区应急管理局2021年安全生产监督管理工作要点》/);
    const en = await all.ask("Who leads item 2 of 《浦东新区安全生产行政执法三年行动方案》?");
    expect(en.answer).toMatch(/Closest indexed documents: 《浦东新区应急管理局/);
  });

  it.each([
    // Held documents named loosely still answer: a word left out of the quoted title, a place, an English name.
    ["《浦东新区2021年安全生产监督管理工作要点》第3项由谁负责？", `${PUDONG}#3`],
    ["修订《浦东新区安全生产监督检查与行政执法实施办法》由谁负责？", `${PUDONG}#17`],
    ["Who leads item 3 of the Pudong work points?", `${PUDONG}#3`],
  ])("%s → answered from the document it names", async (q, cite) => {
    const a = await corpus.ask(q);
    expect(a.found).toBe(true);
    expect(a.citations.map((c) => `${c.source}#${c.number}`)).toContain(cite);
    expect(new Set(a.citations.map((c) => c.source))).toEqual(new Set([PUDONG]));
  });
});

describe("title similarity", () => {
  it("is near for a title with a word left out and far for another subject", () => {
    const held = "浦东新区应急管理局2021年安全生产监督管理工作要点";
    expect(titleSimilarity("浦东新区2021年安全生产监督管理工作要点", held)).toBeGreaterThan(0.72);
    expect(titleSimilarity("上海市促进在线新经济发展行动方案（2020—2022年）", held)).toBeLessThan(0.3);
  });

  it("orders held documents by closeness and drops those sharing nothing", () => {
    const doc = (title: string) => ({ title }) as Parameters<typeof closestDocs>[1][number];
    const docs = [doc("青岛公布2017年安全生产工作十大要点"), doc("浦东新区2021年工作要点"), doc("ABC")];
    expect(closestDocs("浦东新区工作要点", docs).map((d) => d.title)).toEqual([
      "浦东新区2021年工作要点",
      "青岛公布2017年安全生产工作十大要点",
    ]);
  });
});

describe("short forms of titles", () => {
  it("reads 长护险, 公租房, 低保 as their titles' words, not words spread across a title", () => {
    expect(abbreviates("长护险", "广州市长期护理保险试行办法")).toBe(true);
    expect(abbreviates("公租房", "广州市公共租赁住房管理办法")).toBe(true);
    expect(abbreviates("低保", "关于印发我市2025年最低生活保障及相关社会救助标准的通知")).toBe(true);
    expect(abbreviates("长险", "长期发展规划与各类保险")).toBe(false);
    expect(abbreviates("护险", "广州市长期护理保险试行办法")).toBe(true);
    expect(abbreviates("保险", "广州市长期护理保险试行办法")).toBe(false);
  });
});
