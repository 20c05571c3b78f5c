/**
 * npm run bench [-- DEV.jsonl] — measures the policybot engine and writes bench/out/report.json
 * and bench/out/report.html (see DESIGN.md, "The benchmark report"):
 * - build: a forced full build of index-data/sources into a temporary index folder;
 * - answers: every dev question (../shared/eval/dev.jsonl by default) asked 20 times over;
 * - retrieval: recall@1, recall@5 and MRR of the hybrid search over a labelled set generated
 *   from the measure titles (see retrieval-set.ts), with latency and queries per second.
 * The comparison engines (orama, minisearch) and the "scale" and "load" sections come later.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createEngine } from "../src/answer/engine.js";
import { type EvalItem, parseEvalFile } from "../src/answer/eval-checks.js";
import { chineseTermsFor } from "../src/answer/glossary.js";
import { buildOrLoadIndex } from "../src/index/build-index.js";
import type { SearchIndex } from "../src/index/search-index.js";
import { devQueries, type LabelledQuery, titleQueries } from "./retrieval-set.js";

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH_DIR, "..");
const SOURCES_DIR = join(ROOT, "index-data", "sources");
const OUT_DIR = join(BENCH_DIR, "out");
const DEV_FILE = process.argv[2] ?? "../shared/eval/dev.jsonl";

/** Times every dev question is asked (after one warm-up pass). */
const ANSWER_ROUNDS = 20;
/** Passes over the retrieval set for the latency figures (after one warm-up pass). */
const RETRIEVAL_ROUNDS = 10;
/** Size of the title part of the retrieval set. */
const TITLE_QUERIES = 40;
/** Hits asked of the search. */
const K = 5;
/** Aims printed next to the figures. */
const AIM = { answerP95Ms: 20, buildMs: 2000 };

interface RetrievalFigures {
  "recall@1": number;
  "recall@5": number;
  mrr: number;
  p50_ms: number;
  p95_ms: number;
  qps: number;
}

interface Report {
  retrieval: { questions: number; engines: { policybot: RetrievalFigures } };
  answers: { p50_ms: number; p95_ms: number };
  build: { documents: number; ms: number; peak_rss_mb: number };
}

/** Nearest-rank percentile of `values` (0 for none). */
function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

function say(line = ""): void {
  process.stdout.write(`${line}\n`);
}

function aim(ok: boolean, text: string): string {
  return `(aim ${text}: ${ok ? "met" : "NOT met"})`;
}

/** The dev items, or [] with a note when the file is missing or malformed. */
function loadDevItems(file: string): EvalItem[] {
  if (!existsSync(file)) {
    say(`note: ${file} not found; the dev questions are skipped`);
    return [];
  }
  try {
    return parseEvalFile(readFileSync(file, "utf8"));
  } catch (err) {
    say(`note: ${file} could not be read (${(err as Error).message}); the dev questions are skipped`);
    return [];
  }
}

/** 1-based rank of the first hit on one of the query's targets, or null. */
async function rankOf(index: SearchIndex, q: LabelledQuery): Promise<number | null> {
  const hits = await index.search(q.query, { k: K, extraTerms: chineseTermsFor(q.query) });
  const i = hits.findIndex((h) =>
    q.targets.some((t) => t.source === h.passage.source && t.number === h.passage.measure),
  );
  return i < 0 ? null : i + 1;
}

async function benchRetrieval(
  index: SearchIndex,
  set: readonly LabelledQuery[],
): Promise<{ figures: RetrievalFigures; misses: LabelledQuery[]; byOrigin: string[] }> {
  const ranks = await Promise.all(set.map((q) => rankOf(index, q)));
  const n = Math.max(1, set.length);
  const recall = (k: number) => ranks.filter((r) => r !== null && r <= k).length / n;
  const mrr = ranks.reduce<number>((sum, r) => sum + (r === null ? 0 : 1 / r), 0) / n;
  const misses = set.filter((_, i) => ranks[i] === null);
  const byOrigin = (["title", "dev"] as const).map((origin) => {
    const mine = ranks.filter((_, i) => set[i]!.origin === origin);
    const at = (k: number) => mine.filter((r) => r !== null && r <= k).length;
    return `${origin}: ${at(1)}/${mine.length} at rank 1, ${at(K)}/${mine.length} in the top ${K}`;
  });

  for (const q of set) await index.search(q.query, { k: K, extraTerms: chineseTermsFor(q.query) }); // warm-up
  const latencies: number[] = [];
  const t0 = performance.now();
  for (let round = 0; round < RETRIEVAL_ROUNDS; round++) {
    for (const q of set) {
      const s = performance.now();
      await index.search(q.query, { k: K, extraTerms: chineseTermsFor(q.query) });
      latencies.push(performance.now() - s);
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  return {
    figures: {
      "recall@1": round(recall(1), 3),
      "recall@5": round(recall(5), 3),
      mrr: round(mrr, 3),
      p50_ms: round(percentile(latencies, 50), 3),
      p95_ms: round(percentile(latencies, 95), 3),
      qps: Math.round(latencies.length / Math.max(seconds, 1e-9)),
    },
    misses,
    byOrigin,
  };
}

async function benchAnswers(
  engine: { ask(question: string, conversation?: string): Promise<unknown> },
  items: readonly EvalItem[],
): Promise<{ p50_ms: number; p95_ms: number; answers: number }> {
  const turnsOf = (item: EvalItem) => (Array.isArray(item.q) ? item.q : [item.q]);
  // Each pass has conversations of its own, so that follow-ups never see an earlier pass.
  const pass = async (tag: string, latencies: number[] | null) => {
    for (const item of items) {
      const conversation = `bench-${tag}-${item.id}`;
      for (const q of turnsOf(item)) {
        const s = performance.now();
        await engine.ask(q, conversation);
        latencies?.push(performance.now() - s);
      }
    }
  };
  await pass("warmup", null);
  const latencies: number[] = [];
  for (let round = 0; round < ANSWER_ROUNDS; round++) await pass(String(round), latencies);
  return {
    p50_ms: round(percentile(latencies, 50), 3),
    p95_ms: round(percentile(latencies, 95), 3),
    answers: latencies.length,
  };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A horizontal bar chart as inline SVG; `limit` draws a dashed line (an aim). */
function barChart(
  title: string,
  bars: { label: string; value: number }[],
  unit: string,
  opts: { max?: number; limit?: number } = {},
): string {
  const labelW = 150;
  const barW = 380;
  const rowH = 26;
  const top = 28;
  const max = Math.max(opts.max ?? 0, opts.limit ?? 0, ...bars.map((b) => b.value), 1e-9);
  const h = top + bars.length * rowH + 10;
  const w = labelW + barW + 110;
  const rows = bars
    .map((b, i) => {
      const y = top + i * rowH;
      const len = Math.max(1, (b.value / max) * barW);
      const over = opts.limit !== undefined && b.value > opts.limit;
      return (
        `<text x="${labelW - 8}" y="${y + 15}" text-anchor="end">${escapeHtml(b.label)}</text>` +
        `<rect x="${labelW}" y="${y + 3}" width="${len.toFixed(1)}" height="17" fill="${over ? "#c0392b" : "#2e86c1"}"/>` +
        `<text x="${(labelW + len + 6).toFixed(1)}" y="${y + 15}">${escapeHtml(`${b.value}${unit}`)}</text>`
      );
    })
    .join("");
  const limit =
    opts.limit === undefined
      ? ""
      : (() => {
          const x = (labelW + (opts.limit / max) * barW).toFixed(1);
          return (
            `<line x1="${x}" y1="${top - 4}" x2="${x}" y2="${h - 6}" stroke="#555" stroke-dasharray="4 3"/>` +
            `<text x="${x}" y="${top - 8}" text-anchor="middle" font-size="11">aim ${opts.limit}${escapeHtml(unit)}</text>`
          );
        })();
  return (
    `<figure><figcaption>${escapeHtml(title)}</figcaption>` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif" font-size="13">` +
    `${rows}${limit}</svg></figure>`
  );
}

function reportHtml(report: Report, when: string): string {
  const r = report.retrieval.engines.policybot;
  const table = (rows: [string, string | number][]) =>
    `<table>${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(String(v))}</td></tr>`).join("")}</table>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>policybot benchmark</title>
<style>
body{font-family:sans-serif;max-width:760px;margin:2em auto;color:#222}
table{border-collapse:collapse;margin:.5em 0 1em}th,td{border:1px solid #ccc;padding:3px 10px;text-align:left}
th{background:#f4f4f4;font-weight:normal}figure{margin:1em 0}figcaption{font-weight:bold;margin-bottom:4px}
.note{color:#666;font-size:.9em}
</style></head><body>
<h1>policybot benchmark</h1>
<p class="note">${escapeHtml(when)} — Node ${escapeHtml(process.version)}. Comparison engines (orama, minisearch) and the scale and load sections come in a later milestone.</p>
<h2>Retrieval (${report.retrieval.questions} labelled questions, hybrid search, k = ${K})</h2>
${table([
  ["recall@1", r["recall@1"]],
  ["recall@5", r["recall@5"]],
  ["MRR", r.mrr],
  ["p50 (ms)", r.p50_ms],
  ["p95 (ms)", r.p95_ms],
  ["queries per second", r.qps],
])}
${barChart(
  "Quality",
  [
    { label: "recall@1", value: r["recall@1"] },
    { label: "recall@5", value: r["recall@5"] },
    { label: "MRR", value: r.mrr },
  ],
  "",
  { max: 1 },
)}
${barChart(
  "Search latency",
  [
    { label: "p50", value: r.p50_ms },
    { label: "p95", value: r.p95_ms },
  ],
  " ms",
)}
<h2>Answers</h2>
${table([
  ["p50 (ms)", report.answers.p50_ms],
  ["p95 (ms)", report.answers.p95_ms],
])}
${barChart(
  "Answer latency",
  [
    { label: "p50", value: report.answers.p50_ms },
    { label: "p95", value: report.answers.p95_ms },
  ],
  " ms",
  { limit: AIM.answerP95Ms },
)}
<h2>Build</h2>
${table([
  ["documents", report.build.documents],
  ["forced full build (ms)", report.build.ms],
  ["peak RSS (MB)", report.build.peak_rss_mb],
])}
${barChart("Forced full build", [{ label: "build", value: report.build.ms }], " ms", { limit: AIM.buildMs })}
</body></html>
`;
}

async function main(): Promise<void> {
  const started = performance.now();
  const log = (m: string) => process.stderr.write(`${m}\n`);
  const indexDir = mkdtempSync(join(tmpdir(), "policybot-bench-"));
  try {
    // Build: forced, from scratch, into a temporary folder.
    const built = await buildOrLoadIndex({ sourcesDir: SOURCES_DIR, indexDir, force: true, log });
    if (built.saveError) throw new Error(`the index could not be saved: ${built.saveError}`);
    const build = {
      documents: built.docs.length,
      ms: Math.round(built.ms),
      peak_rss_mb: round(peakRssMb(), 1),
    };
    say(`policybot benchmark — ${built.docs.length} documents, ${built.index.size} passages`);
    say();
    say("Build (forced, full)");
    say(`  ${build.ms} ms ${aim(build.ms < AIM.buildMs, `< ${AIM.buildMs} ms`)}`);
    say(`  peak RSS ${build.peak_rss_mb} MB`);

    // The engine over the index just built (it loads it).
    const engine = await createEngine({ sourcesDir: SOURCES_DIR, indexDir, log });
    say(`  engine: index ${engine.built.action} in ${Math.round(engine.built.ms)} ms`);

    const devItems = loadDevItems(DEV_FILE);

    // Retrieval.
    const titles = titleQueries(engine.built.docs, TITLE_QUERIES);
    const dev = devQueries(devItems);
    const set = [...titles, ...dev.queries];
    const retrieval = await benchRetrieval(engine.built.index, set);
    const r = retrieval.figures;
    say();
    say(
      `Retrieval — ${set.length} labelled questions (${titles.length} from measure titles, ${dev.queries.length} from dev items with cites)`,
    );
    if (dev.skippedMultiTurn > 0)
      say(`  (${dev.skippedMultiTurn} multi-turn dev item(s) with cites left out)`);
    say(`  ${retrieval.byOrigin.join("; ")}`);
    say(`  recall@1 ${r["recall@1"]}   recall@5 ${r["recall@5"]}   MRR ${r.mrr}`);
    say(`  latency p50 ${r.p50_ms} ms   p95 ${r.p95_ms} ms   ${r.qps} queries/s (k = ${K}, hybrid)`);
    if (retrieval.misses.length > 0) {
      say(`  not in the top ${K}:`);
      for (const q of retrieval.misses) say(`    ${q.id}  ${q.query}`);
    }

    // Answers.
    say();
    let answers = { p50_ms: 0, p95_ms: 0 };
    if (devItems.length === 0) {
      say("Answers — skipped (no dev questions)");
    } else {
      const a = await benchAnswers(engine, devItems);
      answers = { p50_ms: a.p50_ms, p95_ms: a.p95_ms };
      say(`Answers — ${devItems.length} dev items × ${ANSWER_ROUNDS} rounds = ${a.answers} answers`);
      say(
        `  p50 ${a.p50_ms} ms   p95 ${a.p95_ms} ms ${aim(a.p95_ms < AIM.answerP95Ms, `p95 < ${AIM.answerP95Ms} ms`)}`,
      );
    }

    const report: Report = {
      retrieval: { questions: set.length, engines: { policybot: r } },
      answers,
      build,
    };
    mkdirSync(OUT_DIR, { recursive: true });
    writeFileSync(join(OUT_DIR, "report.json"), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(join(OUT_DIR, "report.html"), reportHtml(report, new Date().toISOString()));

    say();
    say("Not measured yet: orama and minisearch comparisons, scale and load (a later milestone).");
    say(`Peak memory: ${round(peakRssMb(), 1)} MB RSS`);
    say(
      `Total ${((performance.now() - started) / 1000).toFixed(1)} s — wrote bench/out/report.json, report.html`,
    );
  } finally {
    rmSync(indexDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`bench: ${(err as Error).stack ?? (err as Error).message}\n`);
  process.exitCode = 1;
});
