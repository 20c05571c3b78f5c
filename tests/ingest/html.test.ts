/** An HTML page keeps its markup (offsets point into the file); tags, entities and chrome are noise. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { toSourceText } from "../../src/ingest/read-sources.js";
import { structureDocument } from "../../src/structure/structure.js";
import { CORPUS_DIR } from "../helpers/fixtures.js";

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function pudongAsHtml(): string {
  const text = readFileSync(`${CORPUS_DIR}pudong-2021-supervision-work-points.txt`, "utf8");
  const body = text
    .split("\n")
    .map((line) => (line.trim() ? `<p>${escapeHtml(line)}</p>` : ""))
    .join("\n");
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>浦东</title><script>var a = "(一)";</script></head>
<body><div class="nav">首页 &gt; 政务公开</div><div class="content">${body}</div>
<div class="footer">版权所有 沪ICP备12345678号</div></body></html>`;
}

describe("HTML sources", () => {
  const html = pudongAsHtml();
  const src = toSourceText("pudong.html", Buffer.from(html, "utf8"));
  const doc = structureDocument(src);

  it("keeps the page as it is and finds the same structure as the text version", () => {
    expect(src.text).toBe(html);
    expect(doc.measures).toHaveLength(25);
    expect(doc.docNumber).toBe("浦应急〔2021〕39号");
    expect(doc.measures[2]!.title).toBe("深入开展三年行动");
    expect(doc.measures[12]!.leads.map((l) => l.name)).toEqual(["邱继刚", "花梅", "蔡叶罡", "胡冬吉"]);
  });

  it("marks tags, entities, scripts and the footer as noise", () => {
    const noiseText = src.noise.map((n) => html.slice(n.start, n.end)).join("\n");
    expect(noiseText).toContain("<script>");
    expect(noiseText).toContain("&gt;");
    expect(noiseText).toContain("沪ICP备12345678号");
    for (const m of doc.measures) {
      for (const l of m.leads) expect(html.slice(l.start, l.end)).toBe(l.name);
    }
  });
});
