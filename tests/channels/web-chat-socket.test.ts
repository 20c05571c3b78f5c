/**
 * The web chat's websocket (Botkit's web adapter on our server) and its webhook fallback, at the
 * HTTP level with the `ws` client: answers carry the whole Answer; the token, the origin and the
 * user id are checked before the adapter sees anything.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { AnswerEngine } from "../../src/answer/engine-interface.js";
import { checkWebMessage, WEB_CHAT_SOCKET_PATH, WEB_CHAT_WEBHOOK_PATH } from "../../src/channels/web-chat.js";
import { loginCookieValue } from "../../src/service/http.js";
import type { Answer } from "../../src/types.js";
import { startWebService, type WebService } from "../helpers/browser.js";
import { tempDirs } from "../helpers/temp.js";

const newDir = tempDirs("web-chat-socket");
const TOKEN = "socket-test-token-0123456789";
const USER = "0f8c2a4e-1b2c-4d5e-8f90-a1b2c3d4e5f6";

/** A fake engine that records the conversation keys it was asked with. */
function recordingEngine(): AnswerEngine & { conversations: (string | undefined)[] } {
  const conversations: (string | undefined)[] = [];
  return {
    conversations,
    ask: (question: string, conversation?: string): Promise<Answer> => {
      conversations.push(conversation);
      return Promise.resolve({
        question,
        language: "zh",
        intent: "lead_of_measure",
        found: true,
        answer: "第17项由**办公室**负责[1]。",
        citations: [
          {
            id: 1,
            source: "a.txt",
            title: "方案",
            section: "一、总体要求",
            quote: "办公室",
            start: 0,
            end: 3,
          },
        ],
      });
    },
  };
}

const socketUrl = (svc: WebService) => `${svc.url.replace(/^http/, "ws")}${WEB_CHAT_SOCKET_PATH}`;

/** Opens a websocket; resolves when open, rejects with the refusal (e.g. "Unexpected server response: 401"). */
function connect(svc: WebService, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(socketUrl(svc), { headers });
    ws.once("open", () => resolve(ws));
    ws.once("error", reject);
  });
}

/** Sends one JSON message and resolves with the next JSON message received. */
function exchange(ws: WebSocket, message: unknown): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    ws.once("message", (data) => resolve(JSON.parse(String(data)) as Record<string, unknown>));
    ws.send(JSON.stringify(message));
  });
}

describe("checkWebMessage", () => {
  it("passes on only type, text and the prefixed user id", () => {
    expect(checkWebMessage({ type: "message", text: "hi", user: USER, channelData: { x: 1 } })).toEqual({
      ok: true,
      message: { type: "message", text: "hi", user: `web:${USER}` },
    });
  });
  it.each([
    ["not an object", "hello"],
    ["an event", { type: "hello", text: "x", user: USER }],
    ["no text", { type: "message", user: USER }],
    ["a short id", { type: "message", text: "x", user: "abc" }],
    ["an id with other characters", { type: "message", text: "x", user: "web:someone-else" }],
    ["a long id", { type: "message", text: "x", user: "a".repeat(65) }],
  ])("refuses %s", (_name, value) => {
    expect(checkWebMessage(value).ok).toBe(false);
  });
});

describe("web chat websocket without API_TOKEN", () => {
  let svc: WebService;
  let engine: ReturnType<typeof recordingEngine>;
  beforeAll(async () => {
    engine = recordingEngine();
    svc = await startWebService({ engine, texts: new Map(), stateDir: join(newDir(), "state") });
  });
  afterAll(() => svc.close());

  it("answers over the socket with the whole Answer, keyed by the prefixed id", async () => {
    const ws = await connect(svc);
    const reply = await exchange(ws, { type: "message", text: "第17项措施由谁牵头？", user: USER });
    expect(reply.type).toBe("message");
    expect(String(reply.text)).toContain("办公室");
    const answer = reply.answer as Answer;
    expect(answer.citations[0]).toMatchObject({ id: 1, source: "a.txt", quote: "办公室" });
    expect(engine.conversations.at(-1)).toBe(`websocket:web:${USER}:web:${USER}`);
    ws.close();
  });

  it("refuses a bad message, a second id on one connection, and an id open elsewhere", async () => {
    const a = await connect(svc);
    expect(await exchange(a, { type: "message", text: "x", user: "../../etc" })).toMatchObject({
      type: "error",
      code: "invalid_request",
    });
    a.send("not json");
    expect(await exchange(a, { type: "message", text: "hi", user: USER })).toMatchObject({
      type: "error",
      code: "invalid_json",
    });
    expect(await exchange(a, { type: "message", text: "hi", user: USER })).toMatchObject({ type: "message" });
    expect(await exchange(a, { type: "message", text: "hi", user: "another-user-id" })).toMatchObject({
      type: "error",
      code: "invalid_request",
    });
    const b = await connect(svc);
    expect(await exchange(b, { type: "message", text: "hi", user: USER })).toMatchObject({
      type: "error",
      code: "conversation_in_use",
    });
    // Once the first connection is gone, the id is free again.
    await new Promise<void>((resolve) => {
      a.once("close", () => resolve());
      a.close();
    });
    await expect
      .poll(async () => (await exchange(b, { type: "message", text: "hi", user: USER })).type)
      .toBe("message");
    b.close();
  });

  it("refuses an upgrade from another origin (403)", async () => {
    await expect(connect(svc, { Origin: "https://evil.example" })).rejects.toThrow(/403/);
  });

  it("answers the webhook fallback with the Answer", async () => {
    const res = await fetch(`${svc.url}${WEB_CHAT_WEBHOOK_PATH}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ type: "message", text: "第17项措施由谁牵头？", user: USER }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { type: string; answer: Answer }[];
    expect(body[0]?.answer.citations[0]?.quote).toBe("办公室");
    const bad = await fetch(`${svc.url}${WEB_CHAT_WEBHOOK_PATH}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ type: "message", text: "x", user: "x" }),
    });
    expect(bad.status).toBe(400);
  });
});

describe("web chat websocket with API_TOKEN", () => {
  let svc: WebService;
  let engine: ReturnType<typeof recordingEngine>;
  beforeAll(async () => {
    engine = recordingEngine();
    svc = await startWebService({
      engine,
      texts: new Map(),
      stateDir: join(newDir(), "state"),
      apiToken: TOKEN,
    });
  });
  afterAll(() => svc.close());

  it("refuses the upgrade without the token or with a wrong one (401)", async () => {
    await expect(connect(svc)).rejects.toThrow(/401/);
    await expect(connect(svc, { Authorization: "Bearer wrong-token" })).rejects.toThrow(/401/);
    expect(engine.conversations).toEqual([]);
  });

  it("accepts the bearer token or the login cookie", async () => {
    const byBearer = await connect(svc, { Authorization: `Bearer ${TOKEN}` });
    expect(await exchange(byBearer, { type: "message", text: "hi", user: USER })).toMatchObject({
      type: "message",
    });
    byBearer.close();
    const byCookie = await connect(svc, { Cookie: `policybot_login=${loginCookieValue(TOKEN)}` });
    expect(await exchange(byCookie, { type: "message", text: "hi", user: "second-user-1234" })).toMatchObject(
      {
        type: "message",
      },
    );
    byCookie.close();
  });

  it("refuses the webhook fallback without the token (401)", async () => {
    const body = JSON.stringify({ type: "message", text: "hi", user: USER });
    const refused = await fetch(`${svc.url}${WEB_CHAT_WEBHOOK_PATH}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body,
    });
    expect(refused.status).toBe(401);
    const before = engine.conversations.length;
    const ok = await fetch(`${svc.url}${WEB_CHAT_WEBHOOK_PATH}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${TOKEN}` },
      body,
    });
    expect(ok.status).toBe(200);
    expect(engine.conversations.length).toBe(before + 1);
    expect(engine.conversations.at(-1)).toBe(`webhook:web:${USER}:web:${USER}`);
  });
});
