/** Responsibility annotations, one rule at a time, with spans that map back to the source. */
import { describe, expect, it } from "vitest";
import { toSourceText } from "../../src/ingest/read-sources.js";
import { findLeads, isUnitName, parseAnnotation } from "../../src/structure/leads.js";
import { structureDocument } from "../../src/structure/structure.js";
import { CleanView } from "../../src/structure/text-view.js";
import type { Lead } from "../../src/types.js";

/** Leads of a one-measure text, checked to spell their names in the source. */
function leadsOf(text: string): Lead[] {
  const leads = findLeads(CleanView.of(text), text);
  for (const l of leads) expect(text.slice(l.start, l.end).replace(/\s+/gu, "")).toBe(l.name);
  return leads;
}
const brief = (leads: Lead[]) => leads.map((l) => [l.name, l.kind, l.role, l.primary]);

describe("findLeads", () => {
  it("reads a bare unit list closing a paragraph as leads without a role", () => {
    expect(brief(leadsOf("4.推进依法行政工作。(法制处、行政审批办)\n5.下一项"))).toEqual([
      ["法制处", "unit", null, true],
      ["行政审批办", "unit", null, true],
    ]);
  });

  it("ignores a bare parenthesis inside a sentence", () => {
    expect(leadsOf("推动《工作制度》(10项制度、4个实施办法)出台,落实到位。")).toEqual([]);
    expect(leadsOf("加强监管(综合处、法制处)工作,确保实效。")).toEqual([]);
  });

  it("reads a person with 同志牵头负责", () => {
    expect(brief(leadsOf("推进城市安全发展。(唐林芳同志牵头负责)"))).toEqual([
      ["唐林芳", "person", "牵头负责", true],
    ]);
  });

  it("reads several people sharing 分别牵头负责", () => {
    expect(brief(leadsOf("开展精准执法。(邱继刚、花梅、蔡叶罡、胡冬吉同志分别牵头负责)"))).toEqual([
      ["邱继刚", "person", "分别牵头负责", true],
      ["花梅", "person", "分别牵头负责", true],
      ["蔡叶罡", "person", "分别牵头负责", true],
      ["胡冬吉", "person", "分别牵头负责", true],
    ]);
  });

  it("reads full-width （责任单位：…）", () => {
    expect(brief(leadsOf("加大投入。（责任单位：市科委、市财政局、各区政府）"))).toEqual([
      ["市科委", "unit", "责任单位", true],
      ["市财政局", "unit", "责任单位", true],
      ["各区政府", "unit", "责任单位", true],
    ]);
  });

  it("reads an annotation split by a page break, with spans on each part of the name", () => {
    const text = "助力打造数字交通。（牵头部\n\n门：市交通委、市水\n务局）";
    const leads = leadsOf(text);
    expect(brief(leads)).toEqual([
      ["市交通委", "unit", "牵头部门", true],
      ["市水务局", "unit", "牵头部门", true],
    ]);
    expect(text.slice(leads[1]!.start, leads[1]!.end)).toBe("市水\n务局");
  });

  it("reads 牵头单位:…;配合单位:… outside parentheses", () => {
    expect(brief(leadsOf("建立清单。\n牵头单位:市应急局;配合单位:市公安局、市交通局"))).toEqual([
      ["市应急局", "unit", "牵头单位", true],
      ["市公安局", "unit", "配合单位", false],
      ["市交通局", "unit", "配合单位", false],
    ]);
  });

  it("reads (X牵头,Y配合)", () => {
    expect(brief(leadsOf("规范管理。(市住建局牵头,市城管局配合)"))).toEqual([
      ["市住建局", "unit", "牵头", true],
      ["市城管局", "unit", "配合", false],
    ]);
  });

  it("reads a 责任单位 line followed by 完成时限", () => {
    expect(brief(leadsOf("督促落实。\n责任单位:市消防救援支队  完成时限:2024年12月底前"))).toEqual([
      ["市消防救援支队", "unit", "责任单位", true],
    ]);
  });

  it("keeps one entry per name, primary if any mention is primary", () => {
    const leads = leadsOf("甲。(市公安局配合)\n乙。(市公安局牵头)");
    expect(brief(leads)).toEqual([["市公安局", "unit", "牵头", true]]);
    expect(leads[0]!.start).toBe("甲。(".length);
  });
});

describe("parseAnnotation", () => {
  it("splits keyed clauses", () => {
    expect(parseAnnotation("牵头单位:市应急局;配合单位:市公安局")).toEqual([
      { name: "市应急局", role: "牵头单位", person: false },
      { name: "市公安局", role: "配合单位", person: false },
    ]);
  });

  it("drops 等 and 同志 from names", () => {
    expect(parseAnnotation("贾德荣、花梅同志牵头负责").map((p) => [p.name, p.person])).toEqual([
      ["贾德荣", true],
      ["花梅", true],
    ]);
    expect(parseAnnotation("市科委等负责").map((p) => p.name)).toEqual(["市科委"]);
  });
});

describe("isUnitName", () => {
  it.each(["法制处", "行政审批办", "规划科技处", "危化局生产经营企业监管室", "市经济信息化委", "各区政府"])(
    "%s is a unit",
    (s) => {
      expect(isUnitName(s)).toBe(true);
    },
  );
  it.each(["10项制度", "4个实施办法", "唐林芳", "综合", "Office"])("%s is not a unit", (s) => {
    expect(isUnitName(s)).toBe(false);
  });
});

describe("annotations in 【】", () => {
  it("reads 【牵头单位：X；配合单位：Y】 at the start of a measure", async () => {
    const { toSourceText } = await import("../../src/ingest/read-sources.js");
    const { structureDocument } = await import("../../src/structure/structure.js");
    const text =
      "某市2024年工作要点\n\n为做好工作，制定本要点。\n\n一、重点任务\n1.【牵头单位：市应急局；配合单位：市公安局】开展危险化学品专项整治。\n2.【责任单位：市住建局】开展燃气安全专项整治。\n3.【牵头单位：市交通局】开展道路交通专项整治。\n";
    const doc = structureDocument(toSourceText("x.txt", Buffer.from(text)));
    expect(doc.measures.map((m) => m.leads.map((l) => `${l.name}/${l.role}`))).toEqual([
      ["市应急局/牵头单位", "市公安局/配合单位"],
      ["市住建局/责任单位"],
      ["市交通局/牵头单位"],
    ]);
  });
});

describe("lead forms of other cities' plans", () => {
  const html = `<div><p>为加快人才集聚，制定本实施意见。</p>
<p>1.实施产业领军人才集聚项目。对引进的领军人才给予支持。（牵头单位：市发展改革委，配合单位：市委组织部、市人力资源和社会保障局，各区、县级市）</p>
<p>2.羊城企业家培养项目。加强市管企业领导人员培养。（牵头单位：市国资委；配合单位：市工业和信息化局）</p>
<p>3.青年人才托举项目。市科技局牵头，市教育局和市财政局配合。</p>
<p>4.外国人才服务项目。责任部门：市外办、市公安局。</p>
<p>5.人才安居项目。主办：市住房城乡建设局；协办：市规划和自然资源局。</p>
</div>`;
  const doc = structureDocument(toSourceText("plan.html", new TextEncoder().encode(html)));
  const leadsOf = (n: number) =>
    doc.measures.find((m) => m.number === n)!.leads.map((l) => `${l.name}:${l.primary ? "lead" : "support"}`);

  it("reads （牵头单位：X，配合单位：Y） with a comma between the keys, and names holding 和", () => {
    expect(leadsOf(1)).toEqual([
      "市发展改革委:lead",
      "市委组织部:support",
      "市人力资源和社会保障局:support",
      "各区:support",
      "县级市:support",
    ]);
    expect(leadsOf(2)).toEqual(["市国资委:lead", "市工业和信息化局:support"]);
  });

  it("reads 'X牵头，Y和Z配合' in the text, 责任部门：, and 主办：/协办：", () => {
    expect(leadsOf(3)).toEqual(["市科技局:lead", "市教育局:support", "市财政局:support"]);
    expect(leadsOf(4)).toEqual(["市外办:lead", "市公安局:lead"]);
    expect(leadsOf(5)).toEqual(["市住房城乡建设局:lead", "市规划和自然资源局:support"]);
  });

  it("does not read running text as a lead list", () => {
    const text = "1.加强监管。由于各方牵头，形成合力，共同配合推进。\n2.完善机制。\n3.强化保障。\n";
    const d = structureDocument(toSourceText("t.txt", new TextEncoder().encode(text)));
    expect(d.measures[0]!.leads).toEqual([]);
  });
});
