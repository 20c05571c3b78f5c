import { describe, expect, it } from "vitest";
import { officialForms } from "../../src/answer/plain-words.js";
import { otherForms, withOtherForms } from "../../src/answer/short-forms.js";
import { groupCoverage, type TermGroup, withSpellings, wordGroups } from "../../src/answer/term-groups.js";
import { abbreviatesWord, spellings } from "../../src/structure/abbreviation.js";
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

describe("a short word a document spells out", () => {
  it("finds the stretches that spell it, in order and within reach, never the word itself", () => {
    expect(spellings("低保", "全市城乡最低生活保障标准为每人每月1309元。")).toEqual(["低生活保"]);
    expect(spellings("长护险", "广州市长期护理保险试行办法")).toEqual(["长期护理保险"]);
    expect(spellings("低保", "低保对象")).toEqual([]);
    expect(spellings("低保", "降低门槛，扩大覆盖面，保障到位")).toEqual([]);
  });

  it("lets a question's short word be held by the spelling of a document that never writes it", () => {
    const groups: TermGroup[] = [
      { label: "低保", alts: ["低保"], weight: 5, pieces: [], byText: false, naming: false },
      { label: "标准", alts: ["标准"], weight: 1, pieces: [], byText: false, naming: false },
    ];
    const spelled = withSpellings(groups, [
      "（一）全市城乡最低生活保障标准为每人每月1309元。",
      "落实低保政策。",
    ]);
    expect(spelled[0]!.alts).toEqual(["低保", "低生活保"]);
    expect(spelled[0]!.byText).toBe(true);
    expect(spelled[1]).toBe(groups[1]);
    const held = groupCoverage(
      spelled,
      new Set(["标准"]),
      "全市城乡最低生活保障标准为每人每月1309元",
      () => 1,
    );
    expect(held.share).toBe(1);
    // A document that writes the short word is not searched for look-alikes.
    expect(withSpellings(groups, ["低保对象：降低生活保障门槛"])[0]!.alts).toEqual(["低保"]);
  });
});

describe("everyday words and the words official texts write", () => {
  it("lets a sentence hold an everyday word by its official form", () => {
    expect(officialForms("孩子")).toContain("子女");
    expect(officialForms("醉驾")).toContain("醉酒");
    expect(officialForms("房东")).toContain("出租人");
    expect(officialForms("安全生产")).toEqual([]);
    const [child] = wordGroups(["孩子"], () => 3);
    const text = "通过积分制入户的人员，其配偶、未成年子女可同时随迁入户本市。";
    expect(groupCoverage([child!], new Set(["配偶"]), text, () => 3).share).toBe(1);
    expect(groupCoverage([child!], new Set(), "申请人应当提交身份证明。", () => 3).share).toBe(0);
  });
});
