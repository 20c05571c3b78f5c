/**
 * The scale run: the real documents plus N generated ones (generate-corpus.ts) in a temporary
 * folder, a forced build with progress, the index size on disk, then questions over the grown
 * corpus. Run by bench.ts in a child process of its own, so that its peak RSS is its own:
 *
 *   tsx bench/scale.ts --docs 10000 [--sources DIR]   → one JSON line (ScaleFigures) on stdout
 */
import { copyFileSync, linkSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Engine } from "../src/answer/engine.js";
import { KnowledgeBase } from "../src/answer/knowledge.js";
import { progressReporter } from "../src/cli/progress-bar.js";
import { buildOrLoadIndex } from "../src/index/build-index.js";
import { readSources } from "../src/ingest/read-sources.js";
import { structureDocument } from "../src/structure/structure.js";
import type { PolicyDoc } from "../src/types.js";
import { generateDocuments, measureMaterial, writeCorpus } from "./generate-corpus.js";
import { percentile, round } from "./metrics.js";

export interface ScaleFigures {
  documents: number;
  passages: number;
  build_ms: number;
  /** CPU time of the build (user + system), seconds: on a shared machine, wall time is not all ours. */
  build_cpu_s: number;
  index_mb: number;
  peak_rss_mb: number;
  answers: number;
  answer_p50_ms: number;
  answer_p95_ms: number;
}

/** Total size of the files under `dir`, in bytes. */
export function folderBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) total += folderBytes(p);
    else if (e.isFile()) total += statSync(p).size;
  }
  return total;
}

/**
 * Questions a user would ask of a grown corpus, in a fixed order: for evenly spaced generated
 * documents, who leads a measure of that document (named by its title), what a named lead is
 * responsible for, a summary of a measure, and the measure a topic is about.
 */
export function scaleQuestions(docs: readonly PolicyDoc[], count: number): string[] {
  const generated = docs.filter((d) => d.source.startsWith("gen-") && d.measures.length > 0);
  const out: string[] = [];
  const step = Math.max(1, Math.floor(generated.length / Math.max(1, count)));
  for (let i = 0; i < generated.length && out.length < count * 4; i += step) {
    const d = generated[i]!;
    const m = d.measures[(i * 7) % d.measures.length]!;
    out.push(`《${d.title}》第${m.number}项由谁负责?`);
    const lead = m.leads[0];
    if (lead) out.push(`${d.title}中${lead.name}负责哪些工作?`);
    out.push(`总结一下《${d.title}》第${m.number}项`);
    out.push(`${m.title.slice(0, 12)}是谁负责?`);
  }
  return out;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const arg = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const n = Number(arg("--docs") ?? 500);
  if (!(Number.isInteger(n) && n >= 1))
    throw new Error(`--docs must be a whole number ≥ 1, got ${arg("--docs")}`);
  const realDirs = (arg("--sources") ?? "index-data/sources").split(",").map((d) => resolve(d));
  const material = [
    ...new Map(
      (await Promise.all(realDirs.map(async (d) => (await readSources(d)).sources)))
        .flat()
        .map((s) => [s.source, s]),
    ).values(),
  ];
  const work = mkdtempSync(join(tmpdir(), "policybot-scale-"));
  const log = (m: string) => process.stderr.write(`${m}\n`);
  try {
    const sourcesDir = join(work, "sources");
    const t0 = performance.now();
    writeCorpus(
      sourcesDir,
      generateDocuments(measureMaterial(material.map(structureDocument), material), { count: n }),
    );
    // The real documents too (hard-linked, not copied, where the file system allows: the sources
    // folder never follows symbolic links), so that their questions still have answers.
    for (const dir of realDirs.slice(0, 1)) {
      for (const f of readdirSync(dir)) {
        try {
          linkSync(join(dir, f), join(sourcesDir, f));
        } catch {
          copyFileSync(join(dir, f), join(sourcesDir, f));
        }
      }
    }
    log(`scale: wrote ${n} generated documents in ${Math.round(performance.now() - t0)} ms`);
    const indexDir = join(work, "index");
    const cpu0 = process.cpuUsage();
    const bar = progressReporter(process.stderr);
    const built = await buildOrLoadIndex({
      sourcesDir,
      indexDir,
      force: true,
      log,
      onProgress: (p) => {
        if (p.done === 0) {
          const m = process.memoryUsage();
          log(
            `scale: ${p.stage} starts — RSS ${Math.round(m.rss / 2 ** 20)} MB, heap ${Math.round(m.heapUsed / 2 ** 20)} MB, outside the heap ${Math.round((m.external + m.arrayBuffers) / 2 ** 20)} MB`,
          );
        }
        bar(p);
      },
    });
    if (built.saveError) throw new Error(`the index could not be saved: ${built.saveError}`);
    const buildMs = built.ms;
    const cpu = process.cpuUsage(cpu0);
    const indexBytes = folderBytes(indexDir);
    log(
      `scale: built ${built.docs.length} documents, ${built.index.size} passages in ${Math.round(buildMs)} ms`,
    );

    const engine = new Engine(new KnowledgeBase(built.docs, built.sources, built.index));
    const questions = scaleQuestions(built.docs, 50);
    for (const q of questions.slice(0, 20)) await engine.ask(q); // warm-up
    const latencies: number[] = [];
    for (const q of questions) {
      const s = performance.now();
      await engine.ask(q);
      latencies.push(performance.now() - s);
    }
    const figures: ScaleFigures = {
      documents: built.docs.length,
      passages: built.index.size,
      build_ms: Math.round(buildMs),
      build_cpu_s: round((cpu.user + cpu.system) / 1e6, 1),
      index_mb: round(indexBytes / 1024 / 1024, 1),
      peak_rss_mb: round(process.resourceUsage().maxRSS / 1024, 1),
      answers: latencies.length,
      answer_p50_ms: round(percentile(latencies, 50), 2),
      answer_p95_ms: round(percentile(latencies, 95), 2),
    };
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]).endsWith(join("bench", "scale.ts"))) {
  main().catch((err) => {
    process.stderr.write(`scale: ${(err as Error).stack ?? (err as Error).message}\n`);
    process.exitCode = 1;
  });
}
