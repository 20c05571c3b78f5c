/** Bad or odd input never crashes the engine, and every citation stays verbatim. */
import { beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../src/answer/engine.js";
import { CORPUS, engineOver } from "./engine-helpers.js";

const PIECES = [
  "第",
  "项",
  "(十七)",
  "谁",
  "牵头",
  "who",
  "measure",
  "17",
  "《",
  "》",
  "大连",
  "浦东",
  "Beijing",
  "北京",
  "?",
  "？",
  "那",
  "呢",
  "花梅",
  "办公室",
  "总结",
  "列出",
  "文号",
  "\u0000",
  "🙂",
  "<script>",
  "'; DROP TABLE",
  "\n",
  " ",
  "第999999项",
  "measure -1",
  "第零项",
  "(",
  ")",
  "考试中心",
  "summarize",
  "list",
  "/policy",
  "help",
  "。",
  "、",
  "１７",
  "\uD800",
  "x".repeat(3000),
];

let engine: Engine;
beforeAll(async () => {
  engine = await engineOver(CORPUS);
});

describe("robustness", () => {
  it("answers 400 random questions without throwing, with verbatim citations", async () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let i = 0; i < 400; i++) {
      let q = "";
      for (let j = 1 + Math.floor(rand() * 7); j > 0; j--) q += PIECES[Math.floor(rand() * PIECES.length)];
      const a = await engine.ask(q, `c${i % 5}`);
      expect(a.answer.length, q).toBeGreaterThan(0);
      for (const c of a.citations)
        expect(c.quote).toBe(engine.kb.source(c.source).text.slice(c.start, c.end));
    }
  });

  it("treats a non-string question as empty", async () => {
    const a = await engine.ask(undefined as unknown as string);
    expect(a.intent).toBe("help");
  });
});
