/**
 * Builders for the Feishu tests: events encrypted and signed exactly as Feishu does (our own
 * independent AES-256-CBC encryption — checked against the SDK's AESCipher and the documentation's
 * example — and an independent SHA-256 signature), a local stand-in of the open platform (tenant
 * token, bot info, message reply) that captures the replies, and the real service
 * (createServer + mountFeishu) on a loopback port.
 */
import { createCipheriv, createHash, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { AnswerEngine } from "../../src/answer/engine-interface.js";
import { type FeishuChannel, type FeishuMessageEvent, mountFeishu } from "../../src/channels/feishu.js";
import { createServer } from "../../src/service/http.js";
import type { SeenEvents } from "../../src/state/seen-events.js";

export const TEST_APP_ID = "cli_a1b2c3d4e5f60718";
export const TEST_APP_SECRET = "test-app-secret-0123456789";
export const TEST_VERIFICATION_TOKEN = "test-verification-token-abc";
export const TEST_ENCRYPT_KEY = "test-encrypt-key-0123456789";
export const BOT_OPEN_ID = "ou_bot0000000000000000000000000000";
export const TENANT = "tenant0key";
export const TEST_TENANT_TOKEN = "t-test-tenant-token";

/** Encrypts `plain` as Feishu does: AES-256-CBC, key SHA-256(encryptKey), random IV prepended, base64. */
export function encrypt(plain: string, encryptKey = TEST_ENCRYPT_KEY): string {
  const key = createHash("sha256").update(encryptKey).digest();
  const iv = randomBytes(16);
  const cipher = createCipheriv("aes-256-cbc", key, iv);
  return Buffer.concat([iv, cipher.update(plain, "utf8"), cipher.final()]).toString("base64");
}

/** `X-Lark-Signature`: hex SHA-256 of timestamp + nonce + encryptKey + body. */
export function larkSignature(
  timestamp: string,
  nonce: string,
  body: string,
  encryptKey = TEST_ENCRYPT_KEY,
): string {
  return createHash("sha256")
    .update(timestamp + nonce + encryptKey + body)
    .digest("hex");
}

/** Headers and body of a signed, encrypted event request as Feishu sends it. */
export function signedRequest(
  payload: unknown,
  opts: { timestamp?: number; encryptKey?: string; signKey?: string; nonce?: string } = {},
): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({ encrypt: encrypt(JSON.stringify(payload), opts.encryptKey) });
  const timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = opts.nonce ?? randomBytes(8).toString("hex");
  return {
    body,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "x-lark-request-timestamp": timestamp,
      "x-lark-request-nonce": nonce,
      "x-lark-signature": larkSignature(timestamp, nonce, body, opts.signKey ?? opts.encryptKey),
    },
  };
}

/** The (decrypted) URL verification request. */
export function challengePayload(
  challenge: string,
  token = TEST_VERIFICATION_TOKEN,
): Record<string, unknown> {
  return { challenge, token, type: "url_verification" };
}

let next = 1;

/** Fields of a message event. */
export interface MessageFields {
  text: string;
  chatType?: "p2p" | "group";
  chatId?: string;
  /** Mentions: `@_user_1` … in order; "bot" mentions the bot. */
  mentions?: ("bot" | string)[];
  sender?: string;
  eventId?: string;
  messageId?: string;
  token?: string;
  messageType?: string;
}

/** An `im.message.receive_v1` v2 event (schema 2.0, header + event), as Feishu sends it (decrypted). */
export function messageEvent(f: MessageFields): {
  schema: "2.0";
  header: Record<string, string>;
  event: Record<string, unknown>;
} {
  const n = next++;
  const mentions = (f.mentions ?? []).map((who, i) => ({
    key: `@_user_${i + 1}`,
    id:
      who === "bot"
        ? { open_id: BOT_OPEN_ID, union_id: "on_bot" }
        : { open_id: who, union_id: `on_${who}`, user_id: `u_${who}` },
    name: who === "bot" ? "policybot" : who,
    tenant_key: TENANT,
  }));
  return {
    schema: "2.0",
    header: {
      event_id: f.eventId ?? `ev_${Date.now()}_${n}`,
      token: f.token ?? TEST_VERIFICATION_TOKEN,
      create_time: String(Date.now()),
      event_type: "im.message.receive_v1",
      tenant_key: TENANT,
      app_id: TEST_APP_ID,
    },
    event: {
      sender: {
        sender_id: { union_id: "on_asker", user_id: "u_asker", open_id: f.sender ?? "ou_asker" },
        sender_type: "user",
        tenant_key: TENANT,
      },
      message: {
        message_id: f.messageId ?? `om_${n}_${Date.now()}`,
        create_time: String(Date.now()),
        update_time: String(Date.now()),
        chat_id: f.chatId ?? (f.chatType === "group" ? "oc_group" : "oc_p2p"),
        chat_type: f.chatType ?? "p2p",
        message_type: f.messageType ?? "text",
        content: JSON.stringify({ text: f.text }),
        ...(mentions.length === 0 ? {} : { mentions }),
        user_agent: "Mozilla/5.0 Lark/7.0",
      },
    },
  };
}

/** The event as the SDK's EventDispatcher hands it to a handler (header and event merged). */
export function sdkEvent(e: ReturnType<typeof messageEvent>): FeishuMessageEvent {
  return { ...e.header, ...e.event } as FeishuMessageEvent;
}

/** One captured call to the stand-in. */
export interface FeishuApiCall {
  method: string;
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
}

/** The stand-in of the Feishu open platform. */
export interface FakeFeishuApi {
  url: string;
  calls: FeishuApiCall[];
  /** Reply calls: message id and the Markdown of the post. */
  replies(): { messageId: string; msgType: unknown; markdown: string; authorization: string | undefined }[];
  tokenCalls(): FeishuApiCall[];
  /** Interactive-card replies and card updates (PATCH), in order: the card's Markdown and its config. */
  cardCalls(): { method: string; messageId: string; markdown: string; updateMulti: unknown }[];
  /** When set, card updates (PATCH) are refused with this HTTP status. */
  refusePatch?: number;
  /** Extra handler for paths the stand-in does not know (the long-connection endpoint). */
  extra?: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => boolean;
  server: http.Server;
  close(): Promise<void>;
}

/** Starts a local stand-in of the open platform on 127.0.0.1. */
export async function startFakeFeishuApi(): Promise<FakeFeishuApi> {
  const calls: FeishuApiCall[] = [];
  const api: Partial<FakeFeishuApi> = {};
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const path = (req.url ?? "").split("?")[0]!;
      if (api.extra?.(req, res, raw) === true) return;
      const body = raw === "" ? {} : (JSON.parse(raw) as Record<string, unknown>);
      calls.push({ method: req.method ?? "", path, authorization: req.headers.authorization, body });
      res.setHeader("content-type", "application/json; charset=utf-8");
      const authorized = req.headers.authorization === `Bearer ${TEST_TENANT_TOKEN}`;
      if (path === "/open-apis/auth/v3/tenant_access_token/internal") {
        const ok = body.app_id === TEST_APP_ID && body.app_secret === TEST_APP_SECRET;
        res.end(
          JSON.stringify(
            ok
              ? { code: 0, msg: "ok", tenant_access_token: TEST_TENANT_TOKEN, expire: 7200 }
              : { code: 10014, msg: "app secret invalid" },
          ),
        );
      } else if (!authorized) {
        res.statusCode = 400;
        res.end(JSON.stringify({ code: 99991663, msg: "Invalid access token for authorization." }));
      } else if (path === "/open-apis/bot/v3/info") {
        res.end(JSON.stringify({ code: 0, msg: "ok", bot: { app_name: "policybot", open_id: BOT_OPEN_ID } }));
      } else if (req.method === "PATCH" && /^\/open-apis\/im\/v1\/messages\/[^/]+$/.test(path)) {
        if (api.refusePatch !== undefined) {
          res.statusCode = api.refusePatch;
          res.end(JSON.stringify({ code: 230020, msg: "This operation triggers the frequency limit." }));
        } else res.end(JSON.stringify({ code: 0, msg: "success", data: {} }));
      } else if (/^\/open-apis\/im\/v1\/messages\/[^/]+\/reply$/.test(path)) {
        res.end(
          JSON.stringify({ code: 0, msg: "success", data: { message_id: `om_reply_${calls.length}` } }),
        );
      } else {
        res.statusCode = 404;
        res.end(JSON.stringify({ code: 404, msg: "not found" }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(api, {
    url,
    calls,
    server,
    tokenCalls: () => calls.filter((c) => c.path.endsWith("/tenant_access_token/internal")),
    cardCalls: () =>
      calls
        .filter(
          (c) =>
            c.path.startsWith("/open-apis/im/v1/messages/") &&
            (c.method === "PATCH" || c.body.msg_type === "interactive"),
        )
        .map((c) => {
          const card = JSON.parse(String(c.body.content)) as {
            config?: { update_multi?: unknown };
            elements: { tag: string; content: string }[];
          };
          return {
            method: c.method,
            messageId: decodeURIComponent(c.path.split("/")[5]!),
            markdown: card.elements.map((e) => (e.tag === "markdown" ? e.content : "")).join("\n"),
            updateMulti: card.config?.update_multi,
          };
        }),
    replies: () =>
      calls
        .filter((c) => c.path.endsWith("/reply") && c.body.msg_type !== "interactive")
        .map((c) => {
          const content = JSON.parse(String(c.body.content)) as {
            zh_cn: { content: { tag: string; text: string }[][] };
          };
          return {
            messageId: decodeURIComponent(c.path.split("/")[5]!),
            msgType: c.body.msg_type,
            markdown: content.zh_cn.content
              .flat()
              .map((e) => e.text)
              .join("\n"),
            authorization: c.authorization,
          };
        }),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  }) as FakeFeishuApi;
}

/** The service with the Feishu channel mounted, listening on a loopback port. */
export interface FeishuService {
  base: string;
  channel: FeishuChannel;
  /** POSTs a raw body with headers to /api/feishu/events. */
  post(body: string, headers: Record<string, string>): Promise<globalThis.Response>;
  /** Encrypts, signs and POSTs a payload. */
  send(payload: unknown): Promise<globalThis.Response>;
  close(): Promise<void>;
}

/** Starts createServer + mountFeishu on 127.0.0.1:0. */
export async function startFeishuService(options: {
  engine: AnswerEngine;
  apiUrl: string;
  seen?: SeenEvents;
  maxBodyBytes?: number;
}): Promise<FeishuService> {
  const { app, server } = createServer({ engine: options.engine, ready: () => true });
  const channel = mountFeishu(app, {
    engine: options.engine,
    appId: TEST_APP_ID,
    appSecret: TEST_APP_SECRET,
    verificationToken: TEST_VERIFICATION_TOKEN,
    encryptKey: TEST_ENCRYPT_KEY,
    apiUrl: options.apiUrl,
    ...(options.seen === undefined ? {} : { seen: options.seen }),
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const post = (body: string, headers: Record<string, string>) =>
    fetch(`${base}/api/feishu/events`, { method: "POST", headers, body });
  return {
    base,
    channel,
    post,
    send: (payload) => {
      const r = signedRequest(payload);
      return post(r.body, r.headers);
    },
    close: async () => {
      await channel.idle();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
