import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../src/answer/engine.js";
import { parseEvalFile, runEval } from "../../src/answer/eval-checks.js";
import type { Answer } from "../../src/types.js";
import { CORPUS, combinedSources, DEV_SET, engineOver } from "./engine-helpers.js";

let corpus: Engine;
let all: Engine;

beforeAll(async () => {
  corpus = await engineOver(CORPUS);
  all = await engineOver(combinedSources());
});

const PUDONG = "pudong-2021-supervision-work-points.txt";
const DALIAN = "dalian-2017-benchmark-shanghai.txt";
const XIANYANG = "xianyang-2018-reform-implementation-plan.txt";
const BEIDOU = "shanghai-2021-beidou-action-plan.txt";
const BASIC = "shanghai-2025-basic-research-measures.txt";

/** [source, number] pairs an answer cites. */
function cited(a: Answer): string[] {
  return [...new Set(a.citations.filter((c) => c.number).map((c) => `${c.source}#${c.number}`))];
}

function expectVerbatim(engine: Engine, a: Answer) {
  for (const c of a.citations) {
    const text = engine.kb.source(c.source).text;
    expect(c.quote).toBe(text.slice(c.start, c.end));
    expect(c.quote.length).toBeGreaterThan(0);
    expect(a.answer).toContain(`[${c.id}]`);
  }
}

describe("the development question set", () => {
  it("passes at least 19 of 20 with no API key, every quote verbatim", async () => {
    const items = parseEvalFile(readFileSync(DEV_SET, "utf8"));
    const results = await runEval(corpus, items);
    const failed = results.filter((r) => r.fails.length > 0);
    expect(failed.map((r) => `${r.item.id}: ${r.fails.join("; ")}`)).toHaveLength(0);
    for (const r of results) expectVerbatim(corpus, r.answer);
  });
});

describe("who leads measure N", () => {
  it("answers from the extracted leads, in the asker's language", async () => {
    const zh = await corpus.ask("大连方案第二项措施由哪个处室负责？");
    expect(zh.language).toBe("zh");
    expect(zh.intent).toBe("lead_of_measure");
    expect(zh.answer).toContain("综合处");
    expect(cited(zh)).toEqual([`${DALIAN}#2`]);

    const en = await corpus.ask("who is in charge of item 13 of the Pudong work points");
    expect(en.language).toBe("en");
    for (const name of ["邱继刚", "花梅", "蔡叶罡", "胡冬吉"]) expect(en.answer).toContain(name);
    expect(en.answer).toContain("分别牵头负责");
    expect(cited(en)).toEqual([`${PUDONG}#13`]);
  });

  it("answers a number without a document for every document that has it", async () => {
    const a = await corpus.ask("第十八项措施由谁牵头？");
    expect(cited(a)).toEqual(expect.arrayContaining([`${DALIAN}#18`, `${PUDONG}#18`, `${XIANYANG}#18`]));
    expect(a.answer).toContain("安全生产考试中心");
    expect(a.answer).toContain("贾德荣");
  });

  it("says plainly when a measure names no lead, and points to the attachment", async () => {
    const a = await corpus.ask("Who leads task 5 of the Xianyang implementation plan?");
    expect(a.found).toBe(true);
    expect(a.answer).toMatch(/does not name/);
    expect(a.answer).toContain("分工方案");
  });

  it("finds the measure from its topic when no number is given", async () => {
    const a = await corpus.ask("大连方案中谁负责烟花爆竹监管和打非工作？");
    expect(a.answer).toContain("危化局综合监管室");
    expect(cited(a)).toEqual([`${DALIAN}#16`]);
  });
});

describe("which measures does X lead", () => {
  it("lists every measure naming the unit exactly (考试中心 is not 安全生产考试中心, only a near-name)", async () => {
    const a = await corpus.ask("考试中心负责哪些措施？");
    expect(cited(a)).toEqual([`${DALIAN}#33`, `${DALIAN}#18`]);
    const [own, near] = a.answer.split("名称相近");
    expect(own).toContain("以下1项措施");
    expect(near).toContain("安全生产考试中心");
    const b = await corpus.ask("安全生产考试中心负责哪些措施？");
    expect(cited(b)).toEqual([`${DALIAN}#18`]);
  });

  it("works in English with the Chinese name verbatim", async () => {
    const a = await corpus.ask("Which measures does 规划科技处 lead?");
    expect(a.language).toBe("en");
    expect(cited(a).sort()).toEqual([19, 20, 21, 22, 23, 24, 34].map((n) => `${DALIAN}#${n}`).sort());
  });

  it("says so for a unit that leads nothing", async () => {
    const a = await corpus.ask("财务处负责哪些工作？");
    expect(a.found).toBe(false);
    expect(a.citations).toHaveLength(0);
  });
});

describe("not in the documents", () => {
  it.each([
    ["大连方案第35项措施由谁负责？", "34"],
    ["浦东工作要点第30项由谁牵头？", "25"],
    ["北京市2020年安全生产工作要点第5项谁负责?", "北京"],
    ["Who leads measure 12 of the Beijing plan?", "北京"],
  ])("%s → found: false", async (q, says) => {
    const a = await corpus.ask(q);
    expect(a.found).toBe(false);
    expect(a.citations).toHaveLength(0);
    expect(a.answer).toContain(says);
  });

  it("refuses questions outside the documents", async () => {
    for (const q of ["今天天气怎么样？", "What is the capital of France?"]) {
      const a = await corpus.ask(q);
      expect(a.found).toBe(false);
      expect(a.intent).toBe("out_of_scope");
    }
  });
});

describe("follow-ups", () => {
  it("keeps the document and the intent of the previous turn", async () => {
    await corpus.ask("浦东第十七项由谁牵头?", "f1");
    const a = await corpus.ask("那第十八项呢?", "f1");
    expect(cited(a)).toEqual([`${PUDONG}#18`]);
    expect(a.intent).toBe("lead_of_measure");
    const b = await corpus.ask("And measure 21?", "f1");
    expect(cited(b)).toEqual([`${PUDONG}#21`]);
  });

  it("resolves 这项工作 to the previous measure", async () => {
    await corpus.ask("大连方案第25项由谁负责？", "f2");
    const a = await corpus.ask("这项工作的主要内容是什么？", "f2");
    expect(a.intent).toBe("summary");
    expect(cited(a)).toEqual([`${DALIAN}#25`]);
  });

  it("keeps conversations apart", async () => {
    await corpus.ask("浦东第十七项由谁牵头?", "f3");
    const a = await corpus.ask("那第十八项呢?", "f4");
    expect(cited(a).length).toBeGreaterThan(1);
  });
});

describe("facts, lists and help", () => {
  it("gives the 文号 with its citation", async () => {
    const a = await corpus.ask("大连方案的文号是什么？");
    expect(a.answer).toContain("大安监人事〔2017〕454号");
    expect(a.citations[0]!.quote).toBe("大安监人事〔2017〕454号");
  });

  it("lists the measures of a document with their leads", async () => {
    // "全部措施" asks for every measure: a digest (tests/answer/drafting.test.ts); "列出…" alone a list.
    const a = await corpus.ask("列出浦东工作要点的全部措施");
    expect(a.intent).toBe("digest");
    expect((await corpus.ask("列出青岛要点")).intent).toBe("list");
    expect(cited(a)).toHaveLength(25);
  });

  it("answers /policy help and /policy sources", async () => {
    expect((await corpus.ask("/policy help")).intent).toBe("help");
    const s = await corpus.ask("/policy sources");
    expect(s.answer).toContain("34");
    expect(s.answer).toContain("pudong-2021-supervision-work-points.txt");
  });
});

describe("unseen documents (more-sources, read in place)", () => {
  it("answers who is responsible for measure N", async () => {
    const a = await all.ask("北斗行动计划第8项由哪些部门牵头？");
    for (const u of ["市交通委", "市水务局", "市经济信息化委"]) expect(a.answer).toContain(u);
    expect(cited(a)).toEqual([`${BEIDOU}#8`]);
    expectVerbatim(all, a);
  });

  it("answers which measures 市科委 leads, across documents", async () => {
    const a = await all.ask("市科委负责哪些措施？");
    expect(cited(a)).toEqual(expect.arrayContaining([`${BASIC}#1`, `${BASIC}#2`, `${BEIDOU}#1`]));
    expect(cited(a)).not.toContain("shanghai-2025-medical-devices-action-plan.txt#11");
    expectVerbatim(all, a);
  });

  it("answers 文号, dates and figures", async () => {
    const n = await all.ask("科技服务业若干意见的文号是什么？");
    expect(n.answer).toContain("沪府办发〔2025〕11号");
    const d = await all.ask("基础研究若干措施什么时候开始施行？");
    expect(d.answer).toContain("2025年8月1日");
    const f = await all.ask("上海列入取消和调整行政审批事项目录的审改措施有多少项?");
    expect(f.answer).toContain("36");
    for (const a of [n, d, f]) expectVerbatim(all, a);
  });

  it("keeps every quote verbatim over many questions", async () => {
    const qs = [
      "医疗器械行动方案第11项的责任单位是谁？",
      "Summarize measure 4 of the medical devices action plan",
      "which measures does 市经济信息化委 lead in the Beidou plan?",
      "总结一下科技服务业意见第(三)项",
      "列出基础研究若干措施",
      "第17项措施由谁牵头?",
    ];
    for (const q of qs) {
      const a = await all.ask(q);
      expect(a.found, q).toBe(true);
      expectVerbatim(all, a);
    }
  });
});

describe("/policy use <document>", () => {
  it("scopes a channel to one document until /policy use all, and only that channel", async () => {
    const set = await corpus.ask("/policy use 浦东", "web:w:room1:thread:a");
    expect(set.found).toBe(true);
    const scoped = await corpus.ask("第17项措施由谁牵头?", "web:w:room1:thread:b");
    expect(cited(scoped)).toEqual([`${PUDONG}#17`]);
    const elsewhere = await corpus.ask("第17项措施由谁牵头?", "web:w:room2:thread:c");
    expect(cited(elsewhere).length).toBeGreaterThan(1);
    const named = await corpus.ask("大连方案第17项措施由谁牵头?", "web:w:room1:thread:d");
    expect(cited(named)).toEqual([`${DALIAN}#17`]);
    await corpus.ask("/policy use all", "web:w:room1:thread:e");
    const cleared = await corpus.ask("第17项措施由谁牵头?", "web:w:room1:thread:f");
    expect(cited(cleared).length).toBeGreaterThan(1);
  });

  it("asks for a clearer name when several documents match, and a channel without an id", async () => {
    expect((await corpus.ask("/policy use 方案", "web:w:room3:thread:a")).found).toBe(false);
    expect((await corpus.ask("/policy use 浦东")).found).toBe(false);
    expect((await corpus.ask("Use of funds?", "web:w:room4:thread:a")).intent).not.toBe("sources");
  });
});
