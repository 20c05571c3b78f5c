/**
 * The Slack channel end to end: signed Events API requests to the running service, replies
 * captured by a local stand-in of the Slack Web API; refused requests never reach the engine.
 */
import http from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_SLACK_MAX_BODY_BYTES } from "../../src/channels/slack.js";
import type { SlackBlock } from "../../src/channels/slack-render.js";
import {
  type ApiCall,
  BOT_USER,
  directMessage,
  eventEnvelope,
  type FakeSlackApi,
  fakeEngine,
  mention,
  newTs,
  type SlackService,
  signature,
  signedHeaders,
  startFakeSlackApi,
  startSlackService,
  TEST_BOT_TOKEN,
} from "../helpers/slack.js";

const ZWSP = "\u200b";
const LIMIT = 64 * 1024;

let api: FakeSlackApi;
let service: SlackService;
let engine: ReturnType<typeof fakeEngine>;

beforeAll(async () => {
  api = await startFakeSlackApi();
  engine = fakeEngine();
  service = await startSlackService({ engine: engine.engine, apiUrl: api.url, maxBodyBytes: LIMIT });
});
afterAll(async () => {
  await service.close();
  await api.close();
});
beforeEach(() => {
  engine.calls.length = 0;
  api.calls.length = 0;
  api.failWith(undefined);
});

/** Posts a signed event and waits until its answer (if any) is posted. */
async function deliver(body: unknown, headers?: Record<string, string>): Promise<Response> {
  const res = await service.post(body, headers);
  await service.channel.idle();
  return res;
}

function sectionText(call: ApiCall): string {
  return call.blocks
    .filter((b): b is Extract<SlackBlock, { type: "section" }> => b.type === "section")
    .map((b) => b.text.text)
    .join("\n");
}

function contextText(call: ApiCall): string {
  return call.blocks
    .filter((b): b is Extract<SlackBlock, { type: "context" }> => b.type === "context")
    .flatMap((b) => b.elements.map((e) => e.text))
    .join("\n");
}

/** A working request after a refused one: the server still answers. */
async function stillServes(): Promise<void> {
  const res = await deliver({ type: "url_verification", challenge: "still-alive" });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ challenge: "still-alive" });
}

describe("Slack Events API: answering", () => {
  it("answers the URL verification challenge", async () => {
    const res = await deliver({
      token: "x",
      type: "url_verification",
      challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" });
    expect(engine.calls).toEqual([]);
  });

  it("answers an app_mention in the thread of the question, in mrkdwn with a context block of sources", async () => {
    const ts = newTs();
    const started = Date.now();
    const res = await service.post(mention("第17项措施由谁牵头?", { ts }));
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(3000);
    await service.channel.idle();

    expect(engine.calls).toEqual([
      { question: "第17项措施由谁牵头?", conversation: `slack:T0TEAM:C0CHAN:thread:${ts}` },
    ]);
    const posts = api.posts();
    expect(posts).toHaveLength(1);
    const post = posts[0]!;
    expect(post.authorization).toBe(`Bearer ${TEST_BOT_TOKEN}`);
    expect(post.params.channel).toBe("C0CHAN");
    expect(post.params.thread_ts).toBe(ts);
    expect(sectionText(post)).toContain(`*市经济信息化委*`);
    expect(sectionText(post)).not.toContain("**");
    expect(sectionText(post)).toContain(`牵头 [1]，市商务委配合 [2]`);
    expect(contextText(post)).toBe(
      "[1] 大连市对标上海工作方案 › 二、下一步工作措施 › (三)注重实效 › 17\n[2] 青岛市工作要点 › 一、重点工作 › 17",
    );
    expect(post.params.text).toContain(`${ZWSP}*市经济信息化委*${ZWSP}`);
  });

  it("answers a mention inside a thread in that thread", async () => {
    const parent = newTs();
    await deliver(mention("那第18项呢", { thread_ts: parent }));
    expect(api.posts()[0]!.params.thread_ts).toBe(parent);
    expect(engine.calls[0]!.conversation).toBe(`slack:T0TEAM:C0CHAN:thread:${parent}`);
  });

  it("answers a direct message at the top level of the direct chat", async () => {
    await deliver(directMessage("第17项措施由谁牵头?"));
    expect(engine.calls).toEqual([
      { question: "第17项措施由谁牵头?", conversation: "slack:T0TEAM:D0DIRECT:dm:U0ASKER" },
    ]);
    const post = api.posts()[0]!;
    expect(post.params.channel).toBe("D0DIRECT");
    expect(post.params.thread_ts).toBeUndefined();
  });

  it("ignores channel messages without a mention, bots, its own messages and edits", async () => {
    const ignored = [
      eventEnvelope({ type: "message", text: "第17项措施由谁牵头?" }),
      eventEnvelope({
        type: "message",
        channel_type: "im",
        channel: "D0DIRECT",
        text: "hi",
        bot_id: "B0OTHER",
      }),
      eventEnvelope({
        type: "message",
        channel_type: "im",
        channel: "D0DIRECT",
        text: "hi",
        subtype: "bot_message",
      }),
      eventEnvelope({ type: "message", channel_type: "im", channel: "D0DIRECT", text: "hi", user: BOT_USER }),
      eventEnvelope({
        type: "message",
        channel_type: "im",
        channel: "D0DIRECT",
        text: "hi",
        subtype: "message_changed",
      }),
    ];
    for (const e of ignored) expect((await deliver(e)).status).toBe(200);
    expect(engine.calls).toEqual([]);
    expect(api.posts()).toEqual([]);
  });

  it("answers an event delivered twice (a retry with the same event_id) once", async () => {
    const event = mention("第17项措施由谁牵头?");
    expect((await deliver(event)).status).toBe(200);
    const body = JSON.stringify(event);
    const retry = await deliver(body, {
      ...signedHeaders(body),
      "x-slack-retry-num": "1",
      "x-slack-retry-reason": "http_timeout",
    });
    expect(retry.status).toBe(200);
    expect(engine.calls).toHaveLength(1);
    expect(api.posts()).toHaveLength(1);
  });

  it("consults the injected seen-set by event_id: an event another replica handled is not answered", async () => {
    const offered: string[] = [];
    const other = fakeEngine();
    const replica = await startSlackService({
      engine: other.engine,
      apiUrl: api.url,
      seen: {
        firstTime: async (id: string) => {
          offered.push(id);
          return id !== "slack:event:EvHANDLED";
        },
      },
    });
    try {
      await replica.post(mention("第17项措施由谁牵头?", { event_id: "EvHANDLED" }));
      await replica.post(mention("第17项措施由谁牵头?", { event_id: "EvNEW" }));
      await replica.channel.idle();
    } finally {
      await replica.close();
    }
    expect(offered.filter((id) => id.startsWith("slack:event:"))).toEqual([
      "slack:event:EvHANDLED",
      "slack:event:EvNEW",
    ]);
    expect(other.calls).toHaveLength(1);
    expect(api.posts()).toHaveLength(1);
  });

  it("answers a message delivered as both `message` and `app_mention` once", async () => {
    const ts = newTs();
    const text = `<@${BOT_USER}> 第17项措施由谁牵头?`;
    await deliver(eventEnvelope({ type: "app_mention", text, ts }));
    await deliver(eventEnvelope({ type: "message", text, ts }));
    expect(engine.calls).toHaveLength(1);
    expect(api.posts()).toHaveLength(1);
  });

  it("accepts a signed Chinese body sent in chunks split inside a character", async () => {
    const question = "花梅同志牵头负责哪些工作？";
    const body = Buffer.from(JSON.stringify(directMessage(question)), "utf8");
    const split = body.indexOf(Buffer.from("梅")) + 1;
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${service.base}/api/slack/events`, {
        method: "POST",
        headers: { ...signedHeaders(body), "content-length": String(body.length) },
      });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.write(body.subarray(0, split));
      setTimeout(() => req.end(body.subarray(split)), 50);
    });
    expect(status).toBe(200);
    await service.channel.idle();
    expect(engine.calls.map((c) => c.question)).toEqual([question]);
  });

  it("logs a Web API error and keeps serving", async () => {
    api.failWith("channel_not_found");
    expect((await deliver(mention("第17项措施由谁牵头?"))).status).toBe(200);
    expect(api.posts()).toHaveLength(1);
    api.failWith(undefined);
    await deliver(mention("第17项措施由谁牵头?"));
    expect(api.posts()).toHaveLength(2);
  });
});

describe("Slack Events API: refusals never reach the engine", () => {
  const now = () => Math.floor(Date.now() / 1000);

  async function refused(
    body: string | Buffer,
    headers: Record<string, string>,
    status: number,
    code: string,
  ) {
    const res = await deliver(body, headers);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    expect(engine.calls).toEqual([]);
    expect(api.calls).toEqual([]);
    await stillServes();
  }

  it("refuses a wrong signature", async () => {
    const body = JSON.stringify(mention("第17项措施由谁牵头?"));
    await refused(body, signedHeaders(body, now(), "not-our-secret"), 401, "slack_signature_invalid");
  });

  it("refuses stale and future-dated requests", async () => {
    const body = JSON.stringify(mention("第17项措施由谁牵头?"));
    await refused(body, signedHeaders(body, now() - 6 * 60), 401, "slack_request_stale");
    await refused(body, signedHeaders(body, now() + 6 * 60), 401, "slack_request_from_future");
  });

  it("refuses a replay with a changed body", async () => {
    const original = JSON.stringify(mention("第17项措施由谁牵头?"));
    const headers = signedHeaders(original);
    const changed = original.replace("第17项", "第18项");
    await refused(changed, headers, 401, "slack_signature_invalid");
  });

  it("refuses requests without headers, or with a malformed signature", async () => {
    const body = JSON.stringify(mention("第17项措施由谁牵头?"));
    await refused(body, { "content-type": "application/json" }, 401, "slack_headers_missing");
    for (const bad of ["v0=zz", "v0=", "sha256=abc", `${signature(body, now())}ff`, "v0=\u00ff"]) {
      const headers = { ...signedHeaders(body), "x-slack-signature": encodeURIComponent(bad) };
      await refused(body, headers, 401, "slack_signature_malformed");
    }
  });

  it("refuses an unsigned url_verification", async () => {
    await refused(
      JSON.stringify({ type: "url_verification", challenge: "c" }),
      {},
      401,
      "slack_headers_missing",
    );
  });

  it("refuses a huge multi-byte body over the limit with 413, signed or not", async () => {
    const huge = JSON.stringify(mention("第十七项措施由谁牵头".repeat(Math.ceil((LIMIT * 2) / 30))));
    expect(Buffer.byteLength(huge)).toBeGreaterThan(LIMIT);
    await refused(huge, signedHeaders(huge), 413, "payload_too_large");
    await refused(huge, {}, 413, "payload_too_large");
  });

  it("reads at most 256 KiB of an unverified body (issue 14, finding 9)", async () => {
    // The limit of a service started as users do (the test server here uses 64 KiB).
    expect(DEFAULT_SLACK_MAX_BODY_BYTES).toBe(256 * 1024);
  });

  it("refuses a signed body that is not JSON with 400", async () => {
    const body = "payload=%7B%7D";
    await refused(body, signedHeaders(body), 400, "invalid_json");
  });

  it("answers other methods with 405", async () => {
    const res = await fetch(`${service.base}/api/slack/events`);
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
  });
});
