/**
 * Document metadata: title, issuing body, 文号, dates, and where responsibilities are set out.
 * All rules read the masked text (page chrome blanked) except the scraper header, which a
 * scraper writes as "**发布机构**: …" and which is the only place some pages name a publisher.
 */
import { splitLines } from "../ingest/noise.js";
import type { Span } from "../types.js";
import { isDateLine, isPersonSignature } from "./dates.js";
import { matchMarker } from "./headings.js";
import type { OrderHeading } from "./orders.js";
import { CleanView } from "./text-view.js";

/** 文号 such as 大安监人事〔2017〕454号, 沪府办规〔2025〕5号, 浦应急[2021]39号. */
export const DOC_NUMBER = /[\u4e00-\u9fa5]{1,12}[〔[［(（]\s*(?:19|20)\d{2}\s*[〕\]］)）]\s*\d{1,4}\s*号/g;

const ORG_SUFFIX =
  /(局|委员会|委|厅|办公室|政府|部|院|会|中心|办|署|党委|市委|省委|区委|县委|管委会|集团|公司|总局|安委会)$/;

export interface TextLine {
  index: number;
  start: number;
  end: number;
  /** Folded text without whitespace. */
  clean: string;
  /** The line as written (masked), for display. */
  raw: string;
  view: CleanView;
}

/** The non-blank lines of a masked text with their folded text. */
export function textLines(masked: string): TextLine[] {
  const out: TextLine[] = [];
  splitLines(masked).forEach((l, index) => {
    const view = CleanView.of(masked, l.start, l.end);
    if (view.text.length > 0)
      out.push({ index, start: l.start, end: l.end, clean: view.text, raw: l.text, view });
  });
  return out;
}

/** A name of an organisation (at least `min` characters: 国务院, 文化部, 公安部 sign alone). */
function isOrgName(clean: string, min: number): boolean {
  return clean.length >= min && clean.length <= 30 && !/[,。:;、]/.test(clean) && ORG_SUFFIX.test(clean);
}

/** A line that names an organisation and nothing else (a signature or a letterhead). */
export function isOrgLine(clean: string): boolean {
  return isOrgName(clean, 3);
}

/** The document's own 文号: one standing on its own line, else a 令's or 公告's number. */
export function findDocNumber(
  lines: TextLine[],
  order: OrderHeading | null,
): { text: string; span: Span } | null {
  // Alone on its line, or in brackets under the title ("（余府发〔2012〕3号）", as many sites print it).
  const alone = new RegExp(`^([（(]?)(${DOC_NUMBER.source})[）)]?$`);
  for (const line of lines) {
    const m = alone.exec(line.clean);
    if (m && (m[1] === "") === !/[）)]$/.test(line.clean)) {
      const at = m[1]!.length;
      return { text: m[2]!, span: line.view.span(at, at + m[2]!.length) };
    }
  }
  return order?.number ?? null;
}

/** Organisation lines signing together (one above the other, or side by side), joined by 、. */
function signature(lines: TextLine[], last: number): { text: string; span: Span } {
  let first = last;
  while (first > 0 && last - first < 3 && isOrgLine(lines[first - 1]!.clean)) first--;
  const names = lines
    .slice(first, last + 1)
    .flatMap((l) =>
      l.raw
        .trim()
        .split(/[\s\u3000\u00a0]{2,}|\s*\u3000\s*/)
        .map((p) => p.replace(/\s+/g, "")),
    )
    .filter((p) => p.length > 0);
  const text = names.every((n) => isOrgLine(n)) ? names.join("、") : lines[last]!.clean;
  const a = lines[first]!;
  const b = lines[last]!;
  return { text, span: { start: a.view.span(0, 1).start, end: b.view.span(0, b.clean.length).end } };
}

/**
 * Issuer: a signature (organisation lines above a date line), else the body that issues a 令,
 * else a letterhead, else a page's or scraper's publisher, else "本预案由X制定".
 */
export function findIssuer(
  lines: TextLine[],
  raw: string,
  order: OrderHeading | null,
): { text: string; span: Span } | null {
  for (let i = 0; i + 1 < lines.length; i++) {
    if (isOrgLine(lines[i]!.clean) && isDateLine(lines[i + 1]!.clean)) return signature(lines, i);
  }
  if (order?.issuer) return order.issuer;
  // A signature and its date on one line: "人力资源社会保障部 2013年4月25日".
  for (const line of lines.slice(-30)) {
    const m = /^(.{4,30}?)((?:19|20)\d{2}年\d{1,2}月\d{1,2}日)$/.exec(line.clean);
    if (m && isOrgLine(m[1]!)) return { text: m[1]!, span: line.view.span(0, m[1]!.length) };
  }
  for (let i = 0; i + 1 < lines.length && i < 12; i++) {
    if (isOrgLine(lines[i]!.clean) && new RegExp(DOC_NUMBER.source).test(lines[i + 1]!.clean)) {
      return { text: lines[i]!.clean, span: lines[i]!.view.span(0, lines[i]!.clean.length) };
    }
  }
  // A signature with no date under it, as the last lines of the text: "最高人民法院 最高人民检察院 公安部".
  for (const line of lines.slice(-3).reverse()) {
    const parts = line.raw.trim().split(/[\s\u3000\u00a0]+/);
    const orgs = parts.length > 1 ? parts.every((p) => isOrgName(p, 3)) : isOrgLine(line.clean);
    if (orgs && line.clean.length <= 60) {
      return { text: parts.join("、"), span: line.view.span(0, line.clean.length) };
    }
  }
  const head = /(?:\*\*发布机构\*\*|发布机关|发文机关|发文单位)\s*[:：]\s*([^\n*<]+)/.exec(raw);
  if (head && head[1]!.trim()) {
    const text = head[1]!.trim();
    const start = head.index + head[0].indexOf(text);
    return { text, span: { start, end: start + text.length } };
  }
  for (const line of lines.slice(0, 30)) {
    // A standard's cover: "中华人民共和国交通运输部发布".
    const cover = /^(.{4,40}?)发布$/.exec(line.clean);
    if (cover && isOrgLine(cover[1]!)) return { text: cover[1]!, span: line.view.span(0, cover[1]!.length) };
    const m = /([\u4e00-\u9fa5]{2,20}?(?:委员会|安委会|政府|办公厅|局|委))(?:印发|发布|下发)《/.exec(
      line.clean,
    );
    if (m) return { text: m[1]!, span: line.view.span(m.index, m.index + m[1]!.length) };
    // "市场监管总局关于发布《…》的公告": the body heading its own letter.
    const letter = /^(.{3,30}?)关于.{2,80}的(?:通知|公告|通告|决定|函|批复)$/.exec(line.clean);
    if (letter && isOrgLine(letter[1]!))
      return { text: letter[1]!, span: line.view.span(0, letter[1]!.length) };
  }
  for (const line of lines) {
    const m =
      /本(?:预案|办法|规定|细则|方案|意见|条例|通知)由([\u4e00-\u9fa5]{2,20}?)(?:负责)?(?:制定|制订|印发|发布)/.exec(
        line.clean,
      );
    if (m) return { text: m[1]!, span: line.view.span(m.index + 4, m.index + 4 + m[1]!.length) };
  }
  return null;
}

/**
 * A line for display: trimmed, markup already blanked, whitespace dropped next to digits and
 * Latin letters ("2021 年" → "2021年") and kept as one space between Chinese words
 * ("六项举措 深化改革试点").
 */
export function displayText(raw: string): string {
  return raw.trim().replace(/\s+/g, (ws, at: number, all: string) => {
    const before = all[at - 1] ?? "";
    const after = all[at + ws.length] ?? "";
    return /[A-Za-z0-9（）()《》“”"、,，。:：]/.test(before + after) ? "" : " ";
  });
}

function isTitleLike(clean: string): boolean {
  // A title has no sentence punctuation; a comma marks a line of body text wrapped by a PDF.
  return clean.length >= 2 && clean.length <= 80 && !/[。;!?,]/.test(clean) && !/[:]$/.test(clean);
}

function isSkippable(clean: string): boolean {
  return (
    /[:]$/.test(clean) || // addressee: "机关各处室,局属各单位:"
    /^\|/.test(clean) || // a table row
    new RegExp(`^${DOC_NUMBER.source}$`).test(clean) ||
    isDateLine(clean) ||
    isPersonSignature(clean) ||
    /^\(.*(?:19|20)\d{2}年.*(?:通过|公布|发布|施行|修订|修正|批准|印发)/.test(clean) || // a law's history note
    /(令|公告)$|^第[\d〇○零一二三四五六七八九十百]{1,6}号$|^目[录次]$/.test(clean) ||
    /(发布|实施)$/.test(clean) || // a standard's cover: "××××-××-××发布", "…交通运输部发布"
    /^附件\d*$/.test(clean) ||
    /^特此通知。?$/.test(clean)
  );
}

/**
 * The document's title: the title-like lines nearest above the first heading's introduction
 * ("大连市安监局开展大学习大讨论活动" + "落实对标上海相关措施工作方案"); a cover letter's
 * "关于印发《X》的通知" gives X.
 */
export function findTitle(lines: TextLine[], firstHeadingLine: number): { text: string; span: Span } | null {
  let i = lines.findIndex((l) => l.index >= firstHeadingLine);
  if (i < 0) i = Math.min(lines.length, 12);
  let longSkipped = 0;
  const block: TextLine[] = [];
  for (let j = i - 1; j >= 0; j--) {
    const l = lines[j]!;
    if (block.length === 0) {
      if (isSkippable(l.clean) || matchMarker(l.clean)) continue;
      if (!isTitleLike(l.clean)) {
        if (++longSkipped > 3) break;
        continue;
      }
      block.unshift(l);
    } else {
      if (!isTitleLike(l.clean) || isSkippable(l.clean) || block.length >= 3) break;
      if (l.index !== block[0]!.index - 1 && l.index !== block[0]!.index - 2) break;
      block.unshift(l);
    }
  }
  // Drop a letterhead (organisation line) or a 文号 caught at the top of the block.
  while (
    block.length > 1 &&
    (isOrgLine(block[0]!.clean) || new RegExp(DOC_NUMBER.source).test(block[0]!.clean))
  ) {
    block.shift();
  }
  if (block.length === 0) return null;
  const first = block[0]!;
  const last = block[block.length - 1]!;
  let text = block.map((l) => displayText(l.raw)).join("");
  let span: Span = { start: first.view.span(0, 1).start, end: last.view.span(0, last.clean.length).end };
  const inner = /《([^》]{4,80})》/.exec(first.clean);
  if (inner && /^(关于)?(印发|转发|发布)?.*《/.test(first.clean) && block.length === 1) {
    span = first.view.span(inner.index + 1, inner.index + 1 + inner[1]!.length);
    text = inner[1]!.includes(" ") ? inner[1]! : /《([^》]{4,80})》/.exec(displayText(first.raw))![1]!;
  } else {
    text = text.replace(/^[{【[]|[}】\]]$/g, "");
  }
  return { text, span };
}

/** Where the document says who is responsible, e.g. "附件:市级推进…重点任务分工方案". */
export function findResponsibilityNote(lines: TextLine[]): { text: string; span: Span } | null {
  for (const line of lines) {
    const m = /^附件\d*[:]?(.*(分工|责任|任务清单|职责).*)$/.exec(line.clean);
    if (m) return { text: line.clean, span: line.view.span(0, line.clean.length) };
  }
  for (const line of lines) {
    // The sentence around the first keyword, found from the keyword out (a leading `[^。]*` in the
    // pattern rescanned a long line without 。 from every one of its characters: quadratic).
    const k = /任务分工方案|责任分工|分工方案|责任分解表/.exec(line.clean);
    if (!k) continue;
    const from = line.clean.lastIndexOf("。", k.index) + 1;
    const stop = line.clean.indexOf("。", k.index + k[0].length);
    const to = stop < 0 ? line.clean.length : stop + 1;
    return { text: line.clean.slice(from, to), span: line.view.span(from, to) };
  }
  return null;
}
