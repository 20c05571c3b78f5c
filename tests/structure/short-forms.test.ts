import { describe, expect, it } from "vitest";
import { otherForms, withOtherForms } from "../../src/answer/short-forms.js";
import { abbreviatesWord } from "../../src/structure/abbreviation.js";
import { mineShortForms } from "../../src/structure/short-forms.js";

describe("short forms mined from the documents", () => {
  it("takes the first character of each two-character part, in order", () => {
    expect(abbreviatesWord("危化", "危险化学品")).toBe(true);
    expect(abbreviatesWord("安监", "安全监管")).toBe(true);
    expect(abbreviatesWord("国企", "国有企业")).toBe(true);
    expect(abbreviatesWord("主任", "主体责任")).toBe(false);
    expect(abbreviatesWord("机制", "机构编制")).toBe(false);
    expect(abbreviatesWord("安全", "安全生产")).toBe(false);
  });

  it("pairs a short and a long word used in one document, the short one more than once", () => {
    const split = (t: string) => t.split(/[，。\s]+/).filter(Boolean);
    const pairs = mineShortForms(
      ["加强 危险化学品 管理，危化 企业 排查，危化 仓库", "国有企业 改革", "国企 改革，国企 考核"],
      split,
    );
    expect(pairs).toEqual([{ short: "危化", long: "危险化学品" }]);
  });

  it("is read both ways from index-data/short-forms.json", () => {
    expect(otherForms("危险化学品")).toContain("危化");
    expect(otherForms("危化")).toContain("危险化学品");
    expect(withOtherForms(["危险化学品", "消防"])).toEqual(["危险化学品", "危化", "消防"]);
  });
});
