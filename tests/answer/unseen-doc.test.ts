/**
 * A document in a style the corpus does not have — numbering that restarts in every section,
 * 牵头单位/配合单位, "X牵头，Y配合", "按职责分工负责", a 责任单位/完成时限 line, circled
 * sub-items — and a city outside the place list: structure and answers must still hold.
 */
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../src/answer/engine.js";
import { engineOver, tempDir } from "./engine-helpers.js";

const FILE = "restart-numbered-plan.txt";
let engine: Engine;

beforeAll(async () => {
  const dir = tempDir("unseen");
  copyFileSync(new URL(`../fixtures/${FILE}`, import.meta.url), join(dir, FILE));
  engine = await engineOver(dir);
});

describe("a plan whose numbering restarts per section", () => {
  it("numbers its nine tasks in order, keeping the labels as written", () => {
    const doc = engine.kb.docs[0]!;
    expect(doc.measures.map((m) => m.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(doc.measures.map((m) => m.label)).toEqual(["1.", "2.", "3.", "1.", "2.", "3.", "4.", "1.", "2."]);
    expect(doc.docNumber).toBe("淮安委〔2024〕7号");
    expect(doc.aliases).toContain("淮安");
  });

  it("keeps each unit's role", () => {
    const m = engine.kb.docs[0]!.measures;
    const roles = (n: number) => m[n - 1]!.leads.map((l) => `${l.name}/${l.role}/${l.primary}`);
    expect(roles(1)).toEqual(["市应急局/牵头单位/true", "市委组织部/配合单位/false"]);
    expect(roles(2)).toEqual(["市应急局/牵头/true", "市纪委监委/配合/false"]);
    expect(roles(4)).toEqual(["市住建局/牵头/true", "市市场监管局/负责/true", "市应急局/负责/true"]);
    expect(m[2]!.deadlines.map((d) => d.text)).toContain("完成时限:2024年6月底前");
  });

  it("answers by number, by unit and by topic", async () => {
    const a = await engine.ask("淮安市重点工作任务第5项谁负责？");
    expect(a.answer).toContain("市公安局");
    expect(a.answer).toContain("市交通运输局");
    const b = await engine.ask("市住建局负责哪些任务？");
    expect(b.citations.map((c) => c.number)).toEqual([4, 7]);
    const c = await engine.ask("燃气专项整治谁牵头？");
    expect(c.citations.map((x) => x.number)).toEqual([4]);
    for (const x of [a, b, c]) {
      for (const cit of x.citations)
        expect(cit.quote).toBe(engine.kb.source(cit.source).text.slice(cit.start, cit.end));
    }
  });

  it("refuses a city it does not hold, even one outside the place list", async () => {
    const a = await engine.ask("盐城市2024年安全生产工作要点第3项谁负责？");
    expect(a.found).toBe(false);
    expect(a.answer).toContain("盐城");
  });
});
