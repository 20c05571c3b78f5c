/**
 * The web chat, mounted on the service's Express app: the chat page at `GET /`, its static assets
 * under `/web/`, the source view `GET /sources/<file>?start=S&end=E`, 👍/👎 feedback at
 * `POST /api/feedback`, and — with an API token — a login (`/login`) that sets an HttpOnly cookie.
 *
 * The page is plain JavaScript (src/channels/web/chat.js): it asks over the websocket of Botkit's
 * web adapter (`attachWebChatSocket`, src/channels/web-chat-socket.ts, re-exported here) when it
 * connects, else through `POST /api/ask`. It builds every node with `textContent`, and its CSP
 * allows only same-origin scripts, styles and requests (no inline script), so text from questions
 * and documents can never run as code.
 */
import { readFileSync } from "node:fs";
import type http from "node:http";
import { fileURLToPath } from "node:url";
import type { Express, NextFunction, Request, Response } from "express";
import type { AnswerEngine } from "../answer/engine-interface.js";
import { HttpError } from "../service/errors.js";
import { validateFeedback } from "../service/feedback.js";
import { FeedbackLog, type FeedbackLogOptions } from "../service/feedback-log.js";
import {
  checkBearer,
  DEFAULT_MAX_BODY_BYTES,
  isAuthorized,
  LOGIN_COOKIE,
  loginCookieValue,
  methodNotAllowed,
  parseJson,
  readBody,
  requireJsonContent,
  sendError,
  sendJson,
} from "../service/http.js";
import { type Logger, silentLogger } from "../service/logger.js";
import { RateLimiter } from "../service/rate-limit.js";
import { digestEquals } from "../service/request-checks.js";
import { escapeHtml, serveSource } from "../service/source-view.js";
import type { Span } from "../types.js";

export {
  attachWebChatSocket,
  checkWebMessage,
  WEB_CHAT_SOCKET_PATH,
  WEB_CHAT_WEBHOOK_PATH,
  type WebChatSocket,
  type WebChatSocketOptions,
} from "./web-chat-socket.js";

/** CSP of the chat and login pages: same-origin script, style and fetch only; no inline script. */
export const CHAT_PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
  "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Wrong tokens one address may try at `/login` per minute; then 429 until the minute is over. */
export const LOGIN_FAILURES_PER_MINUTE = 5;

/** How long the login cookie lasts: 30 days. */
export const LOGIN_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/** Options of `mountWebChat`. */
export interface WebChatOptions {
  /**
   * The answer engine. Not called by these routes: the page asks over the websocket
   * (`attachWebChatSocket`, given the same engine) or through the service's `POST /api/ask`.
   */
  engine: AnswerEngine;
  /** The text of an indexed source (citation offsets point into it); undefined when unknown. */
  sourceText: (file: string) => string | undefined;
  /** A PDF source's page spans (the source view marks page breaks and the quote's page). */
  sourcePages?: (file: string) => readonly Span[] | undefined;
  /** The indexed source file names; the source view serves only these. */
  sources: () => string[];
  /** When set, the page, `/sources/*` and `/api/feedback` require it (bearer header or login cookie). */
  apiToken?: string;
  /** Folder of the service's state (feedback goes to `<stateDir>/feedback.jsonl`), e.g. "index-data/state". */
  stateDir: string;
  /** Limits of `/api/feedback` (per address, overall, record size, rotation); defaults in feedback-log.ts. */
  feedback?: Omit<FeedbackLogOptions, "dir">;
  log?: Logger;
}

/** What `mountWebChat` added, for the start-up log. */
export interface WebChat {
  /** The routes served, e.g. ["GET /", "GET /sources/<file>", …]. */
  routes: string[];
}

/** The static assets of the page, served at `/web/<name>`. */
const ASSETS: Record<string, string> = {
  "chat.js": "text/javascript; charset=utf-8",
  "chat.css": "text/css; charset=utf-8",
  "source.js": "text/javascript; charset=utf-8",
};

/** Folder of the page's files (index.html and the assets). */
const WEB_DIR = fileURLToPath(new URL("./web/", import.meta.url));

/** Adds the web chat's routes to `app` (call after `createServer`, before `listen`). */
export function mountWebChat(app: Express, options: WebChatOptions): WebChat {
  const { apiToken, stateDir } = options;
  const log = options.log ?? silentLogger;
  const feedbackLog = new FeedbackLog({ ...options.feedback, dir: stateDir });
  const indexHtml = readFileSync(`${WEB_DIR}index.html`);
  const assets = new Map(Object.keys(ASSETS).map((name) => [name, readFileSync(`${WEB_DIR}${name}`)]));

  const authorized = (req: http.IncomingMessage): boolean => isAuthorized(req, apiToken);
  const loginFailures = new RateLimiter(LOGIN_FAILURES_PER_MINUTE);
  const logIn = (req: Request, res: Response, given: string, token: string): void => {
    const address = req.socket.remoteAddress ?? "unknown";
    const gate = loginFailures.check(address);
    if (!gate.allowed) {
      log.warn("login refused: too many wrong tokens from this address", { address });
      res.setHeader("Retry-After", String(gate.retryAfterSeconds));
      const wait = gate.retryAfterSeconds;
      sendHtml(
        req,
        res,
        429,
        loginPage(`尝试次数过多，请 ${wait} 秒后再试。 Too many tries; wait ${wait} s.`),
        CHAT_PAGE_CSP,
      );
      return;
    }
    if (!digestEquals(given, token)) {
      loginFailures.take(address);
      log.warn("login failed: wrong token", { address });
      sendHtml(req, res, 401, loginPage("令牌不正确。 The token is not valid."), CHAT_PAGE_CSP);
      return;
    }
    setLoginCookie(req, res, token);
  };
  const guard = (handler: (req: Request, res: Response) => void | Promise<void>) => {
    return (req: Request, res: Response) => {
      Promise.resolve()
        .then(() => {
          if (apiToken !== undefined) checkBearer(req, apiToken);
          return handler(req, res);
        })
        .catch((err: unknown) => sendError(req, res, err, log));
    };
  };

  app
    .route("/")
    .get((req: Request, res: Response) => {
      if (!authorized(req)) {
        sendHtml(req, res, 401, loginPage(), CHAT_PAGE_CSP);
        return;
      }
      sendBytes(req, res, 200, indexHtml, "text/html; charset=utf-8", CHAT_PAGE_CSP);
    })
    .all(methodNotAllowed(["GET", "HEAD"], log));

  app.get("/web/:name", (req: Request, res: Response, next: NextFunction) => {
    const name = req.params.name ?? "";
    const bytes = Object.hasOwn(ASSETS, name) ? assets.get(name) : undefined;
    if (bytes === undefined) {
      next();
      return;
    }
    sendBytes(req, res, 200, bytes, ASSETS[name]!, "default-src 'none'; frame-ancestors 'none'");
  });

  app
    .route("/login")
    .get((req: Request, res: Response) => {
      const token = req.query.token;
      if (apiToken === undefined) {
        redirectHome(res);
      } else if (typeof token === "string" && token !== "") {
        logIn(req, res, token, apiToken);
      } else if (authorized(req)) {
        redirectHome(res);
      } else {
        sendHtml(req, res, 200, loginPage(), CHAT_PAGE_CSP);
      }
    })
    .post((req: Request, res: Response) => {
      readBody(req, 4096)
        .then((bytes) => {
          if (apiToken === undefined) return redirectHome(res);
          const token = new URLSearchParams(bytes.toString("utf8")).get("token") ?? "";
          logIn(req, res, token, apiToken);
        })
        .catch((err: unknown) => sendError(req, res, err, log));
    })
    .all(methodNotAllowed(["GET", "HEAD", "POST"], log));

  app
    // No capture group: Express would decode it (and fail with 500 on a malformed escape); we
    // decode the raw path ourselves, once.
    .route(/^\/sources\/./)
    .get(guard((req, res) => serveSource(options, req, res, req.path.slice("/sources/".length))))
    .all(methodNotAllowed(["GET", "HEAD"], log));

  app
    .route("/api/feedback")
    .post(
      guard(async (req, res) => {
        requireJsonContent(req);
        const checked = validateFeedback(parseJson(await readBody(req, DEFAULT_MAX_BODY_BYTES)));
        if (!checked.ok) throw new HttpError(400, "invalid_request", checked.message);
        await feedbackLog.append(req.socket.remoteAddress ?? "unknown", checked.value);
        log.info("feedback", { vote: checked.value.vote, conversation: checked.value.conversation });
        if (!res.destroyed) sendJson(res, 201, { ok: true });
      }),
    )
    .all(methodNotAllowed(["POST"], log));

  return {
    routes: [
      "GET /",
      "GET /sources/<file>",
      "POST /api/feedback",
      ...(apiToken === undefined ? [] : ["GET /login"]),
    ],
  };
}

/** Sets the HttpOnly, SameSite=Strict login cookie and goes home (the token was checked). */
function setLoginCookie(req: Request, res: Response, apiToken: string): void {
  const secure = req.secure ? "; Secure" : "";
  res.setHeader(
    "Set-Cookie",
    `${LOGIN_COOKIE}=${loginCookieValue(apiToken)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${LOGIN_MAX_AGE_SECONDS}${secure}`,
  );
  redirectHome(res);
}

function redirectHome(res: Response): void {
  res.statusCode = 303;
  res.setHeader("Location", "/");
  res.setHeader("Cache-Control", "no-store");
  res.end();
}

/** The login form (no script): both languages, as the page has no way to pick one without script. */
function loginPage(failure?: string): string {
  const error = failure === undefined ? "" : `<p class="login-error" role="alert">${escapeHtml(failure)}</p>`;
  return `<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>policybot — 登录 / Log in</title>
<link rel="stylesheet" href="/web/chat.css">
</head>
<body class="login-page">
<form class="login" method="post" action="/login">
<h1>policybot</h1>
<p>请输入访问令牌。 Enter the access token.</p>
${error}<input type="password" name="token" autocomplete="current-password" required autofocus aria-label="token">
<button type="submit">登录 / Log in</button>
</form>
</body>
</html>
`;
}

function sendHtml(req: Request, res: Response, status: number, html: string, csp: string): void {
  sendBytes(req, res, status, Buffer.from(html, "utf8"), "text/html; charset=utf-8", csp);
}

function sendBytes(
  req: Request,
  res: Response,
  status: number,
  bytes: Buffer,
  type: string,
  csp: string,
): void {
  res.statusCode = status;
  res.setHeader("Content-Type", type);
  res.setHeader("Content-Security-Policy", csp);
  res.setHeader("Cache-Control", "no-cache");
  res.setHeader("Content-Length", bytes.length);
  res.end(req.method === "HEAD" ? undefined : bytes);
}
