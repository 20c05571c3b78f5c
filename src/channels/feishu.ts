/**
 * The Feishu/Lark (飞书) channel: event subscription v2 at `POST /api/feishu/events`, replies
 * through the open platform's message API (`/open-apis/im/v1/messages/{id}/reply`).
 *
 * One narrow path, verify → parse → decide → answer → reply:
 * 1. the raw body is read with a byte limit (413 over it). A signed request (`X-Lark-Signature`,
 *    `X-Lark-Request-Timestamp`, `X-Lark-Request-Nonce`) is verified by our own
 *    `verifyFeishuSignature` over the raw bytes — constant time, 5-minute window either way —
 *    BEFORE it is parsed; then `{"encrypt": …}` is decrypted and the event's verification token
 *    checked. Refusals answer 401 with our error body (the SDK answers 200 and compares in
 *    variable time), a malformed body 400; nothing refused reaches the engine;
 * 2. URL verification: Feishu sends the challenge encrypted but WITHOUT signature headers; it is
 *    answered `{challenge}` only when it decrypts and carries our verification token. An unsigned
 *    request of any other type is refused;
 * 3. `im.message.receive_v1` is acknowledged at once (200 `{}`; Feishu retries slow callbacks) and
 *    answered asynchronously: text messages in single chats (`p2p`) always, in groups only when the
 *    bot is @mentioned (its open_id, read once from `/open-apis/bot/v3/info`) or the text starts
 *    with `/policy`; mention keys ("@_user_1") are stripped (group-chat.ts `questionOf`);
 * 4. the Answer (with its sources, `renderAnswerMarkdown`) is replied as a `post` message with one
 *    `md` element, split at line boundaries (never inside a `[n]` marker) over
 *    `FEISHU_MESSAGE_LIMIT`, with a tenant access token cached until shortly before it expires.
 *    In LLM mode (an engine that can stream) the answer is replied as an interactive card as it is
 *    written, PATCHed as it grows (throttled) and last with the final answer; pieces beyond the
 *    first follow as posts.
 *
 * Events are handled once per event id and once per message id (`SeenEvents`; pass the shared one
 * so that replicas agree). One conversation — a single chat, a group chat, or a topic thread —
 * answers in order. Failures of the engine or the API are logged, never thrown.
 *
 * Long-connection mode (`startFeishuLongConnection`, FEISHU_LONG_CONNECTION=1) receives the same
 * events over the SDK's `WSClient` (an authenticated WebSocket the app opens itself, so no public
 * URL) and hands them to the same `FeishuResponder`.
 */
import { EventDispatcher, LoggerLevel, WSClient } from "@larksuiteoapi/node-sdk";
import type { Express, Request, Response } from "express";
import type { AnswerEngine } from "../answer/engine-interface.js";
import { canStream } from "../answer/streaming.js";
import { methodNotAllowed, readBody, sendError, sendJson } from "../service/http.js";
import { type Logger, silentLogger } from "../service/logger.js";
import { createSeenEvents, firstDelivery, type SeenEvents } from "../state/seen-events.js";
import type { Answer } from "../types.js";
import { renderAnswerMarkdown } from "./controller.js";
import { ConversationQueue } from "./conversation-queue.js";
import { feishuCardContent, feishuPartialText } from "./feishu-card.js";
import { DEFAULT_FEISHU_API_URL } from "./feishu-config.js";
import {
  decryptFeishu,
  FeishuVerifyError,
  hasFeishuSignature,
  tokenMatches,
  verifyFeishuSignature,
} from "./feishu-verify.js";
import { askChat, type ChatMessage, COMMAND_PREFIX, conversationKey } from "./group-chat.js";
import { type PartialUpdates, partialUpdates } from "./partial-updates.js";
import { splitMrkdwn } from "./slack.js";

export { DEFAULT_FEISHU_API_URL, type FeishuConfig, loadFeishuConfig } from "./feishu-config.js";
export {
  decryptFeishu,
  FEISHU_NONCE_HEADER,
  FEISHU_SIGNATURE_HEADER,
  FEISHU_TIMESTAMP_HEADER,
  FEISHU_TIMESTAMP_WINDOW_MS,
  FeishuVerifyError,
  type FeishuVerifyErrorCode,
  verifyFeishuSignature,
} from "./feishu-verify.js";

import { boundChatText } from "./bounded-text.js";

/** Route of the event request URL (developer console → Events & Callbacks → Request URL). */
export const FEISHU_EVENTS_PATH = "/api/feishu/events";
/** Largest event body accepted: 256 KiB (a text message holds at most 150 KB). */
export const DEFAULT_FEISHU_MAX_BODY_BYTES = 256 * 1024;
/** Largest text of one reply, in characters (a post may hold 30 KB; Chinese is 3 bytes a character). */
export const FEISHU_MESSAGE_LIMIT = 8000;
/** Most replies one answer is posted as. */
export const MAX_FEISHU_MESSAGES = 4;
/** The event we answer. */
export const FEISHU_MESSAGE_EVENT = "im.message.receive_v1";

/** An `im.message.receive_v1` event as the SDK's EventDispatcher delivers it: header fields and event merged. */
export interface FeishuMessageEvent {
  event_id?: string;
  token?: string;
  event_type?: string;
  tenant_key?: string;
  app_id?: string;
  sender?: {
    sender_id?: { union_id?: string; user_id?: string; open_id?: string };
    sender_type?: string;
    tenant_key?: string;
  };
  message?: {
    message_id?: string;
    root_id?: string;
    parent_id?: string;
    chat_id?: string;
    thread_id?: string;
    chat_type?: string;
    message_type?: string;
    content?: string;
    mentions?: Array<{
      key?: string;
      id?: { union_id?: string; user_id?: string; open_id?: string };
      mentioned_type?: string;
      name?: string;
    }>;
  };
}

/** What answering Feishu events needs, whichever way they arrive (callback URL or long connection). */
export interface FeishuAnswerOptions {
  engine: AnswerEngine;
  /** FEISHU_APP_ID. */
  appId: string;
  /** FEISHU_APP_SECRET: for the tenant access token. */
  appSecret: string;
  /** FEISHU_API_URL; default https://open.feishu.cn. */
  apiUrl?: string;
  log?: Logger;
  /** Handled event and message ids; default in memory with a 1-hour time to live. */
  seen?: SeenEvents;
  /** The bot's open_id, when known; otherwise read once from /open-apis/bot/v3/info. */
  botOpenId?: string;
  /** Test hook: the fetch used for the API; default global fetch. */
  fetch?: typeof fetch;
  /** LLM mode: least time between two updates of a card being written (ms); default 1000. */
  partialIntervalMs?: number;
}

/** Answers verified message events: dedupe, decide, answer, reply. */
export interface FeishuResponder {
  /** Handles one `im.message.receive_v1` event; returns at once, the answer follows. */
  dispatch(event: FeishuMessageEvent): void;
  /** Resolves when every answer under way has been replied (or has failed and been logged). */
  idle(): Promise<void>;
}

/** A question for the bot, from one event. */
export interface FeishuQuestion {
  message: ChatMessage;
  messageId: string;
  /** Open ids mentioned in the message (a group message is answered only when the bot's is among them). */
  mentions: { openId?: string; type?: string }[];
  /** The text starts with `/policy`. */
  command: boolean;
}

/** Decision on one event: a question (still subject to the mention check in groups), or the reason it is ignored. */
export type FeishuDecision = { answer: FeishuQuestion } | { ignore: string };

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/**
 * Decides whether an event may be a question for us (pure): a text message from a user, in a
 * single chat (`p2p`), or in a group with at least one mention or a `/policy` prefix. Group chats
 * are one conversation (topic threads one each); single chats one per user.
 */
export function decideFeishuEvent(event: FeishuMessageEvent): FeishuDecision {
  const m = event.message;
  if (m === undefined || m === null || typeof m !== "object") return { ignore: "no message" };
  if (event.sender?.sender_type !== undefined && event.sender.sender_type !== "user")
    return { ignore: "not a user's message" };
  if (m.message_type !== "text") return { ignore: `message type ${String(m.message_type)}` };
  const messageId = str(m.message_id);
  const chat = str(m.chat_id);
  if (messageId === undefined || chat === undefined) return { ignore: "no message or chat id" };
  let text: string;
  try {
    const content = JSON.parse(typeof m.content === "string" ? m.content : "") as { text?: unknown };
    text = typeof content.text === "string" ? boundChatText(content.text) : "";
  } catch {
    return { ignore: "content is not JSON" };
  }
  const direct = m.chat_type === "p2p";
  const mentions = Array.isArray(m.mentions)
    ? m.mentions.map((x) => ({
        ...(str(x?.id?.open_id) === undefined ? {} : { openId: x.id!.open_id! }),
        ...(str(x?.mentioned_type) === undefined ? {} : { type: x.mentioned_type! }),
      }))
    : [];
  const q = text.trimStart().toLowerCase();
  const command =
    q === COMMAND_PREFIX || q.startsWith(`${COMMAND_PREFIX} `) || q.startsWith(`${COMMAND_PREFIX}\n`);
  if (!direct && !command && mentions.length === 0) return { ignore: "not addressed to the bot" };
  const user = str(event.sender?.sender_id?.open_id) ?? str(event.sender?.sender_id?.union_id) ?? "";
  const message: ChatMessage = {
    channel: "feishu",
    workspace: str(event.tenant_key) ?? str(event.sender?.tenant_key) ?? "",
    chat,
    thread: direct ? "" : (str(m.thread_id) ?? ""),
    user,
    text,
    direct,
    mentioned: false,
    // With the encrypt key, X-Lark-Signature covers the body; long connection is authenticated.
    signed: true,
  };
  return { answer: { message, messageId, mentions, command } };
}

/** Renders an Answer as the Markdown texts of one or more replies (never cut inside `[n]`). */
export function renderFeishuMessages(answer: Answer, limit = FEISHU_MESSAGE_LIMIT): string[] {
  const pieces = splitMrkdwn(renderAnswerMarkdown(answer), limit);
  if (pieces.length === 0) return [answer.language === "zh" ? "（没有内容）" : "(no answer)"];
  if (pieces.length <= MAX_FEISHU_MESSAGES) return pieces;
  const note =
    answer.language === "zh" ? "（回答过长，已截断。）" : "(The answer was too long and has been shortened.)";
  return [...pieces.slice(0, MAX_FEISHU_MESSAGES - 1), `${pieces[MAX_FEISHU_MESSAGES - 1]}\n\n${note}`];
}

/** The `content` of a `post` reply holding one Markdown text. */
export function feishuPostContent(markdown: string): string {
  return JSON.stringify({ zh_cn: { title: "", content: [[{ tag: "md", text: markdown }]] } });
}

/** Feishu's codes for an invalid or expired tenant access token. */
const TOKEN_ERRORS = new Set([99991661, 99991663, 99991668]);

/** Event handling shared by the callback route and the long connection. */
export function createFeishuResponder(options: FeishuAnswerOptions): FeishuResponder {
  if (options.appId.trim() === "") throw new Error("the Feishu app id is empty");
  if (options.appSecret.trim() === "") throw new Error("the Feishu app secret is empty");
  const log = options.log ?? silentLogger;
  const seen = options.seen ?? createSeenEvents();
  const doFetch = options.fetch ?? fetch;
  const apiUrl = (options.apiUrl ?? DEFAULT_FEISHU_API_URL).replace(/\/+$/, "");
  const queue = new ConversationQueue((err) => log.error("a Feishu answer failed", { err }));
  let token: { value: string; expires: number } | undefined;
  let botOpenId: string | undefined = options.botOpenId;

  function dispatch(event: FeishuMessageEvent): void {
    const eventId = str(event.event_id);
    const decision = decideFeishuEvent(event);
    if ("ignore" in decision) {
      log.debug("ignored a Feishu event", { eventId, reason: decision.ignore });
      return;
    }
    const q = decision.answer;
    queue.run(conversationKey(q.message), async () => {
      const ids = [
        eventId === undefined ? undefined : `feishu:event:${eventId}`,
        `feishu:message:${q.messageId}`,
      ];
      if (!(await firstDelivery(seen, ids))) {
        log.info("ignored a Feishu event already handled", { eventId, messageId: q.messageId });
        return;
      }
      await answer(q);
    });
  }

  async function answer(q: FeishuQuestion): Promise<void> {
    if (!q.message.direct && !q.command) {
      const bot = await ownOpenId();
      const mentioned = q.mentions.some((m) => (bot === undefined ? m.type === "bot" : m.openId === bot));
      if (!mentioned) {
        log.debug("ignored a Feishu group message that mentions others only", { messageId: q.messageId });
        return;
      }
    }
    // LLM mode: the answer is replied as a card as it is written and PATCHed until it is final.
    const replyPath = `/open-apis/im/v1/messages/${encodeURIComponent(q.messageId)}/reply`;
    let card: string | undefined;
    let cardRefused = false;
    const patchCard = (id: string, markdown: string) =>
      api(
        `/open-apis/im/v1/messages/${encodeURIComponent(id)}`,
        { content: feishuCardContent(markdown) },
        "PATCH",
      );
    const partials = canStream(options.engine)
      ? partialUpdates(
          async (text): Promise<void> => {
            const shown = feishuPartialText(text, FEISHU_MESSAGE_LIMIT);
            if (card !== undefined) {
              await patchCard(card, shown);
            } else if (!cardRefused) {
              // One card at most: when its reply fails, the final answer is posted instead.
              const data = await api(replyPath, {
                msg_type: "interactive",
                content: feishuCardContent(shown),
              });
              card = str(data?.message_id);
              cardRefused = card === undefined;
            }
          },
          options.partialIntervalMs ?? 1000,
          (err) => log.warn("a partial Feishu answer could not be sent", { err }),
        )
      : undefined;
    const texts = await textsFor(q, partials);
    await partials?.finish();
    for (const [i, text] of texts.entries()) {
      // The card's last update is the final answer; should it fail, the answer is posted instead.
      const patched = i === 0 && card !== undefined ? await patchCard(card, text) : undefined;
      if (patched !== undefined) continue;
      const ok = await api(replyPath, { msg_type: "post", content: feishuPostContent(text) });
      if (ok === undefined) return;
    }
  }

  async function textsFor(q: FeishuQuestion, partials?: PartialUpdates): Promise<string[]> {
    const reply = await askChat(
      options.engine,
      q.message,
      (err) => log.error("the answer engine failed on a Feishu message", { err }),
      undefined,
      partials ? (text) => partials.push(text) : undefined,
    );
    return "answer" in reply ? renderFeishuMessages(reply.answer) : [reply.notice];
  }

  /**
   * Sends JSON to the API with the tenant token (POST unless told); retries once with a fresh token
   * on a token error. Resolves to the answer's `data` (`{}` when it has none), undefined on failure.
   */
  async function api(
    path: string,
    body: unknown,
    method: "POST" | "PATCH" = "POST",
    retried = false,
  ): Promise<Record<string, unknown> | undefined> {
    let res: globalThis.Response;
    try {
      res = await doFetch(`${apiUrl}${path}`, {
        method,
        headers: {
          "content-type": "application/json; charset=utf-8",
          authorization: `Bearer ${await tenantToken()}`,
        },
        body: JSON.stringify(body),
        redirect: "error",
        signal: AbortSignal.timeout(30_000),
      });
    } catch (err) {
      log.error("a Feishu API call failed", { path, err });
      return undefined;
    }
    const result = (await res.json().catch(() => ({}))) as { code?: unknown; msg?: unknown; data?: unknown };
    if (res.ok && result.code === 0)
      return typeof result.data === "object" && result.data !== null
        ? (result.data as Record<string, unknown>)
        : {};
    if (typeof result.code === "number" && TOKEN_ERRORS.has(result.code) && !retried) {
      token = undefined;
      return api(path, body, method, true);
    }
    log.error("the Feishu API refused a reply", {
      path,
      status: res.status,
      code: result.code,
      msg: result.msg,
    });
    return undefined;
  }

  /** The bot's own open_id (read once; undefined when it cannot be read). */
  async function ownOpenId(): Promise<string | undefined> {
    if (botOpenId !== undefined) return botOpenId;
    try {
      const res = await doFetch(`${apiUrl}/open-apis/bot/v3/info`, {
        headers: { authorization: `Bearer ${await tenantToken()}` },
        redirect: "error",
        signal: AbortSignal.timeout(30_000),
      });
      const body = (await res.json().catch(() => ({}))) as { code?: unknown; bot?: { open_id?: unknown } };
      botOpenId = body.code === 0 ? str(body.bot?.open_id) : undefined;
      if (botOpenId === undefined)
        log.warn("could not read the Feishu bot's open_id", { status: res.status });
    } catch (err) {
      log.warn("could not read the Feishu bot's open_id", { err });
    }
    return botOpenId;
  }

  /** A tenant access token (internal app), cached until 5 minutes before it expires. */
  async function tenantToken(): Promise<string> {
    if (token !== undefined && token.expires > Date.now()) return token.value;
    const res = await doFetch(`${apiUrl}/open-apis/auth/v3/tenant_access_token/internal`, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({ app_id: options.appId, app_secret: options.appSecret }),
      redirect: "error",
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await res.json().catch(() => ({}))) as {
      code?: unknown;
      tenant_access_token?: unknown;
      expire?: unknown;
    };
    if (!res.ok || body.code !== 0 || typeof body.tenant_access_token !== "string") {
      throw new Error(
        `the Feishu token endpoint answered HTTP ${res.status}, code ${String(body.code)}, without a tenant access token`,
      );
    }
    const seconds = Number(body.expire);
    const lifetime = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 7200_000;
    token = { value: body.tenant_access_token, expires: Date.now() + Math.max(0, lifetime - 5 * 60_000) };
    return token.value;
  }

  return { dispatch, idle: () => queue.idle() };
}

/** Options of `mountFeishu`. */
export interface FeishuOptions extends FeishuAnswerOptions {
  /** FEISHU_VERIFICATION_TOKEN. Required. */
  verificationToken: string;
  /** FEISHU_ENCRYPT_KEY. Required: the channel never accepts unsigned, unencrypted events. */
  encryptKey: string;
  /** Clock in ms for the signature window; default `Date.now`. */
  now?: () => number;
  /** Largest body accepted, in bytes; default 256 KiB. */
  maxBodyBytes?: number;
}

/** The mounted channel. */
export interface FeishuChannel extends FeishuResponder {
  /** The route, "/api/feishu/events". */
  path: string;
}

/**
 * Registers `POST /api/feishu/events` on `app` (other methods get 405). Throws at start-up when the
 * app id, secret, verification token or encrypt key is empty.
 */
export function mountFeishu(app: Express, options: FeishuOptions): FeishuChannel {
  if (options.verificationToken.trim() === "")
    throw new Error("mountFeishu: the verification token is empty");
  if (options.encryptKey.trim() === "") throw new Error("mountFeishu: the encrypt key is empty");
  const log = options.log ?? silentLogger;
  const now = options.now ?? Date.now;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_FEISHU_MAX_BODY_BYTES;
  const core = createFeishuResponder({ ...options, log });

  app
    .route(FEISHU_EVENTS_PATH)
    .post((req: Request, res: Response) => {
      handle(req, res).catch((err: unknown) => {
        if (err instanceof FeishuVerifyError) log.warn("refused a Feishu request", { code: err.code });
        sendError(req, res, err, log);
      });
    })
    .all(methodNotAllowed(["POST"], log));

  async function handle(req: Request, res: Response): Promise<void> {
    const body = await readBody(req, maxBodyBytes);
    const signed = hasFeishuSignature(req.headers);
    if (signed) {
      const verified = verifyFeishuSignature({
        encryptKey: options.encryptKey,
        body,
        headers: req.headers,
        now,
      });
      if (!verified.ok) throw verified.error;
    }
    const outer = parseObject(body, "The body is not UTF-8 JSON; Feishu sends events as JSON.");
    if (typeof outer.encrypt !== "string" || outer.encrypt === "") {
      throw new FeishuVerifyError(
        "feishu_body_invalid",
        'The body must be {"encrypt": "…"}: set an Encrypt Key in the app\'s Events & Callbacks → Encryption Strategy.',
      );
    }
    const inner = parseObject(
      Buffer.from(decryptFeishu(options.encryptKey, outer.encrypt), "utf8"),
      "The decrypted event is not JSON.",
    );
    const header = (typeof inner.header === "object" && inner.header !== null ? inner.header : {}) as Record<
      string,
      unknown
    >;
    const isChallenge = inner.type === "url_verification";
    if (!tokenMatches(isChallenge ? inner.token : header.token, options.verificationToken)) {
      throw new FeishuVerifyError(
        "feishu_token_invalid",
        "The event's verification token is not ours. Check FEISHU_VERIFICATION_TOKEN against the app's Encryption Strategy.",
      );
    }
    if (isChallenge) {
      if (typeof inner.challenge !== "string") {
        throw new FeishuVerifyError(
          "feishu_body_invalid",
          "A url_verification request needs a string challenge.",
        );
      }
      sendJson(res, 200, { challenge: inner.challenge });
      return;
    }
    if (!signed) {
      // Only the challenge comes unsigned; an event must carry X-Lark-Signature.
      throw new FeishuVerifyError(
        "feishu_headers_missing",
        "The event is not signed: X-Lark-Signature, X-Lark-Request-Timestamp and X-Lark-Request-Nonce are required.",
      );
    }
    sendJson(res, 200, {});
    if (inner.schema !== "2.0") {
      log.debug("ignored a Feishu event that is not of schema 2.0", { type: inner.type });
      return;
    }
    if (header.event_type !== FEISHU_MESSAGE_EVENT) {
      log.debug("ignored a Feishu event", { type: header.event_type });
      return;
    }
    const event = (typeof inner.event === "object" && inner.event !== null ? inner.event : {}) as object;
    try {
      core.dispatch({ ...header, ...event } as FeishuMessageEvent);
    } catch (err) {
      log.error("a Feishu event could not be handled", { err });
    }
  }

  return { path: FEISHU_EVENTS_PATH, dispatch: core.dispatch, idle: core.idle };
}

function parseObject(body: Buffer, message: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch {
    throw new FeishuVerifyError("feishu_body_invalid", message);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new FeishuVerifyError("feishu_body_invalid", "The body must be a JSON object.");
  }
  return parsed as Record<string, unknown>;
}

/** The shape of an app id the SDK's WSClient accepts. */
export const FEISHU_APP_ID_PATTERN = /^cli_[0-9a-fA-F]{16}$/;

/** Options of `startFeishuLongConnection`. */
export interface FeishuLongConnectionOptions extends FeishuAnswerOptions {
  /** Test hook: called with the dispatcher before the client starts. */
  onDispatcher?: (dispatcher: EventDispatcher) => void;
  /** Reconnect after a dropped connection; default true. */
  autoReconnect?: boolean;
}

/** The running long connection. */
export interface FeishuLongConnection extends FeishuResponder {
  /** The SDK's dispatcher, with `im.message.receive_v1` registered. */
  dispatcher: EventDispatcher;
  /** Disconnects; answers under way still finish (await `idle()`). */
  close(): void;
}

/**
 * Long-connection mode: the SDK's `WSClient` opens a WebSocket to the open platform (domain =
 * FEISHU_API_URL) and an `EventDispatcher` hands `im.message.receive_v1` to the same responder as
 * the callback route. Events over this authenticated connection carry no signature of their own.
 */
export async function startFeishuLongConnection(
  options: FeishuLongConnectionOptions,
): Promise<FeishuLongConnection> {
  // WSClient logs an app id of another shape and silently never connects: refuse it here, loudly.
  if (!FEISHU_APP_ID_PATTERN.test(options.appId)) {
    throw new Error(
      "FEISHU_APP_ID is not a Feishu app id (cli_ and 16 hex digits, as the developer console shows it): the long connection cannot start",
    );
  }
  const log = options.log ?? silentLogger;
  const core = createFeishuResponder({ ...options, log });
  const sdkLog = log.child({ component: "feishu-ws" });
  const line = (m: unknown[]) => m.map((p) => (typeof p === "string" ? p : JSON.stringify(p))).join(" ");
  const logger = {
    error: (...m: unknown[]) => sdkLog.error(line(m)),
    warn: (...m: unknown[]) => sdkLog.warn(line(m)),
    info: (...m: unknown[]) => sdkLog.info(line(m)),
    debug: (...m: unknown[]) => sdkLog.debug(line(m)),
    trace: (...m: unknown[]) => sdkLog.debug(line(m)),
  };
  const dispatcher = new EventDispatcher({ logger, loggerLevel: LoggerLevel.info }).register({
    [FEISHU_MESSAGE_EVENT]: (data: FeishuMessageEvent) => {
      try {
        core.dispatch(data);
      } catch (err) {
        log.error("a Feishu event could not be handled", { err });
      }
    },
  });
  options.onDispatcher?.(dispatcher);
  const client = new WSClient({
    appId: options.appId,
    appSecret: options.appSecret,
    domain: (options.apiUrl ?? DEFAULT_FEISHU_API_URL).replace(/\/+$/, ""),
    logger,
    loggerLevel: LoggerLevel.info,
    autoReconnect: options.autoReconnect ?? true,
  });
  await client.start({ eventDispatcher: dispatcher });
  return {
    dispatcher,
    dispatch: core.dispatch,
    idle: core.idle,
    close: () => client.close({ force: true }),
  };
}
