/**
 * npm run ask -- "第17项措施由谁牵头?"          human-readable answer
 * npm run ask -- --json "who leads measure 17"   one Answer as JSON
 * npm run ask -- --jsonl < questions.jsonl       {"conversation"?, "question"} per line → one Answer per line
 * npm run ask -- --explain "那大连呢?"            how the question is read (intent, documents and their
 *                                                evidence, numbers, names, topic, value type), then the answer
 */
import { createInterface } from "node:readline";
import { enginesFromEnv } from "./engine-from-env.js";
import { formatAnswer } from "./format.js";

const OPTIONS = ["--json", "--jsonl", "--explain"];

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const json = args.includes("--json");
  const jsonl = args.includes("--jsonl");
  const explain = args.includes("--explain");
  const unknown = args.filter((a) => a.startsWith("--") && !OPTIONS.includes(a));
  const question = args
    .filter((a) => !OPTIONS.includes(a))
    .join(" ")
    .trim();
  if (unknown.length > 0 || (!jsonl && question === "")) {
    if (unknown.length > 0) process.stderr.write(`unknown option: ${unknown.join(" ")}\n`);
    process.stderr.write(
      'usage: npm run ask -- [--json] [--explain] "question" | npm run ask -- --jsonl < questions.jsonl\n',
    );
    return 2;
  }
  const { base, engine } = await enginesFromEnv();
  if (!jsonl) {
    if (explain) {
      const read = await base.explain(question, "cli");
      process.stdout.write(`${JSON.stringify(read, null, 2)}\n\n`);
    }
    const answer = await engine.ask(question, "cli");
    process.stdout.write(`${json ? JSON.stringify(answer, null, 2) : formatAnswer(answer)}\n`);
    return 0;
  }
  let lineNo = 0;
  let bad = 0;
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY })) {
    lineNo++;
    if (line.trim() === "") continue;
    let item: { question?: unknown; conversation?: unknown };
    try {
      item = JSON.parse(line);
    } catch {
      process.stderr.write(`line ${lineNo}: not JSON, skipped\n`);
      bad++;
      continue;
    }
    if (typeof item.question !== "string" || item.question.trim() === "") {
      process.stderr.write(`line ${lineNo}: "question" must be a non-empty string, skipped\n`);
      bad++;
      continue;
    }
    const conversation =
      typeof item.conversation === "string" || typeof item.conversation === "number"
        ? String(item.conversation)
        : undefined;
    process.stdout.write(`${JSON.stringify(await engine.ask(item.question, conversation))}\n`);
  }
  return bad > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`policybot: ${(err as Error).message}\n`);
    process.exitCode = 1;
  },
);
