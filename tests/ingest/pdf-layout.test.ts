/** Laying out a PDF's text items: lines, wrapped lines, paragraph gaps, page spans, folded glyphs. */
import { describe, expect, it } from "vitest";
import { foldCjkRadicals } from "../../src/ingest/cjk-radicals.js";
import { layOutPages, PAGE_BREAK, type PdfTextItem, pageAt } from "../../src/ingest/pdf-layout.js";

const SIZE = 10;
const LEFT = 50;
const RIGHT = 550;

/** A line of CJK text as one item per glyph (as Chromium writes it), ending with pdfjs's EOL marker. */
function line(text: string, y: number, x = LEFT): PdfTextItem[] {
  const items = [...text].map((str, i) => ({
    str,
    x: x + i * SIZE,
    y,
    width: SIZE,
    height: SIZE,
    hasEOL: false,
  }));
  items.push({ str: "", x: LEFT, y: y - 14, width: 0, height: 0, hasEOL: true });
  return items;
}

/** A line running to the right margin: 某… then `text` at its end. */
function fullLine(text: string, y: number): PdfTextItem[] {
  const n = (RIGHT - LEFT) / SIZE;
  return line("某".repeat(Math.max(0, n - text.length)) + text, y);
}

describe("layOutPages", () => {
  it("joins the items of a line, breaks lines, and keeps a blank line where the page has a paragraph gap", () => {
    const { text } = layOutPages([
      [...line("一、总体要求", 700), ...line("第一段。", 672), ...line("第二行", 658)],
    ]);
    // No line reaches a margin (only short lines): nothing is taken as wrapped.
    expect(text).toBe("一、总体要求\n\n第一段。\n第二行\n");
  });

  it("continues a line the layout wrapped at the right margin, but not before a numbered item after a sentence", () => {
    const wrappedTitle = line(`1.学习上海信息化建设先进经验,依托${"某".repeat(32)}`, 700);
    const sentenceEnd = fullLine("落实到位。", 672);
    const { text } = layOutPages([
      [
        ...wrappedTitle,
        ...line("算、大数据。(办公室)", 686),
        ...sentenceEnd,
        ...line("2.推进宣传工作。", 658),
        ...line("短行", 644),
        ...line("不接", 630),
      ],
      [...fullLine("第二页。", 700), ...fullLine("第二页。", 686)],
    ]);
    const lines = text.split(PAGE_BREAK)[0]!.split("\n");
    expect(lines[0]).toMatch(/^1\.学习上海信息化建设先进经验,依托某+算、大数据。\(办公室\)$/);
    expect(lines[0]).toHaveLength(50 + "算、大数据。(办公室)".length);
    expect(lines[1]).toMatch(/落实到位。$/);
    expect(lines.slice(2)).toEqual(["2.推进宣传工作。", "短行", "不接"]);
  });

  it("joins a wrap that falls before 一、 inside running text", () => {
    const { text } = layOutPages([
      [
        ...fullLine("标准全统", 700),
        ...line("一、过程全公开。", 686),
        ...fullLine("。", 672),
        ...fullLine("。", 658),
      ],
    ]);
    expect(text.split("\n")[0]).toMatch(/某标准全统一、过程全公开。$/);
  });

  it("puts a space between Latin words separated by a gap and between wrapped Latin lines", () => {
    const items: PdfTextItem[] = [
      { str: "Work", x: LEFT, y: 700, width: 24, height: SIZE, hasEOL: false },
      { str: "plan", x: LEFT + 30, y: 700, width: 24, height: SIZE, hasEOL: false },
      { str: "2024", x: LEFT + 54, y: 700, width: 24, height: SIZE, hasEOL: true },
    ];
    expect(layOutPages([items]).text).toBe("Work plan2024\n");
  });

  it("puts no space between CJK glyphs spread out by justified or letter-spaced text", () => {
    const spread = [..."责任单位：市应急局"].map((str, i) => ({
      str,
      x: LEFT + i * 16,
      y: 700,
      width: SIZE,
      height: SIZE,
      hasEOL: false,
    }));
    const mixed: PdfTextItem[] = [
      { str: "北斗", x: LEFT, y: 680, width: 20, height: SIZE, hasEOL: false },
      { str: "GNSS", x: LEFT + 26, y: 680, width: 24, height: SIZE, hasEOL: false },
    ];
    expect(layOutPages([[...spread, ...mixed]]).text).toBe("责任单位：市应急局\n北斗 GNSS\n");
  });

  it("records each page's span, separated by a form feed line, and tells the page of an offset", () => {
    const { text, pages } = layOutPages([line("第一页", 700), [], line("第三页", 700)]);
    expect(text).toBe(`第一页${PAGE_BREAK}${PAGE_BREAK}第三页\n`);
    expect(pages.map((p) => text.slice(p.start, p.end))).toEqual(["第一页", "", "第三页"]);
    expect(pageAt(pages, text.indexOf("第三页"))).toBe(3);
    expect(pageAt(pages, 0)).toBe(1);
    expect(pageAt(undefined, 5)).toBeUndefined();
  });

  it("gives an empty text for pages without text items (a scan)", () => {
    expect(layOutPages([[], []]).text).toBe("");
  });

  it("folds radicals, compatibility forms and the two-em dash back to the characters shown", () => {
    const items: PdfTextItem[] = [
      { str: "⼤连⽹⺠⻔户\u232a⸺", x: LEFT, y: 700, width: 80, height: SIZE, hasEOL: false },
    ];
    expect(layOutPages([items]).text).toBe("大连网民门户〉——\n");
  });
});

describe("foldCjkRadicals", () => {
  it("keeps the text's length and leaves other characters alone", () => {
    const s = "⼀⼆⼯作，（一）abc";
    expect(foldCjkRadicals(s)).toBe("一二工作，（一）abc");
    expect(foldCjkRadicals(s)).toHaveLength(s.length);
  });
});
