/**
 * Builders for the DingTalk tests: signed callback headers (an independent HMAC implementation),
 * robot messages shaped as DingTalk sends them, a local stand-in of the DingTalk API (session
 * webhooks, the stream gateway and its websocket), and the real service (createServer +
 * mountDingTalk) on a loopback port.
 */
import { createHash, createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { AnswerEngine } from "../../src/answer/engine-interface.js";
import { type DingTalkChannel, mountDingTalk } from "../../src/channels/dingtalk.js";
import { createServer } from "../../src/service/http.js";
import type { SeenEvents } from "../../src/state/seen-events.js";
import { readFrame, wsFrame } from "./ws-frames.js";

/** Keys for tests only (never real ones). */
export const TEST_APP_KEY = "dingtestappkey000";
export const TEST_APP_SECRET = "test-dingtalk-app-secret-0123456789abcdef";
/** The robot's ids in the test messages. */
export const ROBOT_USER = "$:LWCP_v1:$robotrobotrobot";
export const CORP = "dingcorp0000";

/** `sign` for `timestamp` (ms), computed independently: base64(HMAC-SHA256(secret, `${timestamp}\n${secret}`)). */
export function sign(timestamp: number | string, secret = TEST_APP_SECRET): string {
  const mac = createHmac("sha256", Buffer.from(secret, "utf8"));
  mac.update(Buffer.from(`${timestamp}\n${secret}`, "utf8"));
  return mac.digest().toString("base64");
}

let lastTimestamp = 0;

/** Now in ms, never the same twice: each callback DingTalk sends has its own (timestamp, sign) pair. */
export function freshTimestamp(): number {
  lastTimestamp = Math.max(Date.now(), lastTimestamp + 1);
  return lastTimestamp;
}

/** The headers DingTalk sends with a callback made now (or at `timestamp`). */
export function signedHeaders(
  timestamp = freshTimestamp(),
  secret = TEST_APP_SECRET,
): Record<string, string> {
  return {
    "content-type": "application/json; charset=utf-8",
    timestamp: String(timestamp),
    sign: sign(timestamp, secret),
  };
}

let nextMsg = 1;

/** Fields of a robot message. */
export interface MessageFields {
  text: string;
  /** "1" single chat, "2" group. */
  conversationType?: "1" | "2";
  conversationId?: string;
  msgId?: string;
  senderStaffId?: string;
  sessionWebhook: string;
  sessionWebhookExpiredTime?: number;
  isInAtList?: boolean;
  atRobot?: boolean;
  msgtype?: string;
}

/** A robot message as DingTalk posts it to the callback (and as the stream's `data`). */
export function robotMessage(f: MessageFields): Record<string, unknown> {
  const group = (f.conversationType ?? "1") === "2";
  const staff = f.senderStaffId ?? "manager0001";
  const now = Date.now();
  return {
    conversationId: f.conversationId ?? (group ? "cidGROUP0000000000000==" : `cidDM${staff}==`),
    atUsers: f.atRobot === true ? [{ dingtalkId: ROBOT_USER }] : [],
    chatbotCorpId: CORP,
    chatbotUserId: ROBOT_USER,
    msgId: f.msgId ?? `msgTEST${String(nextMsg++).padStart(8, "0")}==`,
    senderNick: "张三",
    isAdmin: false,
    senderStaffId: staff,
    sessionWebhookExpiredTime: f.sessionWebhookExpiredTime ?? now + 90 * 60 * 1000,
    createAt: now,
    senderCorpId: CORP,
    conversationType: f.conversationType ?? "1",
    senderId: `$:LWCP_v1:$sender${staff}`,
    ...(group ? { conversationTitle: "政策研究群" } : {}),
    isInAtList: f.isInAtList ?? f.atRobot === true,
    sessionWebhook: f.sessionWebhook,
    text: { content: f.text },
    robotCode: TEST_APP_KEY,
    msgtype: f.msgtype ?? "text",
  };
}

/** One reply captured at a session webhook. */
export interface WebhookCall {
  path: string;
  body: { msgtype: string; markdown: { title: string; text: string } };
}

/** A call to the AI card API (access token, createAndDeliver, streaming) captured by the stand-in. */
export interface CardCall {
  method: string;
  path: string;
  /** The `x-acs-dingtalk-access-token` header, if any. */
  token: string | undefined;
  body: Record<string, unknown>;
}

/** The access token the stand-in hands out. */
export const TEST_ACCESS_TOKEN = "test-dingtalk-access-token";

/** The stand-in of the DingTalk API. */
export interface FakeDingTalk {
  /** Origin to pass as `apiUrl` (http://127.0.0.1:port). */
  url: string;
  /** A session webhook on the stand-in for a (new) session. */
  webhook(session?: string): string;
  calls: WebhookCall[];
  /** Requests to the stream gateway (connections/open). */
  gatewayCalls: Record<string, unknown>[];
  /** Sends a downstream frame to every stream client connected to the stand-in's websocket. */
  streamSend(message: unknown): void;
  /** Messages the stream clients sent (their acknowledgements). */
  streamReceived: { code?: number; headers?: { messageId?: string }; data?: string }[];
  /** AI card calls: POST /v1.0/oauth2/accessToken, POST /v1.0/card/instances/createAndDeliver, PUT /v1.0/card/streaming. */
  cardCalls: CardCall[];
  /** Set to make one kind of card call fail with HTTP 403 (DingTalk's answer to a missing permission). */
  refuseCard?: "token" | "create" | "streaming" | undefined;
  close(): Promise<void>;
}

let nextSession = 1;

/** Starts a local stand-in of the DingTalk API on 127.0.0.1. */
export async function startFakeDingTalk(): Promise<FakeDingTalk> {
  const calls: WebhookCall[] = [];
  const gatewayCalls: Record<string, unknown>[] = [];
  const sockets: Socket[] = [];
  const streamReceived: FakeDingTalk["streamReceived"] = [];
  const cardCalls: CardCall[] = [];
  let port = 0;
  const cardRoutes: Record<string, NonNullable<FakeDingTalk["refuseCard"]>> = {
    "POST /v1.0/oauth2/accessToken": "token",
    "POST /v1.0/card/instances/createAndDeliver": "create",
    "PUT /v1.0/card/streaming": "streaming",
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const path = req.url ?? "/";
      res.setHeader("content-type", "application/json");
      if (path.startsWith("/v1.0/gateway/connections/open")) {
        gatewayCalls.push(JSON.parse(raw) as Record<string, unknown>);
        res.end(JSON.stringify({ endpoint: `ws://127.0.0.1:${port}/connect`, ticket: "test-ticket" }));
        return;
      }
      const cardRoute = cardRoutes[`${req.method} ${path}`];
      if (cardRoute !== undefined) {
        const token = req.headers["x-acs-dingtalk-access-token"];
        const body = JSON.parse(raw) as Record<string, unknown>;
        cardCalls.push({
          method: req.method ?? "",
          path,
          token: typeof token === "string" ? token : undefined,
          body,
        });
        if (fake.refuseCard === cardRoute) {
          res.statusCode = 403;
          res.end(JSON.stringify({ code: "Forbidden.AccessDenied", message: "no permission" }));
        } else if (cardRoute === "token") {
          res.end(JSON.stringify({ accessToken: TEST_ACCESS_TOKEN, expireIn: 7200 }));
        } else if (cardRoute === "create") {
          res.end(
            JSON.stringify({
              success: true,
              result: { outTrackId: body.outTrackId, deliverResults: [{ success: true, spaceType: "IM" }] },
            }),
          );
        } else {
          res.end(JSON.stringify({ success: true, result: true }));
        }
        return;
      }
      calls.push({ path, body: JSON.parse(raw) as WebhookCall["body"] });
      res.end(JSON.stringify({ errcode: 0, errmsg: "ok" }));
    });
  });
  server.on("upgrade", (req: http.IncomingMessage, socket: Socket) => {
    const accept = createHash("sha1")
      .update(`${req.headers["sec-websocket-key"]}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
      .digest("base64");
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    sockets.push(socket);
    socket.on("error", () => {});
    let pending = Buffer.alloc(0);
    socket.on("data", (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const frame = readFrame(pending);
        if (frame === undefined) break;
        pending = pending.subarray(frame.size);
        if (frame.opcode === 1) streamReceived.push(JSON.parse(frame.payload.toString("utf8")));
        else if (frame.opcode === 9) socket.write(wsFrame(10, frame.payload));
        else if (frame.opcode === 8) socket.end(wsFrame(8, frame.payload.subarray(0, 2)));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const fake: FakeDingTalk = {
    url,
    webhook: (session) => `${url}/robot/sendBySession?session=${session ?? `s${nextSession++}`}`,
    calls,
    gatewayCalls,
    streamSend: (message) => {
      for (const socket of sockets)
        if (!socket.destroyed) socket.write(wsFrame(1, Buffer.from(JSON.stringify(message))));
    },
    streamReceived,
    cardCalls,
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}

/** The service with the DingTalk channel mounted, listening on a loopback port. */
export interface DingTalkService {
  base: string;
  channel: DingTalkChannel;
  /** POSTs `body` (an object is JSON-encoded) to /api/dingtalk/events with `headers` (default: correctly signed now). */
  post(body: unknown, headers?: Record<string, string>): Promise<globalThis.Response>;
  close(): Promise<void>;
}

/** Starts createServer + mountDingTalk on 127.0.0.1:0, with `apiUrl` (the stand-in) as the allowed webhook origin. */
export async function startDingTalkService(options: {
  engine: AnswerEngine;
  apiUrl: string;
  seen?: SeenEvents;
  maxBodyBytes?: number;
}): Promise<DingTalkService> {
  const { app, server } = createServer({ engine: options.engine, ready: () => true });
  const channel = mountDingTalk(app, {
    engine: options.engine,
    appKey: TEST_APP_KEY,
    appSecret: TEST_APP_SECRET,
    apiUrl: options.apiUrl,
    ...(options.seen === undefined ? {} : { seen: options.seen }),
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    channel,
    post: (body, headers) => {
      const payload = typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body);
      return fetch(`${base}/api/dingtalk/events`, {
        method: "POST",
        headers: headers ?? signedHeaders(),
        body: payload,
      });
    },
    close: async () => {
      await channel.idle();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
