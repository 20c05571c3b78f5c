/** Page chrome is marked by span, never removed, and never hides a measure's lead annotation. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { findNoise, isNoise, splitLines } from "../../src/ingest/noise.js";
import type { SourceText } from "../../src/types.js";
import { CORPUS, loadCorpus, loadMore, MORE } from "../helpers/fixtures.js";

/** Every line whose text matches `re` lies wholly (trimmed) inside one noise span of `kind`. */
function expectLinesNoise(src: SourceText, re: RegExp, kind: string): number {
  let count = 0;
  for (const line of splitLines(src.text)) {
    const t = line.text.trim();
    if (!re.test(t)) continue;
    count++;
    const start = line.start + line.text.indexOf(t);
    const span = src.noise.find((n) => n.start <= start && start + t.length <= n.end);
    expect(span?.kind, `line "${t}"`).toBe(kind);
  }
  return count;
}

const ALL = [
  ...Object.values(CORPUS).map((f) => loadCorpus(f)),
  ...Object.values(MORE).map((f) => loadMore(f)),
];

describe("noise spans", () => {
  it("leave the text unchanged and are sorted, disjoint and inside the text", () => {
    for (const { path, src } of ALL) {
      expect(src.text, path).toBe(readFileSync(path, "utf8"));
      let prev = -1;
      for (const n of src.noise) {
        expect(n.start, path).toBeGreaterThan(prev);
        expect(n.end, path).toBeGreaterThan(n.start);
        expect(n.end, path).toBeLessThanOrEqual(src.text.length);
        prev = n.end;
      }
    }
  });

  it("never cover a measure's lead annotation", () => {
    for (const { src, doc } of ALL) {
      for (const m of doc.measures) {
        for (const l of m.leads) {
          const hit = src.noise.find((n) => n.kind !== "markup" && n.start < l.end && n.end > l.start);
          expect(hit, `${doc.source} measure ${m.number} ${l.name}`).toBeUndefined();
        }
      }
    }
  });

  it("mark Qingdao's 载入中 loaders and the Powered by line", () => {
    const { src } = loadCorpus(CORPUS.qingdao);
    expect(expectLinesNoise(src, /载入中/, "site-chrome")).toBeGreaterThanOrEqual(5);
    expect(expectLinesNoise(src, /Powered by/, "site-chrome")).toBe(1);
    expect(expectLinesNoise(src, /^(最新日志|最新评论|友情链接|站点信息)$/, "site-chrome")).toBe(4);
  });

  it("mark Dalian's footer, ICP, visit counter and the site 公告 notice", () => {
    const { src } = loadCorpus(CORPUS.dalian);
    expect(expectLinesNoise(src, /ICP备/, "site-chrome")).toBe(1);
    expect(expectLinesNoise(src, /网站访问量/, "site-chrome")).toBe(1);
    expect(expectLinesNoise(src, /^•\s*(主办|地址|技术支持|公安备案号|网站标识码)/, "site-chrome")).toBe(5);
    expect(expectLinesNoise(src, /浏览次数/, "site-chrome")).toBe(1);
    expect(expectLinesNoise(src, /^公告$/, "site-chrome")).toBeGreaterThanOrEqual(1);
    expect(expectLinesNoise(src, /网站正在改版|域名/, "site-chrome")).toBeGreaterThanOrEqual(1);
  });

  it("mark Pudong's table debris rows and leave its body text alone", () => {
    const { src } = loadCorpus(CORPUS.pudong);
    expect(expectLinesNoise(src, /^\|.*\|$/, "table-debris")).toBe(3);
    const at = src.text.indexOf("唐林芳同志牵头负责");
    expect(isNoise(src.noise, at, at + 3)).toBe(false);
  });
});

describe("findNoise rules", () => {
  it("marks a scraper header and the rule under it, and Markdown marks only", () => {
    const text = "**发布日期**: 2025-05-27\n**来源**：市政府\n---\n\n# 标题\n**（一）推进改革。**正文。\n";
    const kinds = findNoise(text).map((n) => [n.kind, text.slice(n.start, n.end)]);
    expect(kinds).toEqual([
      ["scraper-header", "**发布日期**: 2025-05-27"],
      ["scraper-header", "**来源**：市政府"],
      ["scraper-header", "---"],
      ["markup", "# "],
      ["markup", "**"],
      ["markup", "**"],
    ]);
  });

  it("marks 【原文下载】 and the link lines below it", () => {
    const text = "正文。\n【原文下载】\n- [方案.pdf](/a/b.pdf)\n\n正文继续。";
    const spans = findNoise(text).map((n) => [n.kind, text.slice(n.start, n.end)]);
    expect(spans).toEqual([
      ["download-link", "【原文下载】"],
      ["download-link", "- [方案.pdf](/a/b.pdf)"],
    ]);
  });

  it("leaves ordinary policy text alone", () => {
    const text = "一、总体要求\n（一）加强网站建设管理,提升政务服务水平。(办公室)\n";
    expect(findNoise(text)).toEqual([]);
  });

  it("marks a table of contents' entries and a site footer's contact lines, not a notice's contact person", () => {
    const text = [
      "目 次",
      "1 总则.............................................. 1",
      "4.1 一般规定…………………………… 6",
      "前言 ........................................ -I-",
      "主办单位：某市市场监督管理局 地址：某市天河路112号",
      "邮编：510620 业务咨询、消费投诉举报电话：12345",
      "联系人：王五，联系电话：12345678，地址：某市某路1号",
      "1 总则",
    ].join("\n");
    const kinds = findNoise(text).map((n) => [n.kind, text.slice(n.start, n.end)]);
    expect(kinds).toEqual([
      ["contents", "1 总则.............................................. 1"],
      ["contents", "4.1 一般规定…………………………… 6"],
      ["contents", "前言 ........................................ -I-"],
      ["site-chrome", "主办单位：某市市场监督管理局 地址：某市天河路112号"],
      ["site-chrome", "邮编：510620 业务咨询、消费投诉举报电话：12345"],
    ]);
  });
});
