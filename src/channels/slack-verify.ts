/**
 * Verification of Slack's request signatures (pure: no I/O, the clock is injected).
 *
 * Slack signs every request with `X-Slack-Signature: v0=<hex HMAC-SHA256>` over
 * `v0:<X-Slack-Request-Timestamp>:<raw body>`, keyed with the app's signing secret. We check, in
 * order: both headers present, the timestamp an integer within five minutes of now — in the past
 * AND in the future (Bolt checks only the past) — the signature well-formed, then the HMAC computed
 * over the raw body BYTES (never a re-decoded string, so a multi-byte body split across TCP chunks
 * is exact), compared in constant time after a length check. Nothing here throws for any input: a
 * failed check is returned as a coded `SlackVerifyError` (an `HttpError` with status 401).
 */
import { createHmac } from "node:crypto";
import { HttpError } from "../service/errors.js";
import { bytesEqual, type RequestHeaders, singleHeader, timestampSkew } from "../service/request-checks.js";

/** How far a request's timestamp may be from now, either way: 5 minutes, in milliseconds. */
export const SLACK_TIMESTAMP_WINDOW_MS = 5 * 60 * 1000;

/** Header holding the signature (`v0=` + 64 hex digits). */
export const SLACK_SIGNATURE_HEADER = "x-slack-signature";
/** Header holding the request's time in whole seconds since the epoch. */
export const SLACK_TIMESTAMP_HEADER = "x-slack-request-timestamp";

/**
 * Why a request was refused:
 * - `slack_headers_missing`: no `X-Slack-Signature` or no `X-Slack-Request-Timestamp`;
 * - `slack_timestamp_invalid`: the timestamp is not a whole number of seconds;
 * - `slack_request_stale`: the timestamp is more than 5 minutes in the past (a replay, or a slow clock);
 * - `slack_request_from_future`: the timestamp is more than 5 minutes in the future;
 * - `slack_signature_malformed`: the signature is not `v0=` followed by 64 hex digits;
 * - `slack_signature_invalid`: well-formed, but not the HMAC of this body under our secret.
 */
export type SlackVerifyErrorCode =
  | "slack_headers_missing"
  | "slack_timestamp_invalid"
  | "slack_request_stale"
  | "slack_request_from_future"
  | "slack_signature_malformed"
  | "slack_signature_invalid";

/** A refused Slack request: HTTP 401 with one of the `SlackVerifyErrorCode` codes. */
export class SlackVerifyError extends HttpError {
  declare readonly code: SlackVerifyErrorCode;
  constructor(code: SlackVerifyErrorCode, message: string) {
    super(401, code, message);
    this.name = "SlackVerifyError";
  }
}

/** Request headers as Node gives them (lower-case names); other casings are found too. */
export type SlackRequestHeaders = RequestHeaders;

/** Input of `verifySlackRequest`. */
export interface SlackVerifyInput {
  /** The app's signing secret (Slack app settings → Basic Information). Must not be empty. */
  signingSecret: string;
  /** The request body exactly as received, as bytes. */
  body: Buffer;
  /** The request's headers. */
  headers: SlackRequestHeaders;
  /** The current time in milliseconds since the epoch (`Date.now` in production; a fixed clock in tests). */
  now: () => number;
}

/** The outcome: the verified timestamp (seconds), or the reason for refusing the request. */
export type SlackVerification = { ok: true; timestamp: number } | { ok: false; error: SlackVerifyError };

/** Checks a Slack request's signature and timestamp. Pure and total: it never throws. */
export function verifySlackRequest(input: SlackVerifyInput): SlackVerification {
  const fail = (code: SlackVerifyErrorCode, message: string): SlackVerification => ({
    ok: false,
    error: new SlackVerifyError(code, message),
  });
  const signature = singleHeader(input.headers, SLACK_SIGNATURE_HEADER);
  const rawTimestamp = singleHeader(input.headers, SLACK_TIMESTAMP_HEADER);
  if (signature === undefined || rawTimestamp === undefined) {
    return fail(
      "slack_headers_missing",
      "The request is not signed: X-Slack-Signature and X-Slack-Request-Timestamp are required. " +
        "Only Slack's Events API may call this endpoint.",
    );
  }

  const ts = rawTimestamp.trim();
  if (!/^\d{1,15}$/.test(ts)) {
    return fail(
      "slack_timestamp_invalid",
      "X-Slack-Request-Timestamp must be a whole number of seconds since the epoch.",
    );
  }
  const timestamp = Number(ts);
  const skewMs = timestamp * 1000 - input.now();
  const skew = timestampSkew(skewMs, SLACK_TIMESTAMP_WINDOW_MS);
  if (skew === "invalid") {
    return fail("slack_timestamp_invalid", "The request's timestamp or the server clock is not a number.");
  }
  if (skew === "stale") {
    return fail(
      "slack_request_stale",
      "The request's timestamp is more than 5 minutes old; it may be a replay. Check the sender's clock.",
    );
  }
  if (skew === "future") {
    return fail(
      "slack_request_from_future",
      "The request's timestamp is more than 5 minutes in the future. Check the sender's and the server's clocks.",
    );
  }

  const match = /^v0=([0-9a-fA-F]{64})$/.exec(signature.trim());
  if (match === null) {
    return fail("slack_signature_malformed", 'X-Slack-Signature must be "v0=" followed by 64 hex digits.');
  }
  if (input.signingSecret === "") {
    return fail("slack_signature_invalid", "No signing secret is configured; no signature can be valid.");
  }
  const given = Buffer.from(match[1]!, "hex");
  const expected = createHmac("sha256", input.signingSecret)
    .update(`v0:${ts}:`, "utf8")
    .update(input.body)
    .digest();
  if (!bytesEqual(given, expected)) {
    return fail(
      "slack_signature_invalid",
      "The request's signature does not match its body. Check SLACK_SIGNING_SECRET against the Slack app's settings.",
    );
  }
  return { ok: true, timestamp };
}
