/** How a quote is shown: the source's words, without a page's markup or its line breaks. */
import { describe, expect, it } from "vitest";
import { excerpt } from "../../src/answer/render.js";

describe("a quote as shown", () => {
  it("keeps the space the text puts between a figure and its unit, and between Latin words", () => {
    expect(excerpt("反馈了检查发现的186 项具体问题")).toBe("反馈了检查发现的186 项具体问题");
    expect(excerpt("公告第 56 号")).toBe("公告第 56 号");
    expect(excerpt("应在 2 小时内报告")).toBe("应在 2 小时内报告");
    expect(excerpt("Work Safety   Law")).toBe("Work Safety Law");
  });

  it("drops line breaks inside a sentence, markup and the spaces at its ends", () => {
    expect(excerpt("安全生产\n责任体系")).toBe("安全生产责任体系");
    expect(excerpt("到2020年\n底前")).toBe("到2020年底前");
    expect(excerpt("<span>第十二条</span> 本办法自2021年1月1日起施行。 ")).toBe(
      "第十二条本办法自2021年1月1日起施行。",
    );
    expect(excerpt("一二三四五六七八九十", 4)).toBe("一二三四…");
  });
});
