/** Whether a short word abbreviates a longer one ("长护险" ← 长期护理保险). Pure. */

/**
 * True when `short` is written by characters of `text` in order within a span of at most three
 * characters per character, its first and last included, and not as a plain part of the text
 * ("长护险" in 长期护理保险, "危化" in 危险化学品; not "保险" in 护理保险, not "长险" across a title).
 */
export function abbreviates(short: string, text: string): boolean {
  return spellings(short, text, 1).length > 0;
}

/**
 * Where `text` spells `short` out: the stretches from its first to its last character, in order,
 * within three characters per character, longer than `short` ("低保" in 最低生活保障 → 低生活保). At most `limit` of them, in the order they occur.
 */
export function spellings(short: string, text: string, limit = Number.POSITIVE_INFINITY): string[] {
  const found: string[] = [];
  for (let start = text.indexOf(short[0]!); start >= 0; start = text.indexOf(short[0]!, start + 1)) {
    let at = start;
    let ok = true;
    for (const ch of short.slice(1)) {
      at = text.indexOf(ch, at + 1);
      if (at < 0 || at - start >= short.length * 3) {
        ok = false;
        break;
      }
    }
    if (!ok || at - start + 1 <= short.length) continue;
    found.push(text.slice(start, at + 1));
    if (found.length >= limit) break;
  }
  return found;
}

/**
 * For one word: the short word takes the first character of each of the long word's two-character
 * parts, in order (危险|化学品 → 危化, 安全|监管 → 安监, 国有|企业 → 国企); not characters from inside
 * a part (主体|责任 is not 主任, 机构|编制 is not 机制).
 */
export function abbreviatesWord(short: string, long: string): boolean {
  if (short.length < 2 || long.length < short.length * 2 || long.includes(short)) return false;
  let from = 0;
  for (const ch of short) {
    let at = -1;
    for (let p = from; p < long.length; p += 2) {
      if (long[p] === ch) {
        at = p;
        break;
      }
    }
    if (at < 0 || (from === 0 && at !== 0)) return false;
    from = at + 2;
  }
  return true;
}
