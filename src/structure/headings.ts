/**
 * Heading markers at the start of a line: 一、 / (一) / （一） / 1. / 1、 / (1) / 1) / 第一条 /
 * 第一章 / 一是, and unnumbered headings (short lines standing alone above a paragraph).
 * Works on the masked text (noise blanked), so offsets are source offsets.
 */
import { splitLines } from "../ingest/noise.js";
import type { Span } from "../types.js";
import { CN_NUMERAL_CHARS, parseNumeral } from "./numerals.js";
import { CleanView } from "./text-view.js";

export interface Heading {
  style: string;
  label: string;
  number: number;
  /** The heading's words without the marker. */
  title: string;
  titleSpan: Span;
  /** Source offset where the marker starts (after indentation and markup). */
  start: number;
  /** Index of the line in `splitLines(masked)`. */
  line: number;
  /** The marker plus title as one display string, e.g. "(三)注重安全保障能力建设". */
  display: string;
}

const CN = `[${CN_NUMERAL_CHARS}]{1,6}`;

/** Marker patterns on the folded line ("（" is "(", "．" is "."), most specific first. */
const MARKERS: { style: string; re: RegExp }[] = [
  { style: "article", re: new RegExp(`^第(${CN}|\\d{1,3})条`) },
  { style: "book", re: new RegExp(`^第(${CN}|\\d{1,3})编`) },
  { style: "chapter", re: new RegExp(`^第(${CN}|\\d{1,3})章`) },
  { style: "section", re: new RegExp(`^第(${CN}|\\d{1,3})节`) },
  { style: "part", re: new RegExp(`^第(${CN}|\\d{1,3})部分`) },
  { style: "cn-paren", re: new RegExp(`^[(〔【](${CN})[)〕】]`) },
  { style: "cn-shi", re: new RegExp(`^(?:其)?(${CN})是`) },
  { style: "cn-dun", re: new RegExp(`^(${CN})[、.,](?!\\d)`) },
  { style: "ar-paren", re: /^[(〔](\d{1,3})[)〕]/ },
  { style: "ar-dot", re: /^(\d{1,3})\.(?![\d.])/ },
  { style: "ar-dun", re: /^(\d{1,3})[、,](?!\d)/ },
  { style: "ar-rparen", re: /^(\d{1,3})\)(?!\d)/ },
];

const TITLE_END = /[。;:!?]/;

/** Chooses the heading's title from the words after its marker. */
function titleLength(rest: string): number {
  const stop = rest.search(TITLE_END);
  if (stop >= 0 && stop <= 60) return stop;
  if (rest.length <= 60) return rest.length;
  const comma = rest.search(/[,，]/);
  if (comma > 0 && comma <= 60) return comma;
  // No clause end near the start: cut after the last 、 within reach rather than inside a word.
  const list = rest.slice(0, 50).lastIndexOf("、");
  return list >= 20 ? list : Math.min(rest.length, 50);
}

/**
 * Decimal section numbers of emergency plans and standards: "3.2" / "3.2.1" followed by words
 * (not "1.5倍", "2.5万元"); the style carries the depth ("decimal2", "decimal3").
 */
const DECIMAL =
  /^(\d{1,2}(?:\.\d{1,2}){1,3})(?![\d.%])\.?(?=[\u4e00-\u9fa5Ⅰ-ⅫA-Za-z])(?!万|亿|元|倍|米|吨|千克|公斤|平方|亩)/;

/** Detects the numbered heading that starts a line, if any. */
export function matchMarker(folded: string): { style: string; label: string; number: number } | null {
  const dec = DECIMAL.exec(folded);
  if (dec) {
    const parts = dec[1]!.split(".");
    return { style: `decimal${parts.length}`, label: dec[0], number: Number(parts[parts.length - 1]) };
  }
  for (const { style, re } of MARKERS) {
    const m = re.exec(folded);
    if (!m) continue;
    const number = parseNumeral(m[1]!);
    if (number === null || number < 1 || number > 300) continue;
    return { style, label: m[0], number };
  }
  return null;
}

/** ①…⑳ at the start of a line (style "circled"). */
function circledMarker(raw: string): { style: string; label: string; number: number } | null {
  const first = raw.trimStart().codePointAt(0) ?? 0;
  if (first < 0x2460 || first > 0x2473) return null;
  return { style: "circled", label: String.fromCodePoint(first), number: first - 0x245f };
}

/** Finds the numbered headings of a masked text, in document order. */
export function findNumberedHeadings(masked: string): Heading[] {
  const lines = splitLines(masked);
  const out: Heading[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const view = CleanView.of(masked, line.start, line.end);
    const raw = masked.slice(line.start, line.end);
    const marker = matchMarker(view.text) ?? circledMarker(raw) ?? bareNumber(raw);
    if (!marker) continue;
    const rest = view.text.slice(marker.label.length);
    // "第十二条" alone on its line (a PDF's layout): its title is the next line's words.
    const titled = rest.length > 0 ? { view, from: marker.label.length } : null;
    const below = titled || marker.style !== "article" ? null : nextNonBlank(lines, masked, i);
    if (!titled && (!below || matchMarker(below.view.text))) continue;
    const source = titled ?? { view: below!.view, from: 0 };
    let len = titleLength(source.view.text.slice(source.from));
    let title = source.view.text.slice(source.from, source.from + len);
    let titleSpan = source.view.span(source.from, source.from + len);
    // A heading broken over two lines ("…规范执法、" / "精准执法"): join a short continuation.
    if (len === rest.length && /[、,和与及]$/.test(title)) {
      const next = nextNonBlank(lines, masked, i);
      if (next && next.view.text.length <= 20 && !matchMarker(next.view.text)) {
        const cont = next.view.text.replace(/[。;]$/, "");
        title += cont;
        titleSpan = { start: titleSpan.start, end: next.view.span(0, cont.length).end };
        len = title.length;
      }
    }
    title = title.replace(/[,、]$/, "");
    out.push({
      style: marker.style,
      label: marker.label,
      number: marker.number,
      title,
      titleSpan,
      start: view.span(0, 1).start,
      line: i,
      display: `${marker.label}${title}`,
    });
  }
  return withDecimalChapters(out);
}

/** "1 总则": a number, a space, a short title — the top level of a decimal outline (kept only there). */
function bareNumber(raw: string): { style: string; label: string; number: number } | null {
  const m = /^[\s\u3000]*(\d{1,2})[ \t\u3000]*[\u4e00-\u9fa5Ⅰ-Ⅻ][^。；;，,]{0,24}$/.exec(raw);
  return m ? { style: "bare", label: m[1]!, number: Number(m[1]) } : null;
}

/**
 * In a decimal outline, "1 总则" or "1. 总则" directly followed by its "1.1 …" (or a standard's
 * "1.0.1 …") is the chapter
 * above it ("decimal1"); bare numbers anywhere else are not headings.
 */
function withDecimalChapters(headings: Heading[]): Heading[] {
  const out: Heading[] = [];
  let chapter = 0;
  headings.forEach((h, i) => {
    if (h.style === "bare" || h.style === "ar-dot") {
      const next = headings.slice(i + 1).find((n) => n.style !== "ar-paren" && n.style !== "cn-paren");
      // (a standard's chapter opens with its clauses "1.0.1", "2.0.3")
      const opens = /^decimal[23]$/.test(next?.style ?? "") && next!.label.startsWith(`${h.number}.`);
      // A last chapter without sections ("11 责任追究") continues the chapters' numbering.
      const continues = h.style === "bare" && chapter > 0 && h.number === chapter + 1;
      if (opens || continues) {
        chapter = h.number;
        out.push({ ...h, style: "decimal1", label: String(h.number), display: `${h.number} ${h.title}` });
        return;
      }
    }
    if (h.style !== "bare") out.push(h);
  });
  return out;
}

function nextNonBlank(lines: { start: number; end: number }[], masked: string, i: number) {
  for (let j = i + 1; j < lines.length && j <= i + 3; j++) {
    const view = CleanView.of(masked, lines[j]!.start, lines[j]!.end);
    if (view.text.length > 0) return { index: j, view };
  }
  return null;
}

/**
 * Unnumbered headings: short lines with no sentence punctuation that stand alone above a body
 * paragraph ("加强危险化学品综合管控"). `exclude` drops lines such as the document's title.
 */
export function findPlainHeadings(masked: string, exclude: (start: number) => boolean): Heading[] {
  const lines = splitLines(masked);
  const out: Heading[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const view = CleanView.of(masked, line.start, line.end);
    const t = view.text;
    if (t.length < 4 || t.length > 30) continue;
    if (/[。;:,!?、》]/.test(t) || /\d{4}年|\d{4}-\d/.test(t) || matchMarker(t)) continue;
    if (/[〔〕]/.test(t)) continue;
    const next = nextNonBlank(lines, masked, i);
    if (!next || next.view.text.length < 40 || !/[。]/.test(next.view.text)) continue;
    const start = view.span(0, 1).start;
    if (exclude(start)) continue;
    out.push({
      style: "plain",
      label: "",
      number: out.length + 1,
      title: t,
      titleSpan: view.span(0, t.length),
      start,
      line: i,
      display: t,
    });
  }
  return out;
}
