import { beforeAll, describe, expect, it } from "vitest";
import { relatedLeads } from "../../src/answer/compose/lead.js";
import type { Engine } from "../../src/answer/engine.js";
import { CORPUS, engineOver } from "./engine-helpers.js";

let corpus: Engine;
beforeAll(async () => {
  corpus = await engineOver(CORPUS);
});

const DALIAN = "dalian-2017-benchmark-shanghai.txt";
const numbersCited = (a: { citations: { source: string; number?: number | null }[] }) =>
  [...new Set(a.citations.filter((c) => c.source === DALIAN).map((c) => c.number))].sort((x, y) => x! - y!);

describe("a unit's measures include its sub-units', marked as such", () => {
  it("危化局负责哪些工作 lists 8 and 9, then the measures of 危化局管控办 and the 危化局…室", async () => {
    const a = await corpus.ask("危化局负责哪些工作？");
    expect(a.found).toBe(true);
    expect(numbersCited(a)).toEqual(expect.arrayContaining([8, 9, 10, 15, 25]));
    expect(a.answer).toContain("下属单位");
    expect(a.answer).toContain("**危化局管控办**");
    expect(a.answer).toContain("**危化局危化应急救援室**");
  });

  it("says the same in English", async () => {
    const a = await corpus.ask("Which measures does 危化局 lead?");
    expect(a.answer).toContain("Measures led by units of **危化局**");
  });

  it("考试中心负责什么 gives 33 and points to 安全生产考试中心's 18", async () => {
    const a = await corpus.ask("考试中心负责什么");
    expect(numbersCited(a)).toEqual([18, 33]);
    expect(a.answer).toMatch(/名称相近[\s\S]*安全生产考试中心/);
  });

  it("a person's name has no sub-units", async () => {
    const a = await corpus.ask("花梅同志牵头负责哪些工作?");
    expect(a.answer).not.toContain("下属单位");
  });
});

describe("related names", () => {
  it("splits sub-units (a unit's name extended) from near-names (ending alike)", () => {
    const all = ["危化局", "危化局管控办", "危化局危化应急救援室", "考试中心", "安全生产考试中心", "综合处"];
    expect(relatedLeads(all, "危化局")).toEqual({
      subUnits: ["危化局管控办", "危化局危化应急救援室"],
      near: [],
    });
    expect(relatedLeads(all, "考试中心")).toEqual({ subUnits: [], near: ["安全生产考试中心"] });
    expect(relatedLeads(["张三", "张三丰"], "张三")).toEqual({ subUnits: [], near: [] });
  });

  it("names no near-names when a common name has many", () => {
    const all = ["办公室", "市政府办公室", "区政府办公室", "安委会办公室", "领导小组办公室"];
    expect(relatedLeads(all, "办公室").near).toEqual([]);
  });
});
