/**
 * Issue 14, finding 6: conversation state grew without bound (expired turns never deleted) and the
 * file store rewrote the whole JSON on every write (40,000 conversations: 19.5 MB rewritten per
 * write, p50 46 → 473 ms). Now turns expire and are deleted, the store is capped (least recently
 * used evicted), and a write appends its own change only.
 */
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  MemoryConversationStore,
  StorageConversationStore,
  type TurnState,
} from "../../src/answer/conversation.js";
import { FileStorage } from "../../src/state/file-storage.js";
import { tempDirs } from "../helpers/temp.js";

const tempDir = tempDirs("bounded-state");
const turn = (n: number): TurnState => ({
  intent: "lead_of_measure",
  sources: ["pudong-2021-supervision-work-points.txt"],
  measures: [n],
  leads: [],
  question: `浦东第${n}项由谁牵头?`,
});

describe("bounded conversation state (finding 6)", () => {
  it("keeps at most maxItems, evicting the least recently used, also after a restart", async () => {
    const file = join(tempDir(), "state.json");
    const s = new FileStorage(file, { maxItems: 3 });
    await s.write({ a: { v: 1 }, b: { v: 2 }, c: { v: 3 } });
    await s.read(["a"]); // a is now used more recently than b
    await s.write({ d: { v: 4 } });
    expect(Object.keys(await s.read(["a", "b", "c", "d"])).sort()).toEqual(["a", "c", "d"]);
    const again = new FileStorage(file, { maxItems: 3 });
    expect(Object.keys(await again.read(["a", "b", "c", "d"])).sort()).toEqual(["a", "c", "d"]);
  });

  it("forgets a conversation after its time to live and deletes it from the file", async () => {
    let now = 1_700_000_000_000;
    const clock = () => now;
    const file = join(tempDir(), "state.json");
    const storage = new FileStorage(file, { now: clock, minCompactBytes: 0 });
    const store = new StorageConversationStore(storage, 60_000, clock);
    for (let i = 0; i < 100; i++) await store.set(`api:old-${i}`, turn(i));
    expect(storage.stats().items).toBe(100);
    now += 61_000;
    expect(await store.get("api:old-1")).toBeUndefined();
    await store.set("api:new", turn(1)); // a write after the expiry sweeps and compacts
    expect(storage.stats().items).toBe(1);
    const text = readFileSync(file, "utf8");
    expect(text).not.toContain("api:old-");
    expect(text).toContain("api:new");
    // After a restart the expired turns stay forgotten.
    expect(
      await new StorageConversationStore(new FileStorage(file, { now: clock }), 60_000, clock).get(
        "api:old-5",
      ),
    ).toBeUndefined();
  });

  it("appends one record per write instead of rewriting the store", async () => {
    const file = join(tempDir(), "state.json");
    const storage = new FileStorage(file);
    const store = new StorageConversationStore(storage);
    for (let i = 0; i < 2000; i++) await store.set(`api:c-${i}`, turn(i));
    const { size: before, ino } = statSync(file);
    expect(before).toBeGreaterThan(300_000); // 2,000 turns are on disk
    await store.set("api:one-more", turn(7));
    const grown = statSync(file).size - before;
    expect(grown).toBeGreaterThan(0);
    expect(grown).toBeLessThan(1000); // the new turn's line, not the 300+ KB store
    // Appended to the same file: not a new file written whole and renamed over the old one.
    expect(statSync(file).ino).toBe(ino);
  });

  it("keeps the file within a multiple of the live size however often the same turns are rewritten", async () => {
    const file = join(tempDir(), "state.json");
    const storage = new FileStorage(file, { compactFactor: 4, minCompactBytes: 16 * 1024 });
    const store = new StorageConversationStore(storage);
    for (let round = 0; round < 300; round++) {
      for (let i = 0; i < 10; i++) await store.set(`api:c-${i}`, turn(round));
    }
    const { liveBytes } = storage.stats();
    expect(statSync(file).size).toBeLessThanOrEqual(Math.max(4 * liveBytes, 16 * 1024) + 1000);
    expect((await store.get("api:c-3"))?.measures).toEqual([299]);
  });

  it("reads a state file in the earlier one-object format, capped, and rewrites it as a log", async () => {
    const file = join(tempDir(), "state.json");
    const legacy: Record<string, unknown> = {};
    for (let i = 0; i < 50; i++)
      legacy[`conversation/api:c-${i}`] = { ...turn(i), at: Date.now(), eTag: "x" };
    legacy["channel/slack:T1:C1"] = { scope: "a.txt", eTag: "y" };
    writeFileSync(file, JSON.stringify(legacy));
    const storage = new FileStorage(file, { maxItems: 20 });
    expect(storage.stats().items).toBe(20);
    const store = new StorageConversationStore(storage);
    expect((await store.get("api:c-49"))?.measures).toEqual([49]);
    await store.set("api:new", turn(1));
    expect(readFileSync(file, "utf8").startsWith("[")).toBe(true);
    expect(new FileStorage(file).stats().items).toBe(20);
  });

  it("skips a line cut short by a crash and keeps the rest", async () => {
    const file = join(tempDir(), "state.json");
    const s = new FileStorage(file);
    await s.write({ a: { v: 1 }, b: { v: 2 } });
    writeFileSync(file, `${readFileSync(file, "utf8")}["s","c",{"v":`);
    const again = new FileStorage(file);
    expect(Object.keys(await again.read(["a", "b", "c"])).sort()).toEqual(["a", "b"]);
  });

  it("bounds the in-memory store the same way: a cap and a time to live", async () => {
    let now = 0;
    const store = new MemoryConversationStore(3, 60_000, () => now);
    for (let i = 0; i < 5; i++) await store.set(`api:c-${i}`, turn(i));
    expect(await store.get("api:c-0")).toBeUndefined(); // evicted: least recently used
    expect((await store.get("api:c-4"))?.measures).toEqual([4]);
    now += 61_000;
    expect(await store.get("api:c-4")).toBeUndefined(); // expired
    for (let i = 0; i < 5; i++) await store.setChannel(`api:ch-${i}`, { scope: "a.txt" });
    expect(await store.getChannel("api:ch-0")).toEqual({});
    expect(await store.getChannel("api:ch-4")).toEqual({ scope: "a.txt" });
  });
});
