/**
 * JSON replies, and the error reply that every client gets to read — even one still sending a
 * body the server refused (a 413 for a 10 MB body, a 401 before the body was read).
 */
import type http from "node:http";
import { drain } from "./body.js";
import { HttpError, toErrorResponse } from "./errors.js";
import { type Logger, silentLogger } from "./logger.js";

/** Sends `body` as JSON with `Content-Type: application/json; charset=utf-8`. */
export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("Content-Length", Buffer.byteLength(payload));
  res.end(payload);
}

/** An unread body up to this size is read and discarded before the reply; the connection stays open. */
const DRAIN_FIRST_BYTES = 1024 * 1024;
const DRAIN_FIRST_MS = 5000;
/** A larger one gets the reply at once and is then read and discarded up to this much, then closed. */
const DRAIN_AFTER_BYTES = 32 * 1024 * 1024;
const DRAIN_AFTER_MS = 15_000;

/**
 * Sends the error response for anything thrown (see `toErrorResponse`); logs server errors.
 *
 * A client still sending a body must be able to read the reply: closing a connection with unread
 * data resets it, and the reset makes the client drop the reply it had not yet read. So an unread
 * body of up to 1 MiB is read and discarded first (the connection then stays open). A larger one
 * gets the whole reply at once (with `Connection: close`), and the rest of its body is read and
 * discarded — up to 32 MiB or 15 s — before the connection is closed.
 */
export function sendError(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  err: unknown,
  log: Logger = silentLogger,
): void {
  const { status, body, headers } = toErrorResponse(err);
  if (status >= 500 && !(err instanceof HttpError)) {
    log.error("request failed", { method: req.method, path: pathOf(req), err });
  } else {
    log.debug("request refused", { method: req.method, path: pathOf(req), status, code: body.error.code });
  }
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (req.complete || req.readableEnded) {
    sendJson(res, status, body);
    return;
  }
  const declared = Number(req.headers["content-length"]);
  if (declared > DRAIN_FIRST_BYTES) {
    replyThenDrain(req, res, status, body);
    return;
  }
  drain(req, DRAIN_FIRST_BYTES, DRAIN_FIRST_MS).then((drained) => {
    if (res.headersSent || res.destroyed) return;
    if (drained) sendJson(res, status, body);
    else replyThenDrain(req, res, status, body);
  });
}

/**
 * Writes the whole reply (its length is declared, so the client can read it while still sending)
 * but ends the response — which closes the connection — only once the body has been read and
 * discarded, up to a bound.
 */
function replyThenDrain(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  status: number,
  body: unknown,
): void {
  const payload = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader("Connection", "close");
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("Content-Length", Buffer.byteLength(payload));
  res.write(payload);
  drain(req, DRAIN_AFTER_BYTES, DRAIN_AFTER_MS).then(() => res.end());
}

function pathOf(req: http.IncomingMessage): string {
  return (req.url ?? "/").split("?")[0]!.slice(0, 200);
}
