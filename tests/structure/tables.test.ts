/** A task table (Markdown, as scrapers write it): each row is a measure with the header's roles. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { toSourceText } from "../../src/ingest/read-sources.js";
import { structureDocument } from "../../src/structure/structure.js";

const bytes = readFileSync(new URL("../fixtures/task-table.md", import.meta.url));
const src = toSourceText("task-table.md", bytes);
const doc = structureDocument(src);

describe("task tables", () => {
  it("takes each row as a measure", () => {
    expect(doc.measureStyle).toBe("table");
    expect(doc.title).toBe("黄浦区2024年安全生产重点任务分工表");
    expect(doc.measures.map((m) => m.number)).toEqual([1, 2, 3]);
    expect(doc.measures[1]!.title).toBe("推进危险化学品安全风险集中治理");
  });

  it("gives each unit the role its column names, and the deadline column", () => {
    const m = doc.measures[0]!;
    expect(m.leads.map((l) => `${l.name}/${l.role}/${l.primary}`)).toEqual([
      "区建设管理委/牵头单位/true",
      "区市场监管局/配合单位/false",
      "区应急局/配合单位/false",
    ]);
    expect(m.deadlines.map((d) => d.text)).toEqual(["2024年6月底前"]);
    expect(doc.measures[2]!.leads.map((l) => l.kind)).toEqual(["unit", "unit", "unit"]);
    for (const x of doc.measures) {
      for (const l of x.leads) expect(src.text.slice(l.start, l.end)).toBe(l.name);
      expect(src.text.slice(x.start, x.end)).toMatch(/^\|.*\|$/);
    }
  });

  it("keeps a table without Chinese words as debris", () => {
    const debris = toSourceText(
      "x.txt",
      Buffer.from("| 306_3 | 2021 | 8 |\n|-------|------|----|\n\n正文。\n"),
    );
    expect(debris.noise.filter((n) => n.kind === "table-debris")).toHaveLength(2);
  });
});
