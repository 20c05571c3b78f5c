/**
 * Documents in styles the corpus lacks, written by the test and saved as GBK: a plan whose tasks
 * are "(1) …" under 主要任务 (after a "(1)…(3)" list under 基本原则), with responsibilities as
 * "牵头单位:…;配合单位:…", "(X牵头,Y配合)" and "责任单位:…  完成时限:…"; and a 办法 of
 * 第一条…第九条 articles grouped in chapters. ASCII and full-width punctuation are mixed, and one
 * heading has stray spaces between its characters.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import iconv from "iconv-lite";
import { afterAll, describe, expect, it } from "vitest";
import { readSources } from "../../src/ingest/read-sources.js";
import { structureDocument } from "../../src/structure/structure.js";
import { checkSpans, makeTempDir, measure, structureBytes } from "../helpers/fixtures.js";

const PLAN = [
  "江州市应急管理局文件",
  "",
  "江应急〔2024〕12号",
  "",
  "江州市应急管理局关于印发《江州市2024年安全生产专项整治工作方案》的通知",
  "",
  "各区应急管理局，局机关各处室：",
  "    现将《江州市2024年安全生产专项整治工作方案》印发给你们，请结合实际认真贯彻执行。",
  "",
  "江州市应急管理局",
  "2024年3月15日",
  "",
  "江州市2024年安全生产专项整治工作方案",
  "",
  "    为深入贯彻落实安全生产十五条措施,有效防范化解重大安全风险,制定本方案。",
  "",
  "一、总体要求",
  "    以习近平新时代中国特色社会主义思想为指导,统筹发展和安全,坚持标本兼治、重在治本。",
  "二、基本原则",
  "    (1)坚持人民至上、生命至上。把保护人民生命安全摆在首位,牢固树立安全发展理念。",
  "    (2)坚持问题导向、精准施策。聚焦重点行业领域,深入排查整治突出问题。",
  "    (3)坚持依法治理、综合施策。运用法治思维和法治方式解决安全生产问题。",
  "三、主要任务",
  "    (1)开展危险化学品专项整治。全面排查危险化学品生产、储存、运输环节风险,建立重大危险源清单,",
  "落实包保责任制,2024年6月底前完成全部重大危险源企业的专家指导服务。",
  "    牵头单位:市应急局;配合单位:市公安局、市交通局",
  "    （２）强化建筑施工安全管理。严厉打击违法分包、转包行为,推进建筑起重机械安全监控系统建设,",
  "规范深基坑、高支模等危险性较大的分部分项工程管理。(市住建局牵头,市城管局、市水务局配合)",
  "    (3)加强 消 防 安全 检 查。聚焦高层建筑、大型商业综合体、人员密集场所,开展消防安全隐患排查整治,",
  "督促单位落实消防安全主体责任。",
  "    责任单位:市消防救援支队  完成时限:2024年12月底前",
  "    (4)提升应急救援能力。修订完善各类应急预案,开展综合应急演练，加强专业救援队伍建设；",
  "充实应急物资储备。（责任单位：市应急局、各区人民政府）",
  "四、保障措施",
  "    (一)加强组织领导。各单位要把专项整治摆上重要议事日程,主要负责同志亲自部署、亲自督导。",
  "    (二)强化督导检查。市安委办定期组织督导检查,对工作推进不力的单位予以通报。",
  "    (三)严格考核问责。将专项整治情况纳入年度安全生产目标考核。",
  "",
  "    本方案自印发之日起施行。",
  "",
  "抄送:市安委会各成员单位。",
  "",
].join("\r\n");

const RULES = [
  "江州市生产安全事故隐患排查治理办法",
  "",
  "第一章  总  则",
  "",
  "第一条  为了建立生产安全事故隐患排查治理长效机制,根据《中华人民共和国安全生产法》等法律法规,结合本市实际,制定本办法。",
  "第二条  本市行政区域内生产经营单位的事故隐患排查治理及其监督管理,适用本办法。",
  "第三条  事故隐患分为一般事故隐患和重大事故隐患。",
  "第二章  生产经营单位的职责",
  "第四条 生产经营单位应当履行下列职责:",
  "(一)建立健全事故隐患排查治理制度;",
  "(二)定期组织排查本单位的事故隐患;",
  "(三)对排查出的事故隐患及时进行治理。",
  "第五条  生产经营单位发现重大事故隐患的,应当在24小时内报告负有安全生产监督管理职责的部门,并在30日内制定治理方案。",
  "第 六 条  生产经营单位应当每季度对本单位事故隐患排查治理情况进行统计分析。",
  "第三章  监督管理",
  "第七条  市应急管理局负责全市事故隐患排查治理的综合监督管理。",
  "第八条  负有安全生产监督管理职责的部门应当建立事故隐患举报制度。",
  "第四章  附  则",
  "第九条  本办法自2024年5月1日起施行。",
  "",
].join("\n");

describe("a GBK plan with (1) tasks under 主要任务", () => {
  const bytes = iconv.encode(PLAN, "gbk");
  const loaded = structureBytes("jiangzhou-2024-special-rectification.txt", bytes);
  const { src, doc } = loaded;

  it("is decoded as gb18030 to the text as written", () => {
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow(); // really GBK
    expect(src.encoding).toBe("gb18030");
    expect(src.text).toBe(PLAN);
  });

  it("reads 文号, issuer and the plan's own title", () => {
    expect(doc.docNumber).toBe("江应急〔2024〕12号");
    expect(doc.issuer).toBe("江州市应急管理局");
    expect(doc.title).toBe("江州市2024年安全生产专项整治工作方案");
  });

  it("takes the four (1)…(4) tasks, not the (1)…(3) principles nor the (一)…(三) safeguards", () => {
    expect(doc.measureStyle).toBe("ar-paren");
    expect(doc.measures.map((m) => m.number)).toEqual([1, 2, 3, 4]);
    expect(doc.measures.map((m) => m.label)).toEqual(["(1)", "(2)", "(3)", "(4)"]);
    expect(doc.measures.map((m) => m.title)).toEqual([
      "开展危险化学品专项整治",
      "强化建筑施工安全管理",
      "加强消防安全检查",
      "提升应急救援能力",
    ]);
    for (const m of doc.measures) expect(m.path).toEqual(["三、主要任务"]);
  });

  it("reads 牵头单位:…;配合单位:… as primary and supporting units", () => {
    const leads = measure(doc, 1).leads.map(({ name, role, primary, kind }) => ({
      name,
      role,
      primary,
      kind,
    }));
    expect(leads).toEqual([
      { name: "市应急局", role: "牵头单位", primary: true, kind: "unit" },
      { name: "市公安局", role: "配合单位", primary: false, kind: "unit" },
      { name: "市交通局", role: "配合单位", primary: false, kind: "unit" },
    ]);
    expect(measure(doc, 1).deadlines.map((d) => d.text)).toContain("2024年6月底前");
  });

  it("reads (X牵头,Y、Z配合) as 牵头/配合", () => {
    const leads = measure(doc, 2).leads.map(({ name, role, primary }) => ({ name, role, primary }));
    expect(leads).toEqual([
      { name: "市住建局", role: "牵头", primary: true },
      { name: "市城管局", role: "配合", primary: false },
      { name: "市水务局", role: "配合", primary: false },
    ]);
  });

  it("reads a 责任单位 line with its 完成时限", () => {
    const m3 = measure(doc, 3);
    expect(m3.leads.map(({ name, role, primary }) => ({ name, role, primary }))).toEqual([
      { name: "市消防救援支队", role: "责任单位", primary: true },
    ]);
    expect(m3.deadlines).toHaveLength(1);
    expect(m3.deadlines[0]!.text).toContain("2024年12月底前");
    expect(src.text.slice(m3.deadlines[0]!.start, m3.deadlines[0]!.end)).toContain("2024年12月底前");
  });

  it("reads full-width （责任单位：…）", () => {
    expect(measure(doc, 4).leads.map((l) => [l.name, l.role])).toEqual([
      ["市应急局", "责任单位"],
      ["各区人民政府", "责任单位"],
    ]);
  });

  it("points every offset into the decoded text", () => {
    for (const m of doc.measures) {
      for (const l of m.leads) expect(src.text.slice(l.start, l.end)).toBe(l.name);
    }
    const m3 = measure(doc, 3);
    expect(src.text.slice(m3.titleSpan.start, m3.titleSpan.end)).toBe("加强 消 防 安全 检 查");
    expect(src.text.slice(doc.docNumberSpan!.start, doc.docNumberSpan!.end)).toBe("江应急〔2024〕12号");
    expect(src.text.slice(measure(doc, 4).end - 7, measure(doc, 4).end)).toBe("各区人民政府）");
    checkSpans(loaded, ["保障措施", "本方案自印发之日起施行", "抄送"]);
  });

  describe("read from a folder", () => {
    const tmp = makeTempDir();
    afterAll(tmp.cleanup);

    it("gives the same document through readSources", async () => {
      writeFileSync(join(tmp.dir, "plan.txt"), bytes);
      const { sources, problems } = await readSources(tmp.dir);
      expect(problems).toEqual([]);
      expect(sources).toHaveLength(1);
      expect(sources[0]!.encoding).toBe("gb18030");
      const again = structureDocument(sources[0]!);
      expect(again.measures.map((m) => [m.number, m.start, m.end])).toEqual(
        doc.measures.map((m) => [m.number, m.start, m.end]),
      );
    });
  });
});

describe("a GBK 办法 of 第一条…第九条 articles in chapters", () => {
  const loaded = structureBytes("jiangzhou-hidden-danger-rules.txt", iconv.encode(RULES, "gbk"));
  const { src, doc } = loaded;

  it("takes the articles, numbered across chapters, as the measures", () => {
    expect(src.encoding).toBe("gb18030");
    expect(doc.title).toBe("江州市生产安全事故隐患排查治理办法");
    expect(doc.measureStyle).toBe("article");
    expect(doc.measures.map((m) => m.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(measure(doc, 6).label).toBe("第六条");
    expect(measure(doc, 7).path).toEqual(["第三章监督管理"]);
  });

  it("keeps an article's (一)…(三) items inside it", () => {
    const m4 = measure(doc, 4);
    expect(src.text.slice(m4.start, m4.end)).toContain("(三)对排查出的事故隐患及时进行治理。");
    expect(src.text.slice(m4.end, measure(doc, 5).start).trim()).toBe("");
  });

  it("reads hour and day limits as deadlines", () => {
    expect(measure(doc, 5).deadlines.map((d) => d.text)).toEqual(["24小时内", "30日内"]);
  });

  it("keeps spans inside the text", () => {
    checkSpans(loaded, []);
  });
});
