/** Text copied out of a PDF: page numbers between pages, sentences broken over lines, person leads by key. */
import { describe, expect, it } from "vitest";
import { toSourceText } from "../../src/ingest/read-sources.js";
import { structureDocument } from "../../src/structure/structure.js";

const TEXT = `某县安全生产专项整治实施方案

为扎实开展专项整治，制定本方案。

一、工作任务
（一）开展危险化学品专项整治。全面排查危险化学品企业，
建立隐患清单，年内完成整改。（分管领导：张明；责任单位：县应急局）

— 2 —

（二）开展消防安全专项整治。加强人员密集场所消防检查，
2024年9月底前完成全部排查。（县消防救援大队牵头，县住建局配合）
（三）开展道路交通专项整治。（责任单位：县公安局、县交通运输局）

第 3 页 共 4 页

二、保障措施
（一）加强组织领导。
`;

const src = toSourceText("plan.txt", Buffer.from(TEXT, "utf8"));
const doc = structureDocument(src);

describe("PDF artefacts", () => {
  it("marks page numbers as noise and keeps them out of the measures", () => {
    const pages = src.noise.filter((n) => n.kind === "page-number").map((n) => TEXT.slice(n.start, n.end));
    expect(pages).toEqual(["— 2 —", "第 3 页 共 4 页"]);
  });

  it("takes the three tasks, not the guarantee that restarts the numbering after them", () => {
    expect(doc.measures.map((m) => m.title)).toEqual([
      "开展危险化学品专项整治",
      "开展消防安全专项整治",
      "开展道路交通专项整治",
    ]);
  });

  it("reads a person under 分管领导 and units under 责任单位", () => {
    expect(doc.measures[0]!.leads.map((l) => `${l.name}/${l.kind}/${l.role}`)).toEqual([
      "张明/person/分管领导",
      "县应急局/unit/责任单位",
    ]);
    expect(doc.measures[1]!.deadlines.map((d) => d.text)).toEqual(["2024年9月底前"]);
  });
});
