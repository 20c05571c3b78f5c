/**
 * The heading of a 令 or 公告 that promulgates a law or rule, as offices print it:
 *   中华人民共和国国务院令 / 第737号           (two lines)
 *   中华人民共和国公安部令第146号             (one line)
 *   浙江省第十三届人民代表大会常务委员会 / 公告 / 第 56 号
 *   （2012年12月19日公安部令第125号公布 …）    (inside a law's history note)
 * gives the document's number (文号) and, from the words before 令, its issuer.
 */
import type { Span } from "../types.js";
import type { TextLine } from "./metadata.js";

const ORDER_NO = "第[\\d〇○零一二三四五六七八九十百]{1,6}号";
// "第761号", or a year and number: "中国证券监督管理委员会公告" / "〔2025〕19号".
const NUMBER_LINE = new RegExp(`^(?:${ORDER_NO}|[〔\\[(]\\s*(?:19|20)\\d{2}\\s*[〕\\])]\\s*\\d{1,4}\\s*号)$`);
const ONE_LINE = new RegExp(`^([\\u4e00-\\u9fa5]{2,40}?)(令|公告)${ORDER_NO}$`);
// The body's name starts after the note's date ("2012年12月19日公安部令第125号公布"), not inside it.
const IN_NOTE = new RegExp(
  `(?:(?<=日)|(?<![\\u4e00-\\u9fa5\\d]))([\\u4e00-\\u9fa5]{2,30}?令${ORDER_NO})(?:修订)?(?:公布|发布)`,
);

const CLOSING_NOTE = new RegExp(`(?<=修正|修订|通过|公布)([\\u4e00-\\u9fa5]{1,20}?令${ORDER_NO})[)）]`);

export interface OrderHeading {
  number: { text: string; span: Span };
  /** The body before 令 ("公安部"), without 中华人民共和国 unless that leaves a bare office. */
  issuer: { text: string; span: Span } | null;
}

function issuerOf(words: string, line: TextLine, at: number): OrderHeading["issuer"] {
  if (!/(部|院|局|委|厅|府|署|会|办|行|主席)$/.test(words)) return null;
  const strip = /^中华人民共和国/.test(words) && !/^中华人民共和国主席$/.test(words) ? 7 : 0;
  const text = words.slice(strip);
  return { text, span: line.view.span(at + strip, at + words.length) };
}

/** The 令 / 公告 heading among the first lines (above `limit`), if any. */
export function findOrderHeading(lines: TextLine[], limit: number, isOrgLine: (c: string) => boolean) {
  const head = lines.filter((l) => l.start < limit).slice(0, 200);
  for (let i = 0; i < head.length; i++) {
    const l = head[i]!;
    const one = ONE_LINE.exec(l.clean);
    if (one) {
      return {
        number: { text: l.clean, span: l.view.span(0, l.clean.length) },
        issuer: one[2] === "令" ? issuerOf(one[1]!, l, 0) : null,
      } satisfies OrderHeading;
    }
    if (!NUMBER_LINE.test(l.clean) || i === 0) continue;
    // Walk up over "公告" / "令" and the body's name.
    let first = i - 1;
    const prev = head[first]!.clean;
    if (/^(令|公告)$/.test(prev) && first > 0 && isOrgLine(head[first - 1]!.clean)) first--;
    else if (!/(令|公告)$/.test(prev) && !isOrgLine(prev)) continue;
    const top = head[first]!;
    const text = head
      .slice(first, i + 1)
      .map((x) => x.clean)
      .join("");
    const order = /^(.*?)令$/.exec(top.clean);
    // A joint order may leave out the word 令: "中国共产党中央军事委员会 国务院" / "第761号".
    const bare = first === i - 1 && !/(令|公告)$/.test(prev);
    return {
      number: { text, span: { start: top.view.span(0, 1).start, end: l.view.span(0, l.clean.length).end } },
      issuer: order ? issuerOf(order[1]!, top, 0) : bare ? issuerOf(top.clean, top, 0) : null,
    } satisfies OrderHeading;
  }
  for (const l of head) {
    // "…的决定》修正 主席令第73号）": the order closing a history note gives the number alone (it
    // promulgated the amendment, so its body is not the text's issuer).
    const closing = CLOSING_NOTE.exec(l.clean);
    if (closing) {
      const at = closing.index;
      return { number: { text: closing[1]!, span: l.view.span(at, at + closing[1]!.length) }, issuer: null };
    }
    const m = IN_NOTE.exec(l.clean);
    if (m) {
      const words = /^(.*?)令/.exec(m[1]!)![1]!;
      return {
        number: { text: m[1]!, span: l.view.span(m.index, m.index + m[1]!.length) },
        issuer: issuerOf(words, l, m.index),
      } satisfies OrderHeading;
    }
  }
  return null;
}
