/**
 * Long-connection mode: the SDK's WSClient is started against a local stand-in of the open
 * platform (`domain` = FEISHU_API_URL): it discovers the gateway at `/callback/ws/endpoint`,
 * connects to our stand-in gateway, which pushes events as protobuf frames the way Feishu's does;
 * replies are captured at the stand-in API. The dispatcher is also driven directly with the event
 * objects WSClient hands it after merging a frame (`invoke(<parsed v2 event>, {needCheck: false})`).
 */
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type WebSocket, WebSocketServer } from "ws";
import { type FeishuLongConnection, startFeishuLongConnection } from "../../src/channels/feishu.js";
import {
  type FakeFeishuApi,
  messageEvent,
  startFakeFeishuApi,
  TEST_APP_ID,
  TEST_APP_SECRET,
} from "../helpers/feishu.js";
import { decodeFrame, eventFrame, type LarkFrame } from "../helpers/lark-frames.js";
import { fakeEngine, waitFor } from "../helpers/slack.js";

let api: FakeFeishuApi;
let wss: WebSocketServer;
let conn: FeishuLongConnection;
let engine: ReturnType<typeof fakeEngine>;
const discovered: Record<string, unknown>[] = [];
let gateway: WebSocket | undefined;
const fromClient: LarkFrame[] = [];

beforeAll(async () => {
  api = await startFakeFeishuApi();
  wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  await new Promise<void>((resolve) => wss.once("listening", () => resolve()));
  const wsPort = (wss.address() as AddressInfo).port;
  wss.on("connection", (socket) => {
    gateway = socket;
    socket.on("message", (data: Buffer) => fromClient.push(decodeFrame(data)));
  });
  api.extra = (req, res, body) => {
    if (req.url !== "/callback/ws/endpoint") return false;
    discovered.push(JSON.parse(body) as Record<string, unknown>);
    res.setHeader("content-type", "application/json");
    res.end(
      JSON.stringify({
        code: 0,
        msg: "ok",
        data: {
          URL: `ws://127.0.0.1:${wsPort}/ws/v2?fpid=1&device_id=dev1&service_id=7`,
          ClientConfig: { PingInterval: 120, ReconnectCount: 0, ReconnectInterval: 1, ReconnectNonce: 1 },
        },
      }),
    );
    return true;
  };
  engine = fakeEngine();
  conn = await startFeishuLongConnection({
    engine: engine.engine,
    appId: TEST_APP_ID,
    appSecret: TEST_APP_SECRET,
    apiUrl: api.url,
    autoReconnect: false,
  });
});
afterAll(async () => {
  conn?.close();
  await conn?.idle();
  for (const c of wss.clients) c.terminate();
  await new Promise<void>((resolve) => wss.close(() => resolve()));
  await api.close();
});
beforeEach(() => {
  engine.calls.length = 0;
  api.calls.length = 0;
});

describe("Feishu long connection", () => {
  it("answers a single-chat message delivered as the SDK delivers it", async () => {
    const event = messageEvent({ text: "第17项措施由谁牵头?" });
    await conn.dispatcher.invoke(JSON.parse(JSON.stringify(event)), { needCheck: false });
    await conn.idle();
    expect(engine.calls).toEqual([
      { question: "第17项措施由谁牵头?", conversation: "feishu:tenant0key:oc_p2p:dm:ou_asker" },
    ]);
    expect(api.replies()).toHaveLength(1);
    expect(api.replies()[0]!.markdown).toContain("[1]");
  });

  it("applies the group rules and the dedupe there too", async () => {
    await conn.dispatcher.invoke(messageEvent({ text: "第17项", chatType: "group" }), { needCheck: false });
    const mention = messageEvent({ text: "@_user_1 第17项", chatType: "group", mentions: ["bot"] });
    await conn.dispatcher.invoke(mention, { needCheck: false });
    await conn.dispatcher.invoke(mention, { needCheck: false });
    await conn.idle();
    expect(engine.calls.map((c) => c.question)).toEqual(["第17项"]);
    expect(api.replies()).toHaveLength(1);
  });

  it("discovers the gateway with the app's credentials and answers an event frame it pushes, acknowledging it", async () => {
    expect(discovered[0]).toMatchObject({ AppID: TEST_APP_ID, AppSecret: TEST_APP_SECRET });
    await waitFor(() => gateway !== undefined);
    const event = messageEvent({ text: "第18项措施由谁牵头?" });
    gateway!.send(eventFrame(event, "frame-msg-1"));
    await waitFor(() => api.replies().length === 1);
    await conn.idle();
    expect(engine.calls.map((c) => c.question)).toEqual(["第18项措施由谁牵头?"]);
    expect(api.replies()[0]!.markdown).toContain("[1]");
    await waitFor(() => fromClient.some((f) => f.method === 1 && f.headers.message_id === "frame-msg-1"));
    const ack = fromClient.find((f) => f.method === 1 && f.headers.message_id === "frame-msg-1")!;
    expect(JSON.parse(ack.payload.toString("utf8"))).toMatchObject({ code: 200 });
  });

  it("answers the same event pushed twice (a gateway redelivery) once", async () => {
    await waitFor(() => gateway !== undefined);
    const event = messageEvent({ text: "第19项措施由谁牵头?" });
    gateway!.send(eventFrame(event, "frame-msg-2", 2));
    gateway!.send(eventFrame(event, "frame-msg-3", 3));
    await waitFor(
      () =>
        fromClient.filter((f) => f.method === 1 && /^frame-msg-[23]$/.test(f.headers.message_id ?? ""))
          .length === 2,
    );
    await conn.idle();
    expect(engine.calls.map((c) => c.question)).toEqual(["第19项措施由谁牵头?"]);
    expect(api.replies()).toHaveLength(1);
  });

  it("refuses to start with an app id the SDK would silently ignore", async () => {
    await expect(
      startFeishuLongConnection({
        engine: engine.engine,
        appId: "cli_x",
        appSecret: TEST_APP_SECRET,
        apiUrl: api.url,
      }),
    ).rejects.toThrow(/FEISHU_APP_ID/);
  });
});
