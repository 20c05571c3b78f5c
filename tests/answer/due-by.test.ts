import { beforeAll, describe, expect, it } from "vitest";
import { deadlineMonth, dueCutoff, monthLabel } from "../../src/answer/due-date.js";
import type { Engine } from "../../src/answer/engine.js";
import { CORPUS, engineOver } from "./engine-helpers.js";

const label = (m: number | null) => (m === null ? null : monthLabel(m, "zh"));

describe("deadlines as months", () => {
  it.each([
    ["2018年6月前", "2018年6月"],
    ["在2018年6月", "2018年6月"],
    ["2018年底", "2018年12月"],
    ["2018年上半年", "2018年6月"],
    ["2018年下半年", "2018年12月"],
    ["2019年第一季度", "2019年3月"],
    ["年内", "2021年12月"],
    ["十月底前", "2021年10月"],
  ])("%s → %s (document of 2021)", (text, month) => {
    expect(label(deadlineMonth(text, 2021))).toBe(month);
  });

  it.each([
    ["2018年6月前要完成哪些工作", "2018年6月"],
    ["2018年底前要完成哪些任务", "2018年12月"],
    ["6月底前要做什么", "2017年6月"],
    ["What is due by June 2018?", "2018年6月"],
    ["What must be done before the end of 2018?", "2018年12月"],
  ])("the question %s asks up to %s", (q, month) => {
    expect(label(dueCutoff(q, 2017))).toBe(month);
  });

  it.each(["第17项什么时候完成", "2018年有哪些工作", "what happened in June 2018"])(
    "%s names no cut-off",
    (q) => {
      expect(dueCutoff(q, 2017)).toBeNull();
    },
  );
});

describe("what is due by a date", () => {
  let corpus: Engine;
  beforeAll(async () => {
    corpus = await engineOver(CORPUS);
  });
  const DALIAN = "dalian-2017-benchmark-shanghai.txt";
  const numbers = (a: { citations: { source: string; number?: number | null }[] }) =>
    [...new Set(a.citations.map((c) => `${c.source}#${c.number}`))].sort();

  it("lists the measures due by June 2018 with their dated sentences, in Chinese and English", async () => {
    const zh = await corpus.ask("2018年6月前要完成哪些工作？");
    expect(zh.intent).toBe("deadline");
    expect(numbers(zh)).toEqual([`${DALIAN}#15`, `${DALIAN}#25`]);
    expect(zh.answer).toContain("**2018年6月前**");
    const en = await corpus.ask("What is due by June 2018?");
    expect(numbers(en)).toEqual(numbers(zh));
    expect(en.answer).toContain("due by June 2018");
  });

  it("a later cut-off takes the measures dated 2018 too; 年内 is the document's year", async () => {
    const a = await corpus.ask("大连方案2018年底前要完成哪些任务？");
    expect(numbers(a)).toEqual(expect.arrayContaining([`${DALIAN}#5`, `${DALIAN}#15`, `${DALIAN}#25`]));
    const b = await corpus.ask("浦东要点年底前要完成什么？");
    expect(b.answer).toContain("2021年12月");
    expect(b.answer).toContain("**年内**");
  });

  it("says so when nothing is due that early", async () => {
    const a = await corpus.ask("2010年前要完成哪些工作？");
    expect(a.found).toBe(false);
    expect(a.citations).toHaveLength(0);
  });
});
