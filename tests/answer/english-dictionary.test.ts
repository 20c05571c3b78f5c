/** English words reach the documents' Chinese words through CC-CEDICT, filtered by what the documents use. */
import { describe, expect, it } from "vitest";
import {
  baseForms,
  chineseGroups,
  englishIndex,
  invertGlosses,
} from "../../src/answer/english-dictionary.js";

describe("the bilingual dictionary", () => {
  it("indexes headwords under their glosses' words and two-word glosses, first sense first", () => {
    const index = invertGlosses([
      ["罰款", "罚款", "fa2 kuan3", ["to fine", "penalty", "fine (monetary)"], [], []],
      [
        "行政拘留",
        "行政拘留",
        "xing2",
        "to incarcerate sb for a violation of administrative law; administrative detention",
        [],
        [],
      ],
      ["不賴", "不赖", "bu4 lai4", ["not bad", "good", "fine"], [], []],
      ["姓", "姓", "xing4", ["surname"], [], []],
    ]);
    expect(index.get("fine")?.map((s) => s.zh)).toEqual(["罚款", "罚款", "不赖"]);
    expect(index.get("administrative detention")?.map((s) => s.zh)).toEqual(["行政拘留"]);
    expect(index.has("surname")).toBe(false);
  });

  it("finds a word's base form", () => {
    expect(baseForms("subsidies")).toContain("subsidy");
    expect(baseForms("fined")).toContain("fine");
    expect(baseForms("offenders")).toContain("offender");
    expect(baseForms("handling")).toContain("handle");
  });

  it("keeps only the words the documents use, the documents' most used first", () => {
    const index = englishIndex();
    expect(index.size).toBeGreaterThan(10_000);
    const used: Record<string, number> = { 罚款: 40, 补贴: 12, 拘留: 3 };
    const groups = chineseGroups("How much is the fine and the subsidy?", index, (zh) => used[zh] ?? 0);
    expect(groups.find((g) => g.en === "fine")?.zh[0]).toBe("罚款");
    expect(groups.find((g) => g.en === "subsidy")?.zh[0]).toBe("补贴");
    // A word the documents have no word for stays, empty: the question asks what they lack.
    expect(
      chineseGroups("Tell me a joke", index, (zh) => used[zh] ?? 0).find((g) => g.en === "joke")?.zh,
    ).toEqual([]);
  });
});
