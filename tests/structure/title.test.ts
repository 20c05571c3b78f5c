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

  it("reads past a page's navigation to the plan a cover letter sends, a year opening its name", () => {
    const nav = Array.from({ length: 60 }, (_, i) => `<li>栏目${i + 1}</li>`).join("\n");
    const html = `<html><head><title>某区教育局关于印发《2026年某区幼儿园招生工作方案》的通知</title></head><body>
<h1>您当前所在的位置：首页</h1>
${nav}
<h1>某区教育局关于印发《2026年某区幼儿园招生工作方案》的通知</h1>
<p>各幼儿园：</p><p>《2026年某区幼儿园招生工作方案》已经局长办公会议审议通过，现印发给你们，请遵照执行。</p>
<p>某区教育局</p><p>2026年4月20日</p>
<p>2026年某区幼儿园招生工作方案</p>
<p>为做好招生工作，特制定本方案。</p>
<p>一、招生原则</p><p>（一）适龄优先。</p><p>二、招生方式</p><p>（一）电脑派位。</p><p>三、工作要求</p><p>（一）加强宣传。</p>
</body></html>`;
    expect(titleOf("page.html", html)).toBe("2026年某区幼儿园招生工作方案");
  });

  it("names a standard from its cover, with the body that issues it, its contents not read as headings", () => {
    const text = [
      "中华人民共和国行业标准                 JTG XXX—XXXX",
      "",
      "  公路交通应急处置技术规范",
      "",
      "  Technical Specification for Emergency Disposal of Highway Traffic",
      "                 （征求意见稿）",
      "××××-××-××发布               ××××-××-××实施",
      "      中华人民共和国交通运输部发布",
      "目 次",
      "1 总则.............................................. 1",
      "2 术语.............................................. 2",
      "2.1 一般规定........................................ 2",
      "",
      "1      总则",
      "1.0.1 为规范公路交通应急处置工作，特制订本技术规范。",
      "1.0.2 本技术规范适用于各级公路。",
      "2      术语",
      "2.0.1 公路交通突发事件",
      "2.0.2 应急调查",
      "3      基本规定",
      "3.0.1 应急处置应遵循预防为主。",
      "",
    ].join("\n");
    const doc = structureDocument(toSourceText("spec.txt", new TextEncoder().encode(text)));
    expect(doc.title).toBe("公路交通应急处置技术规范");
    expect(doc.issuer).toBe("中华人民共和国交通运输部");
    const top = doc.outline.map((n) => `${n.label} ${n.title}`);
    expect(top).toEqual(["1 总则", "2 术语", "3 基本规定"]);
    expect(doc.outline[0]!.children.map((n) => n.label)).toEqual(["1.0.1", "1.0.2"]);
    expect(doc.measures).toHaveLength(0);
  });
});
