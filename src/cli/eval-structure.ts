/**
 * npm run eval:structure [-- --split tune|holdout] [--verbose] [DIR]
 * Structures every document of the wild collection (DIR, default tests/fixtures/wild) and compares
 * it with its gold: per document and in total — title, 文号, issuer, dates, measure count and
 * numbers, leads precision and recall; ends with "N passed, M failed".
 */
import { type DocResult, report } from "./structure-gold.js";
import { evalDocument, loadGold } from "./wild-collection.js";

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const splitAt = args.indexOf("--split");
  const split = splitAt >= 0 ? args[splitAt + 1] : undefined;
  const dir =
    args.find((a, i) => !a.startsWith("--") && (splitAt < 0 || i !== splitAt + 1)) ?? "tests/fixtures/wild";
  const golds = loadGold(dir).filter((g) => !split || g.split === split);
  const results: DocResult[] = [];
  for (const g of golds) results.push(await evalDocument(dir, g));
  process.stdout.write(`${report(results, args.includes("--verbose")).join("\n")}\n`);
}

main().catch((err) => {
  process.stderr.write(`eval:structure: ${(err as Error).message}\n`);
  process.exitCode = 1;
});
