/**
 * The document's title, chosen among candidates by evidence rather than by the first rule that
 * matches. Candidates come from every place offices and tools put a title:
 *   - the title-like lines above the first heading (findTitle: a plan's name, a cover letter's X);
 *   - a Markdown "# X" heading, an HTML <h1> or <title>, a front matter "title:";
 *   - a line ending in a document kind (…条例, …办法, …方案, …通知, …预案) near the top;
 *   - the name a 令 or cover letter quotes: "《X》已经…通过，现予公布", "关于修改〈X〉的决定",
 *     "关于印发《X》的通知".
 * Each candidate scores by its source; one whose kind is the kind the text calls itself ("本条例",
 * "本办法", "本方案") gains; candidates naming the same thing (written with other brackets or
 * dashes) add up. A version note ("（2021年版）", "（2018年修正）") is not part of a name.
 */

import { decodeEntities } from "../ingest/html-entities.js";
import { frontMatterEnd } from "../ingest/noise.js";
import type { Span } from "../types.js";
import { findTitle, type TextLine } from "./metadata.js";

interface Candidate {
  text: string;
  span: Span | null;
  score: number;
}

/** Document kinds a title ends with. */
const KIND =
  /(实施细则|细则|条例|办法|规定|规则|方案|预案|意见|通知|通告|公告|要点|计划|决定|规划|措施|指引|指南|导则|规范|规程|准则|纲要|标准|分工表|清单|法)$/;
/** A cover letter's heading: it names the document it sends, which is the candidate. */
const COVER = /^.{0,40}关于(印发|转发|发布)?《/;

/** "…关于印发《X》的通知": the name of the document a cover letter sends. */
const SENDS_QUOTED = /关于(?:重新)?(?:印发|转发|发布)《([^《》]{4,80})》的通知$/;

/** Removes a version note: "（2021年版）", "(2018年修正)", "（2019修订）". */
function withoutVersion(t: string): string {
  return t
    .replace(/[(（]\s*(?:(?:19|20)\d{2}\s*年?\s*)?(?:版|修订版?|修正本?|修订本|修正)\s*[)）]$/, "")
    .trim();
}

/** The kind the text calls itself most often ("本条例" → 条例). */
function selfKind(masked: string): string | null {
  const counts = new Map<string, number>();
  for (const m of masked.matchAll(
    /本(实施细则|细则|条例|实施办法|暂行办法|办法|规定|规则|实施方案|工作方案|行动方案|方案|预案|实施意见|意见|通知|通告|公告|要点|行动计划|计划|决定|措施|技术规范|规范|标准|导则|指南|规程|法)(?=[自所的由第中未规有适经施实组提要执精内下作进贯落，,。、）)])/g,
  )) {
    counts.set(m[1]!, (counts.get(m[1]!) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [k, n] of counts) if (!best || n > counts.get(best)!) best = k;
  return best;
}

/** A key under which names written with other brackets, dashes or spaces meet. */
function sameNameKey(t: string): string {
  // A plan's name is cited with or without its opening 关于 ("关于推进…实施方案").
  return t
    .normalize("NFKC")
    .replace(/[^\u4e00-\u9fa5\d]|年/g, "")
    .replace(/^关于/, "");
}

function plainText(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>|<!--|-->/g, ""))
    .replace(/\s+/g, " ")
    .trim();
}

function isNameLike(t: string): boolean {
  // A number opens an item ("1. 总则"), but a year opens a yearly plan's name ("2026年…方案").
  return t.length >= 4 && t.length <= 80 && !/[。;；!?！？:：]/.test(t) && !/^(?!(?:19|20)\d{2}年)\d/.test(t);
}

/** Chooses the title; null when no candidate is name-like. */
export function chooseTitle(
  lines: TextLine[],
  firstHeadingLine: number,
  headerEnd: number,
  raw: string,
  masked: string,
): { text: string; span: Span | null } | null {
  const out: Candidate[] = [];
  const add = (text: string, span: Span | null, score: number) => {
    const t = withoutVersion(text.trim());
    if (isNameLike(t)) out.push({ text: t, span, score });
  };
  const block = findTitle(lines, firstHeadingLine);
  if (block) add(block.text, block.span, 3);

  // A page's navigation may fill the first screens: read far enough to reach the letter.
  const header = lines.filter((l) => l.start < headerEnd).slice(0, 150);
  for (const [k, l] of header.entries()) {
    const rawLine = raw.slice(l.start, l.end).trim();
    const heading = /^(#{1,2})\s+/.exec(rawLine);
    if (heading && !COVER.test(l.clean))
      add(l.clean, l.view.span(0, l.clean.length), heading[1] === "#" ? 5 : 2);
    // "…关于重新发布广州市积分制入户管理办法的通知": the document it sends, written without 《》.
    const sends = /关于(?:重新)?(?:印发|转发|发布|修订)([^《》]{4,60}?)的通知$/.exec(l.clean);
    if (sends && KIND.test(sends[1]!)) {
      const at = sends.index + sends[0].length - 3 - sends[1]!.length;
      add(sends[1]!, l.view.span(at, at + sends[1]!.length), 3);
    }
    if (KIND.test(l.clean) && !/^(关于)?(印发|转发)/.test(l.clean)) {
      add(l.clean, l.view.span(0, l.clean.length), k < 15 ? 3 : 2);
    }
    for (const m of l.clean.matchAll(/《([^《》]{4,80})》/g)) {
      const inner = m[1]!;
      const at = m.index + 1;
      const rest = l.clean.slice(m.index + m[0].length);
      const amended = /关于修改〈([^〈〉]{4,60})〉/.exec(inner);
      if (amended) {
        const from = at + amended.index + 5;
        add(amended[1]!, l.view.span(from, from + amended[1]!.length), 3);
      } else if (/^(已经|已于|已由|经|印发给|现印发)/.test(rest) || /^的通知$/.test(rest)) {
        // "《X》已经…通过，现予公布", "现将《X》印发给你们", "…关于印发《X》的通知".
        add(inner, l.view.span(at, at + inner.length), 4);
      }
    }
  }
  const front = frontMatterEnd(raw);
  if (front > 0) {
    const m = /^[ \t]*title[ \t]*:[ \t]*['"]?(.+?)['"]?[ \t]*$/m.exec(raw.slice(0, front));
    if (m) add(m[1]!, null, 4);
  }
  // Every <h1> (a page may head its breadcrumb with one), and the page's <title>; a cover
  // letter's name there stands for the document it sends.
  const named = (text: string, score: number) => {
    add(text, null, score);
    const sent = SENDS_QUOTED.exec(text);
    if (sent) add(sent[1]!, null, score);
  };
  for (const h1 of raw.slice(0, 400_000).matchAll(/<h1\b[^>]*>([\s\S]{1,400}?)<\/h1>/gi))
    named(plainText(h1[1]!), 3);
  const title = /<title\b[^>]*>([\s\S]{1,400}?)<\/title>/i.exec(raw);
  if (title) named(plainText(title[1]!).split(/\s*[_|｜]\s*|\s+[-–—]\s+/)[0]!, 2);
  const kind = selfKind(masked);
  if (out.length === 0) {
    // No title in the text: the name it uses for itself most often ("公路交通突发事件应急预案").
    const own = kind ? selfName(masked, kind) : null;
    return own ? { text: own.text, span: own.span } : null;
  }
  const groups = new Map<string, Candidate[]>();
  for (const c of out) {
    if (kind && c.text.endsWith(kind)) c.score += 3;
    const key = sameNameKey(c.text);
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  let best: Candidate[] | null = null;
  let bestScore = -1;
  for (const g of groups.values()) {
    const total = g.reduce((s, c) => s + c.score, 0);
    if (total > bestScore) [best, bestScore] = [g, total];
  }
  // The fullest way of writing the name, with a span in the text when the text holds one.
  const spaced = (c: Candidate) => Number(/\s/.test(c.text));
  const chosen = [...best!].sort(
    (a, b) => spaced(a) - spaced(b) || b.text.length - a.text.length || Number(!a.span) - Number(!b.span),
  )[0]!;
  const span = chosen.span ?? best!.find((c) => c.span)?.span ?? spanInText(masked, chosen.text);
  return { text: chosen.text, span };
}

/**
 * The most frequent name ending in the document's own kind, as a phrase standing on its own
 * (after punctuation, a bracket or a verb), at least 6 characters, written at least twice.
 */
function selfName(masked: string, kind: string): { text: string; span: Span } | null {
  // Every ending of a phrase that ends in the kind is counted ("羊城人才集聚工程实施意见" inside
  // "落实羊城人才集聚工程实施意见"), each said at least twice.
  const counts = new Map<string, { n: number; at: number }>();
  const re = new RegExp(`[\\u4e00-\\u9fa5]{2,28}${kind}`, "g");
  for (const m of masked.matchAll(re)) {
    const seen = new Set<string>();
    for (let cut = 0; m[0].length - cut >= 6; cut++) {
      const name = m[0].slice(cut);
      if (/^(的|和|与|及|按|由|是|为|在|对|将|本|就|现)/.test(name) || seen.has(name)) continue;
      seen.add(name);
      const c = counts.get(name) ?? { n: 0, at: m.index + cut };
      counts.set(name, { n: c.n + 1, at: c.at });
    }
  }
  let best: [string, { n: number; at: number }] | null = null;
  for (const e of counts) {
    if (e[1].n < 2) continue;
    // Frequency times length squared: a full name said often beats both a rare long phrase and
    // its generic ending ("突发事件应急预案" inside every "…公路交通突发事件应急预案").
    const score = (x: [string, { n: number }]) => x[1].n * x[0].length ** 2;
    if (!best || score(e) > score(best)) best = e;
  }
  return best ? { text: best[0], span: { start: best[1].at, end: best[1].at + best[0].length } } : null;
}

function spanInText(masked: string, text: string): Span | null {
  const at = masked.indexOf(text);
  return at >= 0 ? { start: at, end: at + text.length } : null;
}
