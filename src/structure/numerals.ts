/** Chinese numerals as written in policy documents: 一 … 九十九, 一百零五, 两, 〇/零, 廿/卅. */

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  壹: 1,
  二: 2,
  贰: 2,
  两: 2,
  三: 3,
  叁: 3,
  四: 4,
  肆: 4,
  五: 5,
  伍: 5,
  六: 6,
  陆: 6,
  七: 7,
  柒: 7,
  八: 8,
  捌: 8,
  九: 9,
  玖: 9,
};
const UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };

/** Characters that may appear in a Chinese numeral. */
export const CN_NUMERAL_CHARS = "零〇一壹二贰两三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟廿卅";

/**
 * Converts a Chinese numeral (十七 → 17, 二十五 → 25, 一百零五 → 105, 廿三 → 23) or a string of
 * ASCII/full-width digits to a number; null when the string is not a numeral.
 */
export function parseNumeral(s: string): number | null {
  const t = s.trim().normalize("NFKC");
  if (t === "") return null;
  if (/^\d+$/.test(t)) return Number(t);
  const expanded = t.replace(/^廿/, "二十").replace(/^卅/, "三十");
  let total = 0;
  let digit: number | null = null;
  for (const ch of expanded) {
    if (ch in DIGITS) {
      if (digit !== null && digit !== 0) return null; // two digits in a row: "一二" is not a numeral
      digit = DIGITS[ch]!;
    } else if (ch in UNITS) {
      const unit = UNITS[ch]!;
      total += (digit === null ? 1 : digit) * unit;
      digit = null;
    } else return null;
  }
  return total + (digit ?? 0);
}

const CN_DIGIT_CHARS = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/** 17 → 十七, 25 → 二十五, 105 → 一百零五 (for matching and display). */
export function toChineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`not a non-negative integer: ${n}`);
  if (n < 10) return CN_DIGIT_CHARS[n]!;
  if (n < 20) return `十${n % 10 ? CN_DIGIT_CHARS[n % 10] : ""}`;
  if (n < 100) return `${CN_DIGIT_CHARS[Math.floor(n / 10)]}十${n % 10 ? CN_DIGIT_CHARS[n % 10] : ""}`;
  if (n < 1000) {
    const rest = n % 100;
    const head = `${CN_DIGIT_CHARS[Math.floor(n / 100)]}百`;
    if (rest === 0) return head;
    return rest < 10
      ? `${head}零${CN_DIGIT_CHARS[rest]}`
      : `${head}${rest < 20 ? "一" : ""}${toChineseNumeral(rest)}`;
  }
  return String(n);
}
