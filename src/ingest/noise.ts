/**
 * Marks page chrome as noise by span — the text itself is never rewritten. Rules look at one
 * line at a time (plus its neighbours for blocks such as site notices); they describe kinds of
 * chrome found on government sites, blogs and scrapers, not particular files.
 */
import type { NoiseKind, NoiseSpan } from "../types.js";
import { htmlComments } from "./html-comments.js";

interface Line {
  start: number;
  end: number;
  text: string;
}

/** Splits text into lines with their offsets (line terminators excluded). */
export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const re = /\r\n|\n|\r/g;
  let start = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    lines.push({ start, end: m.index, text: text.slice(start, m.index) });
    start = m.index + m[0].length;
  }
  lines.push({ start, end: text.length, text: text.slice(start) });
  return lines;
}

/** Whole lines of site chrome: loaders, blog widgets, footers, counters, breadcrumbs, ads. */
const SITE_CHROME: RegExp[] = [
  /载入中/,
  /^(最新日志|最新评论|\/\/\s*最新回复|最新回复|友情链接|站点信息|博客首页|发表评论|返回顶部|关闭窗口|打印本页|收藏本页|相关链接|分享到|上一篇|下一篇)\s*[:：]?/,
  /Powered by/i,
  /阅读全文\s*\|/,
  /引用通告/,
  /ICP备|ICP证|公安备案|备案号|网站标识码|网站访问量|访问量[:：]|浏览次数|访问次数|点击数[:：]|版权所有|Copyright|©/i,
  /^(主办|承办|协办|技术支持|网站维护|联系我们)[:：]/,
  // A site footer's contact line: "主办单位：X局 地址：…", "邮编：510620 …电话：12345".
  /^(主办单位|承办单位|邮编|邮政编码)\s*[:：](?!.*联系人).*(地址|电话|邮编|网站标识码)\s*[:：]/,
  /您的位置|当前位置/,
  /^首页\s*(>|»|->|＞)/,
  /范文大全|写作素材|在线客服|欢迎您的阅读/,
  /^打\s*印$|打印[:：]\s*打\s*印/,
  /^(【\s*(返回顶部|关闭窗口|打印本页|打印|关闭|收藏|字体\s*[:：].*)\s*】\s*)+$/,
];

/** "4.1 一般规定……………… 6", "第一章 总则 .......... 1", "前言 -I-": dot leaders, then a page number. */
const CONTENTS_ENTRY =
  /^\S.{0,80}?(?:\.{4,}|…{2,}|·{4,}|．{4,}|-{6,})\s*(?:\d{1,4}|-?\s*[IVXⅠ-Ⅻ]{1,5}\s*-?)$/;

/** Lines a scraper writes above the page it saved. */
const SCRAPER_HEADER =
  /^\*\*(发布日期|发布时间|发布机构|来源|原文链接|链接|检索时间|检索关键词|作者|抓取时间)\*\*\s*[:：]/;

/** A site notice: a paragraph about the website itself (改版, 域名, …). */
const SITE_NOTICE = /(网站|域名)[^。]*(改版|注销|更新|访问|更名)|(改版|注销|更新)[^。]*(网站|域名)/;

function isFooterBullet(t: string): boolean {
  return /^[•·]\s*\S+?\s*[:：]/.test(t) || /^[•·]\s*(主办|地址|电话|技术支持)/.test(t);
}

/** True when a neighbouring line is a table row with Chinese words (a task table's |---| rule). */
function besideWordRow(lines: Line[], i: number): boolean {
  return [lines[i - 1], lines[i + 1]].some((l) => l && /^\s*\|.*[\u4e00-\u9fff].*\|\s*$/.test(l.text));
}

/** HTML tags of the kinds Markdown and scraped text carry inline (`<div style=…>`, `<p>`, `<br>`). */
const INLINE_TAG =
  /<\/?(?:div|p|span|br|font|strong|b|i|u|em|center|table|tbody|thead|tr|td|th|img|a|h[1-6]|ul|ol|li|sup|sub|hr|section|article|blockquote|pre|code)\b[^<>]{0,2000}>/gi;
/** Longest inline comment (`<!-- … -->`) marked in a text file. */
const MAX_INLINE_COMMENT = 5000;
/** Character references: &emsp; &nbsp; &#12288; &#x3000; */
const ENTITY = /&(?:[a-z]{2,8}|#\d{1,6}|#x[0-9a-f]{1,5});/gi;

/**
 * A YAML front matter block a wiki or static-site export writes above the document
 * ("---\ntitle: …\ndate: …\n---"): its end offset, or -1.
 */
export function frontMatterEnd(text: string): number {
  const m =
    /^\ufeff?---[ \t]*\r?\n((?:[ \t]*[A-Za-z_][\w-]*[ \t]*:.*\r?\n|[ \t]+.*\r?\n|[ \t]*\r?\n){1,60}?)---[ \t]*(?=\r?\n|$)/.exec(
      text,
    );
  return m ? m[0].length : -1;
}

/** Finds the noise spans of a decoded source text, sorted and non-overlapping. */
export function findNoise(text: string): NoiseSpan[] {
  const spans: NoiseSpan[] = [];
  const add = (start: number, end: number, kind: NoiseKind) => {
    if (end > start) spans.push({ start, end, kind });
  };
  const front = frontMatterEnd(text);
  if (front > 0) add(0, front, "scraper-header");
  for (const m of text.matchAll(INLINE_TAG)) add(m.index, m.index + m[0].length, "markup");
  for (const c of htmlComments(text, MAX_INLINE_COMMENT)) add(c.start, c.end, "markup");
  for (const m of text.matchAll(ENTITY)) add(m.index, m.index + m[0].length, "markup");
  const lines = splitLines(text);
  let inDownload = false;
  let afterScraperHeader = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const t = line.text.trim();
    if (t === "") continue;
    const lead = line.text.length - line.text.trimStart().length;
    const whole = () => add(line.start + lead, line.start + lead + t.length, "site-chrome");
    if (/^【原文下载】|^【附件下载】|^【下载】/.test(t)) {
      add(line.start + lead, line.end, "download-link");
      inDownload = true;
      continue;
    }
    if (inDownload) {
      if (/^[-*]\s*\[|^\[.*\]\(|\.(pdf|docx?|wps|xlsx?)\b/i.test(t)) {
        add(line.start + lead, line.end, "download-link");
        continue;
      }
      inDownload = false;
    }
    if (SCRAPER_HEADER.test(t)) {
      add(line.start + lead, line.end, "scraper-header");
      afterScraperHeader = true;
      continue;
    }
    if (afterScraperHeader && /^-{3,}$/.test(t)) {
      add(line.start + lead, line.end, "scraper-header");
      afterScraperHeader = false;
      continue;
    }
    // Table rows without a Chinese word ("| 306_3 | 2021 | 8 |") are debris; rows with words may
    // be a task table (structure/tables.ts).
    if (/^\|.*\|$/.test(t) && !/[\u4e00-\u9fff]/.test(t) && !besideWordRow(lines, i)) {
      add(line.start + lead, line.end, "table-debris");
      continue;
    }
    if (/^[-—－–_~\s]*\d{1,3}[-—－–_~\s]*$/.test(t) && /[-—－–_~]/.test(t)) {
      add(line.start + lead, line.start + lead + t.length, "page-number");
      continue;
    }
    if (
      /^第\s*\d{1,4}\s*页(\s*[,，]?\s*共\s*\d{1,4}\s*页)?$|^\d{1,4}\s*\/\s*\d{1,4}$|^Page\s+\d+(\s+of\s+\d+)?$/i.test(
        t,
      )
    ) {
      add(line.start + lead, line.start + lead + t.length, "page-number");
      continue;
    }
    // A table of contents' entry: its heading repeats in the body, where it is the heading.
    if (CONTENTS_ENTRY.test(t)) {
      add(line.start + lead, line.start + lead + t.length, "contents");
      continue;
    }
    if (SITE_CHROME.some((re) => re.test(t)) || isFooterBullet(t)) {
      whole();
      continue;
    }
    // Length first: the pattern's `[^。]*` rescans a long line from each keyword (quadratic).
    if (t.length < 300 && SITE_NOTICE.test(t)) {
      whole();
      // The "公告" heading above a site notice is chrome as well.
      for (let j = i - 1; j >= 0; j--) {
        const p = lines[j]!.text.trim();
        if (p === "") continue;
        if (/^(网站)?公告$|^通知公告$/.test(p)) {
          const pl = lines[j]!;
          const pLead = pl.text.length - pl.text.trimStart().length;
          add(pl.start + pLead, pl.start + pLead + p.length, "site-chrome");
        }
        break;
      }
      continue;
    }
    markMarkup(line, spans);
  }
  return mergeSpans(spans);
}

/** Markdown marks inside a content line: `**`, a leading `#`, a leading list bullet. */
function markMarkup(line: Line, spans: NoiseSpan[]): void {
  const s = line.text;
  const lead = /^[\s\u3000]*/.exec(s)![0].length;
  const head = /^(#{1,6}\s+|[-*+]\s+)/.exec(s.slice(lead));
  if (head) spans.push({ start: line.start + lead, end: line.start + lead + head[0].length, kind: "markup" });
  for (const m of s.matchAll(/\*\*/g)) {
    spans.push({ start: line.start + m.index, end: line.start + m.index + 2, kind: "markup" });
  }
}

function mergeSpans(spans: NoiseSpan[]): NoiseSpan[] {
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: NoiseSpan[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) {
      if (s.end > last.end) last.end = s.end;
    } else out.push({ ...s });
  }
  return out;
}

/** True when [start, end) lies entirely inside noise. */
export function isNoise(noise: readonly NoiseSpan[], start: number, end: number): boolean {
  for (const n of noise) {
    if (n.start <= start && end <= n.end) return true;
    if (n.start > start) break;
  }
  return false;
}
