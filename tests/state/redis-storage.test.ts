/** Redis-backed state: eTags across connections, and two engines sharing one Redis. */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StorageConversationStore } from "../../src/answer/conversation.js";
import { createEngine } from "../../src/answer/engine.js";
import { ETagConflictError } from "../../src/state/file-storage.js";
import { RedisStorage } from "../../src/state/redis-storage.js";
import { CORPUS } from "../answer/engine-helpers.js";
import { hasRedis, startRedis } from "../helpers/redis.js";
import { tempDirs } from "../helpers/temp.js";

const tempDir = tempDirs("redis");
let redis: { url: string; stop: () => void } | undefined;
const open: RedisStorage[] = [];
const connect = () => {
  const s = RedisStorage.connect(redis!.url);
  open.push(s);
  return s;
};

/** Two engines over one index, each with its own Redis connection: two replicas of the service. */
async function twoReplicas() {
  const indexDir = join(tempDir(), "index");
  const replica = () =>
    createEngine({ sourcesDir: CORPUS, indexDir, conversations: new StorageConversationStore(connect()) });
  const one = await replica();
  return [one, await replica()] as const;
}

describe.skipIf(!hasRedis)("Redis state (redis-server from Debian; .ci/run installs it)", () => {
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const s of open) await s.close();
    redis?.stop();
  });

  it("reads what another connection wrote, and refuses a stale eTag", async () => {
    const a = connect();
    const b = connect();
    await a.write({ "channel/C1": { scope: "pudong-2021-supervision-work-points.txt" } });
    const item = (await b.read(["channel/C1"]))["channel/C1"]!;
    expect(item.scope).toBe("pudong-2021-supervision-work-points.txt");
    await a.write({ "channel/C1": { ...item, scope: "all" } });
    await expect(b.write({ "channel/C1": { ...item, scope: "stale" } })).rejects.toBeInstanceOf(
      ETagConflictError,
    );
    expect((await b.read(["channel/C1"]))["channel/C1"]!.scope).toBe("all");
    await b.delete(["channel/C1"]);
    expect(await a.read(["channel/C1"])).toEqual({});
  });

  it("continues a conversation begun on one replica on another", async () => {
    const [one, two] = await twoReplicas();
    await one.ask("浦东第十七项由谁牵头?", "teams:T:C:thread:9");
    const a = await two.ask("那第十八项呢?", "teams:T:C:thread:9");
    expect(a.citations.map((c) => `${c.source}#${c.number}`)).toEqual([
      "pudong-2021-supervision-work-points.txt#18",
    ]);
    const other = await two.ask("那第十八项呢?", "teams:T:C:thread:10");
    expect(other.citations.length).toBeGreaterThan(1);
  });

  it("keeps a channel's /policy use scope across replicas", async () => {
    const [one, two] = await twoReplicas();
    await one.ask("/policy use 大连", "slack:T9:C9:thread:1");
    const a = await two.ask("第17项由谁负责?", "slack:T9:C9:thread:2");
    expect(a.citations.map((c) => `${c.source}#${c.number}`)).toEqual([
      "dalian-2017-benchmark-shanghai.txt#17",
    ]);
  });

  it("gives every key a time to live: a conversation's turn its own, other items 30 days (finding 6)", async () => {
    const s = connect();
    const store = new StorageConversationStore(s, 60_000);
    await store.set("api:ttl-1", { intent: "lead_of_measure", sources: [], measures: [1], leads: [] });
    const turnTtl = await s.redis.pttl("policybot:conversation/api:ttl-1");
    expect(turnTtl).toBeGreaterThan(50_000);
    expect(turnTtl).toBeLessThanOrEqual(60_000);
    await s.write({ "channel/C-ttl": { scope: "a.txt" } });
    const channelTtl = await s.redis.pttl("policybot:channel/C-ttl");
    expect(channelTtl).toBeGreaterThan(29 * 24 * 60 * 60 * 1000);
  });
});
