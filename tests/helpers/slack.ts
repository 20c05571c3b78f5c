/**
 * Builders for the Slack tests: signed Events API requests, event envelopes, a local stand-in of
 * the Slack Web API that captures `chat.postMessage` calls, a fake engine that records its calls,
 * and the real service (createServer + mountSlack) on a loopback port.
 */
import { createHash, createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { AnswerEngine } from "../../src/answer/engine-interface.js";
import { mountSlack, type SlackChannel } from "../../src/channels/slack.js";
import type { SlackBlock } from "../../src/channels/slack-render.js";
import { createServer } from "../../src/service/http.js";
import type { SeenEvents } from "../../src/state/seen-events.js";
import type { Answer, Citation } from "../../src/types.js";
import { readFrame, wsFrame } from "./ws-frames.js";

/** A signing secret for tests only (never a real one). */
export const TEST_SECRET = "test-signing-secret-0123456789abcdef";
/** A bot token for tests only; the stand-in checks it arrives. */
export const TEST_BOT_TOKEN = "xoxb-test-token";
/** The bot's user id in the test envelopes. */
export const BOT_USER = "U0BOT";

/** `X-Slack-Signature` for `body` at `timestamp` (seconds). */
export function signature(body: Buffer | string, timestamp: number | string, secret = TEST_SECRET): string {
  const mac = createHmac("sha256", secret).update(`v0:${timestamp}:`);
  mac.update(typeof body === "string" ? Buffer.from(body, "utf8") : body);
  return `v0=${mac.digest("hex")}`;
}

/** The headers of a correctly signed request made now (or at `timestamp`). */
export function signedHeaders(
  body: Buffer | string,
  timestamp = Math.floor(Date.now() / 1000),
  secret = TEST_SECRET,
): Record<string, string> {
  return {
    "content-type": "application/json",
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": signature(body, timestamp, secret),
  };
}

let nextEvent = 1;
let nextTs = 1_700_000_000;

/** A fresh message timestamp ("1700000001.000100"). */
export function newTs(): string {
  nextTs += 1;
  return `${nextTs}.000100`;
}

/** Fields of a message event. */
export interface EventFields {
  type?: "app_mention" | "message";
  text: string;
  channel?: string;
  channel_type?: "channel" | "group" | "im" | "mpim";
  user?: string;
  ts?: string;
  thread_ts?: string;
  bot_id?: string;
  subtype?: string;
  event_id?: string;
}

/** An `event_callback` envelope around one event (with the bot in `authorizations`, as Slack sends it). */
export function eventEnvelope(fields: EventFields): Record<string, unknown> {
  const { event_id, ...event } = fields;
  return {
    token: "unused-verification-token",
    team_id: "T0TEAM",
    api_app_id: "A0APP",
    type: "event_callback",
    event_id: event_id ?? `Ev${String(nextEvent++).padStart(8, "0")}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: "T0TEAM", user_id: BOT_USER, is_bot: true }],
    event: {
      type: "app_mention",
      channel: "C0CHAN",
      channel_type: "channel",
      user: "U0ASKER",
      ts: newTs(),
      event_ts: "0",
      ...event,
    },
  };
}

/** An `app_mention` of the bot in a channel. */
export function mention(text: string, extra: Partial<EventFields> = {}): Record<string, unknown> {
  return eventEnvelope({ type: "app_mention", text: `<@${BOT_USER}> ${text}`, ...extra });
}

/** A direct message to the bot. */
export function directMessage(text: string, extra: Partial<EventFields> = {}): Record<string, unknown> {
  return eventEnvelope({ type: "message", channel: "D0DIRECT", channel_type: "im", text, ...extra });
}

/** One captured Web API call. */
export interface ApiCall {
  method: string;
  authorization: string | undefined;
  params: Record<string, string>;
  /** `blocks`, parsed. */
  blocks: SlackBlock[];
}

/** The stand-in of the Slack Web API. */
export interface FakeSlackApi {
  /** Base URL to pass as `apiUrl` (ends with "/api/"). */
  url: string;
  calls: ApiCall[];
  /** `chat.postMessage` calls only. */
  posts(): ApiCall[];
  /** Sends a message to the Socket Mode client connected to the stand-in's WebSocket. */
  socketSend(message: unknown): void;
  /** Messages the Socket Mode client sent (its acknowledgements: `{envelope_id, payload}`). */
  socketReceived: { envelope_id?: string }[];
  /** Make the next calls answer `{ok: false, error}` (as Slack does for e.g. channel_not_found); undefined to stop. */
  failWith(error: string | undefined): void;
  close(): Promise<void>;
}

/** Starts a local stand-in of the Slack Web API on 127.0.0.1. */
export async function startFakeSlackApi(): Promise<FakeSlackApi> {
  const calls: ApiCall[] = [];
  let failure: string | undefined;
  const sockets: Socket[] = [];
  const socketReceived: { envelope_id?: string }[] = [];
  let port = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const type = req.headers["content-type"] ?? "";
      const params: Record<string, string> = type.includes("json")
        ? (JSON.parse(raw) as Record<string, string>)
        : Object.fromEntries(new URLSearchParams(raw));
      const method = (req.url ?? "").replace(/^\/api\//, "").split("?")[0]!;
      const blocks = typeof params.blocks === "string" ? (JSON.parse(params.blocks) as SlackBlock[]) : [];
      calls.push({ method, authorization: req.headers.authorization, params, blocks });
      res.setHeader("content-type", "application/json");
      const ok =
        method === "apps.connections.open"
          ? { ok: true, url: `ws://127.0.0.1:${port}/link/?ticket=test` }
          : { ok: true, channel: params.channel, ts: newTs() };
      res.end(JSON.stringify(failure === undefined ? ok : { ok: false, error: failure }));
    });
  });
  // A minimal WebSocket endpoint for Socket Mode (RFC 6455: handshake, text, ping/pong, close).
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
        if (frame.opcode === 1) socketReceived.push(JSON.parse(frame.payload.toString("utf8")));
        else if (frame.opcode === 9) socket.write(wsFrame(10, frame.payload));
        else if (frame.opcode === 8) {
          socket.end(wsFrame(8, frame.payload.subarray(0, 2)));
        }
      }
    });
    socket.write(wsFrame(1, Buffer.from(JSON.stringify({ type: "hello", num_connections: 1 }))));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/api/`,
    calls,
    posts: () => calls.filter((c) => c.method === "chat.postMessage"),
    socketSend: (message) => {
      for (const socket of sockets)
        if (!socket.destroyed) socket.write(wsFrame(1, Buffer.from(JSON.stringify(message))));
    },
    socketReceived,
    failWith: (error) => {
      failure = error;
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Polls `condition` every 10 ms until it holds (or fails after `timeoutMs`). */
export async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error("waitFor: timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A citation for fake answers. */
export function citation(id: number, title: string, section: string): Citation {
  return { id, source: `doc${id}.txt`, title, section, quote: "……", start: 0, end: 2 };
}

/** The fake engine's answer. */
export const FAKE_ANSWER: Answer = {
  question: "第17项措施由谁牵头?",
  language: "zh",
  intent: "lead_of_measure",
  found: true,
  answer: "第17项措施由**市经济信息化委**牵头 [1]，市商务委配合 [2]。",
  citations: [
    citation(1, "大连市对标上海工作方案", "二、下一步工作措施 > (三)注重实效 > 17"),
    citation(2, "青岛市工作要点", "一、重点工作 > 17"),
  ],
};

/** A fake engine that records every call and answers `FAKE_ANSWER`. */
export function fakeEngine(answer: Answer = FAKE_ANSWER) {
  const calls: { question: string; conversation: string | undefined }[] = [];
  const engine: AnswerEngine = {
    ask(question, conversation) {
      calls.push({ question, conversation });
      return Promise.resolve({ ...answer, question });
    },
  };
  return { engine, calls };
}

/** The service with the Slack channel mounted, listening on a loopback port. */
export interface SlackService {
  base: string;
  channel: SlackChannel;
  /** POSTs `body` (an object is JSON-encoded) to /api/slack/events with `headers` (default: correctly signed). */
  post(body: unknown, headers?: Record<string, string>): Promise<globalThis.Response>;
  close(): Promise<void>;
}

/** Starts createServer + mountSlack on 127.0.0.1:0. */
export async function startSlackService(options: {
  engine: AnswerEngine;
  apiUrl: string;
  seen?: SeenEvents;
  maxBodyBytes?: number;
}): Promise<SlackService> {
  const { app, server } = createServer({ engine: options.engine, ready: () => true });
  const channel = mountSlack(app, {
    engine: options.engine,
    signingSecret: TEST_SECRET,
    botToken: TEST_BOT_TOKEN,
    apiUrl: options.apiUrl,
    retries: 0,
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
      return fetch(`${base}/api/slack/events`, {
        method: "POST",
        headers: headers ?? signedHeaders(payload),
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
