/** The swappable engine: background reloads swapped in atomically, in-flight answers on the old index. */
import { copyFileSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/answer/engine.js";
import type { Asker } from "../../src/answer/engine-interface.js";
import { LiveEngine, type SwappableEngine } from "../../src/service/live-engine.js";
import { createLogger } from "../../src/service/logger.js";
import type { Answer } from "../../src/types.js";
import { CORPUS_DIR } from "../helpers/fixtures.js";
import { tempDirs } from "../helpers/temp.js";

const temp = tempDirs("live");

/** A fake engine that answers with its own name, optionally only when released. */
function fake(name: string, gate?: Promise<void>): SwappableEngine {
  return {
    documentCount: name.length,
    ask: async (question: string): Promise<Answer> => {
      await gate;
      return { question, language: "en", intent: "lookup", found: true, answer: name, citations: [] };
    },
  };
}

function capture() {
  const lines: string[] = [];
  return { log: createLogger({ level: "debug", write: (l) => lines.push(l) }), lines };
}

const api: Asker = { channel: "api", user: "127.0.0.1" };

describe("LiveEngine", () => {
  it("swaps a rebuilt engine in; a question asked before the swap finishes on the old engine", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const engines = [fake("old", gate), fake("new")];
    const live = new LiveEngine({ build: async () => engines.shift()!, sourcesDir: temp() });
    expect(live.ready()).toBe(false);
    await expect(live.ask("q")).rejects.toThrow(/not ready/);
    await live.start();
    const inFlight = live.ask("q");
    expect(await live.reload("test")).toMatchObject({ status: "swapped" });
    expect((await live.ask("q")).answer).toBe("new");
    release();
    expect((await inFlight).answer).toBe("old");
  });

  it("keeps the last good engine, with a clear log line, when the sources folder is gone or the build fails", async () => {
    const dir = temp();
    const { log, lines } = capture();
    let fail = false;
    const live = new LiveEngine({
      build: async () => {
        if (fail) throw new Error("disk on fire");
        return fake("first");
      },
      sourcesDir: dir,
      log,
    });
    await live.start();
    rmSync(dir, { recursive: true });
    expect(await live.reload("watch")).toEqual({
      status: "failed",
      reason: `the sources folder ${dir} is missing`,
    });
    expect((await live.ask("q")).answer).toBe("first");
    mkdirSync(dir);
    fail = true;
    expect(await live.reload("watch")).toMatchObject({ status: "failed", reason: "disk on fire" });
    expect((await live.ask("q")).answer).toBe("first");
    const errors = lines
      .map((l) => JSON.parse(l) as { level: string; msg: string })
      .filter((r) => r.level === "error");
    expect(errors.map((e) => e.msg)).toEqual([
      `index reload (watch) skipped: the sources folder ${dir} is missing; still answering from the last good index (5 documents)`,
      "index reload (watch) failed: disk on fire; still answering from the last good index (5 documents)",
    ]);
  });

  it("never runs two builds at once: a burst of reloads during a build gives one more build", async () => {
    let builds = 0;
    let running = 0;
    let most = 0;
    const live = new LiveEngine({
      build: async () => {
        builds++;
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 20));
        running--;
        return fake(`e${builds}`);
      },
      sourcesDir: temp(),
    });
    await live.start();
    const outcomes = await Promise.all([
      live.reload("a"),
      live.reload("b"),
      live.reload("c"),
      live.reload("d"),
    ]);
    expect(builds).toBe(3);
    expect(most).toBe(1);
    expect(outcomes.every((o) => o.status === "swapped")).toBe(true);
    expect((await live.ask("q")).answer).toBe("e3");
    await live.reload("later");
    expect((await live.ask("q")).answer).toBe("e4");
  });

  it("lets only admins /policy reload: listed ids (any channel or channel:id) and verified token holders", async () => {
    let builds = 0;
    const live = new LiveEngine({
      build: async () => fake(`e${++builds}`),
      sourcesDir: temp(),
      admins: ["U1", "dingtalk:staff-9"],
    });
    await live.start();
    const refused = await live.ask("/policy reload", "c", { channel: "slack", user: "U2", verified: true });
    expect(refused).toMatchObject({ intent: "reload", found: false });
    expect(refused.answer).toMatch(/Only administrators/);
    expect(
      (await live.ask("/policy 重新加载", "c", { channel: "slack", user: "staff-9", verified: true })).answer,
    ).toMatch(/只有管理员/);
    expect(await live.ask("/policy reload", "c")).toMatchObject({ found: false });
    // A listed id is not enough when the channel cannot vouch for it (a web chat id is a claim).
    expect(await live.ask("/policy reload", "c", { channel: "websocket", user: "U1" })).toMatchObject({
      found: false,
    });
    expect(builds).toBe(1);
    const ok = await live.ask("/policy reload", "c", { channel: "slack", user: "U1", verified: true });
    expect(ok).toMatchObject({ intent: "reload", found: true });
    expect(ok.answer).toMatch(/^Reloaded the documents: 2 indexed in \d+\.\d s\.$/);
    expect(
      (await live.ask("/policy 重新加载", "c", { channel: "dingtalk", user: "staff-9", verified: true }))
        .answer,
    ).toMatch(/^文件库已重新加载：2 份文件/);
    expect((await live.ask("/policy reload", "c", { ...api, admin: true })).found).toBe(true);
    expect(builds).toBe(4);
  });

  it("admits each user up to the per-minute limit, each user on their own", () => {
    let now = 0;
    const live = new LiveEngine({
      build: async () => fake("x"),
      sourcesDir: ".",
      rateLimitPerMinute: 2,
      now: () => now,
    });
    const alice = { channel: "slack", user: "alice" };
    expect([live.admit(alice), live.admit(alice)].every((d) => d.allowed)).toBe(true);
    expect(live.admit(alice)).toEqual({ allowed: false, retryAfterSeconds: 60 });
    expect(live.admit({ channel: "slack", user: "bob" }).allowed).toBe(true);
    expect(live.admit({ channel: "teams", user: "alice" }).allowed).toBe(true);
    now = 60_000;
    expect(live.admit(alice).allowed).toBe(true);
  });

  it("picks up a source added, changed and deleted, with the real engine", async () => {
    const sources = temp();
    const indexDir = join(temp(), "index");
    copyFileSync(join(CORPUS_DIR, "pudong-2021-supervision-work-points.txt"), join(sources, "pudong.txt"));
    const live = new LiveEngine({
      build: async () => {
        const e = await createEngine({ sourcesDir: sources, indexDir });
        return Object.assign(e, { documentCount: e.built.docs.length });
      },
      sourcesDir: sources,
    });
    await live.start();
    const dalian = "大连方案第17项由谁牵头?";
    expect((await live.ask(dalian)).found).toBe(false);
    copyFileSync(join(CORPUS_DIR, "dalian-2017-benchmark-shanghai.txt"), join(sources, "dalian.txt"));
    expect(await live.reload("added")).toMatchObject({ status: "swapped", documents: 2 });
    const found = await live.ask(dalian);
    expect(found.found).toBe(true);
    expect(found.answer).toContain("办公室");
    const pudong = join(sources, "pudong.txt");
    const who = "浦东第十七项由谁牵头?";
    expect((await live.ask(who)).answer).toContain("贾德荣");
    writeFileSync(pudong, readFileSync(pudong, "utf8").replaceAll("贾德荣", "欧阳明"));
    expect(await live.reload("changed")).toMatchObject({ status: "swapped", documents: 2 });
    const changed = await live.ask(who);
    expect(changed.answer).toContain("欧阳明");
    expect(changed.answer).not.toContain("贾德荣");
    unlinkSync(join(sources, "dalian.txt"));
    expect(await live.reload("deleted")).toMatchObject({ status: "swapped", documents: 1 });
    expect((await live.ask(dalian)).found).toBe(false);
  });
});
