/**
 * Golden spec for the five corpus documents: measure sequences, leads, 文号, issuers, titles,
 * deadlines, and span invariants that hold for every measure of every document.
 */
import { describe, expect, it } from "vitest";
import { toChineseNumeral } from "../../src/structure/numerals.js";
import { fold } from "../../src/structure/text-view.js";
import { CORPUS, checkSpans, loadCorpus, measure, measuresLedBy, squeeze } from "../helpers/fixtures.js";

describe("Dalian 2017 benchmark-Shanghai plan", () => {
  const loaded = loadCorpus(CORPUS.dalian);
  const { doc } = loaded;

  it("has 34 measures numbered 1..34 with the 1. marker, every one with leads", () => {
    expect(doc.measureStyle).toBe("ar-dot");
    expect(doc.measures.map((m) => m.number)).toEqual(Array.from({ length: 34 }, (_, i) => i + 1));
    expect(doc.measures.map((m) => m.label)).toEqual(Array.from({ length: 34 }, (_, i) => `${i + 1}.`));
    for (const m of doc.measures) expect(m.leads.length, `measure ${m.number}`).toBeGreaterThan(0);
  });

  it("does not take the (一)…(八) list of Shanghai experiences as the measures", () => {
    const titles = doc.measures.map((m) => m.title);
    expect(titles.some((t) => t.includes("创新行政审批模式"))).toBe(false);
    expect(titles.some((t) => t.includes("信息化建设水平较高"))).toBe(false);
    expect(doc.measures[0]!.title).toBe("以改革发展实施意见为重点");
    expect(doc.measures[0]!.path.at(-1)).toMatch(/^\(一\)加快安全生产领域改革发展步伐/);
  });

  it("names the leads of measures 6, 17, 18 and 33", () => {
    expect(measure(doc, 17).leads.map((l) => l.name)).toEqual(["办公室"]);
    const six = measure(doc, 6).leads;
    expect(six.map((l) => l.name)).toEqual(["法制处", "行政审批办"]);
    for (const l of six) {
      expect(l.role).toBeNull();
      expect(l.kind).toBe("unit");
      expect(l.primary).toBe(true);
    }
    expect(measure(doc, 18).leads.map((l) => l.name)).toContain("安全生产考试中心");
    expect(measure(doc, 18).leads.map((l) => l.name)).not.toContain("考试中心");
    expect(measure(doc, 33).leads.map((l) => l.name)).toContain("考试中心");
    expect(measure(doc, 33).leads.map((l) => l.name)).not.toContain("安全生产考试中心");
  });

  it("lists exactly the measures led by 人事处", () => {
    expect(measuresLedBy(doc, "人事处")).toEqual([20, 28, 29, 30, 31, 32, 33, 34]);
  });

  it("reads 文号, issuer and the plan's own title", () => {
    expect(doc.docNumber).toBe("大安监人事〔2017〕454号");
    expect(doc.issuer).toBe("大连市安全生产监督管理局");
    expect(doc.title).toContain("落实对标上海相关措施工作方案");
    expect(doc.title).not.toContain("关于印发");
    const { text } = loaded.src;
    expect(squeeze(text.slice(doc.docNumberSpan!.start, doc.docNumberSpan!.end))).toBe(doc.docNumber);
  });

  it("finds the deadline of measure 15", () => {
    expect(measure(doc, 15).deadlines.map((d) => d.text)).toContain("2018年6月前");
  });

  it("keeps spans inside the text and out of the page chrome", () => {
    checkSpans(loaded, ["辽ICP备", "网站访问量", "公安备案号", "浏览次数"]);
  });
});

describe("Pudong 2021 supervision work points", () => {
  const loaded = loadCorpus(CORPUS.pudong);
  const { doc, src } = loaded;

  it("has 25 measures (一)…(二十五) numbered 1..25 across the parent headings", () => {
    expect(doc.measureStyle).toBe("cn-paren");
    expect(doc.measures.map((m) => m.number)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(doc.measures.map((m) => m.label)).toEqual(
      Array.from({ length: 25 }, (_, i) => `(${toChineseNumeral(i + 1)})`),
    );
  });

  it("gives every measure person leads", () => {
    for (const m of doc.measures) {
      expect(m.leads.length, `measure ${m.number}`).toBeGreaterThan(0);
      for (const l of m.leads) expect(l.kind, `${m.number} ${l.name}`).toBe("person");
    }
  });

  it("reads (十三)'s four people sharing the role 分别牵头负责", () => {
    const leads = measure(doc, 13).leads;
    expect(leads.map((l) => l.name)).toEqual(["邱继刚", "花梅", "蔡叶罡", "胡冬吉"]);
    for (const l of leads) expect(l.role).toBe("分别牵头负责");
  });

  it("lists exactly the measures of 唐林芳 and 花梅", () => {
    expect(measuresLedBy(doc, "唐林芳")).toEqual([1, 2, 3, 4, 5, 6, 7, 19, 20, 21, 22, 24]);
    expect(measuresLedBy(doc, "花梅")).toEqual([10, 11, 12, 13, 14, 17, 18, 25]);
  });

  it("keeps measure 4 whole across the blank line that breaks it", () => {
    const m4 = measure(doc, 4);
    const body = fold(squeeze(src.text.slice(m4.start, m4.end)));
    expect(body).toContain("意见》文件精神");
    expect(body.endsWith("(唐林芳同志牵头负责)")).toBe(true);
    expect(m4.leads.map((l) => l.name)).toEqual(["唐林芳"]);
  });

  it("reads the 文号", () => {
    expect(doc.docNumber).toBe("浦应急〔2021〕39号");
  });

  it("keeps spans inside the text and out of the page chrome", () => {
    checkSpans(loaded, ["信息公开选项", "306_3"]);
  });
});

describe("Xianyang 2018 reform implementation plan", () => {
  const loaded = loadCorpus(CORPUS.xianyang);
  const { doc } = loaded;

  it("has 27 measures, none with leads (they are in the 分工方案)", () => {
    expect(doc.measures.map((m) => m.number)).toEqual(Array.from({ length: 27 }, (_, i) => i + 1));
    for (const m of doc.measures) expect(m.leads, `measure ${m.number}`).toEqual([]);
    expect(doc.responsibilityNote?.text).toContain("分工方案");
  });

  it("reads the 文号", () => {
    expect(doc.docNumber).toBe("咸安委函〔2018〕1号");
  });

  it("keeps spans inside the text", () => {
    checkSpans(loaded, []);
  });
});

describe("Qingdao 2017 work points", () => {
  const loaded = loadCorpus(CORPUS.qingdao);
  const { doc } = loaded;

  it("has 10 measures 一、…十、", () => {
    expect(doc.measureStyle).toBe("cn-dun");
    expect(doc.measures.map((m) => m.number)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(doc.measures.map((m) => m.label)).toEqual(
      Array.from({ length: 10 }, (_, i) => `${toChineseNumeral(i + 1)}、`),
    );
  });

  it("keeps spans inside the text and out of the blog chrome", () => {
    checkSpans(loaded, ["Powered by", "载入中", "最新评论", "引用通告"]);
  });
});

describe("Shanghai reform pilot: six measures", () => {
  const loaded = loadCorpus(CORPUS.shanghaiSix);
  const { doc } = loaded;

  it("has 6 measures with plain (unnumbered) headings", () => {
    expect(doc.measureStyle).toBe("plain");
    expect(doc.measures.map((m) => m.number)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const m of doc.measures) expect(m.label).toBe("");
    expect(doc.measures[0]!.title).toBe("加强危险化学品综合管控");
  });

  it("does not take the title line 六项举措 深化改革试点 as a measure", () => {
    for (const m of doc.measures) expect(squeeze(m.title)).not.toContain("六项举措");
    expect(squeeze(doc.title)).toBe("六项举措深化改革试点");
  });

  it("keeps spans inside the text", () => {
    checkSpans(loaded, []);
  });
});
