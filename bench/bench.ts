/**
 * npm run bench [-- options] — the benchmark report (DESIGN.md, "The benchmark report"): printed,
 * and written to bench/out/report.json and bench/out/report.html.
 *
 *   --dev FILE          dev questions (default ../shared/eval/dev.jsonl)
 *   --scale N           documents of the scale run (default 10000)
 *   --skip-scale        no scale run
 *   --skip-load         no service load run
 *   --load-seconds S    load duration (default 30)
 *   --load-clients C    concurrent clients (default 50)
 *   --scale-heap-mb M   V8 heap limit of the scale run (default 1536; node's --max-old-space-size)
 *   --state-conversations N  new conversations of the conversation-state run (default 5000)
 *   --skip-state        no conversation-state run
 *   --retrieval-set F   the labelled retrieval set (default tests/fixtures/retrieval-set.jsonl); with
 *                       SOURCES_DIR set, the retrieval run indexes SOURCES_DIR instead of the corpus
 *                       and the more-sources documents (a set written by someone else, over their files)
 *   An unknown option is refused.
 *
 * Sections:
 * - build: a forced full build of index-data/sources; answers: every dev question asked 20 times;
 *   accuracy: the dev set scored by the eval rules, policybot vs a generic LangChain retrieval QA;
 * - retrieval: the corpus and the more-sources documents indexed together; policybot's hybrid
 *   search vs Orama and MiniSearch over the same passages with the same tokenizer, on the labelled
 *   set tests/fixtures/retrieval-set.jsonl;
 * - scale: bench/scale.ts in a child process (its own peak RSS); load: bench/load.ts;
 * - conversation state: bench/state-growth.ts — a question in a new conversation before and after
 *   N more new conversations, with the file state store (aim: within 3x) and the earlier store that
 *   rewrote the whole file on every write.
 */
import { spawn } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createEngine } from "../src/answer/engine.js";
import type { AnswerEngine } from "../src/answer/engine-interface.js";
import { type EvalItem, parseEvalFile, runEval } from "../src/answer/eval-checks.js";
import { buildOrLoadIndex } from "../src/index/build-index.js";
import { LangChainQa } from "./langchain-qa.js";
import { type LoadFigures, runLoad } from "./load.js";
import { firstGoldRank, latencySummary, meanReciprocalRank, percentile, recallAt, round } from "./metrics.js";
import { parseOptions } from "./options.js";
import { miniSearchEngine, oramaEngine, policybotEngine, type RetrievalEngine } from "./peers.js";
import { p95Ratios, type Report, type RetrievalFigures, reportProblems } from "./report.js";
import { reportHtml } from "./report-html.js";
import { isGold, type LabelledQuery, parseRetrievalSet } from "./retrieval-set.js";
import type { ScaleFigures } from "./scale.js";
import { measureStateGrowth, type StateFigures, stateLines } from "./state-growth.js";

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH_DIR, "..");
const SOURCES_DIR = join(ROOT, "index-data", "sources");
const SHARED_DIR = resolve(ROOT, process.env.SHARED_DIR ?? "../shared");
const OUT_DIR = join(BENCH_DIR, "out");

/** Times every dev question is asked (after one warm-up pass). */
const ANSWER_ROUNDS = 20;
/** Passes over the retrieval set for the latency figures (after one warm-up pass). */
const RETRIEVAL_ROUNDS = 10;
/** Hits asked of each search. */
const K = 5;
/** Aims printed next to the figures. */
const AIM = { answerP95Ms: 20, scaleBuildMs: 300_000, scaleAnswerP95Ms: 50, scaleRssMb: 2048 };

const say = (line = "") => process.stdout.write(`${line}\n`);
const log = (m: string) => process.stderr.write(`${m}\n`);
const aim = (ok: boolean, text: string) => `(aim ${text}: ${ok ? "met" : "NOT met"})`;
const peakRssMb = () => round(process.resourceUsage().maxRSS / 1024, 1);

function loadDevItems(file: string): EvalItem[] {
  if (!existsSync(file)) {
    say(`note: ${file} not found; the dev questions are skipped`);
    return [];
  }
  return parseEvalFile(readFileSync(file, "utf8"));
}

/** Quality of one engine on the labelled set: its figures without latency, and its misses. */
async function measureQuality(
  engine: RetrievalEngine,
  set: readonly LabelledQuery[],
): Promise<{ ranks: (number | null)[]; misses: string[] }> {
  const ranks: (number | null)[] = [];
  const misses: string[] = [];
  for (const q of set) {
    const hits = await engine.search(q.query, K);
    const rank = firstGoldRank(hits, (p) => isGold(q, p.source, p.measure));
    ranks.push(rank);
    if (rank === null) misses.push(`${q.id} ${q.query}`);
  }
  return { ranks, misses };
}

/**
 * Latencies of every engine, interleaved question by question (so that a pause of the machine
 * or of the garbage collector falls on all engines alike), after one warm-up pass.
 */
async function measureSpeed(
  engines: readonly RetrievalEngine[],
  set: readonly LabelledQuery[],
): Promise<Map<string, { p50_ms: number; p95_ms: number; qps: number }>> {
  for (const e of engines) for (const q of set) await e.search(q.query, K);
  const latencies = new Map(engines.map((e) => [e.name, [] as number[]]));
  for (let r = 0; r < RETRIEVAL_ROUNDS; r++) {
    for (const q of set) {
      for (const e of engines) {
        const s = performance.now();
        await e.search(q.query, K);
        latencies.get(e.name)!.push(performance.now() - s);
      }
    }
  }
  // Queries per second from the summed search times of each engine.
  return new Map(
    [...latencies].map(([name, l]) => [name, latencySummary(l, l.reduce((a, b) => a + b, 0) / 1000)]),
  );
}

async function answerLatency(engine: AnswerEngine, items: readonly EvalItem[]) {
  const pass = async (tag: string, latencies: number[] | null) => {
    for (const item of items) {
      for (const q of Array.isArray(item.q) ? item.q : [item.q]) {
        const s = performance.now();
        await engine.ask(q, `bench-${tag}-${item.id}`);
        latencies?.push(performance.now() - s);
      }
    }
  };
  await pass("warmup", null);
  const latencies: number[] = [];
  for (let r = 0; r < ANSWER_ROUNDS; r++) await pass(String(r), latencies);
  return {
    p50_ms: round(percentile(latencies, 50), 3),
    p95_ms: round(percentile(latencies, 95), 3),
    n: latencies.length,
  };
}

/** Copies the corpus and the more-sources documents into one folder (the retrieval corpus). */
function retrievalCorpus(dir: string): string[] {
  const dirs = [join(SHARED_DIR, "corpus"), join(SHARED_DIR, "more-sources")].filter((d) => existsSync(d));
  if (dirs.length === 0) dirs.push(SOURCES_DIR);
  mkdirSync(dir, { recursive: true });
  for (const d of dirs) for (const f of readdirSync(d)) copyFileSync(join(d, f), join(dir, f));
  return dirs;
}

/**
 * Runs bench/scale.ts in a child process with its V8 heap capped at `heapMb` (without a cap, V8
 * lets garbage pile up to a quarter of the machine's memory before collecting it, and the peak
 * RSS says more about the machine than about the index); its progress goes to stderr.
 */
function runScale(docs: number, heapMb: number): Promise<ScaleFigures> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      [
        `--max-old-space-size=${heapMb}`,
        "--import",
        "tsx",
        join("bench", "scale.ts"),
        "--docs",
        String(docs),
      ],
      {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      const last = out.trim().split("\n").pop() ?? "";
      if (code !== 0) return reject(new Error(`the scale run exited with ${code}`));
      try {
        resolvePromise(JSON.parse(last) as ScaleFigures);
      } catch {
        reject(new Error(`the scale run printed no figures: ${last}`));
      }
    });
  });
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2), { root: ROOT, sharedDir: SHARED_DIR });
  const started = performance.now();
  const work = mkdtempSync(join(tmpdir(), "policybot-bench-"));
  try {
    // 1. Build, answers and answer accuracy over index-data/sources.
    const indexDir = join(work, "index");
    const built = await buildOrLoadIndex({ sourcesDir: SOURCES_DIR, indexDir, force: true, log });
    if (built.saveError) throw new Error(`the index could not be saved: ${built.saveError}`);
    const build = {
      documents: built.docs.length,
      passages: built.index.size,
      ms: Math.round(built.ms),
      peak_rss_mb: peakRssMb(),
    };
    say(`policybot benchmark — ${build.documents} documents, ${build.passages} passages`);
    say(`\nBuild (forced, full): ${build.ms} ms, peak RSS ${build.peak_rss_mb} MB`);
    const engine = await createEngine({ sourcesDir: SOURCES_DIR, indexDir, log });
    const devItems = loadDevItems(opts.dev);
    const accuracy: Report["answers"]["accuracy"] = {};
    let answers = { p50_ms: 0, p95_ms: 0 };
    if (devItems.length > 0) {
      const a = await answerLatency(engine, devItems);
      answers = { p50_ms: a.p50_ms, p95_ms: a.p95_ms };
      say(`\nAnswers — ${devItems.length} dev items × ${ANSWER_ROUNDS} rounds = ${a.n} answers`);
      say(
        `  p50 ${a.p50_ms} ms   p95 ${a.p95_ms} ms ${aim(a.p95_ms < AIM.answerP95Ms, `p95 < ${AIM.answerP95Ms} ms`)}`,
      );
      const qa = await LangChainQa.build(built.sources, built.docs);
      say(`\nAnswer accuracy — the dev set by the eval rules (${devItems.length} items)`);
      for (const [name, e] of [
        ["policybot", engine],
        ["langchain-qa", qa],
      ] as const) {
        const results = await runEval(e, devItems);
        const passed = results.filter((r) => r.fails.length === 0).length;
        accuracy[name] = { passed, total: results.length };
        say(`  ${name.padEnd(14)} ${passed}/${results.length} passed`);
      }
      say(
        `  (langchain-qa: RecursiveCharacterTextSplitter ${qa.size} chunks, same local LSA embedding, top chunk as the answer)`,
      );
    }

    // 2. Retrieval side by side over the corpus and the more-sources documents.
    const corpusDir = opts.retrievalSources ?? join(work, "retrieval-sources");
    const from = opts.retrievalSources ? [opts.retrievalSources] : retrievalCorpus(corpusDir);
    const rBuilt = await buildOrLoadIndex({
      sourcesDir: corpusDir,
      indexDir: join(work, "retrieval-index"),
      force: true,
      log,
    });
    const set = parseRetrievalSet(readFileSync(opts.retrievalSet, "utf8"));
    const index = rBuilt.index;
    const tokenize = (t: string) => index.tokenize(t);
    const engines: RetrievalEngine[] = [
      policybotEngine(index),
      await oramaEngine(index.passages, tokenize),
      miniSearchEngine(index.passages, tokenize),
      policybotEngine(index, false),
    ];
    const zh = set.filter((q) => q.lang === "zh").length;
    say(
      `\nRetrieval — ${set.length} labelled questions (${zh} Chinese, ${set.length - zh} English) over ${rBuilt.docs.length} documents (${from.map((d) => d.split("/").pop()).join(" + ")}), ${index.size} passages, k = ${K}`,
    );
    const figures: Record<string, RetrievalFigures> = {};
    const speed = await measureSpeed(engines, set);
    for (const e of engines) {
      const { ranks, misses } = await measureQuality(e, set);
      const f: RetrievalFigures = {
        "recall@1": round(recallAt(ranks, 1), 3),
        "recall@5": round(recallAt(ranks, K), 3),
        mrr: round(meanReciprocalRank(ranks), 3),
        ...speed.get(e.name)!,
        index_ms: Math.round(e.buildMs || rBuilt.ms),
      };
      figures[e.name] = f;
      say(
        `  ${e.name.padEnd(24)} recall@1 ${f["recall@1"].toFixed(3)}  recall@5 ${f["recall@5"].toFixed(3)}  MRR ${f.mrr.toFixed(3)}  p50 ${f.p50_ms} ms  p95 ${f.p95_ms} ms  ${f.qps} q/s  index ${f.index_ms} ms  misses ${misses.length}`,
      );
    }
    const ratios = p95Ratios(figures);
    say(
      `  policybot p95 ÷ peer p95: ${Object.entries(ratios)
        .map(([n, r]) => `${n} ${r}`)
        .join(", ")}`,
    );

    // 3. Scale.
    let scale: ScaleFigures | null = null;
    if (opts.scale !== null) {
      say(
        `\nScale — ${opts.scale} generated documents + the corpus (child process, heap limit ${opts.scaleHeapMb} MB)`,
      );
      scale = await runScale(opts.scale, opts.scaleHeapMb);
      say(
        `  build ${(scale.build_ms / 1000).toFixed(1)} s (CPU ${scale.build_cpu_s} s) ${aim(scale.build_ms < AIM.scaleBuildMs, "< 300 s")}, ${scale.passages} passages, index ${scale.index_mb} MB on disk`,
      );
      say(`  peak RSS ${scale.peak_rss_mb} MB ${aim(scale.peak_rss_mb < AIM.scaleRssMb, "< 2 GB")}`);
      say(
        `  answers (${scale.answers}) p50 ${scale.answer_p50_ms} ms, p95 ${scale.answer_p95_ms} ms ${aim(scale.answer_p95_ms < AIM.scaleAnswerP95Ms, "p95 < 50 ms")}`,
      );
    }

    // 4. Service load.
    let load: LoadFigures | null = null;
    if (opts.load) {
      say(`\nService load — POST /api/ask, ${opts.load.clients} clients, ${opts.load.seconds} s`);
      const questions = [
        ...devItems.flatMap((i) => (Array.isArray(i.q) ? i.q : [i.q])),
        ...set.map((q) => q.query),
      ];
      load = await runLoad({ root: ROOT, sourcesDir: SOURCES_DIR, questions, ...opts.load, log });
      say(
        `  ${load.requests} requests, ${load.rps} req/s, p50 ${load.p50_ms} ms, p95 ${load.p95_ms} ms, errors ${load.errors} ${aim(load.errors === 0, "0 errors")}`,
      );
    }

    // 5. Conversation state under growth.
    let state: StateFigures | null = null;
    if (opts.stateConversations !== null) {
      say(`\nConversation state — a new conversation before and after ${opts.stateConversations} more`);
      state = await measureStateGrowth({
        makeEngine: (conversations) => createEngine({ sourcesDir: SOURCES_DIR, indexDir, conversations }),
        dir: join(work, "state"),
        conversations: opts.stateConversations,
      });
      for (const line of stateLines(state)) say(line);
    }

    const report: Report = {
      retrieval: { questions: set.length, engines: figures },
      answers: { ...answers, accuracy },
      build,
      scale,
      load,
      state,
    };
    const problems = reportProblems(report);
    if (problems.length > 0) throw new Error(`the report is incomplete: ${problems.join("; ")}`);
    mkdirSync(OUT_DIR, { recursive: true });
    writeFileSync(join(OUT_DIR, "report.json"), `${JSON.stringify(report, null, 2)}\n`);
    const aims = scale
      ? `aims: build < 300 s, peak RSS < 2 GB, answer p95 < 50 ms — ${
          [
            scale.build_ms < AIM.scaleBuildMs,
            scale.peak_rss_mb < AIM.scaleRssMb,
            scale.answer_p95_ms < AIM.scaleAnswerP95Ms,
          ].every(Boolean)
            ? "all met"
            : "not all met"
        }`
      : "";
    writeFileSync(
      join(OUT_DIR, "report.html"),
      reportHtml(report, { when: new Date().toISOString(), node: process.version, aims: { scale: aims } }),
    );
    say(`\nPeak memory of this process: ${peakRssMb()} MB RSS`);
    say(
      `Total ${((performance.now() - started) / 1000).toFixed(1)} s — wrote bench/out/report.json, report.html`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`bench: ${(err as Error).stack ?? (err as Error).message}\n`);
  process.exitCode = 1;
});
