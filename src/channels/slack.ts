/**
 * The Slack channel: the Events API at `POST /api/slack/events` on our Express app, replies
 * through the Web API's `chat.postMessage` (the official `@slack/web-api` client).
 *
 * One narrow path, verify → parse → render:
 * 1. the raw body is read as bytes with a byte limit (413 over it) and verified by our own pure
 *    `verifySlackRequest` BEFORE it is parsed or anything reaches the engine (401 otherwise) —
 *    botbuilder-adapter-slack's check is not used (no staleness check, skipped without a raw body,
 *    crashes on a malformed header, decodes split multi-byte bodies wrongly);
 * 2. `url_verification` is answered with its challenge; an `event_callback` is acknowledged with
 *    200 at once (Slack's 3-second deadline) and answered asynchronously;
 * 3. the group-chat rules (src/channels/group-chat.ts) decide whether to answer, strip the
 *    mention, and key the conversation per thread (per direct chat);
 * 4. the Answer is rendered as mrkdwn section blocks with a context block of its sources, split
 *    at line boundaries (never inside a citation marker) to stay within Slack's limits.
 *
 * Retries: Slack re-sends an event it thinks was not delivered (`X-Slack-Retry-Num`); an event id
 * — and a message (channel + ts), which Slack may deliver both as `message` and `app_mention` —
 * is answered once (see `createSeenEvents`). Web API failures are logged, never thrown.
 *
 * Socket Mode (`startSlackSocketMode`, with an app-level token) receives the same envelopes over a
 * WebSocket (`@slack/socket-mode`) and hands them to the same `SlackResponder`.
 */
import { SocketModeClient } from "@slack/socket-mode";
import {
  type Logger as SlackLogger,
  LogLevel as SlackLogLevel,
  WebClient,
  type WebClientOptions,
} from "@slack/web-api";
import type { Express, Request, Response } from "express";
import type { AnswerEngine } from "../answer/engine-interface.js";
import { MAX_QUESTION_CHARS } from "../answer/engine-interface.js";
import { HttpError } from "../service/errors.js";
import { readBody, sendError, sendJson } from "../service/http.js";
import { type Logger, silentLogger } from "../service/logger.js";
import type { Answer, Citation } from "../types.js";
import { type ChatMessage, conversationKey, questionOf, shouldAnswer } from "./group-chat.js";
import { verifySlackRequest } from "./slack-verify.js";

/** Route of the Events API request URL (Slack app settings → Event Subscriptions). */
export const SLACK_EVENTS_PATH = "/api/slack/events";
/** The public Web API base URL. */
export const DEFAULT_SLACK_API_URL = "https://slack.com/api/";
/**
 * Largest Events API body accepted: 1 MiB. A Slack message may hold 40,000 characters, sent both
 * as `text` and as rich-text `blocks`; 1 MiB leaves room for that in any script.
 */
export const DEFAULT_SLACK_MAX_BODY_BYTES = 1024 * 1024;
/** Largest text of a section block (Slack's limit). */
export const SLACK_SECTION_LIMIT = 3000;
/** Most messages one answer is posted as; a longer answer is shortened with a note. */
export const MAX_SLACK_MESSAGES = 10;
/** How long an event id (and a message) is remembered as handled: 1 hour (Slack retries within minutes). */
export const DEFAULT_SEEN_TTL_MS = 60 * 60 * 1000;

// ---------------------------------------------------------------------------------------------
// Handled events, with a time to live

/** Remembers the ids of what was handled, so that a retried event is answered once. */
export interface SeenEvents {
  /** True the first time `id` is offered within the time to live (and records it); false after. */
  firstTime(id: string): boolean;
}

/** Options of `createSeenEvents`. */
export interface SeenEventsOptions {
  /** How long an id is remembered, in ms; default 1 hour. */
  ttlMs?: number;
  /** Most ids kept; the oldest go first beyond it. Default 10,000. */
  maxEntries?: number;
  /** Clock in ms; default `Date.now`. */
  now?: () => number;
}

/** An in-memory `SeenEvents` (one process; several replicas would share a store instead). */
export function createSeenEvents(options: SeenEventsOptions = {}): SeenEvents {
  const ttlMs = options.ttlMs ?? DEFAULT_SEEN_TTL_MS;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const expiry = new Map<string, number>(); // insertion order = age order
  return {
    firstTime(id: string): boolean {
      const t = now();
      for (const [key, expires] of expiry) {
        if (expires > t && expiry.size < maxEntries) break;
        expiry.delete(key);
      }
      const expires = expiry.get(id);
      if (expires !== undefined && expires > t) return false;
      expiry.delete(id);
      expiry.set(id, t + ttlMs);
      return true;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Rendering: Markdown → mrkdwn, blocks within Slack's limits

/** A Block Kit block as posted (the subset we use). */
export type SlackBlock =
  | { type: "section"; text: { type: "mrkdwn"; text: string } }
  | { type: "context"; elements: { type: "mrkdwn"; text: string }[] };

/** One `chat.postMessage` worth of an answer: blocks, and `text` as the notification fallback. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

/** Escapes the three characters Slack's mrkdwn treats as markup: `&`, `<`, `>`. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

const ZWSP = "\u200b";
const BOLD = "\u0001";

/**
 * Converts our answers' Markdown to Slack mrkdwn: `**bold**` → `*bold*` (with a zero-width space
 * where it touches other text, e.g. Chinese, so that Slack still renders it), `*italic*` →
 * `_italic_`, `# heading` → bold line, `- item` → `• item`, `> quote` → a Slack quote, `[text](url)` → `<url|text>`; `[1]`
 * citation markers are kept as they are; `&`, `<`, `>` are escaped.
 */
export function toSlackMrkdwn(markdown: string): string {
  let s = escapeMrkdwn(markdown.replace(/\r\n?/g, "\n"));
  s = s.replace(
    /\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g,
    (_m, label: string, url: string) => `<${url}|${label}>`,
  );
  s = s.replace(/^(#{1,6})[ \t]+(.+?)[ \t]*#*$/gm, (_m, _h: string, title: string) => `**${title}**`);
  s = s.replace(/^[ \t]*&gt;[ \t]?/gm, ">");
  s = s.replace(/^([ \t]*)[-*+][ \t]+/gm, "$1• ");
  s = s.replace(/\*\*(?=\S)([^\n]*?\S)\*\*|__(?=\S)([^\n]*?\S)__/g, (_m, a?: string, b?: string) => {
    return `${BOLD}${a ?? b}${BOLD}`;
  });
  s = s.replace(/(^|[^*\w])\*(?=\S)([^*\n]*?\S)\*(?!\w)/g, "$1_$2_");
  s = s.replace(
    new RegExp(`${BOLD}([^${BOLD}]*)${BOLD}`, "g"),
    (_m, inner: string, offset: number, all: string) => {
      const before = offset > 0 ? all[offset - 1]! : "\n";
      const after = all[offset + inner.length + 2] ?? "\n";
      return `${/\s/.test(before) ? "" : ZWSP}*${inner}*${/\s/.test(after) ? "" : ZWSP}`;
    },
  );
  return s.replace(new RegExp(BOLD, "g"), "");
}

/**
 * Splits mrkdwn into pieces of at most `limit` characters: whole lines where they fit; a longer
 * line is cut after a sentence end (else a space, else anywhere allowed), never inside a citation
 * marker `[n]`, a link `<…>`, an entity `&amp;` or a bold span, and never just before a marker,
 * which stays with its sentence.
 */
export function splitMrkdwn(text: string, limit = SLACK_SECTION_LIMIT): string[] {
  const pieces: string[] = [];
  let current = "";
  const flush = () => {
    if (current.trim() !== "") pieces.push(current.replace(/\n+$/, ""));
    current = "";
  };
  for (const line of text.split("\n")) {
    const joined = current === "" ? line : `${current}\n${line}`;
    if (joined.length <= limit) {
      current = joined;
      continue;
    }
    flush();
    let rest = line;
    while (rest.length > limit) {
      const cut = cutPoint(rest, limit);
      pieces.push(rest.slice(0, cut).trimEnd());
      rest = rest.slice(cut).trimStart();
    }
    current = rest;
  }
  flush();
  return pieces;
}

/** Where to cut `line` (longer than `limit`): a position in 1..limit that splits no unit of markup. */
function cutPoint(line: string, limit: number): number {
  const blocked = new Uint8Array(line.length + 1);
  for (const m of line.matchAll(/\[\d+\]|<[^>\n]*>|&[a-z]+;|\*[^*\n]+\*|_[^_\n]+_|`[^`\n]+`/g)) {
    for (let i = m.index + 1; i < m.index + m[0].length; i++) blocked[i] = 1;
  }
  const allowed = (p: number) => {
    if (blocked[p] === 1) return false;
    const code = line.charCodeAt(p - 1);
    if (code >= 0xd800 && code <= 0xdbff) return false; // inside a surrogate pair
    return !/^\s*\[\d+\]/.test(line.slice(p, p + 12));
  };
  let space = -1;
  let any = -1;
  for (let p = limit; p > 0; p--) {
    if (!allowed(p)) continue;
    if (/[。！？；!?;.]/.test(line[p - 1]!)) return p;
    if (space < 0 && /\s/.test(line[p - 1]!)) space = p;
    if (any < 0) any = p;
  }
  if (space > 0) return space;
  return any > 0 ? any : limit;
}

/** One line of the sources list: "[1] title › section" (mrkdwn-escaped, at most 500 characters). */
export function sourceLine(c: Citation): string {
  const title = oneLine(c.title) || c.source;
  const section = oneLine(c.section)
    .split(/\s*>\s*/)
    .filter((p) => p !== "")
    .join(" › ");
  const line = `[${c.id}] ${title}${section === "" ? "" : ` › ${section}`}`;
  return escapeMrkdwn(line.length > 500 ? `${line.slice(0, 499)}…` : line);
}

/** A context block listing sources, packed into at most 10 elements of at most 3,000 characters. */
function contextBlock(citations: Citation[]): SlackBlock | undefined {
  if (citations.length === 0) return undefined;
  const elements: { type: "mrkdwn"; text: string }[] = [];
  let current = "";
  const lines = citations.map(sourceLine);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const joined = current === "" ? line : `${current}\n${line}`;
    if (joined.length <= SLACK_SECTION_LIMIT) {
      current = joined;
      continue;
    }
    elements.push({ type: "mrkdwn", text: current });
    current = line;
    if (elements.length === 9) {
      const more = `… ${lines.length - i} more`;
      current = current.length + more.length < SLACK_SECTION_LIMIT ? `${line}\n${more}` : more;
      break;
    }
  }
  if (current !== "") elements.push({ type: "mrkdwn", text: current });
  return { type: "context", elements };
}

/**
 * Renders an Answer as Slack messages: the answer in mrkdwn, in section blocks of at most 3,000
 * characters (one per message), each message followed by a context block with the sources its
 * markers cite (sources cited nowhere go with the last message). `text` repeats the message as
 * the notification fallback. More than `MAX_SLACK_MESSAGES` parts are shortened with a note.
 */
export function renderSlackMessages(answer: Answer): SlackMessage[] {
  const zh = answer.language === "zh";
  let parts = splitMrkdwn(toSlackMrkdwn(answer.answer.trim()));
  if (parts.length === 0) parts = [zh ? "（没有内容）" : "(no answer)"];
  let note: string | undefined;
  if (parts.length > MAX_SLACK_MESSAGES) {
    const dropped = parts.length - MAX_SLACK_MESSAGES;
    parts = parts.slice(0, MAX_SLACK_MESSAGES);
    note = zh
      ? `_回答过长，已省略其余 ${dropped} 段；请把问题问得更具体一些。_`
      : `_The answer is too long for Slack; ${dropped} more part(s) left out. Please ask a narrower question._`;
  }
  const citations = [...answer.citations].sort((a, b) => a.id - b.id);
  const listed = new Set<number>();
  return parts.map((part, i) => {
    const last = i === parts.length - 1;
    const cited = citations.filter(
      (c) =>
        !listed.has(c.id) && (part.includes(`[${c.id}]`) || (last && !answer.answer.includes(`[${c.id}]`))),
    );
    for (const c of cited) listed.add(c.id);
    const blocks: SlackBlock[] = [{ type: "section", text: { type: "mrkdwn", text: part } }];
    const context = contextBlock(cited);
    if (context !== undefined) blocks.push(context);
    if (last && note !== undefined) blocks.push({ type: "section", text: { type: "mrkdwn", text: note } });
    const sources = cited.map(sourceLine).join("\n");
    const fallback = [part, sources, last ? note : undefined]
      .filter((t) => t !== undefined && t !== "")
      .join("\n");
    return { text: fallback.length <= 3900 ? fallback : part, blocks };
  });
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

// ---------------------------------------------------------------------------------------------
// Events: which to answer

/** A Slack message event as far as we read it. */
interface SlackEvent {
  type?: unknown;
  subtype?: unknown;
  channel?: unknown;
  channel_type?: unknown;
  user?: unknown;
  bot_id?: unknown;
  text?: unknown;
  ts?: unknown;
  thread_ts?: unknown;
  edited?: unknown;
  team?: unknown;
}

/** The Events API envelope (`event_callback`) as far as we read it. */
export interface SlackEnvelope {
  type?: unknown;
  challenge?: unknown;
  team_id?: unknown;
  event_id?: unknown;
  event?: unknown;
  authorizations?: unknown;
}

/** What to answer and where: the chat message, and the thread to reply in (none: top level of a DM). */
export interface SlackQuestion {
  message: ChatMessage;
  replyThreadTs: string | undefined;
  /** The message's identity, "channel:ts" (the same for its `message` and `app_mention` events). */
  messageId: string;
}

/** Decision on one event: answer it, or the reason it is ignored. */
export type SlackDecision = { answer: SlackQuestion } | { ignore: string };

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/**
 * Decides whether an `event_callback` is a question for us (pure): `app_mention` in a channel
 * (replied in the question's thread), `message` in a direct chat (`channel_type` "im"), or a
 * channel message starting with `/policy`; never a bot's message (`bot_id`, subtype
 * `bot_message`, our own user), an edit or any other subtype.
 */
export function decideSlackEvent(envelope: SlackEnvelope, botUserId?: string): SlackDecision {
  if (typeof envelope.event !== "object" || envelope.event === null) return { ignore: "no event" };
  const event = envelope.event as SlackEvent;
  const type = str(event.type);
  if (type !== "app_mention" && type !== "message") return { ignore: `event type ${String(type)}` };
  if (event.bot_id !== undefined) return { ignore: "a bot's message" };
  if (event.subtype !== undefined) return { ignore: `message subtype ${String(event.subtype)}` };
  if (event.edited !== undefined) return { ignore: "an edited message" };
  const user = str(event.user);
  const channel = str(event.channel);
  const ts = str(event.ts);
  const text = typeof event.text === "string" ? event.text : "";
  if (user === undefined || channel === undefined || ts === undefined)
    return { ignore: "no user, channel or ts" };
  const bot = botUserId ?? botUserOf(envelope);
  if (bot !== undefined && user === bot) return { ignore: "our own message" };
  const direct = str(event.channel_type) === "im";
  const threadTs = str(event.thread_ts);
  const mentioned = type === "app_mention" || (bot !== undefined && text.includes(`<@${bot}`));
  if (!shouldAnswer({ text, direct, mentioned })) return { ignore: "not addressed to the bot" };
  const thread = direct ? (threadTs ?? "") : (threadTs ?? ts);
  const message: ChatMessage = {
    channel: "slack",
    workspace: str(envelope.team_id) ?? str(event.team) ?? "",
    chat: channel,
    thread,
    user,
    text,
    direct,
    mentioned,
  };
  return {
    answer: { message, replyThreadTs: thread === "" ? undefined : thread, messageId: `${channel}:${ts}` },
  };
}

/** The bot's own user id, from the envelope's `authorizations` (the installation's bot user). */
function botUserOf(envelope: SlackEnvelope): string | undefined {
  if (!Array.isArray(envelope.authorizations)) return undefined;
  for (const a of envelope.authorizations as { is_bot?: unknown; user_id?: unknown }[]) {
    if (a !== null && typeof a === "object" && a.is_bot === true) return str(a.user_id);
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// The channel

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
}

/** Options of `mountSlack`. */
export interface SlackOptions extends SlackAnswerOptions {
  /** The app's signing secret (SLACK_SIGNING_SECRET); required — a channel without one is off. */
  signingSecret: string;
  /** Clock in ms for the signature window; default `Date.now`. */
  now?: () => number;
  /** Largest body accepted, in bytes; default 1 MiB. */
  maxBodyBytes?: number;
}

/** The mounted channel. */
export interface SlackChannel extends SlackResponder {
  /** The route, "/api/slack/events". */
  path: string;
}

/**
 * Registers `POST /api/slack/events` on `app` (other methods get 405). Throws at start-up when
 * the signing secret or the bot token is empty: never accept unsigned requests.
 */
export function mountSlack(app: Express, options: SlackOptions): SlackChannel {
  if (options.signingSecret.trim() === "") throw new Error("mountSlack: the signing secret is empty");
  if (options.botToken.trim() === "") throw new Error("mountSlack: the bot token is empty");
  const log = options.log ?? silentLogger;
  const now = options.now ?? Date.now;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_SLACK_MAX_BODY_BYTES;
  const core = createSlackResponder({ ...options, log });

  app
    .route(SLACK_EVENTS_PATH)
    .post((req: Request, res: Response) => {
      handle(req, res).catch((err: unknown) => sendError(req, res, err, log));
    })
    .all((req: Request, res: Response) => {
      sendError(
        req,
        res,
        new HttpError(
          405,
          "method_not_allowed",
          `${SLACK_EVENTS_PATH} accepts only POST requests from Slack.`,
          {
            headers: { Allow: "POST" },
          },
        ),
        log,
      );
    });

  async function handle(req: Request, res: Response): Promise<void> {
    const body = await readBody(req, maxBodyBytes);
    const verified = verifySlackRequest({
      signingSecret: options.signingSecret,
      body,
      headers: req.headers,
      now,
    });
    if (!verified.ok) {
      log.warn("refused a Slack request", { code: verified.error.code });
      throw verified.error;
    }
    const envelope = parseEnvelope(body);
    if (envelope.type === "url_verification") {
      if (typeof envelope.challenge !== "string") {
        throw new HttpError(400, "invalid_request", "A url_verification request needs a string challenge.");
      }
      sendJson(res, 200, { challenge: envelope.challenge });
      return;
    }
    sendJson(res, 200, { ok: true });
    if (envelope.type === "event_callback") {
      const retry = Number(req.headers["x-slack-retry-num"]);
      try {
        core.dispatch(envelope, Number.isInteger(retry) ? retry : undefined);
      } catch (err) {
        log.error("a Slack event could not be handled", { err });
      }
    } else {
      log.debug("ignored a Slack request", { type: envelope.type });
    }
  }

  return { path: SLACK_EVENTS_PATH, dispatch: core.dispatch, idle: core.idle };
}

function parseEnvelope(body: Buffer): SlackEnvelope {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch {
    throw new HttpError(400, "invalid_json", "The body is not UTF-8 JSON; Slack's Events API sends JSON.");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new HttpError(400, "invalid_request", "The body must be a JSON object (an Events API envelope).");
  }
  return parsed as SlackEnvelope;
}

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
  const pending = new Set<Promise<void>>();
  const queues = new Map<string, Promise<void>>();

  function dispatch(envelope: SlackEnvelope, retryNum?: number): void {
    const eventId = str(envelope.event_id);
    if (eventId !== undefined && !seen.firstTime(`event:${eventId}`)) {
      log.info("ignored a Slack event already handled", { eventId, retryNum });
      return;
    }
    const decision = decideSlackEvent(envelope, options.botUserId);
    if ("ignore" in decision) {
      log.debug("ignored a Slack event", { eventId, reason: decision.ignore });
      return;
    }
    const q = decision.answer;
    if (!seen.firstTime(`message:${q.messageId}`)) {
      log.debug("ignored a second event for a message already answered", { eventId, message: q.messageId });
      return;
    }
    // One conversation answers in order: a follow-up waits for the question before it.
    const key = conversationKey(q.message);
    const previous = queues.get(key) ?? Promise.resolve();
    const task = previous
      .then(() => answer(q))
      .catch((err: unknown) => log.error("a Slack answer failed", { err }));
    queues.set(key, task);
    pending.add(task);
    void task.finally(() => {
      pending.delete(task);
      if (queues.get(key) === task) queues.delete(key);
    });
  }

  async function answer(q: SlackQuestion): Promise<void> {
    const messages = await messagesFor(q);
    for (const m of messages) {
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

  async function messagesFor(q: SlackQuestion): Promise<SlackMessage[]> {
    const text = q.message.text;
    const zh = /[\u3400-\u9fff]/.test(text);
    const question = questionOf(text) || "/policy help";
    if ([...question].length > MAX_QUESTION_CHARS) {
      const note = zh
        ? `问题太长了（上限 ${MAX_QUESTION_CHARS} 字），请缩短后再问。`
        : `That question is too long (the limit is ${MAX_QUESTION_CHARS} characters); please ask a shorter one.`;
      return [plainMessage(note)];
    }
    try {
      return renderSlackMessages(await engine.ask(question, conversationKey(q.message)));
    } catch (err) {
      log.error("the answer engine failed on a Slack message", { err });
      return [
        plainMessage(
          zh
            ? "抱歉，暂时无法回答这个问题，请稍后再试。"
            : "Sorry, I could not answer that just now; please try again in a moment.",
        ),
      ];
    }
  }

  return {
    dispatch,
    idle: async (): Promise<void> => {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}

function plainMessage(text: string): SlackMessage {
  const escaped = escapeMrkdwn(text);
  return { text: escaped, blocks: [{ type: "section", text: { type: "mrkdwn", text: escaped } }] };
}

/** The Web API client's logger, writing to ours. */
function slackLogger(log: Logger): SlackLogger {
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

// ---------------------------------------------------------------------------------------------
// Socket Mode

/** Options of `startSlackSocketMode`. */
export interface SlackSocketModeOptions extends SlackAnswerOptions {
  /** The app-level token (SLACK_APP_TOKEN, `xapp-…`, scope `connections:write`). */
  appToken: string;
  /** Reconnect when the connection drops; default true. */
  autoReconnect?: boolean;
}

/** A running Socket Mode connection. */
export interface SlackSocketMode extends SlackResponder {
  /** Disconnects; answers under way still finish (await `idle()`). */
  stop(): Promise<void>;
}

/**
 * Connects to Slack in Socket Mode (no public URL needed): `apps.connections.open` at the Web API
 * base URL, then a WebSocket over which Slack sends the same `event_callback` envelopes. Each is
 * acknowledged at once and handled exactly as the Events API route handles it (the connection is
 * authenticated by the app token, so there is no request signature). Resolves once connected;
 * rejects when the app token is refused.
 */
export async function startSlackSocketMode(options: SlackSocketModeOptions): Promise<SlackSocketMode> {
  if (options.appToken.trim() === "") throw new Error("startSlackSocketMode: the app token is empty");
  const log = options.log ?? silentLogger;
  const responder = createSlackResponder({ ...options, log });
  const client = new SocketModeClient({
    appToken: options.appToken,
    logger: slackLogger(log.child({ component: "slack-socket-mode" })),
    autoReconnectEnabled: options.autoReconnect ?? true,
    clientOptions: {
      slackApiUrl: options.apiUrl ?? DEFAULT_SLACK_API_URL,
      allowAbsoluteUrls: false,
      retryConfig: { retries: options.retries ?? 3, factor: 2, minTimeout: 1000, maxTimeout: 30_000 },
    },
  });
  client.on(
    "slack_event",
    (args: { ack: () => Promise<void>; type?: unknown; body?: unknown; retry_num?: unknown }) => {
      args.ack().catch((err: unknown) => log.warn("could not acknowledge a Socket Mode event", { err }));
      const body = args.body;
      if (args.type !== "events_api" || typeof body !== "object" || body === null) return;
      const envelope = body as SlackEnvelope;
      if (envelope.type !== "event_callback") return;
      try {
        responder.dispatch(envelope, typeof args.retry_num === "number" ? args.retry_num : undefined);
      } catch (err) {
        log.error("a Socket Mode event could not be handled", { err });
      }
    },
  );
  await client.start();
  return {
    dispatch: responder.dispatch,
    idle: responder.idle,
    stop: async () => {
      await client.disconnect();
    },
  };
}
