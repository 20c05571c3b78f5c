/**
 * The Botkit controller: one message handler that asks the answer engine and replies with the
 * Answer rendered as Markdown. Chat channels (web chat, Slack, Teams, …) plug in as adapters.
 *
 * Botkit is used for what it is good at (controller, dialogs, adapters) and kept on a short leash:
 * - it is built on OUR Express app (`webserver: app`), so its constructor never creates a server
 *   or listens on port 3000 (that happens only when no `webserver` is passed — see
 *   node_modules/botkit/lib/core.js), and `controller.http` stays undefined;
 * - `disable_console: true` keeps its console.log/console.warn chatter out of our JSON logs;
 * - the lib/core.js constructor calls no `process.exit` (the Slack adapter's auth check does —
 *   that adapter must be wrapped with our own verification when it is added).
 */
import type { Activity, BotAdapter } from "botbuilder";
import { Botkit, type BotkitMessage, type BotWorker } from "botkit";
import type { Express, NextFunction, Request, Response } from "express";
import type { AnswerEngine } from "../answer/engine-interface.js";
import { DEFAULT_MAX_BODY_BYTES, readBody, sendError } from "../service/http.js";
import { type Logger, silentLogger } from "../service/logger.js";
import type { Answer } from "../types.js";
import { boundChatText } from "./bounded-text.js";
import { askQuestion } from "./group-chat.js";
import { defuseMentions } from "./mention-safety.js";
import { type PartialUpdates, partialUpdates } from "./partial-updates.js";

/** Botkit's default webhook route. */
export const DEFAULT_WEBHOOK_URI = "/api/messages";

/** Botkit event types that carry a user's message (the Slack adapter splits "message" into these). */
const MESSAGE_EVENTS = ["message", "direct_message", "direct_mention", "mention"];

/** Options of `createController`. */
export interface ControllerOptions {
  /** The service's Express app (from `createServer`); Botkit adds its webhook route to it. */
  app: Express;
  engine: AnswerEngine;
  /**
   * A configured channel adapter (botbuilder-adapter-web, a verified Slack or Teams adapter, …).
   * Without one, the webhook route is not exposed at all (see `createController`).
   */
  adapter?: BotAdapter;
  /** Route of the adapter's webhook; default "/api/messages". */
  webhookUri?: string;
  /** Largest webhook body accepted, in bytes; default 64 KiB. */
  maxBodyBytes?: number;
  /**
   * When true, a reply that is an Answer carries the whole Answer (with its citations) in
   * `channelData.answer` beside the Markdown text — for the web chat, whose page renders the
   * citations itself (botbuilder-adapter-web copies `channelData` fields into the message sent).
   */
  answerInChannelData?: boolean;
  log?: Logger;
}

/**
 * Creates the Botkit controller on `options.app` and registers the message handler.
 *
 * Security choice: Botkit, given no adapter, creates a Bot Framework adapter with no app id and
 * password — which skips authentication — and routes `POST /api/messages` to it. So when no
 * channel adapter is configured we register, before Botkit's route, a handler for that path that
 * leaves the app's router (`next("router")`), and the request gets the server's ordinary 404:
 * the route is indistinguishable from one that does not exist, and nothing unauthenticated
 * reaches the bot. A channel is on only when its adapter (with its own verification) is passed.
 */
export function createController(options: ControllerOptions): Botkit {
  const { app, engine, adapter } = options;
  const log = options.log ?? silentLogger;
  const webhookUri = options.webhookUri ?? DEFAULT_WEBHOOK_URI;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  if (adapter === undefined) {
    app.all(webhookUri, (_req: Request, _res: Response, next: NextFunction) => next("router"));
  } else {
    // Botkit's own Express reads bodies for its adapters (req.body, req.rawBody); ours does it
    // here, with the service's byte limit and error bodies.
    app.post(webhookUri, (req: Request, res: Response, next: NextFunction) => {
      readBody(req, maxBodyBytes).then(
        (bytes) => {
          const raw = bytes.toString("utf8");
          const target = req as Request & { rawBody?: string };
          target.rawBody = raw;
          if (/json/i.test(req.headers["content-type"] ?? "") && raw.trim() !== "") {
            try {
              req.body = JSON.parse(raw);
            } catch {
              sendError(req, res, invalidJson(), log);
              return;
            }
          }
          next();
        },
        (err: unknown) => sendError(req, res, err, log),
      );
    });
  }

  const controller = new Botkit({
    webserver: app,
    webhook_uri: webhookUri,
    disable_console: true,
    ...(adapter === undefined ? {} : { adapter }),
  });

  controller.on(MESSAGE_EVENTS, async (bot: BotWorker, message: BotkitMessage) => {
    // Over the web chat's websocket an answer is shown as it is written: {type: "partial", text}.
    const partials =
      options.answerInChannelData === true && message.incoming_message?.channelId === "websocket"
        ? partialUpdates(
            (text) => bot.reply(message, { text, channelData: { type: "partial" } }),
            250,
            (err) => log.debug("a partial answer could not be sent", { err }),
          )
        : undefined;
    const reply = await answerMessage(engine, message, log, partials);
    await partials?.finish();
    if (reply === undefined) return;
    await bot.reply(
      message,
      options.answerInChannelData === true && reply.answer !== undefined
        ? { text: reply.text, channelData: { answer: reply.answer } }
        : reply.text,
    );
  });
  return controller;
}

/** A reply: the Markdown text, and the Answer it renders (none for a note such as "too long"). */
interface Reply {
  text: string;
  answer?: Answer;
}

async function answerMessage(
  engine: AnswerEngine,
  message: BotkitMessage,
  log: Logger,
  partials?: PartialUpdates,
): Promise<Reply | undefined> {
  const text = typeof message.text === "string" ? boundChatText(message.text).trim() : "";
  if (text === "") return undefined;
  const reply = await askQuestion(
    engine,
    text,
    conversationKeyFromActivity(message.incoming_message),
    (err) => log.error("the answer engine failed on a chat message", { err }),
    {
      channel: message.incoming_message?.channelId ?? "web",
      user: message.incoming_message?.from?.id ?? message.user ?? "",
    },
    partials ? (text) => partials.push(text) : undefined,
  );
  return "answer" in reply
    ? { text: renderAnswerMarkdown(reply.answer), answer: reply.answer }
    : { text: reply.notice };
}

/**
 * The conversation key passed to the engine for a chat message: channel, conversation and user,
 * so follow-ups ("那第18项呢?") continue the asker's own previous question even in a group chat.
 */
export function conversationKeyFromActivity(activity: Partial<Activity> | undefined): string {
  const channel = activity?.channelId ?? "unknown";
  const conversation = activity?.conversation?.id ?? "";
  const user = activity?.from?.id ?? "";
  return `${channel}:${conversation}:${user}`;
}

/**
 * Renders an Answer for chat: the answer's Markdown, then a list of its sources, one line per
 * citation in marker order — `- [1] <document title> — <section>` (and `, p. 3` / `，第3页` for a
 * PDF) — under "Sources:" ("来源：" for a Chinese answer). Without citations, just the answer.
 */
export function renderAnswerMarkdown(answer: Answer): string {
  // Mentions in echoed questions or quoted documents never notify anyone (mention-safety.ts).
  return defuseMentions(renderMarkdown(answer));
}

function renderMarkdown(answer: Answer): string {
  const text = answer.answer.trim();
  if (answer.citations.length === 0) return text;
  const heading = answer.language === "zh" ? "来源：" : "Sources:";
  const lines = [...answer.citations]
    .sort((a, b) => a.id - b.id)
    .map((c) => {
      const title = oneLine(c.title) || c.source;
      const section = oneLine(c.section);
      const page =
        c.page === undefined ? "" : answer.language === "zh" ? `，第${c.page}页` : `, p. ${c.page}`;
      return `- [${c.id}] ${title}${section === "" ? "" : ` — ${section}`}${page}`;
    });
  return `${text}\n\n**${heading}**\n${lines.join("\n")}`;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

function invalidJson(): Error {
  return Object.assign(new Error("invalid JSON"), { type: "entity.parse.failed" });
}
