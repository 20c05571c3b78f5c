/** Metadata in the forms other offices and sites write it: info boxes, joint orders, page footers. */
import { describe, expect, it } from "vitest";
import { toSourceText } from "../../src/ingest/read-sources.js";
import { structureDocument } from "../../src/structure/structure.js";

const docOf = (name: string, text: string) =>
  structureDocument(toSourceText(name, new TextEncoder().encode(text)));
const byKind = (d: ReturnType<typeof docOf>, kind: string) =>
  d.dates.filter((x) => x.kind === kind).map((x) => x.iso);

describe("metadata forms", () => {
  it("reads a 文号 printed in brackets on its own line under the title, citing it without them", () => {
    const text = [
      "某市人民政府办公室关于印发《某市绿色建筑管理办法》的通知",
      "",
      "（余府发〔2012〕3号）",
      "",
      "各县（区）人民政府：",
      "第一条　为了加强绿色建筑管理，制定本办法。",
      "第二条　本办法自2012年2月1日起施行。",
    ].join("\n");
    const d = docOf("green.txt", text);
    expect(d.docNumber).toBe("余府发〔2012〕3号");
    expect(text.slice(d.docNumberSpan!.start, d.docNumberSpan!.end)).toBe("余府发〔2012〕3号");
    // A bracketed line that only opens or only closes is not a 文号 line.
    expect(
      docOf("half.txt", text.replace("（余府发〔2012〕3号）", "（余府发〔2012〕3号")).docNumber,
    ).toBeNull();
  });

  it("reads a page's info box dates across its tags", () => {
    const html = `<html><body><ul>
<li><span>实施日期：</span>
                      2025年06月01日
</li>
<li><span>成文日期：</span><b>2025-05-30</b></li>
</ul>
<h1>某市民政局关于印发最低生活保障标准的通知</h1>
<p>一、最低生活保障标准为每人每月1500元。</p><p>二、特困人员基本生活标准为每人每月2000元。</p>
<p>三、本通知有效期1年。</p></body></html>`;
    const d = docOf("notice.html", html);
    expect(byKind(d, "effective")).toEqual(["2025-06-01"]);
    expect(byKind(d, "signed")).toContain("2025-05-30");
  });

  it("names both bodies of a joint order printed without the word 令", () => {
    const text = [
      "中国共产党中央军事委员会 国务院",
      "",
      "第761号",
      "",
      "现公布《无人驾驶航空器飞行管理暂行条例》，自2024年1月1日起施行。",
      "",
      "2023年5月31日",
      "",
      "# 无人驾驶航空器飞行管理暂行条例",
      "",
      "第一条　为了规范无人驾驶航空器飞行，制定本条例。",
      "",
      "第二条　本条例适用于境内飞行。",
      "",
      "第三条　本条例自2024年1月1日起施行。",
    ].join("\n");
    const d = docOf("uav.md", text);
    expect(d.docNumber).toMatch(/^中国共产党中央军事委员会\s*国务院\s*第761号$/);
    expect(d.issuer).toContain("中国共产党中央军事委员会");
    expect(d.issuer).toContain("国务院");
    expect(new Set(byKind(d, "effective"))).toEqual(new Set(["2024-01-01"]));
  });

  it("does not read a site footer's 主办单位 as the last article's lead", () => {
    const html = `<html><body><h1>某条例</h1>
<p>第一条　为了规范登记，制定本条例。</p><p>第二条　本条例适用于登记。</p>
<p>第三条　本条例自2022年3月1日起施行。</p>
<div class="footer"><p>网站地图</p><p>主办单位：某市市场监督管理局 地址：某市天河路112号</p>
<p>邮编：510620 业务咨询、消费投诉举报电话：12345或12315</p></div></body></html>`;
    const d = docOf("reg.html", html);
    expect(d.measures).toHaveLength(3);
    expect(d.measures.flatMap((m) => m.leads)).toEqual([]);
  });

  it("takes the issuer from a 公告's heading and its date as the promulgation date when no number is printed", () => {
    const text = [
      "# 某市市场监管局关于发布《某执法指南》的公告",
      "",
      "《某执法指南》已经2023年2月24日某市市场监管局第3次局务会议通过，现予公告。",
      "2023年2月25日",
      "",
      "# 某执法指南",
      "",
      "一、本指南旨在为执法提供指引。",
      "",
      "二、本指南所称用语，是指广告中的用语。",
      "",
      "三、执法应当坚持过罚相当。",
    ].join("\n");
    const d = docOf("guide.md", text);
    expect(d.title).toBe("某执法指南");
    expect(d.issuer).toBe("某市市场监管局");
    expect(byKind(d, "promulgated")).toEqual(["2023-02-25"]);
    expect(byKind(d, "adopted")).toEqual(["2023-02-24"]);
  });
});
