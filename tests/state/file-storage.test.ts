import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { StorageConversationStore } from "../../src/answer/conversation.js";
import { createEngine } from "../../src/answer/engine.js";
import { ETagConflictError, FileStorage } from "../../src/state/file-storage.js";
import { CORPUS } from "../answer/engine-helpers.js";
import { tempDirs } from "../helpers/temp.js";

const tempDir = tempDirs("state");

describe("file-backed state", () => {
  it("survives a restart and writes atomically", async () => {
    const file = join(tempDir(), "state", "state.json");
    const a = new FileStorage(file);
    await a.write({ "channel/C1": { scope: "dalian-2017-benchmark-shanghai.txt" } });
    const b = new FileStorage(file);
    const items = await b.read(["channel/C1", "missing"]);
    expect(items["channel/C1"]!.scope).toBe("dalian-2017-benchmark-shanghai.txt");
    expect(items.missing).toBeUndefined();
    expect(readdirSync(join(file, "..")).filter((f) => f.includes(".tmp-"))).toEqual([]);
  });

  it("lands every one of many concurrent writes once they resolve", async () => {
    const file = join(tempDir(), "busy.json");
    const s = new FileStorage(file);
    await Promise.all(Array.from({ length: 200 }, (_, i) => s.write({ [`c${i}`]: { turn: i } })));
    const again = await new FileStorage(file).read(Array.from({ length: 200 }, (_, i) => `c${i}`));
    expect(Object.keys(again)).toHaveLength(200);
    expect(again.c199!.turn).toBe(199);
  });

  it("refuses a write with a stale eTag", async () => {
    const s = new FileStorage(join(tempDir(), "s.json"));
    await s.write({ k: { v: 1 } });
    const first = (await s.read(["k"])).k!;
    await s.write({ k: { ...first, v: 2 } });
    await expect(s.write({ k: { ...first, v: 3 } })).rejects.toBeInstanceOf(ETagConflictError);
    expect((await s.read(["k"])).k!.v).toBe(2);
    await s.write({ k: { v: 4, eTag: "*" } });
    expect((await s.read(["k"])).k!.v).toBe(4);
  });

  it("says what to do with a damaged state file", () => {
    const file = join(tempDir(), "bad.json");
    writeFileSync(file, "not json");
    expect(() => new FileStorage(file)).toThrow(/move it away/);
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, "utf8")).toBe("not json");
  });

  it("lets a conversation continue in another engine sharing the state", async () => {
    const file = join(tempDir(), "shared.json");
    const indexDir = join(tempDir(), "index");
    const one = await createEngine({
      sourcesDir: CORPUS,
      indexDir,
      conversations: new StorageConversationStore(new FileStorage(file)),
    });
    await one.ask("浦东第十七项由谁牵头?", "slack:T1:C1:thread:1");
    const two = await createEngine({
      sourcesDir: CORPUS,
      indexDir,
      conversations: new StorageConversationStore(new FileStorage(file)),
    });
    const a = await two.ask("那第十八项呢?", "slack:T1:C1:thread:1");
    expect(a.citations.map((c) => `${c.source}#${c.number}`)).toEqual([
      "pudong-2021-supervision-work-points.txt#18",
    ]);
  });
});

describe("conversation state in a Storage", () => {
  it("forgets a turn older than its time to live", async () => {
    let now = 1_000_000;
    const store = new StorageConversationStore(
      new FileStorage(join(tempDir(), "ttl.json"), { now: () => now }),
      60_000,
      () => now,
    );
    const turn = { intent: "lead_of_measure" as const, sources: ["a.txt"], measures: [17], leads: [] };
    await store.set("web:x:y:thread:1", turn);
    now += 59_000;
    expect(await store.get("web:x:y:thread:1")).toEqual(turn);
    now += 2_000;
    expect(await store.get("web:x:y:thread:1")).toBeUndefined();
  });
});
