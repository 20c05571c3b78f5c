/** Titles in the layouts offices and tools write them, chosen among candidates by evidence. */
import { describe, expect, it } from "vitest";
import { toSourceText } from "../../src/ingest/read-sources.js";
import { structureDocument } from "../../src/structure/structure.js";

const titleOf = (name: string, text: string) =>
  structureDocument(toSourceText(name, new TextEncoder().encode(text))).title;

describe("document titles", () => {
  it("takes a regulation's name above its date lines, not the lines", () => {
    const text =
      "# 生产安全事故应急条例\n\n（2019年2月17日中华人民共和国国务院令第708号公布　自2019年4月1日起施行）\n\n## 第一章　总则\n\n第一条　为了规范生产安全事故应急工作，制定本条例。\n\n第二条　本条例适用于应急工作。\n\n第三条　县级以上人民政府统一领导。\n";
    expect(titleOf("r.md", text)).toBe("生产安全事故应急条例");
  });

  it("takes the name a 令 publishes when the text has no title line, and drops a version note", () => {
    const text =
      "---\ntitle: 某市物业管理条例（2021年版）\n---\n\n某市人民代表大会常务委员会\n公告\n第 5 号\n《某市物业管理条例》已于2021年9月29日通过，现予公布，自2021年11月1日起施行。\n\n第一条　为了规范物业管理活动，制定本条例。\n\n第二条　本条例适用于本市。\n\n第三条　本条例自2021年11月1日起施行。\n";
    expect(titleOf("p.md", text)).toBe("某市物业管理条例");
  });

  it("gives a page with no title the name it uses for itself", () => {
    const html = `<div><p>为加快人才集聚，现就实施羊城人才集聚工程实施意见提出如下要求。</p>
<p>1.实施领军人才项目。落实羊城人才集聚工程实施意见的各项要求。（牵头单位：市发展改革委）</p>
<p>2.实施青年人才项目。按照本实施意见组织申报。（牵头单位：市科技局）</p>
<p>3.实施人才安居项目。（牵头单位：市住房城乡建设局）</p></div>`;
    expect(titleOf("fragment.html", html)).toBe("羊城人才集聚工程实施意见");
  });
});
