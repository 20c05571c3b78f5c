/**
 * The HTTP service: our own `node:http` server around an Express app.
 *
 * Express only routes. We read request bodies ourselves (byte limit, content type, UTF-8, JSON),
 * and the fallback for requests no route handled — 404, or an error a route passed on — lives in
 * the server callback, outside the app, so routes that channels add to `app` later (Botkit's
 * webhook, web chat) are still matched before it. Every error answers `{"error": {"code", "message"}}`.
 */
import { createHash } from "node:crypto";
import http from "node:http";
import express, { type Express, type NextFunction, type Request, type Response } from "express";
import type { AnswerEngine } from "../answer/engine-interface.js";
import { readBody } from "./body.js";
import { HttpError } from "./errors.js";
import { sendExport } from "./export-route.js";
import { type AllowedHosts, guardUpgrades, hostRefusal, isHostAllowed, LOOPBACK_HOSTS } from "./hosts.js";
import {
  capConnections,
  type RequestLimits,
  requestLimits,
  serverTimeouts,
  watchBodyTime,
} from "./limits.js";
import { type Logger, silentLogger } from "./logger.js";
import { RateLimiter } from "./rate-limit.js";
import { sendError, sendJson } from "./replies.js";
import { digestEquals } from "./request-checks.js";
import { acceptedRequestId, newRequestId, withRequestId } from "./request-context.js";
import { validateAsk } from "./validate-ask.js";
import { validateExport } from "./validate-export.js";

export { drain, readBody } from "./body.js";
export { sendError, sendJson } from "./replies.js";

/** Default limit of a request body: 64 KiB. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** Options of `createServer`. */
export interface ServerOptions {
  /** Answers the questions of `POST /api/ask`. */
  engine: AnswerEngine;
  /** True once the index is loaded and the engine answers; drives `GET /readyz` and gates `/api/ask`. */
  ready: () => boolean;
  /** Why the last index build failed, if it did (shown by `GET /readyz`); undefined when it did not. */
  indexFailure?: () => string | undefined;
  /** Folder of the source documents — reserved for `GET /sources/<file>`, which is not served yet. */
  sourcesDir?: string;
  /** Largest request body accepted, in bytes; default 64 KiB. Larger bodies get 413. */
  maxBodyBytes?: number;
  /** Default: logs nothing. */
  log?: Logger;
  /** When set, `POST /api/ask` requires `Authorization: Bearer <apiToken>` or the web chat's login cookie (else 401). */
  apiToken?: string;
  /**
   * Questions per client (IP address) per minute on `POST /api/ask` and `/api/export` — and, through
   * `PolicyServer.limiter`, over the web chat's websocket and webhook; 0 or absent: no limit.
   */
  rateLimitPerMinute?: number;
  /** Host names answered (hosts.ts); default: localhost and the loopback addresses. Others get 421. */
  allowedHosts?: AllowedHosts;
  /** Timeouts and the connection cap (limits.ts); each defaults to `DEFAULT_LIMITS`. */
  limits?: Partial<RequestLimits>;
}

/** The Express app (channels add their routes to it) and the server that serves it (not listening yet). */
export interface PolicyServer {
  app: Express;
  server: http.Server;
  /** The per-address question limit, shared with the web chat's websocket and webhook. */
  limiter: RateLimiter;
}

/** Headers sent with every response. A route that serves a page may replace the CSP with its own. */
const SECURITY_HEADERS: Record<string, string> = {
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
  "Cross-Origin-Resource-Policy": "same-origin",
};

/** Creates the service. Call `server.listen(port, host)` to start it. */
export function createServer(options: ServerOptions): PolicyServer {
  const { engine, ready, apiToken } = options;
  const limiter = new RateLimiter(options.rateLimitPerMinute ?? 0);
  const log = options.log ?? silentLogger;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes <= 0) {
    throw new RangeError(`maxBodyBytes must be a positive integer, got ${maxBodyBytes}`);
  }

  const app = express();
  app.disable("x-powered-by");
  app.disable("etag");
  app.use((_req: Request, res: Response, next: NextFunction) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    next();
  });

  app
    .route("/api/ask")
    .post((req: Request, res: Response) => {
      handleAsk(req, res).catch((err: unknown) => sendError(req, res, err, log));
    })
    .all(methodNotAllowed(["POST"]));

  app
    .route("/api/export")
    .post((req: Request, res: Response) => {
      handleExport(req, res).catch((err: unknown) => sendError(req, res, err, log));
    })
    .all(methodNotAllowed(["POST"]));

  app
    .route("/healthz")
    .get((_req: Request, res: Response) => sendJson(res, 200, { status: "ok" }))
    .all(methodNotAllowed(["GET", "HEAD"]));

  app
    .route("/readyz")
    .get((req: Request, res: Response) => {
      const failure = options.indexFailure?.();
      if (isReady(ready, log)) {
        // Still answering from the last good index when a reload failed: say why.
        sendJson(
          res,
          200,
          failure === undefined ? { status: "ready" } : { status: "ready", lastReloadFailed: failure },
        );
      } else sendError(req, res, notReady(failure), log);
    })
    .all(methodNotAllowed(["GET", "HEAD"]));

  async function handleAsk(req: Request, res: Response): Promise<void> {
    if (apiToken !== undefined) checkBearer(req, apiToken);
    if (!isReady(ready, log)) throw notReady();
    requireJsonContent(req);
    const body = parseJson(await readBody(req, maxBodyBytes));
    const checked = validateAsk(body);
    if (!checked.ok) throw new HttpError(400, "invalid_request", checked.message);
    const { question, conversation } = checked.value;
    const client = req.socket.remoteAddress ?? "unknown";
    const rate = limiter.take(client);
    if (!rate.allowed) {
      const wait = rate.retryAfterSeconds;
      throw new HttpError(
        429,
        "rate_limited",
        /[\u3400-\u9fff]/.test(question)
          ? `您提问有点频繁，请 ${wait} 秒后再问，谢谢！(Too many questions from this client; wait ${wait} s.)`
          : `Too many questions from this client; please wait ${wait} s and ask again. Thank you!`,
        { headers: { "Retry-After": String(wait) } },
      );
    }
    const started = Date.now();
    // The token holder counts as an admin (`/policy reload`); without a token nobody on the API does.
    const answer = await engine.ask(question, conversation, {
      channel: "api",
      user: client,
      ...(apiToken === undefined ? {} : { admin: true }),
    });
    log.debug("answered", { intent: answer.intent, found: answer.found, ms: Date.now() - started });
    if (!res.destroyed) sendJson(res, 200, answer);
  }

  /** `POST /api/export`: the checks of `/api/ask`, then the answer's table as a file (export-route.ts). */
  async function handleExport(req: Request, res: Response): Promise<void> {
    if (apiToken !== undefined) checkBearer(req, apiToken);
    if (!isReady(ready, log)) throw notReady();
    requireJsonContent(req);
    const checked = validateExport(parseJson(await readBody(req, maxBodyBytes)));
    if (!checked.ok) throw new HttpError(400, "invalid_request", checked.message);
    const { question, conversation, format } = checked.value;
    const rate = limiter.take(req.socket.remoteAddress ?? "unknown");
    if (!rate.allowed) {
      throw new HttpError(
        429,
        "rate_limited",
        `Too many requests from this client; wait ${rate.retryAfterSeconds} s and try again.`,
        { headers: { "Retry-After": String(rate.retryAfterSeconds) } },
      );
    }
    await sendExport(res, await engine.ask(question, conversation), format);
  }

  const limits = requestLimits(options.limits);
  const allowedHosts = options.allowedHosts ?? LOOPBACK_HOSTS;
  const server = http.createServer(serverTimeouts(limits), (req, res) => {
    // One id per request: taken from a safe X-Request-Id, else new; echoed, and on every log line.
    const requestId = acceptedRequestId(req.headers["x-request-id"]) ?? newRequestId();
    res.setHeader("X-Request-Id", requestId);
    watchBodyTime(req, res, limits.bodyTimeoutMs, log);
    if (!isHostAllowed(req.headers.host, allowedHosts)) {
      log.warn("refused a request for a host not allowed", {
        host: (req.headers.host ?? "").slice(0, 100),
        address: req.socket.remoteAddress,
      });
      sendError(req, res, new HttpError(421, "host_not_allowed", hostRefusal(req.headers.host)), log);
      return;
    }
    withRequestId(requestId, () => route(req, res));
  });
  guardUpgrades(server, allowedHosts);
  capConnections(server, limits.maxConnectionsPerAddress, log);

  const route = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const handle = app as unknown as (
      req: http.IncomingMessage,
      res: http.ServerResponse,
      done: (err?: unknown) => void,
    ) => void;
    handle(req, res, (err?: unknown) => {
      if (err !== undefined && err !== null && err !== "route" && err !== "router") {
        sendError(req, res, err, log);
        return;
      }
      const path = (req.url ?? "/").split("?")[0]!.slice(0, 200);
      sendError(
        req,
        res,
        new HttpError(
          404,
          "not_found",
          `Nothing is served at ${req.method} ${path}. Ask questions with POST /api/ask and a JSON body ` +
            '{"question": "…"}; GET /healthz and GET /readyz report the service\'s state.',
        ),
        log,
      );
    });
  };
  return { app, server, limiter };
}

/** A route handler answering 405 with an `Allow` header, for the methods a path does not serve. */
export function methodNotAllowed(allowed: string[], log?: Logger) {
  return (req: Request, res: Response) => {
    const list = allowed.join(", ");
    sendError(
      req,
      res,
      new HttpError(405, "method_not_allowed", `${req.method} is not allowed on ${req.path}; use ${list}.`, {
        headers: { Allow: list },
      }),
      log,
    );
  };
}

function notReady(failure?: string): HttpError {
  return new HttpError(
    503,
    "not_ready",
    failure === undefined
      ? "The document index is still loading, so questions cannot be answered yet. Retry in a few seconds."
      : `The document index could not be built (${failure.slice(0, 500)}), so questions cannot be answered yet. Fix the sources folder; the index is built again when it changes.`,
    { headers: { "Retry-After": "5" } },
  );
}

function isReady(ready: () => boolean, log: Logger): boolean {
  try {
    return ready() === true;
  } catch (err) {
    log.error("the readiness check threw; reporting not ready", { err });
    return false;
  }
}

/** Name of the login cookie the web chat sets (GET /login); it holds `loginCookieValue(token)`, not the token. */
export const LOGIN_COOKIE = "policybot_login";

/** The login cookie's value for an API token: a hash of it, so the cookie never holds the token itself. */
export function loginCookieValue(token: string): string {
  return createHash("sha256").update(`policybot-login\n${token}`).digest("hex");
}

/** True when the request carries a valid login cookie for `token` (constant-time compare). */
export function hasLoginCookie(req: http.IncomingMessage, token: string): boolean {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0 || part.slice(0, eq).trim() !== LOGIN_COOKIE) continue;
    if (digestEquals(part.slice(eq + 1).trim(), loginCookieValue(token))) return true;
  }
  return false;
}

/** True when no token is required, or the request carries it (bearer header or login cookie). */
export function isAuthorized(req: http.IncomingMessage, token: string | undefined): boolean {
  if (token === undefined) return true;
  try {
    checkBearer(req, token);
    return true;
  } catch {
    return false;
  }
}

/**
 * Requires `Authorization: Bearer <token>` or the web chat's login cookie, compared in constant time;
 * throws 401 otherwise.
 */
export function checkBearer(req: http.IncomingMessage, token: string): void {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(req.headers.authorization ?? "");
  const given = match?.[1];
  if (given !== undefined && digestEquals(given, token)) return;
  if (given === undefined && hasLoginCookie(req, token)) return;
  throw new HttpError(
    401,
    "unauthorized",
    given === undefined
      ? "This server requires an API token: send the header 'Authorization: Bearer <token>'."
      : "The API token is not valid. Check the token you were given and send it as 'Authorization: Bearer <token>'.",
    { headers: { "WWW-Authenticate": 'Bearer realm="policybot"' } },
  );
}

/** Accepts `application/json` and `application/*+json`, UTF-8, uncompressed; else throws 415. */
export function requireJsonContent(req: http.IncomingMessage): void {
  const header = req.headers["content-type"];
  const [mediaType = "", ...params] = (header ?? "").split(";").map((part) => part.trim().toLowerCase());
  if (mediaType !== "application/json" && !/^application\/[a-z0-9.+-]+\+json$/.test(mediaType)) {
    throw new HttpError(
      415,
      "unsupported_media_type",
      header === undefined
        ? "The request has no Content-Type. Send the body as JSON with the header 'Content-Type: application/json'."
        : `The body's Content-Type is "${header.slice(0, 100)}"; send JSON with 'Content-Type: application/json'.`,
    );
  }
  const charset = params
    .find((p) => p.startsWith("charset="))
    ?.slice("charset=".length)
    .replace(/"/g, "");
  if (charset !== undefined && charset !== "utf-8" && charset !== "utf8") {
    throw new HttpError(
      415,
      "unsupported_media_type",
      `The body's charset is "${charset}"; send UTF-8 JSON.`,
    );
  }
  const encoding = req.headers["content-encoding"]?.trim().toLowerCase();
  if (encoding !== undefined && encoding !== "" && encoding !== "identity") {
    throw new HttpError(
      415,
      "unsupported_media_type",
      `The body is sent with Content-Encoding "${encoding.slice(0, 50)}"; send it uncompressed.`,
    );
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Decodes UTF-8 (a leading BOM is dropped) and parses JSON, or throws 400 `invalid_json`. */
export function parseJson(bytes: Buffer): unknown {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new HttpError(400, "invalid_json", "The request body is not valid UTF-8. Send UTF-8 encoded JSON.");
  }
  if (text.trim() === "") {
    throw new HttpError(
      400,
      "invalid_json",
      'The request body is empty. Send a JSON object like {"question": "第17项措施由谁牵头?"}.',
    );
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    const reason = err instanceof SyntaxError ? ` (${err.message.slice(0, 200)})` : "";
    throw new HttpError(
      400,
      "invalid_json",
      `The request body is not valid JSON${reason}. Send a JSON object like {"question": "…"}.`,
    );
  }
}
