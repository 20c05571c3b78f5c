import { describe, expect, it } from "vitest";
import { formatOf, summarizeDocument, summarizeProblem } from "../../src/index/document-summary.js";
import { toSourceText } from "../../src/ingest/read-sources.js";
import { structureDocument } from "../../src/structure/structure.js";

describe("document summary (npm run index -- --json)", () => {
  it("says what was found: title, 文号, issuer, dates by kind, measures and those with leads", () => {
    const text = [
      "中华人民共和国国务院令",
      "第708号",
      "《生产安全事故应急条例》已经2018年12月5日国务院第33次常务会议通过，现予公布，自2019年4月1日起施行。",
      "总理　李克强",
      "2019年2月17日",
      "生产安全事故应急条例",
      "第一条　为了规范生产安全事故应急工作，制定本条例。",
      "第二条　本条例适用于生产安全事故应急工作。",
      "第三条　县级以上人民政府统一领导本行政区域内的生产安全事故应急工作。",
      "",
    ].join("\n");
    const doc = structureDocument(toSourceText("regulation.md", new TextEncoder().encode(text)));
    const s = summarizeDocument(doc);
    expect(s).toMatchObject({
      source: "regulation.md",
      title: "生产安全事故应急条例",
      docNumber: "中华人民共和国国务院令第708号",
      issuer: "国务院",
      format: "markdown",
      measures: 3,
      measuresWithLeads: 0,
      status: "indexed",
      problem: null,
    });
    expect(s.dates).toEqual({
      adopted: ["2018-12-05"],
      effective: ["2019-04-01"],
      promulgated: ["2019-02-17"],
    });
  });

  it("reports a file it could not read with its reason", () => {
    const s = summarizeProblem({
      source: "scan.pdf",
      code: "no-text-layer",
      message: "skipped: the PDF has no text layer",
    });
    expect(s).toMatchObject({
      source: "scan.pdf",
      status: "failed",
      problem: "the PDF has no text layer",
      format: "pdf",
      measures: 0,
    });
    expect(formatOf("a.HTM")).toBe("html");
  });
});
