/**
 * The WeCom (企业微信) channel: a self-built application's callback at `/api/wecom/events`,
 * replies through the message API (`/cgi-bin/message/send`) at WECOM_API_URL.
 *
 * One narrow path, verify → parse → decide → answer → reply:
 * 1. `GET` is the URL verification WeCom makes when the callback URL is saved: `msg_signature`
 *    over [Token, timestamp, nonce, echostr] is checked (constant time, 5-minute window), `echostr`
 *    is decrypted with the EncodingAESKey and its receive id checked against WECOM_CORP_ID, and the
 *    plain echostr is answered as text/plain;
 * 2. `POST` carries a message: the raw XML body is read with a byte limit (413 over it), its
 *    `<Encrypt>` parsed (400 when malformed), verified and decrypted the same way (401 for a bad
 *    signature, timestamp, key or receive id — src/channels/wecom-crypto.ts) BEFORE anything
 *    reaches the engine, and the inner XML message parsed (400 when malformed);
 * 3. the callback is acknowledged at once with 200 and an empty body (WeCom retries a callback not
 *    answered within 5 s), and answered asynchronously; a message is answered once by its MsgId
 *    (`SeenEvents`, shared with the other channels), in order within its conversation;
 * 4. the group-chat rules (src/channels/group-chat.ts): a single chat with the app is always
 *    answered; a group message (`ChatId`) only when it starts with `/policy` or @mentions the app
 *    (`mentionNames`); the conversation is the single chat (per user), or the user within the group;
 * 5. the Answer is rendered as WeCom markdown (`renderAnswerMarkdown`, citations listed under it),
 *    split at line boundaries under the 4,096-byte markdown limit (never inside a `[n]` marker),
 *    and sent to the asker with an access token from `/cgi-bin/gettoken`, cached until shortly
 *    before it expires and refreshed once when WeCom answers errcode 40014/42001.
 * Failures of the engine, the token endpoint or the message API are logged, never thrown.
 */
import type { Express, Request, Response } from "express";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { AnswerEngine } from "../answer/engine-interface.js";
import { HttpError } from "../service/errors.js";
import { methodNotAllowed, readBody, sendError } from "../service/http.js";
import { type Logger, silentLogger } from "../service/logger.js";
import { createSeenEvents, type SeenEvents } from "../state/seen-events.js";
import type { Answer } from "../types.js";
import { renderAnswerMarkdown } from "./controller.js";
import { ConversationQueue } from "./conversation-queue.js";
import { askChat, type ChatMessage, conversationKey, DEFAULT_MENTIONS, shouldAnswer } from "./group-chat.js";
import { splitMrkdwn } from "./slack.js";
import { DEFAULT_WECOM_API_URL } from "./wecom-config.js";
import { verifyWeComCallback } from "./wecom-crypto.js";

export {
  DEFAULT_WECOM_API_URL,
  isEncodingAesKey,
  loadWeComConfig,
  WECOM_KEYS,
  type WeComConfig,
} from "./wecom-config.js";
export {
  decryptWeCom,
  verifyWeComCallback,
  WECOM_TIMESTAMP_WINDOW_MS,
  type WeComVerification,
  WeComVerifyError,
  type WeComVerifyErrorCode,
  type WeComVerifyInput,
  wecomSignature,
} from "./wecom-crypto.js";

import { boundChatText } from "./bounded-text.js";

/** Route of the callback URL (app → 接收消息 → 设置API接收 → URL). */
export const WECOM_EVENTS_PATH = "/api/wecom/events";
/** Largest callback body accepted: 64 KiB (a text message holds at most 2,048 bytes of content). */
export const DEFAULT_WECOM_MAX_BODY_BYTES = 64 * 1024;
/** Largest `markdown.content` of one message, in UTF-8 bytes (WeCom's limit). */
export const WECOM_MARKDOWN_LIMIT_BYTES = 4096;
/** Most messages one answer is sent as. */
export const MAX_WECOM_MESSAGES = 4;
/** errcodes that mean the access token is invalid (40014) or expired (42001): refresh it once and retry. */
export const WECOM_TOKEN_ERRCODES: readonly number[] = [40014, 42001];

/** Options of `mountWeCom`. */
export interface WeComOptions {
  engine: AnswerEngine;
  /** WECOM_CORP_ID: the receive id every callback must carry; also `corpid` for access tokens. */
  corpId: string;
  /** WECOM_AGENT_ID: the application's AgentId (replies are sent as this app). */
  agentId: string;
  /** WECOM_SECRET: the application's Secret (`corpsecret` for access tokens). */
  secret: string;
  /** WECOM_TOKEN: the callback Token. */
  token: string;
  /** WECOM_ENCODING_AES_KEY: the callback EncodingAESKey. */
  encodingAesKey: string;
  /** WECOM_API_URL: the server API base URL; default https://qyapi.weixin.qq.com. */
  apiUrl?: string;
  /** Names the app is @mentioned by in group chats ("@政策助手"); none: groups need `/policy`. */
  mentionNames?: string[];
  log?: Logger;
  /** Handled message ids; default in memory with a 1-hour time to live. */
  seen?: SeenEvents;
  /** Largest body accepted, in bytes; default 64 KiB. */
  maxBodyBytes?: number;
  /** Clock in ms for the timestamp window and the token's expiry; default `Date.now`. */
  now?: () => number;
  /** Test hook: the fetch used for the token endpoint and the message API; default global fetch. */
  fetch?: typeof fetch;
}

/** The mounted channel. */
export interface WeComChannel {
  /** The route, "/api/wecom/events". */
  path: string;
  /** Handles a verified, decrypted message (its fields); returns at once, the answer follows. */
  dispatch(message: Record<string, string>): void;
  /** Resolves when every answer under way has been sent (or has failed and been logged). */
  idle(): Promise<void>;
}

/** A question for the app, from one message. */
export interface WeComQuestion {
  message: ChatMessage;
  /** The message's identity for dedupe: "wecom:<corp>:<MsgId>". */
  messageId: string;
  /** Who the reply goes to (`touser`): the asker. */
  toUser: string;
}

/** Decision on one message: answer it, or the reason it is ignored. */
export type WeComDecision = { answer: WeComQuestion } | { ignore: string };

const xmlParser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: true,
  htmlEntities: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/**
 * The fields of a WeCom XML document `<xml><Name>value</Name>…</xml>` (CDATA or text), or
 * undefined when it is not well-formed, has a DOCTYPE, another root, or a field that is not plain
 * text (nested or repeated). Field values are strings, as sent (MsgId is a 64-bit number).
 */
export function parseWeComXml(text: string): Record<string, string> | undefined {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) return undefined;
  if (XMLValidator.validate(text) !== true) return undefined;
  let doc: unknown;
  try {
    doc = xmlParser.parse(text);
  } catch {
    return undefined;
  }
  if (typeof doc !== "object" || doc === null) return undefined;
  const keys = Object.keys(doc);
  if (keys.length !== 1 || keys[0] !== "xml") return undefined;
  const root = (doc as { xml: unknown }).xml;
  if (root === "") return {};
  if (typeof root !== "object" || root === null || Array.isArray(root)) return undefined;
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(root)) {
    if (typeof value !== "string") return undefined;
    fields[name] = value;
  }
  return fields;
}

/**
 * Decides whether a decrypted message is a question for us (pure): a `text` message for our
 * AgentID, in a single chat with the app (always) or in a group chat (`ChatId`) when it starts
 * with `/policy` or @mentions the app by one of `mentionNames`.
 */
export function decideWeComMessage(
  fields: Record<string, string>,
  options: { corpId: string; agentId: string; mentionNames?: string[] },
): WeComDecision {
  const type = fields.MsgType;
  if (type !== "text") return { ignore: `message type ${String(type)}` };
  const from = fields.FromUserName;
  const msgId = fields.MsgId;
  if (from === undefined || from === "" || msgId === undefined || msgId === "")
    return { ignore: "no FromUserName or MsgId" };
  const agent = fields.AgentID;
  if (agent !== undefined && agent !== "" && agent !== options.agentId)
    return { ignore: `another application (AgentID ${agent})` };
  const text = boundChatText(fields.Content ?? "");
  const chatId = fields.ChatId;
  const direct = chatId === undefined || chatId === "";
  const mentioned = (options.mentionNames ?? []).some((n) => n !== "" && text.includes(`@${n}`));
  if (!shouldAnswer({ text, direct, mentioned })) return { ignore: "not addressed to the app" };
  const message: ChatMessage = {
    channel: "wecom",
    workspace: options.corpId,
    chat: direct ? `agent${options.agentId}` : chatId,
    thread: direct ? "" : from,
    user: from,
    text,
    direct,
    mentioned,
    // msg_signature covers the <Encrypt> ciphertext, which holds the whole message.
    signed: true,
  };
  return { answer: { message, messageId: `wecom:${options.corpId}:${msgId}`, toUser: from } };
}

/** The mention patterns of a WeCom message: "@<name>" for each name, and the platforms' defaults. */
export function wecomMentions(names: string[] = []): RegExp[] {
  const escaped = names.filter((n) => n !== "").map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return [...escaped.map((n) => new RegExp(`@${n}`, "g")), ...DEFAULT_MENTIONS];
}

const utf8Bytes = (s: string): number => Buffer.byteLength(s, "utf8");

/**
 * Splits Markdown into pieces of at most `maxBytes` UTF-8 bytes, at line boundaries where it can
 * and never inside a `[n]` citation marker or a surrogate pair (`splitMrkdwn`'s cut points).
 */
export function splitWeComMarkdown(text: string, maxBytes = WECOM_MARKDOWN_LIMIT_BYTES): string[] {
  const out: string[] = [];
  const floor = Math.max(1, Math.floor(maxBytes / 3)); // a UTF-16 unit is at most 3 UTF-8 bytes
  const place = (piece: string, limit: number): void => {
    if (utf8Bytes(piece) <= maxBytes) {
      out.push(piece);
      return;
    }
    const next =
      limit <= floor ? floor : Math.max(floor, Math.floor((limit * maxBytes) / utf8Bytes(piece)) - 1);
    for (const p of splitMrkdwn(piece, next)) place(p, next);
  };
  for (const p of splitMrkdwn(text, maxBytes)) place(p, maxBytes);
  return out;
}

/** Renders an Answer as the markdown contents of one or more WeCom messages (citations listed under it). */
export function renderWeComMessages(answer: Answer, maxBytes = WECOM_MARKDOWN_LIMIT_BYTES): string[] {
  const note =
    answer.language === "zh" ? "（回答过长，已截断。）" : "(The answer was too long and has been shortened.)";
  const pieces = splitWeComMarkdown(renderAnswerMarkdown(answer), maxBytes);
  if (pieces.length <= MAX_WECOM_MESSAGES) return pieces;
  const last = splitWeComMarkdown(pieces[MAX_WECOM_MESSAGES - 1]!, maxBytes - utf8Bytes(note) - 2)[0]!;
  return [...pieces.slice(0, MAX_WECOM_MESSAGES - 1), `${last}\n\n${note}`];
}

/** Options of `createWeComApi`. */
export interface WeComApiOptions {
  corpId: string;
  secret: string;
  agentId: string;
  /** Base URL; default https://qyapi.weixin.qq.com. */
  apiUrl?: string;
  now?: () => number;
  fetch?: typeof fetch;
  /** Time limit of one API call, in ms; default 30 s. */
  timeoutMs?: number;
}

/** The parts of the WeCom server API the channel uses. */
export interface WeComApi {
  /** An access token: the cached one until shortly before it expires, else a new one from `/cgi-bin/gettoken`. */
  accessToken(): Promise<string>;
  /**
   * Sends a markdown message to `toUser` as the app (`/cgi-bin/message/send`); on errcode
   * 40014/42001 gets a new token once and retries. Throws when WeCom refuses it.
   */
  sendMarkdown(toUser: string, content: string): Promise<void>;
}

/** A client of the WeCom server API with the access token cached. */
export function createWeComApi(options: WeComApiOptions): WeComApi {
  const base = (options.apiUrl ?? DEFAULT_WECOM_API_URL).replace(/\/+$/, "");
  const now = options.now ?? Date.now;
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;
  let cached: { value: string; expires: number } | undefined;
  let pending: Promise<string> | undefined;

  async function call(path: string, init: RequestInit = {}): Promise<Record<string, unknown>> {
    const res = await doFetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const body = (await res.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    if (!res.ok || typeof body !== "object" || body === null) {
      throw new Error(`WeCom ${path.split("?")[0]} answered HTTP ${res.status} without a JSON object`);
    }
    return body;
  }

  async function fetchToken(): Promise<string> {
    const query = new URLSearchParams({ corpid: options.corpId, corpsecret: options.secret });
    const body = await call(`/cgi-bin/gettoken?${query}`);
    if (
      Number(body.errcode ?? 0) !== 0 ||
      typeof body.access_token !== "string" ||
      body.access_token === ""
    ) {
      throw new Error(
        `WeCom gettoken failed: errcode ${String(body.errcode)} ${String(body.errmsg ?? "")} ` +
          "(check WECOM_CORP_ID and WECOM_SECRET)",
      );
    }
    const seconds = Number(body.expires_in);
    const lifetime = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 7200 * 1000;
    // Renew 5 minutes early (or at half the lifetime, when it is shorter than 10 minutes).
    cached = { value: body.access_token, expires: now() + lifetime - Math.min(5 * 60_000, lifetime / 2) };
    return body.access_token;
  }

  function accessToken(): Promise<string> {
    if (cached !== undefined && cached.expires > now()) return Promise.resolve(cached.value);
    pending ??= fetchToken().finally(() => {
      pending = undefined;
    });
    return pending;
  }

  async function send(token: string, toUser: string, content: string): Promise<Record<string, unknown>> {
    return call(`/cgi-bin/message/send?access_token=${encodeURIComponent(token)}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        touser: toUser,
        msgtype: "markdown",
        agentid: Number(options.agentId),
        markdown: { content },
      }),
    });
  }

  async function sendMarkdown(toUser: string, content: string): Promise<void> {
    const token = await accessToken();
    let body = await send(token, toUser, content);
    if (WECOM_TOKEN_ERRCODES.includes(Number(body.errcode))) {
      if (cached?.value === token) cached = undefined;
      body = await send(await accessToken(), toUser, content);
    }
    const errcode = Number(body.errcode ?? 0);
    if (errcode !== 0) {
      throw new Error(`WeCom message/send failed: errcode ${errcode} ${String(body.errmsg ?? "")}`);
    }
  }

  return { accessToken, sendMarkdown };
}

/**
 * Registers `GET` and `POST /api/wecom/events` on `app` (other methods get 405). Throws at
 * start-up when a key is empty: never accept unverified callbacks.
 */
export function mountWeCom(app: Express, options: WeComOptions): WeComChannel {
  for (const key of ["corpId", "agentId", "secret", "token", "encodingAesKey"] as const) {
    if (options[key].trim() === "") throw new Error(`mountWeCom: ${key} is empty`);
  }
  const log = options.log ?? silentLogger;
  const now = options.now ?? Date.now;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_WECOM_MAX_BODY_BYTES;
  const seen = options.seen ?? createSeenEvents();
  const mentions = wecomMentions(options.mentionNames);
  const api = createWeComApi({
    corpId: options.corpId,
    secret: options.secret,
    agentId: options.agentId,
    ...(options.apiUrl === undefined ? {} : { apiUrl: options.apiUrl }),
    now,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  const queue = new ConversationQueue((err) => log.error("a WeCom answer failed", { err }));

  app
    .route(WECOM_EVENTS_PATH)
    .get((req: Request, res: Response) => {
      handleVerification(req, res).catch((err: unknown) => sendError(req, res, err, log));
    })
    .post((req: Request, res: Response) => {
      handleMessage(req, res).catch((err: unknown) => sendError(req, res, err, log));
    })
    .all(methodNotAllowed(["GET", "POST"], log));

  function verify(query: URLSearchParams, encrypt: string | undefined): string {
    const verified = verifyWeComCallback({
      token: options.token,
      encodingAesKey: options.encodingAesKey,
      corpId: options.corpId,
      signature: single(query, "msg_signature"),
      timestamp: single(query, "timestamp"),
      nonce: single(query, "nonce"),
      encrypt,
      now,
    });
    if (!verified.ok) {
      log.warn("refused a WeCom callback", { code: verified.error.code });
      throw verified.error;
    }
    return verified.message;
  }

  async function handleVerification(req: Request, res: Response): Promise<void> {
    const query = queryOf(req);
    // base64 in a query: a "+" WeCom did not percent-encode arrives as a space.
    const echostr = single(query, "echostr")?.replace(/ /g, "+");
    const plain = verify(query, echostr);
    res.statusCode = 200;
    res.setHeader("Content-Type", "text/plain; charset=utf-8");
    res.setHeader("Cache-Control", "no-store");
    res.end(plain);
  }

  async function handleMessage(req: Request, res: Response): Promise<void> {
    const query = queryOf(req);
    const body = await readBody(req, maxBodyBytes);
    const outer = parseWeComXml(decodeUtf8(body));
    if (outer === undefined || outer.Encrypt === undefined || outer.Encrypt === "") {
      throw new HttpError(
        400,
        "invalid_request",
        "The body must be WeCom's callback XML: <xml>…<Encrypt><![CDATA[…]]></Encrypt></xml>.",
      );
    }
    const plain = verify(query, outer.Encrypt);
    const fields = parseWeComXml(plain);
    if (fields === undefined) {
      throw new HttpError(400, "invalid_request", "The decrypted message is not WeCom's message XML.");
    }
    res.statusCode = 200;
    res.setHeader("Cache-Control", "no-store");
    res.end();
    try {
      dispatch(fields);
    } catch (err) {
      log.error("a WeCom message could not be handled", { err });
    }
  }

  function dispatch(fields: Record<string, string>): void {
    const decision = decideWeComMessage(fields, {
      corpId: options.corpId,
      agentId: options.agentId,
      ...(options.mentionNames === undefined ? {} : { mentionNames: options.mentionNames }),
    });
    if ("ignore" in decision) {
      log.debug("ignored a WeCom message", { reason: decision.ignore });
      return;
    }
    const q = decision.answer;
    // One conversation answers in order: a follow-up waits for the question before it.
    queue.run(conversationKey(q.message), async () => {
      if (!(await seen.firstTime(`wecom:${q.messageId}`))) {
        log.info("ignored a WeCom message already handled", { messageId: q.messageId });
        return;
      }
      await answer(q);
    });
  }

  async function answer(q: WeComQuestion): Promise<void> {
    for (const content of await contentsFor(q)) {
      try {
        await api.sendMarkdown(q.toUser, content);
      } catch (err) {
        log.error("WeCom message/send failed", { toUser: q.toUser, err });
        return;
      }
    }
  }

  async function contentsFor(q: WeComQuestion): Promise<string[]> {
    const reply = await askChat(
      options.engine,
      q.message,
      (err) => log.error("the answer engine failed on a WeCom message", { err }),
      mentions,
    );
    return "answer" in reply ? renderWeComMessages(reply.answer) : [reply.notice];
  }

  return { path: WECOM_EVENTS_PATH, dispatch, idle: () => queue.idle() };
}

/** The request's query string, parsed as WeCom encodes it (not Express's nested `qs` form). */
function queryOf(req: Request): URLSearchParams {
  const url = req.originalUrl ?? req.url ?? "";
  const at = url.indexOf("?");
  return new URLSearchParams(at < 0 ? "" : url.slice(at + 1));
}

/** A query parameter given exactly once; undefined when absent or repeated. */
function single(query: URLSearchParams, name: string): string | undefined {
  const values = query.getAll(name);
  return values.length === 1 ? values[0] : undefined;
}

function decodeUtf8(body: Buffer): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    throw new HttpError(400, "invalid_request", "The body is not UTF-8; WeCom sends UTF-8 XML.");
  }
}
