/**
 * Answering Slack events, whichever way they arrive (Events API route or Socket Mode): dedupe,
 * decide, ask the engine, post the rendered answer with the Web API's `chat.postMessage` (the
 * official `@slack/web-api` client). One conversation answers in order; Web API failures are
 * logged, never thrown.
 */
import {
  type Logger as SlackLogger,
  LogLevel as SlackLogLevel,
  WebClient,
  type WebClientOptions,
} from "@slack/web-api";
import type { AnswerEngine } from "../answer/engine-interface.js";
import { canStream } from "../answer/streaming.js";
import { type Logger, silentLogger } from "../service/logger.js";
import { createSeenEvents, firstDelivery, type SeenEvents } from "../state/seen-events.js";
import { ConversationQueue } from "./conversation-queue.js";
import { askChat, conversationKey } from "./group-chat.js";
import { type PartialUpdates, partialUpdates } from "./partial-updates.js";
import { decideSlackEvent, type SlackEnvelope, type SlackQuestion, str } from "./slack-events.js";
import { plainMessage, renderSlackMessages, type SlackMessage, toSlackMrkdwn } from "./slack-render.js";

/** The public Web API base URL. */
export const DEFAULT_SLACK_API_URL = "https://slack.com/api/";

/** What answering Slack events needs, whichever way they arrive (Events API or Socket Mode). */
export interface SlackAnswerOptions {
  /** Answers the questions. */
  engine: AnswerEngine;
  /** The bot token (SLACK_BOT_TOKEN, `xoxb-…`) that posts the replies. */
  botToken: string;
  /** Web API base URL (SLACK_API_URL); default https://slack.com/api/. */
  apiUrl?: string;
  log?: Logger;
  /** Handled event ids; default an in-memory set with a 1-hour time to live. */
  seen?: SeenEvents;
  /** The bot's user id, when known; otherwise read from each event's `authorizations`. */
  botUserId?: string;
  /** Retries of a failed Web API call (network errors, 5xx, rate limits); default 3. */
  retries?: number;
  /** LLM mode: least time between two updates of an answer being written (ms); default 1000. */
  partialIntervalMs?: number;
}

/** Longest partial text shown while an answer is written (the final answer is split as usual). */
const SLACK_PARTIAL_LIMIT = 3000;

/** Answers verified `event_callback` envelopes: dedupe, decide, answer, post. */
export interface SlackResponder {
  /** Handles a verified, parsed `event_callback` envelope; returns at once, the answer follows. */
  dispatch(envelope: SlackEnvelope, retryNum?: number): void;
  /** Resolves when every answer under way has been posted (or has failed and been logged). */
  idle(): Promise<void>;
}

/** Event handling shared by the HTTP route and Socket Mode: dedupe, decide, answer, post. */
export function createSlackResponder(options: SlackAnswerOptions): SlackResponder {
  if (options.botToken.trim() === "") throw new Error("the Slack bot token is empty");
  const log = options.log ?? silentLogger;
  const { engine } = options;
  const seen = options.seen ?? createSeenEvents();
  const client = new WebClient(options.botToken, {
    slackApiUrl: options.apiUrl ?? DEFAULT_SLACK_API_URL,
    allowAbsoluteUrls: false,
    logger: slackLogger(log.child({ component: "slack-web-api" })),
    retryConfig: { retries: options.retries ?? 3, factor: 2, minTimeout: 1000, maxTimeout: 30_000 },
    timeout: 30_000,
  } satisfies WebClientOptions);
  const queue = new ConversationQueue((err) => log.error("a Slack answer failed", { err }));

  function dispatch(envelope: SlackEnvelope, retryNum?: number): void {
    const eventId = str(envelope.event_id);
    const decision = decideSlackEvent(envelope, options.botUserId);
    if ("ignore" in decision) {
      log.debug("ignored a Slack event", { eventId, reason: decision.ignore });
      return;
    }
    const q = decision.answer;
    // One conversation answers in order: a follow-up waits for the question before it. The claim
    // (shared by the replicas) comes first, so a retry or a second event of one message is dropped.
    queue.run(conversationKey(q.message), async () => {
      const ids = [
        eventId === undefined ? undefined : `slack:event:${eventId}`,
        `slack:message:${q.messageId}`,
      ];
      if (!(await firstDelivery(seen, ids))) {
        log.info("ignored a Slack event already handled", { eventId, retryNum, message: q.messageId });
        return;
      }
      await answer(q);
    });
  }

  async function answer(q: SlackQuestion): Promise<void> {
    // LLM mode: the answer is posted as it is written and updated (chat.update) until it is final.
    let posted: { channel: string; ts: string } | undefined;
    const partials = canStream(engine)
      ? partialUpdates(
          async (text) => {
            const shown = `${toSlackMrkdwn(text)} …`.slice(0, SLACK_PARTIAL_LIMIT);
            if (posted) return client.chat.update({ channel: posted.channel, ts: posted.ts, text: shown });
            const r = await client.chat.postMessage({
              channel: q.message.chat,
              ...(q.replyThreadTs === undefined ? {} : { thread_ts: q.replyThreadTs }),
              text: shown,
              unfurl_links: false,
              unfurl_media: false,
            });
            if (typeof r.channel === "string" && typeof r.ts === "string")
              posted = { channel: r.channel, ts: r.ts };
            return r;
          },
          options.partialIntervalMs ?? 1000,
          (err) => log.warn("a partial Slack answer could not be sent", { err }),
        )
      : undefined;
    const messages = await messagesFor(q, partials);
    await partials?.finish();
    for (const [i, m] of messages.entries()) {
      if (i === 0 && posted) {
        try {
          await client.chat.update({
            channel: posted.channel,
            ts: posted.ts,
            text: m.text,
            blocks: m.blocks,
          });
          continue;
        } catch (err) {
          log.error("Slack chat.update failed", { err, channel: posted.channel });
          return;
        }
      }
      try {
        await client.chat.postMessage({
          channel: q.message.chat,
          ...(q.replyThreadTs === undefined ? {} : { thread_ts: q.replyThreadTs }),
          text: m.text,
          blocks: m.blocks,
          unfurl_links: false,
          unfurl_media: false,
        });
      } catch (err) {
        const e = err as { code?: unknown; data?: { error?: unknown } };
        log.error("Slack chat.postMessage failed", {
          code: e.code,
          slackError: e.data?.error,
          channel: q.message.chat,
          err,
        });
        return;
      }
    }
  }

  async function messagesFor(q: SlackQuestion, partials?: PartialUpdates): Promise<SlackMessage[]> {
    const reply = await askChat(
      engine,
      q.message,
      (err) => log.error("the answer engine failed on a Slack message", { err }),
      undefined,
      partials ? (text) => partials.push(text) : undefined,
    );
    return "answer" in reply ? renderSlackMessages(reply.answer) : [plainMessage(reply.notice)];
  }

  return {
    dispatch,
    idle: () => queue.idle(),
  };
}

/** The Web API client's logger, writing to ours. */
export function slackLogger(log: Logger): SlackLogger {
  let level = SlackLogLevel.INFO;
  const line = (parts: unknown[]) =>
    parts.map((p) => (typeof p === "string" ? p : JSON.stringify(p))).join(" ");
  return {
    debug: (...m: unknown[]) => log.debug(line(m)),
    info: (...m: unknown[]) => log.info(line(m)),
    warn: (...m: unknown[]) => log.warn(line(m)),
    error: (...m: unknown[]) => log.error(line(m)),
    setLevel: (l: SlackLogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
