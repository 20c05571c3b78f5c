import { describe, expect, it } from "vitest";
import {
  contentTokens,
  createTokenizer,
  getJiebaVersion,
  POLICY_LEXICON,
  STOP_WORDS,
} from "../../src/index/tokenizer.js";

const USER_WORDS = ["规划科技处", "市经济信息化委", "花梅"];

describe("tokenizer", () => {
  // The segmentation asserted below is that of @node-rs/jieba 2.0.x and its bundled dictionary.
  it("runs on the pinned jieba version", () => {
    expect(getJiebaVersion()).toMatch(/^2\.0\./);
  });

  it("keeps user words (unit and person names) whole", () => {
    const text = "规划科技处负责，市经济信息化委牵头，花梅同志配合。";
    const plain = createTokenizer([]).tokenize(text);
    const named = createTokenizer(USER_WORDS).tokenize(text);
    // Without the user words jieba breaks the unit names apart …
    expect(plain).not.toContain("规划科技处");
    expect(plain).not.toContain("市经济信息化委");
    // … with them each name is one token (search mode still adds its parts).
    expect(named).toContain("规划科技处");
    expect(named).toContain("市经济信息化委");
    expect(named).toContain("花梅");
    expect(named).toContain("科技处");
  });

  it("cuts in search mode: a compound yields its parts and itself", () => {
    const tokens = createTokenizer([]).tokenize("加强安全生产监管");
    expect(tokens).toEqual(["加强", "安全", "生产", "安全生产", "监管"]);
    expect(POLICY_LEXICON).toContain("安全生产");
  });

  it("lower-cases, folds full-width forms, keeps ASCII words and numbers, drops punctuation", () => {
    const tokens = createTokenizer([]).tokenize("ＧＤＰ增长7.5%，2017年 AI-based e-Gov!");
    expect(tokens).toEqual(["gdp", "增长", "7.5", "2017", "年", "ai", "based", "e", "gov"]);
    expect(createTokenizer([]).tokenize("，。！？ 、；：“”《》()[]")).toEqual([]);
    expect(createTokenizer([]).tokenize("")).toEqual([]);
  });

  it("fingerprints the dictionary: user words change it, their order and repeats do not", () => {
    const a = createTokenizer(USER_WORDS);
    const b = createTokenizer([...USER_WORDS].reverse().concat("花梅", " 花 梅 "));
    const c = createTokenizer(["规划科技处"]);
    expect(a.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(b.fingerprint).toBe(a.fingerprint);
    expect(c.fingerprint).not.toBe(a.fingerprint);
    expect(createTokenizer([]).fingerprint).not.toBe(c.fingerprint);
  });

  it("contentTokens drops Chinese and English stop words", () => {
    const tokenizer = createTokenizer(USER_WORDS);
    expect(contentTokens("花梅同志牵头负责哪些工作?", tokenizer)).toEqual([
      "花梅",
      "同志",
      "牵头",
      "负责",
      "工作",
    ]);
    expect(contentTokens("Who leads the measure 17?")).toEqual(["leads", "measure", "17"]);
    expect(STOP_WORDS.has("的")).toBe(true);
    expect(STOP_WORDS.has("负责")).toBe(false);
  });
});
