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
 *
 * The concepts live in their own files — rendering (slack-render.ts), event decisions and dedupe
 * (slack-events.ts), answering (slack-responder.ts), Socket Mode (slack-socket.ts), signature
 * verification (slack-verify.ts) — and are re-exported here, the channel's one entry point.
 */
import type { Express, Request, Response } from "express";
import { HttpError } from "../service/errors.js";
import { methodNotAllowed, readBody, sendError, sendJson } from "../service/http.js";
import { silentLogger } from "../service/logger.js";
import type { SlackEnvelope } from "./slack-events.js";
import { createSlackResponder, type SlackAnswerOptions, type SlackResponder } from "./slack-responder.js";
import { verifySlackRequest } from "./slack-verify.js";

export {
  decideSlackEvent,
  type SlackDecision,
  type SlackEnvelope,
  type SlackQuestion,
} from "./slack-events.js";
export {
  escapeMrkdwn,
  MAX_SLACK_MESSAGES,
  renderSlackMessages,
  SLACK_SECTION_LIMIT,
  type SlackBlock,
  type SlackMessage,
  sourceLine,
  splitMrkdwn,
  toSlackMrkdwn,
} from "./slack-render.js";
export {
  createSlackResponder,
  DEFAULT_SLACK_API_URL,
  type SlackAnswerOptions,
  type SlackResponder,
} from "./slack-responder.js";
export { type SlackSocketMode, type SlackSocketModeOptions, startSlackSocketMode } from "./slack-socket.js";

/** Route of the Events API request URL (Slack app settings → Event Subscriptions). */
export const SLACK_EVENTS_PATH = "/api/slack/events";
/**
 * Largest Events API body accepted: 256 KiB. The body is read before its signature can be checked,
 * so anyone may send this much: it is kept to what Slack sends for a message far longer than a
 * question may be (one of 40,000 Latin or 20,000 Chinese characters, as `text` and as `blocks`).
 */
export const DEFAULT_SLACK_MAX_BODY_BYTES = 256 * 1024;

/** Options of `mountSlack`. */
export interface SlackOptions extends SlackAnswerOptions {
  /** The app's signing secret (SLACK_SIGNING_SECRET); required — a channel without one is off. */
  signingSecret: string;
  /** Clock in ms for the signature window; default `Date.now`. */
  now?: () => number;
  /** Largest body accepted, in bytes; default 256 KiB. */
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
    .all(methodNotAllowed(["POST"], log));

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
