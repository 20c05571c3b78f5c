/** Two `npm start` processes sharing one Redis: a conversation and a channel's scope carry over. */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Answer } from "../../src/types.js";
import { CORPUS } from "../answer/engine-helpers.js";
import { hasRedis, startRedis } from "../helpers/redis.js";
import { startService } from "../helpers/service-process.js";
import { tempDirs } from "../helpers/temp.js";

const tempDir = tempDirs("replicas");
const stops: (() => void)[] = [];
let redis: { url: string; stop: () => void } | undefined;

function startReplica(redisUrl: string): Promise<string> {
  return startService({
    SOURCES_DIR: CORPUS,
    INDEX_DIR: join(tempDir(), "index"),
    STATE_DIR: tempDir(),
    REDIS_URL: redisUrl,
  }).then((svc) => {
    stops.push(svc.stop);
    return svc.url;
  });
}

async function ask(base: string, question: string, conversation: string): Promise<Answer> {
  const res = await fetch(`${base}/api/ask`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ question, conversation }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Answer;
}

describe.skipIf(!hasRedis)("two replicas sharing Redis", () => {
  let a = "";
  let b = "";
  beforeAll(async () => {
    redis = await startRedis();
    [a, b] = await Promise.all([startReplica(redis.url), startReplica(redis.url)]);
  }, 120_000);
  afterAll(() => {
    for (const stop of stops) stop();
    redis?.stop();
  });

  it("continues a conversation begun on one replica on the other", async () => {
    await ask(a, "浦东第十七项由谁牵头?", "web:r:room:thread:1");
    const next = await ask(b, "那第十八项呢?", "web:r:room:thread:1");
    expect(next.citations.map((c) => `${c.source}#${c.number}`)).toEqual([
      "pudong-2021-supervision-work-points.txt#18",
    ]);
  });

  it("keeps a channel's scope set on one replica on the other", async () => {
    await ask(a, "/policy use 大连", "web:r:room2:thread:1");
    const scoped = await ask(b, "第17项由谁负责?", "web:r:room2:thread:2");
    expect(scoped.citations.map((c) => `${c.source}#${c.number}`)).toEqual([
      "dalian-2017-benchmark-shanghai.txt#17",
    ]);
  });
});
