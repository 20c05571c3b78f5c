/** npm run eval [-- FILE.jsonl] — scores a question set; ends with "N passed, M failed". */
import { readFileSync } from "node:fs";
import type { AnswerEngine } from "../answer/engine-interface.js";
import { checkAnswer, type EvalItem, parseEvalFile } from "../answer/eval-checks.js";
import type { Answer } from "../types.js";
import { engineFromEnv } from "./engine-from-env.js";

/** Asks every item (turns of one item share a conversation) and scores the last answer. */
export async function runEval(engine: AnswerEngine, items: EvalItem[]) {
  const results: { item: EvalItem; answer: Answer; fails: string[] }[] = [];
  for (const item of items) {
    const turns = Array.isArray(item.q) ? item.q : [item.q];
    const conversation = `eval-${item.id}`;
    let answer: Answer | undefined;
    for (const q of turns) answer = await engine.ask(q, conversation);
    results.push({ item, answer: answer!, fails: checkAnswer(item, answer!) });
  }
  return results;
}

async function main(): Promise<void> {
  const file = process.argv[2] ?? "../shared/eval/dev.jsonl";
  const items = parseEvalFile(readFileSync(file, "utf8"));
  const engine = await engineFromEnv();
  const results = await runEval(engine, items);
  for (const r of results) {
    const q = Array.isArray(r.item.q) ? r.item.q.join(" → ") : r.item.q;
    process.stdout.write(
      `${r.fails.length ? "FAIL" : "pass"} ${r.item.id} ${q}${r.fails.length ? `\n     ${r.fails.join("; ")}` : ""}\n`,
    );
  }
  const failed = results.filter((r) => r.fails.length).length;
  process.stdout.write(`${results.length - failed} passed, ${failed} failed\n`);
}

main().catch((err) => {
  process.stderr.write(`eval: ${(err as Error).message}\n`);
  process.exitCode = 1;
});
