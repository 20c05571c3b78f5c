/**
 * Drafting answers over the corpus and the more-sources documents (read in place): digests and
 * responsibility tables list every measure with its leads and roles, what one unit must deliver
 * and by when, and comparisons of two documents on a topic — every quote verbatim.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../src/answer/engine.js";
import type { Answer, PolicyDoc } from "../../src/types.js";
import { combinedSources, engineOver } from "./engine-helpers.js";

let all: Engine;
beforeAll(async () => {
  all = await engineOver(combinedSources());
});

const PUDONG = "pudong-2021-supervision-work-points.txt";
const DALIAN = "dalian-2017-benchmark-shanghai.txt";
const XIANYANG = "xianyang-2018-reform-implementation-plan.txt";
const BEIDOU = "shanghai-2021-beidou-action-plan.txt";

function expectVerbatim(a: Answer) {
  expect(a.citations.length).toBeGreaterThan(0);
  for (const c of a.citations) {
    expect(c.quote).toBe(all.kb.source(c.source).text.slice(c.start, c.end));
    expect(a.answer).toContain(`[${c.id}]`);
  }
}

/** The digest line of measure `n`: "n. **gist** [k] — leads; deadlines". */
function lineOf(a: Answer, n: number): string {
  const line = a.answer.split("\n").find((l) => l.startsWith(`${n}. **`));
  expect(line, `measure ${n} has a line`).toBeDefined();
  return line!;
}

/** The measures cited on a line, as "source#number". */
function citedOn(a: Answer, line: string): string[] {
  return [...line.matchAll(/\[(\d+)\]/g)].map((m) => {
    const c = a.citations.find((x) => x.id === Number(m[1]))!;
    return `${c.source}#${c.number}`;
  });
}

const doc = (source: string) => all.kb.doc(source)!;
const withMeasures = () => all.kb.docs.filter((d) => d.measures.length > 0);

describe("digest: every measure of the document, in order, with leads, roles and deadlines", () => {
  it("is asked as /policy digest, draft a summary, 列出…全部措施, …的摘要", async () => {
    for (const [q, source, count, language] of [
      ["/policy digest 浦东", PUDONG, 25, "zh"],
      ["draft a summary of the Dalian plan", DALIAN, 34, "en"],
      ["draft a digest of the Dalian plan", DALIAN, 34, "en"],
      ["列出大连方案的全部措施", DALIAN, 34, "zh"],
      ["给我做一个浦东要点的摘要", PUDONG, 25, "zh"],
    ] as const) {
      const a = await all.ask(q);
      expect(a.intent, q).toBe("digest");
      expect(a.table?.kind).toBe("digest");
      expect(a.table?.title).toBe(doc(source).title);
      expect(a.table?.rows.map((r) => r.cells[0])).toEqual(
        Array.from({ length: count }, (_, i) => String(i + 1)),
      );
      expect(a.language).toBe(language);
    }
  });

  it("lists every measure of every document with its extracted leads and deadlines, each cited", async () => {
    for (const d of withMeasures()) {
      const a = await all.ask(`/policy digest 《${d.title}》`);
      expect(a.intent, d.source).toBe("digest");
      let last = -1;
      for (const m of d.measures) {
        const line = lineOf(a, m.number);
        const at = a.answer.indexOf(line);
        expect(at, `${d.source} #${m.number} in order`).toBeGreaterThan(last);
        last = at;
        for (const lead of m.leads) expect(line).toContain(`**${lead.name}**`);
        for (const role of new Set(m.leads.map((l) => l.role).filter(Boolean))) expect(line).toContain(role);
        for (const dl of m.deadlines) expect(line).toContain(dl.text);
        expect(citedOn(a, line)).toContain(`${d.source}#${m.number}`);
        // The gist is the measure's own words.
        const row = a.table!.rows.find((r) => r.cells[0] === String(m.number))!;
        const flat = all.kb.source(d.source).text.slice(m.start, m.end).replace(/\s+/g, "");
        expect(flat).toContain(row.cells[1]!.replace(/\s+/g, ""));
      }
      expectVerbatim(a);
    }
  });

  it("keeps the roles and names as the corpus writes them", async () => {
    const pudong = await all.ask("/policy digest 浦东");
    // (十三)… (邱继刚、花梅、蔡叶罡、胡冬吉同志分别牵头负责)
    expect(lineOf(pudong, 13)).toContain("**邱继刚**、**花梅**、**蔡叶罡**、**胡冬吉**同志分别牵头负责");
    expect(lineOf(pudong, 16)).toContain("年内");
    const dalian = await all.ask("列出大连方案的全部措施");
    expect(lineOf(dalian, 33)).toContain("**人事处**、**考试中心**负责");
    expect(lineOf(dalian, 33)).not.toContain("安全生产考试中心");
    expect(lineOf(dalian, 18)).toContain("**安全生产考试中心**");
    expect(lineOf(dalian, 15)).toContain("2018年6月前");
    expect(lineOf(dalian, 15)).toContain("2018年下半年");
    expect(lineOf(dalian, 17)).toContain("学习上海信息化建设先进经验");
  });

  it("says once that a document names no leads, and points to its attachment", async () => {
    const a = await all.ask("/policy digest 咸阳");
    expect(a.found).toBe(true);
    expect(a.table?.rows).toHaveLength(27);
    expect(a.answer.match(/未写明牵头单位或责任人/g)).toHaveLength(1);
    expect(a.answer).toContain("附件");
    expect(a.citations.some((c) => c.quote.includes("附件"))).toBe(true);
    expect(lineOf(a, 5)).not.toContain("负责");
    expectVerbatim(a);
  });

  it("asks which document when none is named, and keeps topic lists and other intents", async () => {
    expect((await all.ask("/policy digest")).intent).toBe("clarify");
    const several = await all.ask("/policy digest 上海");
    expect(several.intent).toBe("clarify");
    expect(several.found).toBe(false);
    expect(several.answer).toContain(BEIDOU);
    const topic = await all.ask("列出大连方案中涉及危险化学品的全部措施");
    expect(topic.intent).toBe("list");
    expect((await all.ask("列出青岛要点")).intent).toBe("list");
    expect((await all.ask("花梅同志牵头负责哪些工作?")).intent).toBe("measures_of_lead");
    expect((await all.ask("总结一下浦东第十九项措施")).intent).toBe("summary");
    expect((await all.ask("浦东要点第十六项的完成时限?")).intent).toBe("deadline");
  });
});

/** The rows of the Markdown table in an answer, as cells. */
function mdRows(a: Answer): string[][] {
  return a.answer
    .split("\n")
    .filter((l) => l.startsWith("| ") && !l.startsWith("| ---"))
    .slice(1)
    .map((l) =>
      l
        .slice(2, -2)
        .split(" | ")
        .map((c) => c.trim()),
    );
}

/** Measures of `d` naming `name`, as numbers. */
function measuresOf(d: PolicyDoc, name: string): number[] {
  return d.measures.filter((m) => m.leads.some((l) => l.name === name)).map((m) => m.number);
}

describe("responsibility table: units or persons × measures, with roles", () => {
  it("is asked as 列出浦东各同志牵头的工作, /policy table dalian, who leads what", async () => {
    for (const [q, source] of [
      ["列出浦东各同志牵头的工作", PUDONG],
      ["/policy table dalian", DALIAN],
      ["make a table of who leads what in Dalian", DALIAN],
    ] as const) {
      const a = await all.ask(q);
      expect(a.intent, q).toBe("table");
      expect(a.table?.kind).toBe("responsibilities");
      expect(a.table?.title).toBe(doc(source).title);
    }
  });

  it("has a row per unit or person with exactly the measures that name them, for every document", async () => {
    for (const d of withMeasures()) {
      const names = [...new Set(d.measures.flatMap((m) => m.leads.map((l) => l.name)))];
      const a = await all.ask(`/policy table 《${d.title}》`);
      expect(a.intent).toBe("table");
      if (names.length === 0) {
        expect(a.table).toBeUndefined();
        continue;
      }
      const rows = mdRows(a);
      expect(rows.map((r) => r[0]!.replace(/\*\*/g, "").replace(/ \(.*\)$/, ""))).toEqual(names);
      for (const [i, name] of names.entries()) {
        const numbers = [...rows[i]![1]!.replace(/（[^）]*）|\([^)]*\)/g, "").matchAll(/\d+/g)].map((m) =>
          Number(m[0]),
        );
        expect(
          numbers.sort((x, y) => x - y),
          `${d.source} ${name}`,
        ).toEqual(measuresOf(d, name));
        expect(rows[i]![2]).toBe(String(measuresOf(d, name).length));
      }
      expect(a.table!.rows).toHaveLength(names.length);
      expectVerbatim(a);
    }
  });

  it("shows shared leads and roles as written", async () => {
    const rows = mdRows(await all.ask("列出浦东各同志牵头的工作"));
    const huDongji = rows.find((r) => r[0] === "**胡冬吉**")!;
    expect(huDongji[1]).toBe("13（分别牵头负责）；14、23（牵头负责）");
    const dalian = mdRows(await all.ask("/policy table 大连"));
    expect(dalian.find((r) => r[0] === "**考试中心**")![1]).toBe("33");
    expect(dalian.find((r) => r[0] === "**安全生产考试中心**")![1]).toBe("18");
    const beidou = mdRows(await all.ask("北斗行动计划责任分工表"));
    expect(beidou.find((r) => r[0] === "**市水务局**")![1]).toBe("7、8、9、12（牵头部门）");
  });

  it("lists what one unit must deliver, with gists and deadlines, by when", async () => {
    for (const q of ["规划科技处要完成哪些工作，什么时候完成", "what must 规划科技处 deliver, and by when"]) {
      const a = await all.ask(q);
      expect(a.intent, q).toBe("deliverables");
      expect(a.table?.rows.map((r) => r.cells[0])).toEqual(["19", "20", "21", "22", "23", "24", "34"]);
      expect(a.answer).toContain(
        a.language === "zh" ? "均未写明完成时限" : "None of these measures states a deadline",
      );
      expect(a.answer).toContain("人事处"); // 20 and 34 are shared with 人事处
      expectVerbatim(a);
    }
    const jia = await all.ask("贾德荣同志要完成哪些工作，什么时候完成？");
    const row16 = jia.table!.rows.find((r) => r.cells[0] === "16")!;
    expect(row16.cells[3]).toBe("年内");
    expect(jia.citations.some((c) => c.quote === "年内")).toBe(true);
    expectVerbatim(jia);
  });
});

describe("comparison of documents on a topic", () => {
  it("puts the measures of each named document side by side, and says when one has none", async () => {
    const a = await all.ask("浦东和大连在执法检查上的措施有什么不同?");
    expect(a.intent).toBe("compare");
    expect(a.found).toBe(true);
    const pudongAt = a.answer.indexOf(doc(PUDONG).title);
    const dalianAt = a.answer.indexOf(doc(DALIAN).title);
    expect(pudongAt).toBeGreaterThan(-1);
    expect(dalianAt).toBeGreaterThan(pudongAt);
    expect(a.answer.slice(dalianAt)).toContain("没有涉及“执法检查”的措施");
    const cited = new Set(a.citations.map((c) => `${c.source}#${c.number}`));
    for (const n of [13, 14, 23]) expect(cited).toContain(`${PUDONG}#${n}`);
    expect([...cited].some((c) => c.startsWith(DALIAN))).toBe(false);
    // Every quoted sentence holds the topic.
    for (const c of a.citations.filter((x) => x.quote.length < 400)) expect(c.quote).toContain("执法检查");
    expectVerbatim(a);
  });

  it("answers in English with the glossary's terms, and both documents", async () => {
    const a = await all.ask("compare Pudong and Dalian on enforcement inspections");
    expect(a.intent).toBe("compare");
    expect(a.language).toBe("en");
    expect(a.answer).toContain("执法检查");
    expect(a.citations.some((c) => c.source === PUDONG && c.number === 13)).toBe(true);
    expect(a.answer).toContain(doc(DALIAN).title);
    expectVerbatim(a);
  });

  it("compares on other topics and documents, and asks for a second document", async () => {
    const a = await all.ask("对比浦东和大连的危险化学品措施");
    expect(a.citations.some((c) => c.source === DALIAN && c.number === 8)).toBe(true);
    expect(a.citations.some((c) => c.source === PUDONG && c.number === 8)).toBe(true);
    const one = await all.ask("浦东在执法检查上有什么不同?");
    expect(one.intent).toBe("clarify");
    expect(one.found).toBe(false);
    const x = await all.ask("咸阳和北斗行动计划在信息化方面有什么区别？");
    expect(x.intent).toBe("compare");
    expect(new Set(x.citations.map((c) => c.source))).toEqual(new Set([XIANYANG, BEIDOU]));
  });
});

describe("a writing job the bot does not do", () => {
  it.each([
    ["帮我写一份落实浦东要点的工作计划", "/policy digest 浦东"],
    ["请起草一份通知", "/policy digest <文件>"],
    ["Can you write a speech about the Dalian plan?", "/policy digest Dalian"],
  ])("%s says what it can draft instead, quoting nothing", async (q, command) => {
    const a = await all.ask(q);
    expect(a.found).toBe(false);
    expect(a.citations).toHaveLength(0);
    expect(a.answer).toContain(command);
    expect(a.answer).toMatch(/\/policy table/);
  });

  it("a question about what the text requires is still answered from it", async () => {
    const a = await all.ask("浦东要点要求制定什么方案？");
    expect(a.found).toBe(true);
    expect(a.citations.length).toBeGreaterThan(0);
  });
});
