import { beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../src/answer/engine.js";
import type { Answer } from "../../src/types.js";
import { CORPUS, engineOver } from "./engine-helpers.js";

let corpus: Engine;
beforeAll(async () => {
  corpus = await engineOver(CORPUS);
});

const PUDONG = "pudong-2021-supervision-work-points.txt";
const DALIAN = "dalian-2017-benchmark-shanghai.txt";

const cited = (a: Answer) => [...new Set(a.citations.map((c) => `${c.source}#${c.number ?? "-"}`))];
const sources = (a: Answer) => [...new Set(a.citations.map((c) => c.source))];

/** Asks the questions in one new conversation and returns the last answer. */
let n = 0;
async function conversation(...questions: string[]): Promise<Answer> {
  const id = `web:follow-${n++}`;
  let last: Answer | undefined;
  for (const q of questions) last = await corpus.ask(q, id);
  return last!;
}

describe("a follow-up that names only another document asks the previous question of it", () => {
  it("那大连呢？ after a Pudong measure's summary summarises Dalian's measure of that number", async () => {
    const a = await conversation("总结一下浦东第十九项措施", "那大连呢？");
    expect(a.intent).toBe("summary");
    expect(cited(a)).toContain(`${DALIAN}#19`);
    expect(sources(a)).toEqual([DALIAN]);
  });

  it("What about Dalian? after a 文号 question gives Dalian's 文号", async () => {
    const a = await conversation("浦东要点的文号是什么？", "What about Dalian?");
    expect(a.answer).toContain("大安监人事〔2017〕454号");
    expect(a.answer).not.toContain("浦应急〔2021〕39号");
  });

  it("says so when the other document lacks the measure", async () => {
    const a = await conversation("总结一下浦东第十九项措施", "那青岛呢？");
    expect(a.found).toBe(false);
    expect(a.answer).toMatch(/青岛.*10项.*没有第19项/);
  });
});

describe("a number the previous document lacks, or that others also have", () => {
  it("第三十四项 after a Pudong question says Pudong has 25 and answers from Dalian's 34", async () => {
    const a = await conversation("花梅同志牵头负责哪些工作?", "第三十四项");
    expect(a.found).toBe(true);
    expect(a.answer).toMatch(/25项措施，没有第34项/);
    expect(cited(a)).toContain(`${DALIAN}#34`);
  });

  it("17条谁负责 in a Pudong conversation answers Pudong and names the others that have a 17", async () => {
    const a = await conversation("浦东第3项谁负责", "17条谁负责");
    expect(cited(a)).toEqual([`${PUDONG}#17`]);
    expect(a.answer).toMatch(/按上一问的《浦东[^》]+》回答；《大连[^》]+》、《咸阳[^》]+》也有第17项/);
  });

  it("a number the previous document has and no other keeps it without a note", async () => {
    const a = await conversation("大连方案第3项谁负责", "那第30项呢？");
    expect(cited(a)).toEqual([`${DALIAN}#30`]);
    expect(a.answer).not.toContain("按上一问");
  });
});

describe("a request about a whole document right after a question about one", () => {
  it("列出全部措施 after a Dalian question lists Dalian's measures and says which document", async () => {
    const a = await conversation("大连方案第3项谁负责", "列出全部措施");
    expect(a.found).toBe(true);
    expect(sources(a)).toEqual([DALIAN]);
    expect(a.answer).toContain("按上一问的《大连");
  });

  it("still asks which document at the start of a conversation", async () => {
    const a = await conversation("列出全部措施");
    expect(a.found).toBe(false);
    expect(a.answer).toContain("请说明是哪份文件");
  });
});
