/**
 * The web chat's live transport: Botkit's web adapter (botbuilder-adapter-web) on OUR HTTP server —
 * a websocket at `/api/chat/socket`, and its webhook fallback at `POST /api/chat/messages` — driving
 * a Botkit controller (src/channels/controller.ts) whose replies carry the whole Answer.
 *
 * The adapter trusts whatever the client sends: the user id becomes the conversation id, and its
 * module-wide map of sockets is keyed by that id (a second socket claiming an id receives the
 * first one's replies). So our checks go in front of it:
 * - the websocket upgrade is refused (401) without the API token, when one is set — bearer header
 *   or the web chat's login cookie (`checkBearer`) — and (403) from another origin;
 * - every message is checked before the adapter sees it (`checkWebMessage`): only
 *   `{type: "message", text, user}` with a user id of 8–64 characters `[A-Za-z0-9_-]`, passed on
 *   as `web:<id>`, nothing else; one id per connection, and an id open on another connection is
 *   refused, so no client can read or continue another's conversation by naming its id;
 * - the webhook fallback takes the same token and the same message check (JSON only);
 * - questions are limited per client address too (`limiter`, shared with `POST /api/ask`), since
 *   a client can pick a fresh user id for every question and so dodge the per-user limit.
 *
 * Replies are `{type: "message", text, answer?}`: `text` the Answer as Markdown, `answer` the
 * Answer itself (citations included) — or `{type: "error", code, message}` for a refused message.
 * In LLM mode `{type: "partial", text}` messages come first: the answer so far, as it is written
 * (markers pointing at no evidence already removed); the final message replaces them.
 */
import type http from "node:http";
import type { TurnContext } from "botbuilder";
import { WebAdapter } from "botbuilder-adapter-web";
import type { Botkit } from "botkit";
import type { Express, NextFunction, Request, Response } from "express";
import type { WebSocket, WebSocketServer } from "ws";
import type { AnswerEngine } from "../answer/engine-interface.js";
import { HttpError } from "../service/errors.js";
import {
  checkBearer,
  DEFAULT_MAX_BODY_BYTES,
  isAuthorized,
  requireJsonContent,
  sendError,
} from "../service/http.js";
import { type Logger, silentLogger } from "../service/logger.js";
import type { RateLimiter } from "../service/rate-limit.js";
import { createController } from "./controller.js";

/** Route of the websocket (`ws://<host>/api/chat/socket`, `wss://` behind TLS). */
export const WEB_CHAT_SOCKET_PATH = "/api/chat/socket";
/** Route of the adapter's webhook fallback (`POST`, JSON `{type: "message", text, user}`). */
export const WEB_CHAT_WEBHOOK_PATH = "/api/chat/messages";
/** Prefix of a web user's id as the adapter and the engine see it. */
export const WEB_USER_PREFIX = "web:";
/** A web user id as the page sends it (the page's conversation id, a UUID). */
export const WEB_USER_ID = /^[A-Za-z0-9_-]{8,64}$/;
/** Longest message text accepted (the controller answers a note past the question limit). */
export const MAX_WEB_TEXT_CHARS = 20_000;

/** A web chat message as passed to the adapter: only these fields, the user id prefixed. */
export interface WebChatMessage {
  type: "message";
  text: string;
  user: string;
}

/** Result of `checkWebMessage`. */
export type WebMessageCheck = { ok: true; message: WebChatMessage } | { ok: false; message: string };

/**
 * Checks a message from the page (pure): an object `{type: "message", text, user}` with a string
 * text of at most `MAX_WEB_TEXT_CHARS` and a user id matching `WEB_USER_ID`. Returns the message
 * to pass on — with the user id as `web:<id>` and no other field — or why it is refused.
 */
export function checkWebMessage(value: unknown): WebMessageCheck {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, message: 'Send a JSON object {"type": "message", "text": "…", "user": "<id>"}.' };
  }
  const { type, text, user } = value as Record<string, unknown>;
  if (type !== "message")
    return { ok: false, message: 'Only messages are accepted: "type" must be "message".' };
  if (typeof text !== "string" || text.trim() === "") {
    return { ok: false, message: '"text" must be a non-empty string.' };
  }
  if (text.length > MAX_WEB_TEXT_CHARS) {
    return { ok: false, message: `"text" is longer than ${MAX_WEB_TEXT_CHARS} characters.` };
  }
  if (typeof user !== "string" || !WEB_USER_ID.test(user)) {
    return { ok: false, message: '"user" must be 8 to 64 characters of A-Z, a-z, 0-9, "_" and "-".' };
  }
  return { ok: true, message: { type: "message", text, user: `${WEB_USER_PREFIX}${user}` } };
}

/** Options of `attachWebChatSocket`. */
export interface WebChatSocketOptions {
  /** The service's HTTP server (from `createServer`); the websocket server attaches to its upgrades. */
  server: http.Server;
  /** The service's Express app; the webhook fallback and Botkit's route go on it. */
  app: Express;
  engine: AnswerEngine;
  /** When set, the websocket and the webhook require it (bearer header or the login cookie). */
  apiToken?: string;
  /** The per-address question limit (`PolicyServer.limiter`); absent: none. */
  limiter?: RateLimiter;
  log?: Logger;
}

/** The attached transport. */
export interface WebChatSocket {
  /** The Botkit controller driven by the web adapter. */
  controller: Botkit;
  /** The routes served, for the start-up log. */
  routes: string[];
  /** Closes every websocket and shuts the controller down (call on shutdown, with `server.close`). */
  close(): Promise<void>;
}

/**
 * Attaches the web adapter's websocket to `server` and its webhook fallback to `app`, with our
 * checks in front (see the file's comment), driving a Botkit controller of its own that answers
 * with `engine`. Call after `createServer` (and `mountWebChat`), before `listen`.
 */
export function attachWebChatSocket(options: WebChatSocketOptions): WebChatSocket {
  const { server, app, engine, apiToken } = options;
  const log = options.log ?? silentLogger;
  const authorized = (req: http.IncomingMessage): boolean => isAuthorized(req, apiToken);

  // In front of Botkit's webhook route (registered by createController below): token, JSON.
  app.post(WEB_CHAT_WEBHOOK_PATH, (req: Request, res: Response, next: NextFunction) => {
    try {
      if (apiToken !== undefined) checkBearer(req, apiToken);
      requireJsonContent(req);
      next();
    } catch (err) {
      sendError(req, res, err, log);
    }
  });

  const adapter = new GuardedWebAdapter({
    server,
    path: WEB_CHAT_SOCKET_PATH,
    maxPayload: DEFAULT_MAX_BODY_BYTES,
    verifyClient: (
      info: { origin: string; secure: boolean; req: http.IncomingMessage },
      done: (ok: boolean, code?: number, message?: string) => void,
    ) => {
      if (!authorized(info.req)) {
        log.warn("refused a web chat websocket without a valid token");
        done(false, 401, "Unauthorized");
      } else if (!sameOrigin(info.origin, info.req.headers.host)) {
        log.warn("refused a web chat websocket from another origin", { origin: info.origin.slice(0, 200) });
        done(false, 403, "Forbidden");
      } else {
        done(true);
      }
    },
    log,
    ...(options.limiter === undefined ? {} : { limiter: options.limiter }),
  });
  const controller = createController({
    app,
    engine,
    adapter,
    webhookUri: WEB_CHAT_WEBHOOK_PATH,
    answerInChannelData: true,
    log,
  });
  return {
    controller,
    routes: [`GET ${WEB_CHAT_SOCKET_PATH} (websocket)`, `POST ${WEB_CHAT_WEBHOOK_PATH}`],
    close: async () => {
      const wss = adapter.wss as WebSocketServer | undefined;
      if (wss !== undefined) {
        for (const client of wss.clients) client.terminate();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
      }
      await controller.shutdown();
    },
  };
}

/** True when a browser's `Origin` names the host the request was sent to (no Origin: not a browser). */
function sameOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined || origin === "") return true;
  try {
    return new URL(origin).host === (host ?? "").toLowerCase();
  } catch {
    return false;
  }
}

/** Options of the guarded adapter: the `ws` server options, and our logger. */
interface GuardedOptions {
  server: http.Server;
  path: string;
  maxPayload: number;
  verifyClient: (...args: never[]) => void;
  log: Logger;
  limiter?: RateLimiter;
}

/**
 * botbuilder-adapter-web with our message checks: every websocket message and every webhook body
 * passes `checkWebMessage` (and the one-id-per-connection rule) before the adapter reads it.
 */
class GuardedWebAdapter extends WebAdapter {
  private readonly log: Logger;
  private readonly limiter: RateLimiter | undefined;
  /** Which open connection holds each user id. */
  private readonly owners = new Map<string, WebSocket>();

  constructor(options: GuardedOptions) {
    const { log, limiter, ...socketOptions } = options;
    super(socketOptions);
    this.log = log;
    this.limiter = limiter;
  }

  /** Undefined when a question from `address` may be asked now, else the notice and the wait. */
  private rateLimited(
    address: string | undefined,
    text: string,
  ): { notice: string; wait: number } | undefined {
    const rate = this.limiter?.take(address ?? "unknown");
    if (rate === undefined || rate.allowed) return undefined;
    const wait = rate.retryAfterSeconds;
    this.log.info("web chat question over the per-address limit", { address, wait });
    const notice = /[\u3400-\u9fff]/.test(text)
      ? `您提问有点频繁，请 ${wait} 秒后再问，谢谢！(Too many questions from this address; wait ${wait} s.)`
      : `Too many questions from this address; please wait ${wait} s and ask again. Thank you!`;
    return { notice, wait };
  }

  override createSocketServer(server: unknown, socketOptions: unknown, logic: unknown): void {
    super.createSocketServer(server, socketOptions, logic);
    const wss = this.wss as WebSocketServer;
    // Before the adapter's own listener, which reads the messages: ours rewrites them first.
    wss.prependListener("connection", (ws: WebSocket, req: http.IncomingMessage) =>
      this.guard(ws, req.socket.remoteAddress),
    );
  }

  override async processActivity(
    req: Request,
    res: Response,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const checked = checkWebMessage(req.body);
    if (!checked.ok) {
      sendError(req, res, new HttpError(400, "invalid_request", checked.message), this.log);
      return;
    }
    const limited = this.rateLimited(req.socket.remoteAddress, checked.message.text);
    if (limited !== undefined) {
      const headers = { "Retry-After": String(limited.wait) };
      sendError(req, res, new HttpError(429, "rate_limited", limited.notice, { headers }), this.log);
      return;
    }
    req.body = checked.message;
    try {
      await super.processActivity(req, res, logic);
    } catch (err) {
      sendError(req, res, err, this.log);
    }
  }

  /** Checks each message of a connection before the adapter's listener gets it. */
  private guard(ws: WebSocket, address: string | undefined): void {
    let bound: string | undefined;
    const refuse = (code: string, message: string) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: "error", code, message }));
    };
    const emit = ws.emit.bind(ws);
    ws.emit = (event: string | symbol, ...args: unknown[]): boolean => {
      if (event !== "message") return emit(event, ...args);
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(args[0]));
      } catch {
        refuse("invalid_json", "Send each message as JSON.");
        return true;
      }
      const checked = checkWebMessage(parsed);
      if (!checked.ok) {
        refuse("invalid_request", checked.message);
        return true;
      }
      const user = checked.message.user;
      if (bound !== undefined && bound !== user) {
        refuse("invalid_request", "One conversation per connection: open a new connection for another.");
        return true;
      }
      const owner = this.owners.get(user);
      if (owner !== undefined && owner !== ws) {
        refuse("conversation_in_use", "This conversation is open on another connection.");
        return true;
      }
      bound = user;
      this.owners.set(user, ws);
      const limited = this.rateLimited(address, checked.message.text);
      if (limited !== undefined) {
        refuse("rate_limited", limited.notice);
        return true;
      }
      return emit("message", JSON.stringify(checked.message));
    };
    // Registered before the adapter's own close listener: the id is free once the socket is gone.
    ws.on("close", () => {
      if (bound !== undefined && this.owners.get(bound) === ws) this.owners.delete(bound);
    });
    ws.on("error", (err: Error) => this.log.debug("a web chat websocket failed", { err }));
  }
}
