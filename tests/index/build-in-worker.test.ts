/** The index built in a worker thread: saved where the main thread then only loads it. */
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/answer/engine.js";
import { buildInWorker, DEFAULT_WORKER_LIMITS } from "../../src/index/build-in-worker.js";
import { CORPUS, CORPUS_DIR } from "../helpers/fixtures.js";
import { tempDirs } from "../helpers/temp.js";

const temp = tempDirs("worker");

describe("buildInWorker", () => {
  it("builds and saves the index off the main thread; the engine then loads it", {
    timeout: 60_000,
  }, async () => {
    const sources = join(temp(), "sources");
    mkdirSync(sources);
    copyFileSync(join(CORPUS_DIR, CORPUS.pudong), join(sources, CORPUS.pudong));
    const indexDir = join(temp(), "index");
    // The main thread keeps running timers while the worker builds.
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const result = await buildInWorker({ sourcesDir: sources, indexDir });
    clearInterval(timer);
    expect(result).toMatchObject({ ok: true, action: "built", documents: 1, saveError: null });
    expect(ticks).toBeGreaterThan(5);
    const engine = await createEngine({ sourcesDir: sources, indexDir });
    expect(engine.built.action).toBe("loaded");
    expect((await engine.ask("第17项由谁牵头?")).answer).toContain("贾德荣");
  });

  it("reports a missing sources folder instead of throwing", { timeout: 60_000 }, async () => {
    const result = await buildInWorker({
      sourcesDir: join(temp(), "missing"),
      indexDir: join(temp(), "index"),
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/ENOENT|no such file/);
  });

  it("skips a file over its time budget with a problem and builds the rest", {
    timeout: 120_000,
  }, async () => {
    const sources = join(temp(), "sources");
    mkdirSync(sources);
    copyFileSync(join(CORPUS_DIR, CORPUS.pudong), join(sources, CORPUS.pudong));
    // 8 MB of one-line headings: seconds to read and structure, far over a 1.5 s budget.
    writeFileSync(join(sources, "slow.txt"), `关于某事的通知\n${"第一条 由市财政局负责\n".repeat(400_000)}`);
    const result = await buildInWorker(
      { sourcesDir: sources, indexDir: join(temp(), "index") },
      { ...DEFAULT_WORKER_LIMITS, fileTimeoutMs: 1500 },
    );
    expect(result).toMatchObject({ ok: true, action: "built", documents: 1 });
    expect(result.problems).toEqual([
      {
        source: "slow.txt",
        code: "over-budget",
        message: "skipped: reading it took longer than 2 s (the time a file may take)",
      },
    ]);
  });

  it("fails, without throwing, when the whole build is over its timeout", { timeout: 60_000 }, async () => {
    const sources = join(temp(), "sources");
    mkdirSync(sources);
    copyFileSync(join(CORPUS_DIR, CORPUS.pudong), join(sources, CORPUS.pudong));
    const result = await buildInWorker(
      { sourcesDir: sources, indexDir: join(temp(), "index") },
      { ...DEFAULT_WORKER_LIMITS, buildTimeoutMs: 50 },
    );
    expect(result).toMatchObject({ ok: false, error: "the index build took longer than 50 ms" });
  });
});
