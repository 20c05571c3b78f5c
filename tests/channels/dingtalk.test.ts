/**
 * The DingTalk channel end to end: signed robot callbacks to the running service, replies captured
 * at a local stand-in of the session webhook; refused requests never reach the engine, and no URL
 * outside the DingTalk API origins is ever called.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isAllowedSessionWebhook, renderDingTalkMessages } from "../../src/channels/dingtalk.js";
import {
  type DingTalkService,
  type FakeDingTalk,
  robotMessage,
  sign,
  signedHeaders,
  startDingTalkService,
  startFakeDingTalk,
} from "../helpers/dingtalk.js";
import { FAKE_ANSWER, fakeEngine } from "../helpers/slack.js";

let api: FakeDingTalk;
let service: DingTalkService;
let engine: ReturnType<typeof fakeEngine>;
let foreign: http.Server;
let foreignUrl: string;
const foreignCalls: string[] = [];

beforeAll(async () => {
  api = await startFakeDingTalk();
  engine = fakeEngine();
  service = await startDingTalkService({ engine: engine.engine, apiUrl: api.url, maxBodyBytes: 64 * 1024 });
  foreign = http.createServer((req, res) => {
    foreignCalls.push(req.url ?? "");
    res.end("{}");
  });
  await new Promise<void>((resolve) => foreign.listen(0, "127.0.0.1", resolve));
  foreignUrl = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await service.close();
  await api.close();
  foreign.closeAllConnections();
  await new Promise<void>((resolve) => foreign.close(() => resolve()));
});
beforeEach(() => {
  engine.calls.length = 0;
  api.calls.length = 0;
  foreignCalls.length = 0;
});

/** Posts a message and waits until its answer (if any) is posted. */
async function deliver(body: unknown, headers?: Record<string, string>): Promise<Response> {
  const res = await service.post(body, headers);
  await service.channel.idle();
  return res;
}

describe("DingTalk robot callback: answering", () => {
  it("answers a signed single-chat message at its sessionWebhook, as Markdown with the citations", async () => {
    const webhook = api.webhook("single");
    const res = await deliver(robotMessage({ text: "第17项措施由谁牵头?", sessionWebhook: webhook }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    expect(engine.calls).toEqual([
      {
        question: "第17项措施由谁牵头?",
        conversation: "dingtalk:dingcorp0000:cidDMmanager0001==:dm:manager0001",
      },
    ]);
    expect(api.calls).toHaveLength(1);
    const call = api.calls[0]!;
    expect(call.path).toBe("/robot/sendBySession?session=single");
    expect(call.body.msgtype).toBe("markdown");
    expect(call.body.markdown.title).toBe("第17项措施由谁牵头?");
    expect(call.body.markdown.text).toContain("**市经济信息化委**牵头 [1]");
    expect(call.body.markdown.text).toContain("来源：");
    expect(call.body.markdown.text).toContain("大连市对标上海工作方案");
    expect(call.body.markdown.text).toContain("青岛市工作要点");
  });

  it("ignores a group message that does not @mention the robot, answers one that does (mention stripped)", async () => {
    const webhook = api.webhook();
    const quiet = await deliver(
      robotMessage({ text: "第17项措施由谁牵头?", conversationType: "2", sessionWebhook: webhook }),
    );
    expect(quiet.status).toBe(200);
    expect(engine.calls).toHaveLength(0);
    expect(api.calls).toHaveLength(0);

    await deliver(
      robotMessage({
        text: " 第17项措施由谁牵头?",
        conversationType: "2",
        atRobot: true,
        sessionWebhook: webhook,
      }),
    );
    expect(engine.calls).toEqual([
      {
        question: "第17项措施由谁牵头?",
        conversation: "dingtalk:dingcorp0000:cidGROUP0000000000000==:thread:user-manager0001",
      },
    ]);
    expect(api.calls).toHaveLength(1);
  });

  it("answers a group message that starts with /policy, without the prefix", async () => {
    await deliver(
      robotMessage({
        text: "/policy 第17项措施由谁牵头?",
        conversationType: "2",
        sessionWebhook: api.webhook(),
      }),
    );
    expect(engine.calls.map((c) => c.question)).toEqual(["第17项措施由谁牵头?"]);
    expect(api.calls).toHaveLength(1);
  });

  it("answers a message delivered twice (same msgId) once", async () => {
    const message = robotMessage({ text: "第17项措施由谁牵头?", sessionWebhook: api.webhook() });
    expect((await deliver(message)).status).toBe(200);
    expect((await deliver(message)).status).toBe(200);
    expect(engine.calls).toHaveLength(1);
    expect(api.calls).toHaveLength(1);
  });

  it("ignores non-text messages", async () => {
    await deliver(robotMessage({ text: "", msgtype: "picture", sessionWebhook: api.webhook() }));
    expect(engine.calls).toHaveLength(0);
  });
});

describe("DingTalk robot callback: refusals", () => {
  const message = () => robotMessage({ text: "第17项措施由谁牵头?", sessionWebhook: api.webhook() });

  async function refused(body: unknown, headers: Record<string, string>, status: number, code: string) {
    const res = await deliver(body, headers);
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    expect(engine.calls).toHaveLength(0);
    expect(api.calls).toHaveLength(0);
  }

  it("refuses a wrong sign", async () => {
    const t = Date.now();
    await refused(
      message(),
      { timestamp: String(t), sign: sign(t, "wrong-secret") },
      401,
      "dingtalk_sign_invalid",
    );
  });

  it("refuses missing headers", async () => {
    await refused(message(), { "content-type": "application/json" }, 401, "dingtalk_headers_missing");
    await refused(message(), { timestamp: String(Date.now()) }, 401, "dingtalk_headers_missing");
  });

  it("refuses an expired and a future timestamp, even correctly signed", async () => {
    const old = Date.now() - 61 * 60 * 1000;
    await refused(message(), signedHeaders(old), 401, "dingtalk_request_stale");
    const future = Date.now() + 61 * 60 * 1000;
    await refused(message(), signedHeaders(future), 401, "dingtalk_request_from_future");
  });

  it("verifies before parsing: a malformed body with a bad sign is 401, with a good sign 400", async () => {
    await refused("{not json", { timestamp: String(Date.now()), sign: "x" }, 401, "dingtalk_sign_malformed");
    await refused("{not json", signedHeaders(), 400, "invalid_json");
    await refused("[1,2]", signedHeaders(), 400, "invalid_request");
    await refused({ msgtype: "text", text: { content: "hi" } }, signedHeaders(), 400, "invalid_request");
    await refused(Buffer.from([0xff, 0xfe, 0x7b]), signedHeaders(), 400, "invalid_json");
  });

  it("refuses a body over the limit (413) and other methods (405)", async () => {
    const big = robotMessage({ text: "啊".repeat(30_000), sessionWebhook: api.webhook() });
    const res = await deliver(big);
    expect(res.status).toBe(413);
    expect(engine.calls).toHaveLength(0);
    expect((await fetch(`${service.base}/api/dingtalk/events`)).status).toBe(405);
  });

  it("never calls a sessionWebhook on a foreign host (nor asks the engine)", async () => {
    for (const hook of [
      `${foreignUrl}/robot/sendBySession?session=evil`,
      "https://evil.example.com/robot/sendBySession?session=x",
      "https://oapi.dingtalk.com.evil.example.com/robot/sendBySession",
      `http://user:pw@${new URL(api.url).host}/robot/sendBySession`,
      "not a url",
    ]) {
      const res = await deliver(robotMessage({ text: "第17项措施由谁牵头?", sessionWebhook: hook }));
      expect(res.status).toBe(200);
    }
    expect(foreignCalls).toEqual([]);
    expect(engine.calls).toHaveLength(0);
    expect(api.calls).toHaveLength(0);
  });

  it("does not call an expired sessionWebhook", async () => {
    await deliver(
      robotMessage({
        text: "第17项措施由谁牵头?",
        sessionWebhook: api.webhook(),
        sessionWebhookExpiredTime: Date.now() - 1000,
      }),
    );
    expect(engine.calls).toHaveLength(0);
    expect(api.calls).toHaveLength(0);
  });

  it("still serves after refusals", async () => {
    const res = await deliver(message());
    expect(res.status).toBe(200);
    expect(api.calls).toHaveLength(1);
  });
});

describe("DingTalk helpers", () => {
  it("allows only the DingTalk API origins for session webhooks", () => {
    const origins = ["https://api.dingtalk.com", "https://oapi.dingtalk.com"];
    expect(isAllowedSessionWebhook("https://oapi.dingtalk.com/robot/sendBySession?session=1", origins)).toBe(
      true,
    );
    expect(isAllowedSessionWebhook("https://api.dingtalk.com/v1.0/robot/x", origins)).toBe(true);
    expect(isAllowedSessionWebhook("http://oapi.dingtalk.com/robot/sendBySession", origins)).toBe(false);
    expect(isAllowedSessionWebhook("https://oapi.dingtalk.com:8443/robot/sendBySession", origins)).toBe(
      false,
    );
    expect(isAllowedSessionWebhook("https://evil.com/?https://oapi.dingtalk.com", origins)).toBe(false);
    expect(isAllowedSessionWebhook("https://a@oapi.dingtalk.com/", origins)).toBe(false);
  });

  it("splits a long answer under the limit without cutting a citation marker", () => {
    const sentence = "这是一句很长的政策说明，用于测试拆分 [1]。";
    const long = { ...FAKE_ANSWER, answer: sentence.repeat(400) };
    const pieces = renderDingTalkMessages(long, 5000);
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(5000 + 20);
      expect(p).not.toMatch(/\[\d*$/);
      expect(p).not.toMatch(/^\d*\]/);
    }
    expect(pieces.at(-1)).toContain("来源：");
    const tooLong = renderDingTalkMessages({ ...FAKE_ANSWER, answer: sentence.repeat(1200) }, 5000);
    expect(tooLong).toHaveLength(4);
    expect(tooLong.at(-1)).toContain("（回答过长，已截断。）");
  });
});
