/**
 * Folds CJK radical code points back to the ideographs they stand for. PDF writers that map a
 * font's glyphs back to Unicode often pick the radical sharing the ideograph's glyph: Chromium
 * with Noto CJK writes ⼤ (U+2F24 KANGXI RADICAL BIG) for 大 and ⻔ (U+2ED4) for 门, so the
 * text layer reads "⼤连" where the page shows "大连". Radicals never stand alone in running
 * Chinese prose, so folding them is safe for policy documents.
 */

/** CJK Radicals Supplement forms that are whole simplified (or common) ideographs. Kangxi
 *  radicals (U+2F00–U+2FD5) all have compatibility decompositions and go through NFKC instead. */
const SUPPLEMENT: Record<string, string> = {
  "\u2e9f": "母",
  "\u2ea0": "民",
  "\u2ec5": "见",
  "\u2ec6": "角",
  "\u2ec9": "贝",
  "\u2ecb": "车",
  "\u2ed3": "长",
  "\u2ed4": "门",
  "\u2ed8": "青",
  "\u2eda": "页",
  "\u2edb": "风",
  "\u2edc": "飞",
  "\u2edd": "食",
  "\u2ee2": "马",
  "\u2ee3": "骨",
  "\u2ee4": "鬼",
  "\u2ee5": "鱼",
  "\u2ee6": "鸟",
  "\u2ee7": "卤",
  "\u2ee8": "麦",
  "\u2ee9": "黄",
  "\u2eea": "黾",
  "\u2eec": "齐",
  "\u2eee": "齿",
  "\u2ef0": "龙",
  "\u2ef3": "龟",
};

const RADICAL = /[\u2e80-\u2eff\u2f00-\u2fd5]/g;

/** The text with radicals replaced by their ideographs (one UTF-16 unit each: offsets unchanged). */
export function foldCjkRadicals(text: string): string {
  return text.replace(RADICAL, (ch) => {
    const mapped = SUPPLEMENT[ch];
    if (mapped !== undefined) return mapped;
    const nfkc = ch.normalize("NFKC");
    return nfkc.length === 1 ? nfkc : ch;
  });
}
