/** Chinese numerals as written in policy documents, and their inverse. */
import { describe, expect, it } from "vitest";
import { parseNumeral, toChineseNumeral } from "../../src/structure/numerals.js";

describe("parseNumeral", () => {
  it.each([
    ["一", 1],
    ["十", 10],
    ["十七", 17],
    ["二十", 20],
    ["二十五", 25],
    ["九十九", 99],
    ["一百", 100],
    ["一百零五", 105],
    ["一百一十", 110],
    ["两", 2],
    ["廿三", 23],
    ["卅", 30],
    ["〇", 0],
    ["17", 17],
    ["１７", 17],
    [" 十七 ", 17],
  ])("%s → %i", (s, n) => {
    expect(parseNumeral(s)).toBe(n);
  });

  it.each(["", "   ", "abc", "一二", "十七a", "第一", "1.5", "-3", "、"])("%j is not a numeral", (s) => {
    expect(parseNumeral(s)).toBeNull();
  });
});

describe("toChineseNumeral", () => {
  it.each([
    [1, "一"],
    [10, "十"],
    [17, "十七"],
    [25, "二十五"],
    [100, "一百"],
    [105, "一百零五"],
    [110, "一百一十"],
    [200, "二百"],
  ])("%i → %s", (n, s) => {
    expect(toChineseNumeral(n)).toBe(s);
  });

  it("round-trips 1..200 through parseNumeral", () => {
    for (let n = 1; n <= 200; n++) expect(parseNumeral(toChineseNumeral(n)), String(n)).toBe(n);
  });

  it("rejects negative and fractional numbers", () => {
    expect(() => toChineseNumeral(-1)).toThrow(RangeError);
    expect(() => toChineseNumeral(1.5)).toThrow(RangeError);
  });
});
