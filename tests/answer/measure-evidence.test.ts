import { beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../src/answer/engine.js";
import { pickMeasure, type ScoredMeasure, topicScore } from "../../src/answer/measure-evidence.js";
import type { Answer } from "../../src/types.js";
import { CORPUS, engineOver } from "./engine-helpers.js";

let corpus: Engine;
beforeAll(async () => {
  corpus = await engineOver(CORPUS);
});

const DALIAN = "dalian-2017-benchmark-shanghai.txt";
const cited = (a: Answer) => [...new Set(a.citations.map((c) => `${c.source}#${c.number}`))];

describe("who, without a number, by evidence", () => {
  it.each([
    // The measure about fireworks (16), not 15, which lists 烟花爆竹 among many trades.
    ["Who handles fireworks enforcement in the Dalian plan?", `${DALIAN}#16`],
    ["大连方案里烟花爆竹执法归谁管？", `${DALIAN}#16`],
    ["烟花爆竹这事归谁管？", `${DALIAN}#16`],
    // The measure whose heading is about publicity (18), not 16, which mentions 宣传 in passing.
    ["Which unit leads the publicity work in the Dalian plan?", `${DALIAN}#18`],
  ])("%s → %s", async (q, measure) => {
    const a = await corpus.ask(q);
    expect(a.intent).toBe("lead_of_measure");
    expect(cited(a)[0]).toBe(measure);
  });

  it("offers the close candidates, cited, instead of picking one by chance", async () => {
    const a = await corpus.ask("谁负责应急预案？");
    expect(a.answer).toMatch(/^有[23]项措施都与此相关，请确认问的是哪一项/);
    expect(cited(a).length).toBeGreaterThanOrEqual(2);
  });

  it("never guesses a measure for a place the named document does not mention", async () => {
    for (const q of [
      "Which Pudong measure deals with the Wenzhou-style fire inspections, and who leads it?",
      "浦东要点中学习温州经验的是哪一项？",
    ]) {
      const a = await corpus.ask(q);
      expect(a.found).toBe(false);
      expect(a.citations).toHaveLength(0);
      expect(a.answer).toContain("温州");
    }
  });
});

describe("scoring and picking", () => {
  it("counts a topic word in the heading double and a nested word once", () => {
    const doc = corpus.kb.doc(DALIAN)!;
    const m18 = { doc, measure: doc.measures.find((m) => m.number === 18)! };
    const m16 = { doc, measure: doc.measures.find((m) => m.number === 16)! };
    expect(topicScore(corpus.kb, m18, ["宣传"])).toBe(1);
    expect(topicScore(corpus.kb, m16, ["宣传"])).toBe(0.5);
    expect(topicScore(corpus.kb, m16, ["烟花爆竹", "执法", "行政执法"])).toBeGreaterThan(0.5);
  });

  it("takes the best by a margin, else offers up to three", () => {
    const doc = corpus.kb.doc(DALIAN)!;
    const at = (n: number, score: number): ScoredMeasure => ({
      target: { doc, measure: doc.measures.find((m) => m.number === n)! },
      score,
    });
    expect(pickMeasure([])).toBeNull();
    expect(pickMeasure([at(16, 0.9), at(15, 0.5)])).toEqual({ target: at(16, 0).target });
    const close = pickMeasure([at(1, 0.8), at(2, 0.75), at(3, 0.7), at(4, 0.7)]);
    expect(close && "choices" in close && close.choices.map((c) => c.measure.number)).toEqual([1, 2, 3]);
  });
});

describe("topic lists read the documents' short forms", () => {
  it("哪些措施涉及危险化学品 includes the measure that writes 危化, and says so", async () => {
    const a = await corpus.ask("大连方案中哪些措施涉及危险化学品？");
    expect(cited(a)).toEqual(expect.arrayContaining([`${DALIAN}#8`, `${DALIAN}#9`]));
    expect(a.answer).toContain("另一写法“危化”");
  });
});
