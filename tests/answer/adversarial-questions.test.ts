/**
 * Issue 14, finding 7 (audit): the patterns the engine applies to a question (understand.ts,
 * clean-question.ts, resolve.ts and friends) over 250 KB of each adversarial text — repeated
 * numbering, brackets, Chinese and English cue words, mention markup. The engine reads only the
 * first 2,000 characters, so none can take long.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../src/answer/engine.js";
import { CORPUS, engineOver } from "./engine-helpers.js";

const SIZE = 250_000;
const fill = (unit: string): string => unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);

const UNITS = [
  "第",
  "第1项",
  "第十七项",
  "一、",
  "（",
  "《a",
  "的的的是",
  "由谁牵头",
  "至",
  "第1、",
  "2021年",
  "1-2",
  "<@A|",
  "<at>",
  "@_user_1",
  "/policy ",
  "[1]",
  "http://",
  "measure 1 ",
  "what is the ",
  "ing ",
  "a ",
  " ",
  "\n",
];

let engine: Engine;
beforeAll(async () => {
  engine = await engineOver(CORPUS);
  await engine.ask("第17项由谁牵头？");
});

describe("adversarial 250 KB questions at the engine", () => {
  it.each(UNITS)("answers 250 KB of %j quickly", async (unit) => {
    const started = performance.now();
    const answer = await engine.ask(fill(unit));
    expect(performance.now() - started).toBeLessThan(1500);
    expect(answer.answer.trim()).not.toBe("");
  });
});
