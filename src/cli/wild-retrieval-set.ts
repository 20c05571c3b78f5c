/**
 * npm run wild:retrieval-set [DIR] — writes DIR/retrieval-set.jsonl (default tests/fixtures/wild)
 * from the gold files' questions that cite a numbered article or item: a labelled retrieval set in
 * the format of tests/fixtures/retrieval-set.jsonl, written over documents the search was not tuned
 * on. Run the comparison with
 *   SOURCES_DIR=tests/fixtures/wild/docs npm run bench -- --retrieval-set tests/fixtures/wild/retrieval-set.jsonl --skip-scale --skip-load
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadGold } from "./wild-collection.js";

interface GoldQuestion {
  q: string;
  cites?: unknown[];
}

/** "zh" unless most of the question's letters are Latin. */
function languageOf(q: string): "zh" | "en" {
  const latin = (q.match(/[A-Za-z]/g) ?? []).length;
  const han = (q.match(/[\u4e00-\u9fff]/g) ?? []).length;
  return latin > han * 2 ? "en" : "zh";
}

/** One JSONL line per question citing at least one [file, number ≥ 1]. */
export function retrievalLines(golds: { source: string; questions?: unknown[] }[]): string[] {
  const lines: string[] = [];
  for (const g of golds) {
    for (const raw of (g.questions ?? []) as GoldQuestion[]) {
      const gold = (raw.cites ?? []).filter(
        (c): c is [string, number] =>
          Array.isArray(c) && typeof c[0] === "string" && Number.isInteger(c[1]) && c[1] >= 1,
      );
      if (gold.length === 0) continue;
      const id = `w${String(lines.length + 1).padStart(3, "0")}`;
      lines.push(JSON.stringify({ id, lang: languageOf(raw.q), q: raw.q, gold }));
    }
  }
  return lines;
}

const dir = process.argv[2] ?? "tests/fixtures/wild";
const lines = retrievalLines(loadGold(dir));
writeFileSync(join(dir, "retrieval-set.jsonl"), `${lines.join("\n")}\n`);
process.stdout.write(`wrote ${join(dir, "retrieval-set.jsonl")}: ${lines.length} questions\n`);
