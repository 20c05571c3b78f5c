/**
 * Scoring of a question set (../shared/eval/dev.jsonl): each item names the checks its answer
 * must pass — mentions (all in the answer text), mentionsAny (one of them), cites ([source,
 * number] pairs among the citations), citesAll ([source, [numbers]]: every number cited),
 * citesSource ([source]: some citation from it), refuses (found must be false). An item without
 * `refuses` fails when found is false.
 */
import type { Answer } from "../types.js";
import type { AnswerEngine } from "./engine-interface.js";

export interface EvalItem {
  id: string;
  /** One question, or several turns of one conversation (the last answer is checked). */
  q: string | string[];
  mentions?: string[];
  mentionsAny?: string[];
  cites?: [string, number][];
  citesAll?: [string, number[]];
  citesSource?: string[];
  refuses?: boolean;
}

/** The reasons an answer fails an item (empty when it passes). */
export function checkAnswer(item: EvalItem, a: Answer): string[] {
  const fails: string[] = [];
  if (item.refuses) {
    if (a.found) fails.push("expected found: false");
  } else if (!a.found) fails.push("found: false");
  for (const m of item.mentions ?? []) if (!a.answer.includes(m)) fails.push(`does not mention ${m}`);
  if (item.mentionsAny && !item.mentionsAny.some((m) => a.answer.includes(m))) {
    fails.push(`mentions none of ${item.mentionsAny.join(", ")}`);
  }
  const cited = (source: string, n: number) => a.citations.some((c) => c.source === source && c.number === n);
  for (const [source, n] of item.cites ?? [])
    if (!cited(source, n)) fails.push(`does not cite ${source} #${n}`);
  if (item.citesAll) {
    const [source, numbers] = item.citesAll;
    const missing = numbers.filter((n) => !cited(source, n));
    if (missing.length) fails.push(`does not cite ${source} #${missing.join(", #")}`);
  }
  for (const source of item.citesSource ?? []) {
    if (!a.citations.some((c) => c.source === source)) fails.push(`does not cite ${source}`);
  }
  return fails;
}

/** Parses a JSONL question set; throws with the line number on a malformed line. */
export function parseEvalFile(text: string): EvalItem[] {
  return text
    .split(/\r?\n/)
    .map((line, i) => ({ line: line.trim(), no: i + 1 }))
    .filter((l) => l.line !== "")
    .map(({ line, no }) => {
      try {
        const item = JSON.parse(line) as EvalItem;
        if (typeof item.q !== "string" && !Array.isArray(item.q))
          throw new Error('"q" must be a string or an array');
        return { ...item, id: item.id ?? `line ${no}` };
      } catch (err) {
        throw new Error(`line ${no}: ${(err as Error).message}`);
      }
    });
}

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
