/** The index built in a worker thread: saved where the main thread then only loads it. */
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/answer/engine.js";
import { buildInWorker } from "../../src/index/build-in-worker.js";
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
});
