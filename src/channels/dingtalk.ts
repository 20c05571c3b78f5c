/**
 * The DingTalk (钉钉) channel: an enterprise-internal robot's HTTP callback at
 * `POST /api/dingtalk/events`, or the same messages over DingTalk's stream mode
 * (`startDingTalkStream` in dingtalk-stream.ts) for intranets without a public URL. Parsing and the
 * decision whether a message is for us are in dingtalk-message.ts.
 *
 * One narrow path, verify → parse → decide → answer → reply:
 * 1. the raw body is read with a byte limit (413 over it) and the `timestamp`/`sign` headers are
 *    verified by our own pure `verifyDingTalkRequest` BEFORE the body is parsed (401 otherwise),
 *    and a (timestamp, sign) pair is accepted once (401 `dingtalk_request_replayed` after). The sign
 *    does not cover the body, so a callback's sender id never counts as an admin (ADMIN_USERS);
 *    stream mode's senders do (an authenticated connection);
 * 2. the robot message is parsed (400 when it is not a JSON object with a msgId, conversation,
 *    conversation type and sessionWebhook) and acknowledged with 200 `{}` at once; the answer follows
 *    asynchronously;
 * 3. the group-chat rules (src/channels/group-chat.ts) decide whether to answer — single chats
 *    (`conversationType` "1") always, group chats ("2") only when the robot is @mentioned
 *    (`isInAtList`, or the robot in `atUsers`) or the text starts with `/policy`; a group has no
 *    threads, so its conversations are kept per sender within the group (the group stays the
 *    channel that `/policy use` scopes);
 * 4. the Answer is rendered as Markdown with its sources (`renderAnswerMarkdown`), split under
 *    ~5,000 characters (never inside a `[n]` marker), and posted as `{msgtype: "markdown"}` to the
 *    message's `sessionWebhook` — only BEFORE `sessionWebhookExpiredTime`, and only when the
 *    webhook's origin is DINGTALK_API_URL's origin or one of the public DingTalk origins
 *    (https://api.dingtalk.com, https://oapi.dingtalk.com). DingTalk's sign covers the timestamp
 *    and the secret, not the body, so any other URL from a body is never called (a warning is logged).
 *    In LLM mode with DINGTALK_CARD_TEMPLATE_ID, the answer is instead streamed into an AI card
 *    (dingtalk-card.ts) delivered to the group or single chat; a failing card call falls back to
 *    the sessionWebhook reply.
 *
 * Deliveries of one message (by `msgId`) are answered once (`SeenEvents`); one conversation
 * answers in order (`ConversationQueue`). Failures of the engine or the webhook are logged, never thrown.
 */
import type { Express, Request, Response } from "express";
import type { AnswerEngine } from "../answer/engine-interface.js";
import { canStream } from "../answer/streaming.js";
import { methodNotAllowed, readBody, sendError, sendJson } from "../service/http.js";
import { type Logger, silentLogger } from "../service/logger.js";
import { createSeenEvents, type SeenEvents } from "../state/seen-events.js";
import type { Answer } from "../types.js";
import { renderAnswerMarkdown } from "./controller.js";
import { ConversationQueue } from "./conversation-queue.js";
import { createDingTalkCards, type DingTalkCard, type DingTalkCards } from "./dingtalk-card.js";
import {
  DEFAULT_DINGTALK_API_URL,
  DEFAULT_DINGTALK_CARD_CONTENT_KEY,
  DINGTALK_SESSION_WEBHOOK_ORIGIN,
} from "./dingtalk-config.js";
import {
  type DingTalkQuestion,
  type DingTalkRobotMessage,
  decideDingTalkMessage,
  isAllowedSessionWebhook,
  parseRobotMessage,
} from "./dingtalk-message.js";
import {
  DINGTALK_USED_SIGN_TTL_MS,
  replayedRequest,
  usedSignKey,
  verifyDingTalkRequest,
} from "./dingtalk-verify.js";
import { askChat, conversationKey, questionOf } from "./group-chat.js";
import { type PartialUpdates, partialUpdates } from "./partial-updates.js";
import { splitMrkdwn } from "./slack-render.js";

export {
  DEFAULT_DINGTALK_API_URL,
  DINGTALK_SESSION_WEBHOOK_ORIGIN,
  type DingTalkConfig,
  loadDingTalkConfig,
} from "./dingtalk-config.js";
export {
  type DingTalkDecision,
  type DingTalkQuestion,
  type DingTalkRobotMessage,
  decideDingTalkMessage,
  isAllowedSessionWebhook,
  parseRobotMessage,
} from "./dingtalk-message.js";
export {
  DINGTALK_SIGN_HEADER,
  DINGTALK_TIMESTAMP_HEADER,
  DINGTALK_TIMESTAMP_WINDOW_MS,
  DINGTALK_USED_SIGN_TTL_MS,
  type DingTalkVerification,
  DingTalkVerifyError,
  type DingTalkVerifyErrorCode,
  dingTalkSign,
  verifyDingTalkRequest,
} from "./dingtalk-verify.js";

/** Route of the robot's message callback (developer console → robot → message receiving mode: HTTP). */
export const DINGTALK_EVENTS_PATH = "/api/dingtalk/events";
/** Largest callback body accepted: 256 KiB (a robot text message is at most a few KB). */
export const DEFAULT_DINGTALK_MAX_BODY_BYTES = 256 * 1024;
/** Largest Markdown text of one reply, in characters (DingTalk's markdown limit is ~5,000). */
export const DINGTALK_MESSAGE_LIMIT = 4800;
/** Most replies one answer is posted as. */
export const MAX_DINGTALK_MESSAGES = 4;
/** The public origins a sessionWebhook may have. */
export const PUBLIC_DINGTALK_ORIGINS: readonly string[] = [
  new URL(DEFAULT_DINGTALK_API_URL).origin,
  DINGTALK_SESSION_WEBHOOK_ORIGIN,
];

/** Renders an Answer as the Markdown texts of one or more replies, split at line boundaries (never inside `[n]`). */
export function renderDingTalkMessages(answer: Answer, limit = DINGTALK_MESSAGE_LIMIT): string[] {
  const pieces = splitMrkdwn(renderAnswerMarkdown(answer), limit);
  if (pieces.length <= MAX_DINGTALK_MESSAGES) return pieces;
  const note =
    answer.language === "zh" ? "（回答过长，已截断。）" : "(The answer was too long and has been shortened.)";
  return [...pieces.slice(0, MAX_DINGTALK_MESSAGES - 1), `${pieces[MAX_DINGTALK_MESSAGES - 1]}\n\n${note}`];
}

/** What answering DingTalk messages needs, whichever way they arrive (callback or stream). */
export interface DingTalkAnswerOptions {
  engine: AnswerEngine;
  /** DINGTALK_API_URL; default https://api.dingtalk.com. Its origin is allowed for sessionWebhooks. */
  apiUrl?: string;
  log?: Logger;
  /** Handled message ids; default in memory with a 1-hour time to live (share a store across replicas). */
  seen?: SeenEvents;
  /** Clock in ms (signature window, webhook expiry); default `Date.now`. */
  now?: () => number;
  /** More origins a sessionWebhook may have (a private DingTalk deployment); the public two are always allowed. */
  allowedWebhookOrigins?: string[];
  /** Test hook: the fetch used for the replies; default global fetch. */
  fetch?: typeof fetch;
  /** DINGTALK_APP_KEY / DINGTALK_APP_SECRET: the access token for AI cards (needed with `cardTemplateId`). */
  appKey?: string;
  appSecret?: string;
  /** DINGTALK_CARD_TEMPLATE_ID: in LLM mode, answers are streamed into an AI card of this template. */
  cardTemplateId?: string;
  /** DINGTALK_CARD_CONTENT_KEY: the template's Markdown variable; default "content". */
  cardContentKey?: string;
  /** LLM mode: least time between two updates of a card being written (ms); default 1000. */
  partialIntervalMs?: number;
}

/** Answers parsed robot messages: decide, dedupe, check the webhook, answer, reply. */
export interface DingTalkResponder {
  /**
   * Handles one robot message; returns at once, the answer follows. `signed`: it came over stream
   * mode, whose connection DingTalk authenticated, so its sender may count as an admin; an HTTP
   * callback's sender never does (its sign covers the timestamp, not the body).
   */
  dispatch(message: DingTalkRobotMessage, signed?: boolean): void;
  /** Resolves when every answer under way has been posted (or has failed and been logged). */
  idle(): Promise<void>;
}

/** Message handling shared by the callback route and stream mode. */
export function createDingTalkResponder(options: DingTalkAnswerOptions): DingTalkResponder {
  const log = options.log ?? silentLogger;
  const now = options.now ?? Date.now;
  const seen = options.seen ?? createSeenEvents();
  const doFetch = options.fetch ?? fetch;
  const allowed = new Set<string>([
    ...PUBLIC_DINGTALK_ORIGINS,
    new URL(options.apiUrl ?? DEFAULT_DINGTALK_API_URL).origin,
    ...(options.allowedWebhookOrigins ?? []),
  ]);
  const queue = new ConversationQueue((err) => log.error("a DingTalk answer failed", { err }));
  const cards: DingTalkCards | undefined =
    options.cardTemplateId !== undefined &&
    options.appKey !== undefined &&
    options.appSecret !== undefined &&
    canStream(options.engine)
      ? createDingTalkCards({
          apiUrl: options.apiUrl ?? DEFAULT_DINGTALK_API_URL,
          appKey: options.appKey,
          appSecret: options.appSecret,
          templateId: options.cardTemplateId,
          contentKey: options.cardContentKey ?? DEFAULT_DINGTALK_CARD_CONTENT_KEY,
          log,
          now,
          fetch: doFetch,
        })
      : undefined;

  function dispatch(m: DingTalkRobotMessage, signed = false): void {
    const decision = decideDingTalkMessage(m, signed);
    if ("ignore" in decision) {
      log.debug("ignored a DingTalk message", { reason: decision.ignore });
      return;
    }
    const q = decision.answer;
    if (!isAllowedSessionWebhook(q.sessionWebhook, allowed)) {
      log.warn("ignored a DingTalk message whose sessionWebhook is not on a DingTalk API origin", {
        msgId: q.msgId,
        sessionWebhook: q.sessionWebhook.slice(0, 200),
      });
      return;
    }
    if (q.sessionWebhookExpiredTime <= now()) {
      log.warn("ignored a DingTalk message whose sessionWebhook has expired", { msgId: q.msgId });
      return;
    }
    queue.run(conversationKey(q.message), async () => {
      if (!(await seen.firstTime(`dingtalk:${q.msgId}`))) {
        log.info("ignored a DingTalk message already handled", { msgId: q.msgId });
        return;
      }
      await answer(q);
    });
  }

  async function answer(q: DingTalkQuestion): Promise<void> {
    // LLM mode with an AI card template: the answer is streamed into a card as it is written and
    // finished with the rendered answer; should the card fail, the answer is replied as today.
    const space = q.message.direct
      ? q.staffId === undefined
        ? undefined
        : { staffId: q.staffId }
      : { group: q.message.chat };
    let card: Promise<DingTalkCard | undefined> | undefined;
    let stalled = false;
    const partials =
      cards !== undefined && space !== undefined
        ? partialUpdates(
            async (text): Promise<void> => {
              if (stalled) return;
              card ??= cards.create(space); // one card at most per answer
              const c = await card;
              // After a refused update only the final one is tried (then the webhook reply).
              if (c !== undefined && !(await c.update(text, false))) stalled = true;
            },
            options.partialIntervalMs ?? 1000,
            (err) => log.warn("a partial DingTalk answer could not be sent", { err }),
          )
        : undefined;
    const { title, texts } = await repliesFor(q, partials);
    await partials?.finish();
    const c = await card;
    if (c !== undefined && (await c.update(texts.join("\n\n"), true))) return;
    for (const text of texts) {
      if (q.sessionWebhookExpiredTime <= now()) {
        log.warn("a DingTalk sessionWebhook expired before the answer was sent", { msgId: q.msgId });
        return;
      }
      let res: globalThis.Response;
      try {
        res = await doFetch(q.sessionWebhook, {
          method: "POST",
          headers: { "content-type": "application/json; charset=utf-8" },
          body: JSON.stringify({ msgtype: "markdown", markdown: { title, text } }),
          redirect: "error",
          signal: AbortSignal.timeout(30_000),
        });
      } catch (err) {
        log.error("posting a DingTalk reply failed", { msgId: q.msgId, err });
        return;
      }
      let body: { errcode?: unknown; errmsg?: unknown } = {};
      try {
        body = (await res.json()) as typeof body;
      } catch {
        // not JSON: judged by the status alone
      }
      if (!res.ok || (body.errcode !== undefined && body.errcode !== 0)) {
        log.error("DingTalk refused a reply", {
          msgId: q.msgId,
          status: res.status,
          errcode: body.errcode,
          errmsg: typeof body.errmsg === "string" ? body.errmsg.slice(0, 200) : undefined,
        });
        return;
      }
    }
  }

  async function repliesFor(
    q: DingTalkQuestion,
    partials?: PartialUpdates,
  ): Promise<{ title: string; texts: string[] }> {
    const zh = /[\u3400-\u9fff]/.test(q.message.text);
    const question = questionOf(q.message.text) || "/policy help";
    const title = [...question].slice(0, 30).join("") || (zh ? "政策问答" : "Policy answer");
    const reply = await askChat(
      options.engine,
      q.message,
      (err) => log.error("the answer engine failed on a DingTalk message", { err }),
      undefined,
      partials ? (text) => partials.push(text) : undefined,
    );
    return { title, texts: "answer" in reply ? renderDingTalkMessages(reply.answer) : [reply.notice] };
  }

  return { dispatch, idle: () => queue.idle() };
}

/** Options of `mountDingTalk`. */
export interface DingTalkOptions extends DingTalkAnswerOptions {
  /** DINGTALK_APP_KEY (the robot application's AppKey). Required. */
  appKey: string;
  /** DINGTALK_APP_SECRET: verifies the callbacks' sign. Required. */
  appSecret: string;
  /** Largest body accepted, in bytes; default 256 KiB. */
  maxBodyBytes?: number;
  /**
   * The (timestamp, sign) pairs already used, so that a replayed pair is refused (401
   * `dingtalk_request_replayed`); its time to live must be at least `DINGTALK_USED_SIGN_TTL_MS`.
   * Default: in memory for 2 hours (share one on Redis across replicas).
   */
  usedSigns?: SeenEvents;
}

/** The mounted channel. */
export interface DingTalkChannel extends DingTalkResponder {
  /** The route, "/api/dingtalk/events". */
  path: string;
}

/**
 * Registers `POST /api/dingtalk/events` on `app` (other methods get 405). Throws at start-up when
 * the AppKey or AppSecret is empty: never accept unsigned requests.
 */
export function mountDingTalk(app: Express, options: DingTalkOptions): DingTalkChannel {
  if (options.appKey.trim() === "") throw new Error("mountDingTalk: the AppKey is empty");
  if (options.appSecret.trim() === "") throw new Error("mountDingTalk: the AppSecret is empty");
  const log = options.log ?? silentLogger;
  const now = options.now ?? Date.now;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_DINGTALK_MAX_BODY_BYTES;
  const core = createDingTalkResponder({ ...options, log, now });
  const usedSigns =
    options.usedSigns ?? createSeenEvents({ ttlMs: DINGTALK_USED_SIGN_TTL_MS, maxEntries: 100_000, now });

  app
    .route(DINGTALK_EVENTS_PATH)
    .post((req: Request, res: Response) => {
      handle(req, res).catch((err: unknown) => sendError(req, res, err, log));
    })
    .all(methodNotAllowed(["POST"], log));

  async function handle(req: Request, res: Response): Promise<void> {
    const body = await readBody(req, maxBodyBytes);
    const verified = verifyDingTalkRequest({ appSecret: options.appSecret, headers: req.headers, now });
    if (!verified.ok) {
      log.warn("refused a DingTalk request", { code: verified.error.code });
      throw verified.error;
    }
    if (!(await usedSigns.firstTime(usedSignKey(verified.timestamp)))) {
      log.warn("refused a replayed DingTalk request", { timestamp: verified.timestamp });
      throw replayedRequest();
    }
    const message = parseRobotMessage(body);
    sendJson(res, 200, {});
    try {
      // Not signed: the sign covers the timestamp only, so the sender id is a claim (never an admin).
      core.dispatch(message, false);
    } catch (err) {
      log.error("a DingTalk message could not be handled", { err });
    }
  }

  return { path: DINGTALK_EVENTS_PATH, dispatch: core.dispatch, idle: core.idle };
}
