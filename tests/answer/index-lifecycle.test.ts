import { appendFileSync, copyFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/answer/engine.js";
import { buildOrLoadIndex } from "../../src/index/build-index.js";
import { readCurrent } from "../../src/index/store.js";
import { CORPUS, tempDir } from "./engine-helpers.js";

const QUESTIONS = [
  "大连方案第17项措施由哪个处室负责?",
  "who leads measure 17",
  "唐林芳同志牵头负责哪些工作?",
  "总结一下浦东第十九项措施",
  "咸阳方案征求意见的截止时间是什么时候?",
  "Who in Dalian is responsible for building the city-wide safety information platform?",
];

function corpusCopy(): string {
  const dir = tempDir("src");
  for (const f of readdirSync(CORPUS)) copyFileSync(join(CORPUS, f), join(dir, f));
  return dir;
}

describe("index lifecycle", () => {
  it("load(save(x)) answers identically", async () => {
    const sourcesDir = corpusCopy();
    const indexDir = join(tempDir("idx"), "index");
    const fresh = await createEngine({ sourcesDir, indexDir });
    expect(fresh.built.action).toBe("built");
    const loaded = await createEngine({ sourcesDir, indexDir });
    expect(loaded.built.action).toBe("loaded");
    for (const q of QUESTIONS) expect(await loaded.ask(q)).toEqual(await fresh.ask(q));
  });

  it("rebuilds only the document whose source changed", async () => {
    const sourcesDir = corpusCopy();
    const indexDir = join(tempDir("idx"), "index");
    await buildOrLoadIndex({ sourcesDir, indexDir });
    const qingdao = "qingdao-2017-work-points.txt";
    appendFileSync(
      join(sourcesDir, qingdao),
      "\n十一、加强应急值守工作\n\n严格执行24小时值班制度,确保信息畅通。(市应急局)\n",
    );
    const again = await buildOrLoadIndex({ sourcesDir, indexDir });
    expect(again.action).toBe("built");
    expect(again.restructured).toEqual([qingdao]);
    expect(again.docs.find((d) => d.source === qingdao)!.measures).toHaveLength(11);
    const engine = await createEngine({ sourcesDir, indexDir });
    expect(engine.built.action).toBe("loaded");
    const a = await engine.ask("青岛要点第十一点由谁负责?");
    expect(a.answer).toContain("市应急局");
  });

  it("keeps the previous index when a build crashes midway", async () => {
    const sourcesDir = corpusCopy();
    const indexDir = join(tempDir("idx"), "index");
    const first = await createEngine({ sourcesDir, indexDir });
    const before = readCurrent(indexDir)!.path;
    appendFileSync(join(sourcesDir, "dalian-2017-benchmark-shanghai.txt"), "\n附:补充说明。\n");
    const crashed = await buildOrLoadIndex({
      sourcesDir,
      indexDir,
      write: {
        beforeWrite: (_file, position) => {
          if (position === 2) throw new Error("simulated crash");
        },
      },
    });
    expect(crashed.saveError).toMatch(/simulated crash/);
    expect(readCurrent(indexDir)!.path).toBe(before);
    // The previous generation still loads and answers as before.
    const manifestSources = readCurrent(indexDir)!.manifest.sources;
    expect(Object.keys(manifestSources)).toHaveLength(5);
    const q = "大连方案第17项措施由哪个处室负责?";
    const after = await createEngine({ sourcesDir, indexDir });
    expect(after.built.action).toBe("built");
    expect((await after.ask(q)).answer).toBe((await first.ask(q)).answer);
    expect(readCurrent(indexDir)!.path).not.toBe(before);
  });
});
