/**
 * Builders for the WeCom tests: callbacks encrypted and signed exactly as WeCom makes them (with
 * `@wecom/crypto`'s `encrypt` and `getSignature`, independent of our code), a local stand-in of
 * the WeCom server API (gettoken + message/send) that captures the replies, and the real service
 * (createServer + mountWeCom) on a loopback port.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { encrypt, getSignature } from "@wecom/crypto";
import type { AnswerEngine } from "../../src/answer/engine-interface.js";
import { mountWeCom, type WeComChannel } from "../../src/channels/wecom.js";
import { createServer } from "../../src/service/http.js";
import type { SeenEvents } from "../../src/state/seen-events.js";

/** Test-only keys (never real ones). */
export const CORP_ID = "ww0123456789abcdef";
export const AGENT_ID = "1000002";
export const SECRET = "test-wecom-secret-0123456789";
export const TOKEN = "testWeComToken123";
/** 43 characters: base64 of a 32-byte key without its "=". */
export const AES_KEY = Buffer.from(Array.from({ length: 32 }, (_, i) => (7 + i * 13) & 0xff))
  .toString("base64")
  .slice(0, 43);

let nextMsgId = 7_000_000_000_000_000_000n;

/** A fresh 64-bit MsgId. */
export function newMsgId(): string {
  nextMsgId += 1n;
  return nextMsgId.toString();
}

/** Fields of a text message. */
export interface TextFields {
  content: string;
  from?: string;
  msgId?: string;
  chatId?: string;
  agentId?: string;
}

/** The plain (inner) XML of a text message to the app, as WeCom sends it. */
export function textMessageXml(f: TextFields): string {
  return (
    `<xml><ToUserName><![CDATA[${CORP_ID}]]></ToUserName>` +
    `<FromUserName><![CDATA[${f.from ?? "zhangsan"}]]></FromUserName>` +
    `<CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime>` +
    `<MsgType><![CDATA[text]]></MsgType>` +
    `<Content><![CDATA[${f.content}]]></Content>` +
    `<MsgId>${f.msgId ?? newMsgId()}</MsgId>` +
    `<AgentID>${f.agentId ?? AGENT_ID}</AgentID>` +
    (f.chatId === undefined ? "" : `<ChatId><![CDATA[${f.chatId}]]></ChatId>`) +
    `</xml>`
  );
}

/** How to make a callback (defaults: WeCom's own, now). */
export interface CallbackOptions {
  timestamp?: number;
  nonce?: string;
  /** Receive id the ciphertext carries; default CORP_ID. */
  receiveId?: string;
  token?: string;
  aesKey?: string;
  /** Replace the ciphertext (after encryption, before signing). */
  ciphertext?: string;
  /** Replace the signature. */
  signature?: string;
}

/** The query and ciphertext of a callback: encrypted and signed with `@wecom/crypto`. */
export function sealed(plain: string, o: CallbackOptions = {}): { query: string; encrypt: string } {
  const timestamp = String(o.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = o.nonce ?? randomBytes(6).toString("hex");
  const enc = o.ciphertext ?? encrypt(o.aesKey ?? AES_KEY, plain, o.receiveId ?? CORP_ID);
  const sig = o.signature ?? getSignature(o.token ?? TOKEN, timestamp, nonce, enc);
  const query = new URLSearchParams({ msg_signature: sig, timestamp, nonce });
  return { query: query.toString(), encrypt: enc };
}

/** The outer XML body of a message callback around a ciphertext, as WeCom posts it. */
export function outerXml(enc: string): string {
  return (
    `<xml><ToUserName><![CDATA[${CORP_ID}]]></ToUserName>` +
    `<AgentID><![CDATA[${AGENT_ID}]]></AgentID>` +
    `<Encrypt><![CDATA[${enc}]]></Encrypt></xml>`
  );
}

/** One captured message/send call. */
export interface SendCall {
  accessToken: string;
  body: { touser: string; msgtype: string; agentid: number; markdown: { content: string } };
}

/** The stand-in of the WeCom server API. */
export interface FakeWeComApi {
  url: string;
  /** gettoken calls: their corpid and corpsecret. */
  tokenCalls: { corpid: string | null; corpsecret: string | null }[];
  /** message/send calls, including those refused for their token. */
  sends: SendCall[];
  /** Accepted message/send calls. */
  delivered(): SendCall[];
  /** Makes every token issued so far answer errcode 42001 (expired) on message/send. */
  expireTokens(): void;
  close(): Promise<void>;
}

/** Starts a local stand-in of the WeCom server API on 127.0.0.1. */
export async function startFakeWeComApi(): Promise<FakeWeComApi> {
  const tokenCalls: FakeWeComApi["tokenCalls"] = [];
  const sends: SendCall[] = [];
  const valid = new Set<string>();
  const issued: string[] = [];
  const accepted = new Set<SendCall>();
  let n = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      res.setHeader("content-type", "application/json");
      if (req.method === "GET" && url.pathname === "/cgi-bin/gettoken") {
        tokenCalls.push({
          corpid: url.searchParams.get("corpid"),
          corpsecret: url.searchParams.get("corpsecret"),
        });
        if (url.searchParams.get("corpid") !== CORP_ID || url.searchParams.get("corpsecret") !== SECRET) {
          res.end(JSON.stringify({ errcode: 40001, errmsg: "invalid credential" }));
          return;
        }
        const token = `access-token-${++n}`;
        valid.add(token);
        issued.push(token);
        res.end(JSON.stringify({ errcode: 0, errmsg: "ok", access_token: token, expires_in: 7200 }));
        return;
      }
      if (req.method === "POST" && url.pathname === "/cgi-bin/message/send") {
        const token = url.searchParams.get("access_token") ?? "";
        const call: SendCall = {
          accessToken: token,
          body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as SendCall["body"],
        };
        sends.push(call);
        if (!valid.has(token)) {
          res.end(
            JSON.stringify({
              errcode: issued.includes(token) ? 42001 : 40014,
              errmsg: "access_token expired",
            }),
          );
          return;
        }
        accepted.add(call);
        res.end(JSON.stringify({ errcode: 0, errmsg: "ok", msgid: `m${sends.length}` }));
        return;
      }
      res.statusCode = 404;
      res.end(JSON.stringify({ errcode: 404, errmsg: "not found" }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    tokenCalls,
    sends,
    delivered: () => sends.filter((s) => accepted.has(s)),
    expireTokens: () => valid.clear(),
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** The service with the WeCom channel mounted, listening on a loopback port. */
export interface WeComService {
  base: string;
  channel: WeComChannel;
  /** GET /api/wecom/events: URL verification of `echostr` (plain), sealed as WeCom does. */
  verifyUrl(echo: string, o?: CallbackOptions): Promise<globalThis.Response>;
  /** POST /api/wecom/events with a message (plain inner XML), sealed as WeCom does. */
  postMessage(plain: string, o?: CallbackOptions): Promise<globalThis.Response>;
  /** POST a raw body with a query string. */
  postRaw(body: string, query: string): Promise<globalThis.Response>;
  close(): Promise<void>;
}

/** Starts createServer + mountWeCom on 127.0.0.1:0. */
export async function startWeComService(options: {
  engine: AnswerEngine;
  apiUrl: string;
  seen?: SeenEvents;
  mentionNames?: string[];
}): Promise<WeComService> {
  const { app, server } = createServer({ engine: options.engine, ready: () => true });
  const channel = mountWeCom(app, {
    engine: options.engine,
    corpId: CORP_ID,
    agentId: AGENT_ID,
    secret: SECRET,
    token: TOKEN,
    encodingAesKey: AES_KEY,
    apiUrl: options.apiUrl,
    ...(options.seen === undefined ? {} : { seen: options.seen }),
    ...(options.mentionNames === undefined ? {} : { mentionNames: options.mentionNames }),
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const postRaw = (body: string, query: string) =>
    fetch(`${base}/api/wecom/events?${query}`, {
      method: "POST",
      headers: { "content-type": "text/xml" },
      body,
    });
  return {
    base,
    channel,
    verifyUrl: (echo, o = {}) => {
      const { query, encrypt: enc } = sealed(echo, o);
      return fetch(`${base}/api/wecom/events?${query}&echostr=${encodeURIComponent(enc)}`);
    },
    postMessage: (plain, o = {}) => {
      const { query, encrypt: enc } = sealed(plain, o);
      return postRaw(outerXml(enc), query);
    },
    postRaw,
    close: async () => {
      await channel.idle();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
