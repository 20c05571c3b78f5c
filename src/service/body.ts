/**
 * Reading a request body within a byte limit, and discarding what is left of one (`drain`).
 */
import type http from "node:http";
import { HttpError } from "./errors.js";

export function tooLarge(limit: number): HttpError {
  return new HttpError(
    413,
    "payload_too_large",
    `The request body is larger than ${limit} bytes. Send a shorter question (at most 2,000 characters).`,
  );
}

/**
 * Reads a request body of at most `limit` bytes. Rejects with 413 as soon as the declared or the
 * received length exceeds the limit, leaving the rest of the body unread (`sendError` drains it).
 */
export function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("aborted", onAborted);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.pause();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (err: unknown) => {
      cleanup();
      reject(
        new HttpError(400, "invalid_request", "The request body could not be read completely.", {
          cause: err,
        }),
      );
    };
    const onAborted = () => onError(new Error("request aborted"));
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("aborted", onAborted);
  });
}

/**
 * Reads and discards what is left of a request body, at most `maxBytes` of it and for at most
 * `maxMs`; resolves true once the body has ended, false when it gave up (the request is then paused).
 */
export function drain(req: http.IncomingMessage, maxBytes: number, maxMs: number): Promise<boolean> {
  if (req.readableEnded || req.complete) return Promise.resolve(true);
  if (req.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    let seen = 0;
    const finish = (drained: boolean) => {
      clearTimeout(timer);
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onFail);
      req.off("close", onClose);
      if (!drained) req.pause();
      resolve(drained);
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > maxBytes) finish(false);
    };
    const onEnd = () => finish(true);
    const onFail = () => finish(false);
    const onClose = () => finish(req.complete);
    const timer = setTimeout(onFail, maxMs);
    timer.unref();
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onFail);
    req.on("close", onClose);
    req.resume();
  });
}
