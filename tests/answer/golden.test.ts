/**
 * Golden questions, one per line of the .jsonl files beside this test: other phrasings, other
 * measures, both languages, follow-ups and refusals, over the corpus and over the more-sources
 * documents (read in place). Each line says what the answer must mention and cite.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import type { Engine } from "../../src/answer/engine.js";
import { parseEvalFile, runEval } from "../../src/answer/eval-checks.js";
import { CORPUS, combinedSources, engineOver } from "./engine-helpers.js";

const load = (name: string) => parseEvalFile(readFileSync(new URL(name, import.meta.url), "utf8"));

let corpus: Engine;
let all: Engine;
beforeAll(async () => {
  corpus = await engineOver(CORPUS);
  all = await engineOver(combinedSources());
});

describe("golden questions", () => {
  it("over the corpus", async () => {
    // Documents held only beside the corpus (the Beidou plan, the medical-devices plan) are refused here.
    const results = await runEval(corpus, [
      ...load("golden-corpus.jsonl"),
      ...load("golden-corpus-only.jsonl"),
    ]);
    expect(results.filter((r) => r.fails.length).map((r) => `${r.item.id}: ${r.fails.join("; ")}`)).toEqual(
      [],
    );
  });

  it("over the corpus and the more-sources documents", async () => {
    const results = await runEval(all, [
      ...load("golden-more-sources.jsonl"),
      ...load("golden-corpus.jsonl"),
    ]);
    expect(results.filter((r) => r.fails.length).map((r) => `${r.item.id}: ${r.fails.join("; ")}`)).toEqual(
      [],
    );
  });
});
