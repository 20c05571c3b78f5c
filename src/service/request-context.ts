/**
 * The request id of the message or HTTP request being handled, kept in an `AsyncLocalStorage` so
 * that every log line written while handling it — in the HTTP layer, a channel, the engine — carries
 * it (the logger adds it), without passing it through every call.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

const storage = new AsyncLocalStorage<{ requestId: string }>();

/** The id of the request being handled, if any. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** A fresh request id (a UUID). */
export function newRequestId(): string {
  return randomUUID();
}

/**
 * An id a client sent (`X-Request-Id`) when it is safe to log and echo — 1 to 64 characters of
 * `[A-Za-z0-9._:-]` — else undefined (the caller makes a fresh one).
 */
export function acceptedRequestId(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return v !== undefined && /^[A-Za-z0-9._:-]{1,64}$/.test(v) ? v : undefined;
}

/** Runs `fn` with `requestId` as the current request id. */
export function withRequestId<T>(requestId: string, fn: () => T): T {
  return storage.run({ requestId }, fn);
}

/** Runs `fn` under the current request id, or under a fresh one when there is none. */
export function inRequest<T>(fn: () => T): T {
  return currentRequestId() === undefined ? withRequestId(newRequestId(), fn) : fn();
}
