/**
 * Finding 10 of issue 14: Markdown exports copied a document's raw HTML and `javascript:` links.
 * Now HTML is escaped and only http(s) links stay links.
 */
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../../src/answer/export/markdown.js";
import { markdownText } from "../../../src/answer/export/markdown-text.js";
import type { TableAnswer } from "../../../src/answer/export/shared.js";

function hostile(): TableAnswer {
  const evil = '<img src=x onerror="alert(1)"> [点此](javascript:alert(1)) <javascript:alert(2)> <!-- c -->';
  return {
    question: "谁牵头<script>alert(3)</script>",
    language: "zh",
    intent: "digest",
    found: true,
    answer: "…",
    citations: [
      {
        id: 1,
        source: "a.html",
        title: "要点<b>粗</b>",
        section: "一、[x][ref] > (一)",
        quote: `${evil}\n[ref]: data:text/html;base64,PHNjcmlwdD4=\n见 [官网](https://www.gov.cn/zhengce) 与 https://example.gov.cn/a`,
        start: 0,
        end: 10,
      },
    ],
    table: {
      kind: "digest",
      title: "标题<iframe src=//evil>",
      columns: ["要点"],
      rows: [{ cells: [evil], citations: [1] }],
    },
  };
}

describe("Markdown export safety (finding 10)", () => {
  const md = renderMarkdown(hostile());

  it("copies no raw HTML from a document or the question", () => {
    expect(md).not.toMatch(/<(img|script|b|iframe|!--|javascript)/i);
    expect(md).toContain("&lt;img src=x onerror=");
    expect(md).toContain("谁牵头&lt;script>alert(3)&lt;/script>");
  });

  it("keeps no link but to http(s)", () => {
    expect(md).not.toMatch(/(?<!\\)\]\(javascript:/i);
    expect(md).toContain("\\[点此\\](javascript:alert(1))");
    expect(md).toContain("\\[ref\\]: data:");
    expect(md).toContain("\\[x\\]\\[ref\\]");
    expect(md).toContain("[官网](https://www.gov.cn/zhengce)");
    expect(md).toContain("https://example.gov.cn/a");
  });

  it("leaves ordinary text, its own markers and table escaping as they were", () => {
    expect(markdownText("第17项措施由市经济信息化委牵头")).toBe("第17项措施由市经济信息化委牵头");
    expect(md).toContain("| [1] |");
    expect(md).toContain("[1] 《要点&lt;b>粗&lt;/b>》");
    expect(markdownText("a\\[b")).toBe("a\\\\\\[b");
  });

  it("is linear over a long hostile text", () => {
    const long = "[[[[(((javascript:".repeat(20_000);
    const t = performance.now();
    markdownText(long);
    expect(performance.now() - t).toBeLessThan(200);
  });
});
