/**
 * Issue 14, finding 10 (source view): a 19.5 MB document is shown a part (~200 KB) at a time — the
 * part holding the cited quote, highlighted and scrolled to as before, with links to the previous
 * and next parts — instead of the whole document on every request.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnswerEngine } from "../../src/answer/engine-interface.js";
import { PAGE_CHARS, partAt, partCount, partSpan } from "../../src/service/source-pages.js";
import { renderSourcePage } from "../../src/service/source-view.js";
import { startWebService, type WebService } from "../helpers/browser.js";
import { tempDirs } from "../helpers/temp.js";

const temp = tempDirs("source-parts");
const LINE = "第一条 本办法由市财政局负责解释，自印发之日起施行。\n";
const BIG = LINE.repeat(Math.ceil((19.5 * 1024 * 1024) / LINE.length));
const QUOTE = "市财政局负责解释";
const START = BIG.lastIndexOf(QUOTE);
const END = START + QUOTE.length;

const unescapeHtml = (html: string) =>
  html
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");

const noEngine: AnswerEngine = { ask: async () => Promise.reject(new Error("not asked")) };

describe("source view of a long document (finding 10)", () => {
  let svc: WebService;
  beforeAll(async () => {
    const texts = new Map([
      ["big.txt", BIG],
      ["small.txt", LINE],
    ]);
    svc = await startWebService({ engine: noEngine, texts, stateDir: join(temp(), "state"), socket: false });
  });
  afterAll(() => svc.close());

  it("serves the part holding the quote, highlighted at its offset, not the whole 19.5 MB", async () => {
    const res = await fetch(`${svc.url}/sources/big.txt?start=${START}&end=${END}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(Buffer.byteLength(html)).toBeLessThan(1024 * 1024);
    const m =
      /<pre class="source-text" data-start="(\d+)">([\s\S]*?)<mark id="quote">([\s\S]*?)<\/mark>/.exec(html);
    expect(m).not.toBeNull();
    expect(unescapeHtml(m![3]!)).toBe(QUOTE);
    expect(Number(m![1]) + unescapeHtml(m![2]!).length).toBe(START);
    const parts = partCount(BIG.length);
    expect(html).toContain(`第${parts}/${parts}部分`);
    expect(html).toContain(`<a href="?part=${parts - 1}&amp;start=${START}&amp;end=${END}" rel="prev">`);
    expect(html).not.toContain('rel="next"');
  });

  it("pages through the document with ?part=N, and refuses a part that does not exist", async () => {
    const second = await (await fetch(`${svc.url}/sources/big.txt?part=2`)).text();
    expect(second).toContain(`data-start="${PAGE_CHARS}"`);
    expect(second).toMatch(/rel="prev"[\s\S]*rel="next"/);
    expect(second).not.toContain("<mark");
    const bad = await fetch(`${svc.url}/sources/big.txt?part=100000`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/part must be/);
  });

  it("shows a short document whole, with no part links, as before", async () => {
    const html = await (await fetch(`${svc.url}/sources/small.txt?start=0&end=3`)).text();
    expect(html).toContain('<pre class="source-text"><mark id="quote">第一条</mark>');
    expect(html).not.toContain("source-parts");
  });

  it("splits at fixed offsets, never inside a surrogate pair, and numbers PDF pages across parts", () => {
    const text = `${"a".repeat(9)}😀${"b".repeat(10)}`;
    expect(partSpan(text, 1, 10)).toEqual({ start: 0, end: 9 });
    expect(partSpan(text, 2, 10)).toEqual({ start: 9, end: 20 });
    expect(partAt(text, 9, 10)).toBe(2);
    // Two PDF pages a part: part 2 starts on page 3, so its two breaks open pages 4 and 5.
    const pdf = Array.from({ length: 6 }, (_, i) => `page${i + 1}`.padEnd(PAGE_CHARS / 2 - 1, ".")).join(
      "\f",
    );
    const pages = Array.from({ length: 6 }, (_, i) => ({
      start: (i * PAGE_CHARS) / 2,
      end: ((i + 1) * PAGE_CHARS) / 2 - 1,
    }));
    const html = renderSourcePage("plan.pdf", pdf, null, "zh", pages, 2);
    expect([...html.matchAll(/data-label="(第\d+页)"/g)].map((m) => m[1])).toEqual(["第4页", "第5页"]);
  });
});
