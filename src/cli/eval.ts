/** npm run eval [-- FILE.jsonl] — scores a question set; ends with "N passed, M failed". */
import { readFileSync } from "node:fs";
import { parseEvalFile, runEval } from "../answer/eval-checks.js";
import { engineFromEnv } from "./engine-from-env.js";

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
