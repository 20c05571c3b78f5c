/**
 * DingTalk stream mode: the robot-message handler with the downstream objects the dingtalk-stream
 * SDK delivers, and the SDK's DWClient itself against a local stand-in gateway and websocket.
 */
import type { DWClientDownStream } from "dingtalk-stream";
import { TOPIC_ROBOT } from "dingtalk-stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDingTalkResponder } from "../../src/channels/dingtalk.js";
import {
  type DingTalkStream,
  handleDingTalkStreamMessage,
  startDingTalkStream,
} from "../../src/channels/dingtalk-stream.js";
import {
  type FakeDingTalk,
  robotMessage,
  startFakeDingTalk,
  TEST_APP_KEY,
  TEST_APP_SECRET,
} from "../helpers/dingtalk.js";
import { fakeEngine, waitFor } from "../helpers/slack.js";

let api: FakeDingTalk;
let engine: ReturnType<typeof fakeEngine>;
let n = 0;

beforeAll(async () => {
  api = await startFakeDingTalk();
  engine = fakeEngine();
});
afterAll(async () => {
  await api.close();
});
beforeEach(() => {
  engine.calls.length = 0;
  api.calls.length = 0;
});

/** A CALLBACK downstream as the SDK hands it to `registerCallbackListener` callbacks. */
function downstream(message: Record<string, unknown>): DWClientDownStream {
  n += 1;
  return {
    specVersion: "1.0",
    type: "CALLBACK",
    headers: {
      appId: "app-test",
      connectionId: "conn-test",
      contentType: "application/json",
      messageId: `stream-msg-${n}`,
      time: String(Date.now()),
      topic: TOPIC_ROBOT,
    },
    data: JSON.stringify(message),
  };
}

describe("the stream handler", () => {
  it("answers a robot message through its sessionWebhook, acknowledges it, and dedupes by msgId", async () => {
    const responder = createDingTalkResponder({ engine: engine.engine, apiUrl: api.url });
    const acks: [string, unknown][] = [];
    const ds = downstream(
      robotMessage({ text: "第17项措施由谁牵头?", sessionWebhook: api.webhook("stream") }),
    );
    handleDingTalkStreamMessage(ds, responder, (id, r) => acks.push([id, r]));
    handleDingTalkStreamMessage(
      { ...ds, headers: { ...ds.headers, messageId: "redelivered" } },
      responder,
      (id, r) => acks.push([id, r]),
    );
    await responder.idle();
    expect(acks).toEqual([
      [ds.headers.messageId, {}],
      ["redelivered", {}],
    ]);
    expect(engine.calls).toHaveLength(1);
    expect(api.calls).toHaveLength(1);
    expect(api.calls[0]!.path).toBe("/robot/sendBySession?session=stream");
    expect(api.calls[0]!.body.msgtype).toBe("markdown");
  });

  it("acknowledges but ignores malformed data, group messages without @, and foreign webhooks", async () => {
    const responder = createDingTalkResponder({ engine: engine.engine, apiUrl: api.url });
    const acks: string[] = [];
    const ack = (id: string) => acks.push(id);
    handleDingTalkStreamMessage({ ...downstream({}), data: "{oops" }, responder, ack);
    handleDingTalkStreamMessage(
      downstream(robotMessage({ text: "第17项", conversationType: "2", sessionWebhook: api.webhook() })),
      responder,
      ack,
    );
    handleDingTalkStreamMessage(
      downstream(
        robotMessage({ text: "第17项", sessionWebhook: "https://evil.example.com/robot/sendBySession" }),
      ),
      responder,
      ack,
    );
    await responder.idle();
    expect(acks).toHaveLength(3);
    expect(engine.calls).toHaveLength(0);
    expect(api.calls).toHaveLength(0);
  });
});

describe("startDingTalkStream against a local gateway", () => {
  let stream: DingTalkStream | undefined;
  afterAll(() => stream?.close());

  it("opens the connection at DINGTALK_API_URL, answers a pushed robot message once and acks it", async () => {
    stream = await startDingTalkStream({
      engine: engine.engine,
      appKey: TEST_APP_KEY,
      appSecret: TEST_APP_SECRET,
      apiUrl: api.url,
      autoReconnect: false,
    });
    await waitFor(() => stream?.client.connected === true);
    expect(api.gatewayCalls).toHaveLength(1);
    expect(api.gatewayCalls[0]).toMatchObject({
      clientId: TEST_APP_KEY,
      clientSecret: TEST_APP_SECRET,
      subscriptions: expect.arrayContaining([{ type: "CALLBACK", topic: TOPIC_ROBOT }]),
    });
    const ds = downstream(
      robotMessage({
        text: " 第17项措施由谁牵头?",
        conversationType: "2",
        atRobot: true,
        sessionWebhook: api.webhook("ws"),
      }),
    );
    api.streamSend(ds);
    api.streamSend({ ...ds, headers: { ...ds.headers, messageId: "again" } });
    await waitFor(() => api.streamReceived.length >= 2 && api.calls.length >= 1);
    await stream.idle();
    expect(engine.calls.map((c) => c.question)).toEqual(["第17项措施由谁牵头?"]);
    expect(api.calls).toHaveLength(1);
    expect(api.calls[0]!.path).toBe("/robot/sendBySession?session=ws");
    const acked = api.streamReceived.map((m) => m.headers?.messageId);
    expect(acked).toEqual(expect.arrayContaining([ds.headers.messageId, "again"]));
    expect(api.streamReceived[0]).toMatchObject({ code: 200, data: JSON.stringify({ response: {} }) });
  });
});
