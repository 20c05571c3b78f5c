/**
 * Golden spec for four real Shanghai documents read in place from the shared more-sources folder:
 * measure sequences chosen over lists of principles, products and safeguards, and leads that a
 * page break or several annotations spread out.
 */
import { describe, expect, it } from "vitest";
import { isNoise } from "../../src/ingest/noise.js";
import { toChineseNumeral } from "../../src/structure/numerals.js";
import { fold } from "../../src/structure/text-view.js";
import { checkSpans, loadMore, MORE, measure, squeeze } from "../helpers/fixtures.js";

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const SCRAPER_CHROME = ["**发布日期**", "**原文链接**", "【原文下载】"];

describe("Beidou industry three-year action plan (2021)", () => {
  const loaded = loadMore(MORE.beidou);
  const { doc } = loaded;

  it("has 17 measures 1.–17., each with 牵头部门 units", () => {
    expect(doc.measureStyle).toBe("ar-dot");
    expect(doc.measures.map((m) => m.number)).toEqual(range(17));
    expect(doc.measures.map((m) => m.label)).toEqual(range(17).map((n) => `${n}.`));
    for (const m of doc.measures) {
      expect(m.leads.length, `measure ${m.number}`).toBeGreaterThan(0);
      for (const l of m.leads) {
        expect(l.role, `${m.number} ${l.name}`).toBe("牵头部门");
        expect(l.kind).toBe("unit");
        expect(l.primary).toBe(true);
      }
    }
  });

  it("reads measure 8's leads across the page break inside （牵头部\\n\\n门：…）", () => {
    expect(measure(doc, 8).leads.map((l) => l.name)).toEqual(["市交通委", "市水务局", "市经济信息化委"]);
  });

  it("does not take the 1.–3. list under 基本原则 nor the (一)–(三) 保障措施", () => {
    expect(doc.measures[0]!.title).toBe("开展基于北斗三号的关键核心技术攻关");
    const titles = doc.measures.map((m) => m.title);
    for (const wrong of [
      "统筹规划",
      "需求牵引",
      "龙头带动",
      "加强统筹协调",
      "强化资金保障",
      "加快人才建设",
    ]) {
      expect(
        titles.some((t) => t.includes(wrong)),
        wrong,
      ).toBe(false);
    }
    const last = doc.measures.at(-1)!;
    expect(squeeze(loaded.src.text.slice(last.start, last.end))).not.toContain("保障措施");
  });

  it("keeps spans inside the text", () => {
    checkSpans(loaded, ["保障措施"]);
  });
});

describe("Basic research measures (2025)", () => {
  const loaded = loadMore(MORE.basicResearch);
  const { doc } = loaded;

  it("has 9 measures whose leads are 责任单位", () => {
    expect(doc.measures.map((m) => m.number)).toEqual(range(9));
    for (const m of doc.measures) {
      expect(m.leads.length, `measure ${m.number}`).toBeGreaterThan(0);
      for (const l of m.leads) expect(l.role, `${m.number} ${l.name}`).toBe("责任单位");
    }
  });

  it("reads the 文号", () => {
    expect(doc.docNumber).toBe("沪府办规〔2025〕5号");
  });

  it("keeps spans inside the text and out of the scraper header", () => {
    checkSpans(loaded, SCRAPER_CHROME);
  });
});

describe("High-end medical devices action plan (2025)", () => {
  const loaded = loadMore(MORE.medicalDevices);
  const { doc } = loaded;

  it("has 20 measures, not the 8 products (一)…(八)", () => {
    expect(doc.measureStyle).toBe("ar-dot");
    expect(doc.measures.map((m) => m.number)).toEqual(range(20));
    const titles = doc.measures.map((m) => m.title);
    expect(titles.some((t) => t.includes("高端医学影像产品"))).toBe(false);
    expect(titles[0]).toBe("加强基础研究和前沿技术攻关");
  });

  it("reads the 文号", () => {
    expect(doc.docNumber).toBe("沪府办发〔2025〕17号");
  });

  it("keeps spans inside the text and out of the scraper header", () => {
    checkSpans(loaded, SCRAPER_CHROME);
  });
});

describe("Tech services opinions (2025)", () => {
  const loaded = loadMore(MORE.techServices);
  const { doc, src } = loaded;

  it("has 16 measures （一）…（十六）", () => {
    expect(doc.measureStyle).toBe("cn-paren");
    expect(doc.measures.map((m) => m.number)).toEqual(range(16));
    expect(doc.measures.map((m) => m.label)).toEqual(range(16).map((n) => `(${toChineseNumeral(n)})`));
  });

  it("gives measure 1 the union of its paragraphs' 责任单位", () => {
    expect(new Set(measure(doc, 1).leads.map((l) => l.name))).toEqual(
      new Set(["市科委", "市发展改革委", "市教委", "市经济信息化委", "市数据局"]),
    );
  });

  it("gives every measure exactly the union of the （责任单位：…） annotations in it", () => {
    for (const m of doc.measures) {
      const body = fold(squeeze(src.text.slice(m.start, m.end)));
      const expected = new Set<string>();
      for (const a of body.matchAll(/\(责任单位:([^()]+)\)/g)) {
        for (const name of a[1]!.split("、")) expected.add(name);
      }
      expect(expected.size, `measure ${m.number}`).toBeGreaterThan(0);
      expect(new Set(m.leads.map((l) => l.name)), `measure ${m.number}`).toEqual(expected);
      for (const l of m.leads) expect(l.role).toBe("责任单位");
    }
  });

  it("reads the 文号", () => {
    expect(doc.docNumber).toBe("沪府办发〔2025〕11号");
  });

  it("marks the scraper header, Markdown marks and the download link as noise", () => {
    const kindAt = (needle: string) => {
      const at = src.text.indexOf(needle);
      expect(at, needle).toBeGreaterThanOrEqual(0);
      return src.noise.find((n) => n.start <= at && at + needle.length <= n.end)?.kind;
    };
    const dateLine = /^\*\*发布日期\*\*: .*$/m.exec(src.text)![0];
    expect(kindAt(dateLine)).toBe("scraper-header");
    expect(kindAt("【原文下载】")).toBe("download-link");
    const bold = src.text.indexOf("**", src.text.indexOf("---"));
    expect(bold).toBeGreaterThan(0);
    expect(src.noise.find((n) => n.start <= bold && bold + 2 <= n.end)?.kind).toBe("markup");
    // The words inside ** … ** are kept.
    expect(isNoise(src.noise, bold + 2, bold + 3)).toBe(false);
  });

  it("keeps spans inside the text and out of the scraper header", () => {
    checkSpans(loaded, SCRAPER_CHROME);
  });
});
