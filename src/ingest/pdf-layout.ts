/**
 * Lays out the text items of a PDF's pages as plain text (pure; pdf.ts reads the items with
 * pdfjs). The items of one line are concatenated (a space where a visible gap separates them);
 * a line that runs to the right margin and is followed by one starting at the left margin was
 * wrapped by the layout, not by the author, and continues without a break (so a heading or a
 * sentence reads as in the text version); other lines end with "\n"; a vertical gap much taller
 * than the usual line pitch becomes a blank line (a paragraph break); pages are separated by a
 * form feed on a line of its own. Each page's span in the text is recorded, so that a citation
 * can say its page. Glyphs mapped to compatibility code points are folded back (NFC, radicals,
 * the two-em dash ⸺ that a shaped "——" becomes).
 */
import type { Span } from "../types.js";
import { foldCjkRadicals } from "./cjk-radicals.js";

/** One text item as pdfjs gives it, positioned in PDF user space (y grows upwards). */
export interface PdfTextItem {
  str: string;
  /** The baseline origin (the item's transform e, f). */
  x: number;
  y: number;
  width: number;
  /** The font size (pdfjs's height; 0 for the empty end-of-line markers). */
  height: number;
  /** pdfjs's flag: a line break follows this item. */
  hasEOL: boolean;
}

export interface LaidOutText {
  text: string;
  /** Each page's span in `text`, in page order (page 1 first); an empty page has an empty span. */
  pages: Span[];
}

/** What separates two pages in the text: a form feed on a line of its own (as pdftotext writes). */
export const PAGE_BREAK = "\n\f\n";

/** A vertical step larger than this many usual line pitches is a paragraph break (a blank line). */
const PARAGRAPH_GAP = 1.6;
/** A horizontal gap wider than this fraction of the font size between two items is a space. */
const WORD_GAP = 0.25;
/** Between two CJK characters a gap is spacing (justified or letter-spaced text), never a word space. */
const CJK_END = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]$/u;
const CJK_START = /^[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;
/** A line ending within this many font sizes of the right margin fills its line (it wrapped);
 *  two and a half, as line breaking keeps a character with the punctuation after it (避头尾). */
const WRAP_SLACK = 2.5;
/** Lines must reach the right margin this often before any is taken as wrapped (a page of short
 *  lines has no margin to wrap at: its longest line is not "full"). */
const MIN_FULL_LINES = 3;
/** A line starting like a numbered item (一、 (二) 3. 4、 第五条) after a full line ending a
 *  sentence starts anew; after a line ending mid-phrase it is running text ("标准全统" / "一、过程"). */
const SENTENCE_END = /[。；;：:！!？?)）」』”]$/;
const ITEM_START =
  /^\s*(?:[(（〔][一二三四五六七八九十百\d]{1,4}[)）〕]|[一二三四五六七八九十百\d]{1,4}[、.．]|第[一二三四五六七八九十百零\d]{1,6}[条章节编])/;

interface Line {
  y: number;
  size: number;
  text: string;
  /** Left and right ends of the line's items. */
  x0: number;
  x1: number;
}

/** Control characters a broken text layer can hold (tab and line ends are handled apart). */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

function cleanItem(str: string): string {
  return foldCjkRadicals(str.replace(CONTROL, "").normalize("NFC"))
    .replace(/[\r\n]+/g, " ")
    .replace(/\u2e3a/g, "——")
    .replace(/\u2e3b/g, "———");
}

/** The lines of one page, in the order of its items. */
export function linesOf(items: PdfTextItem[]): Line[] {
  const lines: Line[] = [];
  let cur: Line | null = null;
  let prevEnd = 0;
  for (const item of items) {
    const str = cleanItem(item.str);
    if (str !== "") {
      const size: number = item.height > 0 ? item.height : (cur?.size ?? 10);
      if (cur && Math.abs(item.y - cur.y) > 0.5 * Math.max(size, cur.size)) {
        lines.push(cur);
        cur = null;
      }
      if (cur === null) {
        cur = { y: item.y, size, text: "", x0: item.x, x1: item.x };
      } else if (
        item.x - prevEnd > WORD_GAP * size &&
        !/\s$/.test(cur.text) &&
        !/^\s/.test(str) &&
        !(CJK_END.test(cur.text) && CJK_START.test(str))
      ) {
        cur.text += " ";
      }
      cur.text += str;
      cur.size = Math.max(cur.size, size);
      prevEnd = item.x + item.width;
      cur.x0 = Math.min(cur.x0, item.x);
      cur.x1 = Math.max(cur.x1, prevEnd);
    }
    if (item.hasEOL && cur) {
      lines.push(cur);
      cur = null;
    }
  }
  if (cur) lines.push(cur);
  return lines.map((l) => ({ ...l, text: l.text.trimEnd() })).filter((l) => l.text.trim() !== "");
}

/** The usual distance between two consecutive lines (the median of the downward steps). */
function linePitch(pages: Line[][]): number {
  const steps: number[] = [];
  for (const lines of pages) {
    for (let i = 1; i < lines.length; i++) {
      const dy = lines[i - 1]!.y - lines[i]!.y;
      if (dy > 0) steps.push(dy);
    }
  }
  if (steps.length === 0) return Number.POSITIVE_INFINITY;
  steps.sort((a, b) => a - b);
  return steps[Math.floor((steps.length - 1) / 2)]!;
}

/** What joins a line wrapped by the layout to the next: nothing between CJK, else a space. */
function wrapJoint(before: string, after: string): string {
  return /[\p{L}\p{N}]$/u.test(before) && /^[\p{L}\p{N}]/u.test(after) && !/\p{Script=Han}$/u.test(before)
    ? " "
    : "";
}

/** Lays out every page's items (pages in order) as one text with page spans. */
export function layOutPages(pageItems: PdfTextItem[][]): LaidOutText {
  const pages = pageItems.map(linesOf);
  const pitch = linePitch(pages);
  const all = pages.flat();
  const left = Math.min(...all.map((l) => l.x0));
  const right = Math.max(...all.map((l) => l.x1));
  const fills = (l: Line) => l.x1 >= right - WRAP_SLACK * l.size;
  const hasMargin = all.filter(fills).length >= MIN_FULL_LINES;
  let text = "";
  const spans: Span[] = [];
  pages.forEach((lines, p) => {
    if (p > 0) text += PAGE_BREAK;
    const start = text.length;
    lines.forEach((line, i) => {
      if (i > 0) {
        const prev = lines[i - 1]!;
        const dy = prev.y - line.y;
        const wrapped =
          hasMargin &&
          dy > 0 &&
          dy <= PARAGRAPH_GAP * pitch &&
          fills(prev) &&
          line.x0 <= left + 0.5 * line.size &&
          !(ITEM_START.test(line.text) && SENTENCE_END.test(prev.text));
        if (wrapped) text += wrapJoint(prev.text, line.text);
        else text += dy > PARAGRAPH_GAP * pitch ? "\n\n" : "\n";
      }
      text += line.text;
    });
    spans.push({ start, end: text.length });
  });
  if (all.length === 0) return { text: "", pages: pages.map(() => ({ start: 0, end: 0 })) };
  return { text: `${text}\n`, pages: spans };
}

/** The 1-based page holding `offset` (the page a quote starts on), or undefined without pages. */
export function pageAt(pages: readonly Span[] | undefined, offset: number): number | undefined {
  if (!pages || pages.length === 0) return undefined;
  let page = 0;
  for (let i = 0; i < pages.length; i++) {
    if (pages[i]!.start <= offset) page = i;
    else break;
  }
  return page + 1;
}
