/**
 * Deadlines as months, so that "2018年6月前要完成哪些工作" / "what is due by June 2018" can be
 * answered by comparing: a deadline's text ("2018年6月前", "2018年底", "年内", "2018年下半年") gives
 * the last month it allows; a question's cut-off ("6月底前", "by the end of 2018") the last month asked.
 * Pure: no I/O.
 */

/** A month as one number: year × 12 + (month − 1). */
export type MonthIndex = number;

const month = (year: number, m: number): MonthIndex => year * 12 + (m - 1);

const ZH_DIGITS: Record<string, number> = {
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
  十: 10,
};
function zhNumber(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  if (s.startsWith("十")) return 10 + (ZH_DIGITS[s[1] ?? ""] ?? 0);
  if (s.endsWith("十")) return (ZH_DIGITS[s[0]!] ?? 0) * 10;
  if (s.includes("十")) return (ZH_DIGITS[s[0]!] ?? 0) * 10 + (ZH_DIGITS[s[2] ?? ""] ?? 0);
  return ZH_DIGITS[s] ?? Number.NaN;
}

const MONTH = "(\\d{1,2}|十[一二]?|[一二三四五六七八九])";

/**
 * The last month a deadline's text allows, or null when it names none: "2018年6月前" → June 2018,
 * "2018年底" → December 2018, "2018年上半年" → June, "年内" → December of `year` (the document's).
 */
export function deadlineMonth(text: string, year?: number): MonthIndex | null {
  const y = /((?:19|20)\d{2})\s*年/.exec(text);
  const yr = y ? Number(y[1]) : year;
  if (yr === undefined) return null;
  const m = new RegExp(`${MONTH}\\s*月`).exec(y ? text.slice(y.index + y[0].length) : text);
  if (m) {
    const n = zhNumber(m[1]!);
    return n >= 1 && n <= 12 ? month(yr, n) : null;
  }
  const quarter = /(?:第)?([一二三四1-4])季度/.exec(text);
  if (quarter) return month(yr, zhNumber(quarter[1]!) * 3);
  if (/上半年/.test(text)) return month(yr, 6);
  if (y || /年内|年底|年末|本年度|今年/.test(text)) return month(yr, 12);
  return null;
}

const EN_MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];

/**
 * The last month a question asks about when it asks what is due by a date: "2018年6月前要完成哪些工作",
 * "6月底前", "2018年底前", "by June 2018", "before the end of 2018". Null when it names no cut-off.
 */
export function dueCutoff(question: string, year?: number): MonthIndex | null {
  const zh = new RegExp(
    `(?:(?:19|20)\\d{2}\\s*)?年?\\s*(?:${MONTH}\\s*月(?:底|末|份)?|底|末|上半年|下半年|[一二三四]季度)\\s*(?:前|以前|之前|内)|(?:19|20)\\d{2}\\s*年\\s*(?:前|以前|之前)`,
  ).exec(question);
  if (zh) return deadlineMonth(zh[0], year);
  const en = new RegExp(
    `\\b(?:by|before|until|no later than)\\s+(?:the\\s+end\\s+of\\s+)?(?:(${EN_MONTHS.join("|")})\\s*,?\\s*)?((?:19|20)\\d{2})\\b`,
    "i",
  ).exec(question);
  if (en) {
    const yr = Number(en[2]);
    const m = en[1] ? EN_MONTHS.indexOf(en[1].toLowerCase()) + 1 : 12;
    return month(yr, m);
  }
  return null;
}

/** "2018年6月" / "June 2018" for a month index. */
export function monthLabel(m: MonthIndex, lang: "zh" | "en"): string {
  const year = Math.floor(m / 12);
  const mo = (m % 12) + 1;
  return lang === "zh"
    ? `${year}年${mo}月`
    : `${EN_MONTHS[mo - 1]![0]!.toUpperCase()}${EN_MONTHS[mo - 1]!.slice(1)} ${year}`;
}
