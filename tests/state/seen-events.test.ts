/**
 * Handled deliveries: once per id in one process, once across replicas sharing Redis, and still
 * answered (in this process's memory) when Redis is down.
 */
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisSeenEvents, createSeenEvents, firstDelivery } from "../../src/state/seen-events.js";
import { hasRedis, startRedis } from "../helpers/redis.js";
import { fakeEngine } from "../helpers/slack.js";
import { newMsgId, startFakeWeComApi, startWeComService, textMessageXml } from "../helpers/wecom.js";

describe("createSeenEvents (one process)", () => {
  it("answers an id once within its time to live, again after it", async () => {
    let t = 0;
    const seen = createSeenEvents({ ttlMs: 1000, now: () => t });
    expect(await seen.firstTime("a")).toBe(true);
    expect(await seen.firstTime("a")).toBe(false);
    t = 999;
    expect(await seen.firstTime("a")).toBe(false);
    t = 1001;
    expect(await seen.firstTime("a")).toBe(true);
  });

  it("keeps at most maxEntries ids", async () => {
    const seen = createSeenEvents({ maxEntries: 3 });
    for (const id of ["a", "b", "c", "d"]) expect(await seen.firstTime(id)).toBe(true);
    expect(await seen.firstTime("d")).toBe(false);
    expect(await seen.firstTime("a")).toBe(true);
  });

  it("firstDelivery: a new event of a message already answered is not a first delivery", async () => {
    const seen = createSeenEvents();
    expect(await firstDelivery(seen, ["event:1", "message:M"])).toBe(true);
    expect(await firstDelivery(seen, ["event:2", "message:M"])).toBe(false);
    expect(await firstDelivery(seen, ["event:2", "message:N"])).toBe(false);
    expect(await firstDelivery(seen, [undefined, "message:N"])).toBe(true);
  });
});

describe.skipIf(!hasRedis)("createRedisSeenEvents (replicas sharing Redis)", () => {
  let redis: { url: string; stop: () => void };
  const clients: Redis[] = [];
  const connect = () => {
    const c = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    clients.push(c);
    return c;
  };
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    redis.stop();
  });

  it("lets exactly one of several replicas claim an id, even when they claim at once", async () => {
    const replicas = [1, 2, 3, 4].map(() => createRedisSeenEvents(connect()));
    const wins = await Promise.all(replicas.map((r) => r.firstTime("wecom:race-1")));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await replicas[0]!.firstTime("wecom:race-2")).toBe(true);
    expect(await replicas[1]!.firstTime("wecom:race-2")).toBe(false);
  });

  it("forgets an id after its time to live", async () => {
    const a = createRedisSeenEvents(connect(), { ttlMs: 50 });
    const b = createRedisSeenEvents(connect(), { ttlMs: 50 });
    expect(await a.firstTime("ttl-1")).toBe(true);
    expect(await b.firstTime("ttl-1")).toBe(false);
    await new Promise((r) => setTimeout(r, 120));
    expect(await b.firstTime("ttl-1")).toBe(true);
  });

  it("two WeCom replicas given the same delivery (WeCom retried to another replica) answer once", async () => {
    const api = await startFakeWeComApi();
    const engines = [fakeEngine(), fakeEngine()];
    const services = await Promise.all(
      engines.map((e) =>
        startWeComService({ engine: e.engine, apiUrl: api.url, seen: createRedisSeenEvents(connect()) }),
      ),
    );
    try {
      const plain = textMessageXml({ content: "第17项措施由谁牵头?", msgId: newMsgId() });
      const res = await Promise.all(services.map((s, i) => s.postMessage(plain, { nonce: `retry-${i}` })));
      expect(res.map((r) => r.status)).toEqual([200, 200]);
      for (const s of services) await s.channel.idle();
      expect(engines[0]!.calls.length + engines[1]!.calls.length).toBe(1);
      expect(api.delivered()).toHaveLength(1);
    } finally {
      for (const s of services) await s.close();
      await api.close();
    }
  });

  it("falls back to this process's memory when Redis is unreachable, and says so", async () => {
    const down = new Redis("redis://127.0.0.1:1", {
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      lazyConnect: true,
      retryStrategy: () => null,
    });
    clients.push(down);
    const errors: unknown[] = [];
    const seen = createRedisSeenEvents(down, { onError: (err) => errors.push(err) });
    expect(await seen.firstTime("down-1")).toBe(true);
    expect(await seen.firstTime("down-1")).toBe(false);
    expect(errors.length).toBeGreaterThan(0);
  });
});
