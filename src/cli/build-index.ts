/**
 * npm run index [-- --force] [--json] — builds (or loads) the index of SOURCES_DIR and prints what it
 * holds: a line per document, or with --json one JSON object a line per document (indexed or not).
 */
import "dotenv/config";
import { loadConfig } from "../config.js";
import { buildOrLoadIndex } from "../index/build-index.js";
import { summarizeDocument, summarizeProblem } from "../index/document-summary.js";
import type { PolicyDoc } from "../types.js";
import { progressReporter } from "./progress-bar.js";

/** What the document's measures are: articles of a law, rows of a table, or measures. */
function measureWord(d: PolicyDoc): string {
  return d.measureStyle === "article" ? "articles" : d.measureStyle === "table" ? "table rows" : "measures";
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const built = await buildOrLoadIndex({
    sourcesDir: config.sourcesDir,
    indexDir: config.indexDir,
    force: process.argv.includes("--force"),
    log: (m) => process.stderr.write(`${m}\n`),
    onProgress: progressReporter(process.stderr),
  });
  if (process.argv.includes("--json")) {
    for (const d of built.docs)
      process.stdout.write(`${JSON.stringify(summarizeDocument(d, config.sourcesDir))}\n`);
    for (const p of built.problems)
      process.stdout.write(`${JSON.stringify(summarizeProblem(p, config.sourcesDir))}\n`);
    return;
  }
  for (const d of built.docs) {
    const withLeads = d.measures.filter((m) => m.leads.length > 0).length;
    process.stdout.write(
      `${d.source}: 《${d.title}》 ${d.docNumber ?? "—"}${d.issuer ? ` ${d.issuer}` : ""} — ${d.measures.length} ${measureWord(d)}, ${withLeads} with leads\n`,
    );
  }
  for (const p of built.problems)
    process.stdout.write(`${p.source}: not indexed — ${p.message.replace(/^skipped: /, "")}\n`);
  process.stdout.write(
    `${built.action} ${built.docs.length} documents, ${built.index.size} passages in ${built.ms.toFixed(0)} ms → ${config.indexDir}\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`index: ${(err as Error).message}\n`);
  process.exitCode = 1;
});
