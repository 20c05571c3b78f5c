/**
 * Finding 1 of issue 14: hostile but ordinary-looking pages (a long inline script, a run of
 * spaces, thousands of nested or unclosed tags, a long line without a full stop) are read in time
 * linear in their size. These are complexity guards with generous bounds: the quadratic scans
 * they replace took minutes on inputs of this size.
 */
import { describe, expect, it } from "vitest";
import { passagesOf } from "../../src/index/passages.js";
import { chromeElements, htmlComments } from "../../src/ingest/html-comments.js";
import { toSourceText } from "../../src/ingest/read-sources.js";
import { structureDocument } from "../../src/structure/structure.js";
import { CleanView, maskNoise } from "../../src/structure/text-view.js";

const MB = 1024 * 1024;
const fill = (unit: string, size = MB) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

/** Reads, structures and splits a page into passages; returns the seconds taken and the passages' text. */
function ingest(name: string, page: string): { seconds: number; text: string } {
  const t0 = performance.now();
  const src = toSourceText(name, Buffer.from(page, "utf8"));
  const doc = structureDocument(src);
  const text = passagesOf(doc, src)
    .map((p) => p.text)
    .join("\n");
  return { seconds: (performance.now() - t0) / 1000, text };
}

const BODY = "<p>第一条 本办法由市财政局负责解释。</p>";

describe("linear ingestion (finding 1)", () => {
  it("views 1 MB of spaces, and 1 MB of masked markup, in one pass", () => {
    const t0 = performance.now();
    const view = CleanView.of(`甲${" ".repeat(MB)}乙`);
    expect(view.text).toBe("甲乙");
    expect(view.span(1, 2)).toEqual({ start: MB + 1, end: MB + 2 });
    const page = `<html><body>${fill('<span class="x">字</span>')}</body></html>`;
    const src = toSourceText("markup.html", Buffer.from(page));
    const masked = CleanView.of(maskNoise(src.text, src.noise));
    expect(masked.text).toMatch(/^字+$/);
    expect((performance.now() - t0) / 1000).toBeLessThan(5);
  }, 60_000);

  it("indexes a page whose head holds a 1 MB inline script", () => {
    const page = `<html><head><title>通知</title><script>${fill("var a=1;if(b){c()}")}</script></head><body>${BODY}</body></html>`;
    const { seconds, text } = ingest("script.html", page);
    expect(text).toContain("本办法由市财政局负责解释");
    expect(text).not.toContain("var");
    expect(seconds).toBeLessThan(15);
  }, 60_000);

  it("indexes a page of 100,000 nested divs, hidden ones included, and of unclosed scripts and comments", () => {
    for (const [name, open, close] of [
      ["divs.html", "<div>", "</div>"],
      ["hidden.html", '<div style="display:none">', ""],
      ["scripts.html", "<script>", ""],
      ["comments.html", "<!--", ""],
    ] as const) {
      const page = `<html><body>${BODY}${open.repeat(100_000)}末${close.repeat(100_000)}</body></html>`;
      const { seconds, text } = ingest(name, page);
      expect(text, name).toContain("本办法由市财政局负责解释");
      expect(seconds, name).toBeLessThan(15);
    }
  }, 120_000);

  it("indexes a 1 MB line without a full stop and 1 MB of one-line headings", () => {
    for (const [name, body] of [
      ["line.txt", fill("网站更新第一条由市财政局负责")],
      ["headings.txt", fill("第一条 由市财政局负责\n")],
    ] as const) {
      const { seconds, text } = ingest(name, `关于某事的通知\n${body}\n`);
      expect(text, name).toContain("市财政局负责");
      expect(seconds, name).toBeLessThan(20);
    }
  }, 120_000);

  it("finds comments and chrome elements as the lazy regexes did, an unclosed one left unmatched", () => {
    const html = "a<!--x-->b<script>1</SCRIPT >c<head>2</head><header>3</header><!--open<style>";
    expect(chromeElements(html).map((r) => html.slice(r.start, r.end))).toEqual([
      "<!--x-->",
      "<script>1</SCRIPT >",
      "<head>2</head>",
    ]);
    expect(htmlComments("<!--ab--><!--abcdef-->", 3).map((r) => r.end)).toEqual([9]);
  });
});
