/** npm run index [-- --force] — builds (or loads) the index of SOURCES_DIR and prints what it holds. */
import "dotenv/config";
import { loadConfig } from "../config.js";
import { buildOrLoadIndex } from "../index/build-index.js";
import { progressReporter } from "./progress-bar.js";

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const built = await buildOrLoadIndex({
    sourcesDir: config.sourcesDir,
    indexDir: config.indexDir,
    force: process.argv.includes("--force"),
    log: (m) => process.stderr.write(`${m}\n`),
    onProgress: progressReporter(process.stderr),
  });
  for (const d of built.docs) {
    const withLeads = d.measures.filter((m) => m.leads.length > 0).length;
    process.stdout.write(
      `${d.source}: 《${d.title}》 ${d.docNumber ?? "—"} — ${d.measures.length} measures, ${withLeads} with leads\n`,
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
