import { copyFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildOrLoadIndex } from "../../src/index/build-index.js";
import type { BuildProgress } from "../../src/index/progress.js";
import { CORPUS, tempDir } from "../answer/engine-helpers.js";

describe("build progress", () => {
  it("reports every stage from its start to its end, in order, and nothing when the index is loaded", async () => {
    const sourcesDir = tempDir("src");
    for (const f of readdirSync(CORPUS)) copyFileSync(join(CORPUS, f), join(sourcesDir, f));
    const indexDir = join(tempDir("idx"), "index");
    const seen: BuildProgress[] = [];
    const built = await buildOrLoadIndex({ sourcesDir, indexDir, onProgress: (p) => seen.push(p) });
    const stages = [...new Set(seen.map((p) => p.stage))];
    expect(stages).toEqual(["structure", "tokenize", "embed", "vectors", "save"]);
    for (const stage of stages) {
      const mine = seen.filter((p) => p.stage === stage);
      expect(mine[0]!.done, stage).toBe(0);
      expect(mine.at(-1)!.done, stage).toBe(mine.at(-1)!.total);
      for (let i = 1; i < mine.length; i++) expect(mine[i]!.done).toBeGreaterThanOrEqual(mine[i - 1]!.done);
    }
    expect(seen.find((p) => p.stage === "structure")!.total).toBe(built.docs.length);
    expect(seen.find((p) => p.stage === "tokenize")!.total).toBe(built.index.size);

    const again: BuildProgress[] = [];
    const loaded = await buildOrLoadIndex({ sourcesDir, indexDir, onProgress: (p) => again.push(p) });
    expect(loaded.action).toBe("loaded");
    expect(again.filter((p) => p.stage !== "structure")).toEqual([]);
  });
});
