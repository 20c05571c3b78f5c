/**
 * Verification of DingTalk robot callbacks (pure: no I/O, the clock is injected).
 *
 * An enterprise-internal robot's HTTP callback carries two headers: `timestamp` (milliseconds since
 * the epoch) and `sign` = base64(HMAC-SHA256(key = appSecret, data = `${timestamp}\n${appSecret}`)).
 * We check, in order: both headers present, the timestamp a whole number of milliseconds within one
 * hour of now — in the past AND in the future — the sign well-formed (44 base64 characters, also
 * accepted percent-encoded), then the HMAC, compared in constant time after a length check. Nothing
 * here throws for any input: a failed check is returned as a coded `DingTalkVerifyError` (an
 * `HttpError` with status 401).
 *
 * Note: DingTalk's sign covers the timestamp and the secret only, not the body; the body's
 * `sessionWebhook` is therefore never trusted on the strength of the sign alone (see dingtalk.ts:
 * replies go only to the DingTalk API origins).
 */
import { createHmac } from "node:crypto";
import { HttpError } from "../service/errors.js";
import { bytesEqual, type RequestHeaders, singleHeader, timestampSkew } from "../service/request-checks.js";

/** How far a request's timestamp may be from now, either way: 1 hour, in milliseconds (DingTalk's rule). */
export const DINGTALK_TIMESTAMP_WINDOW_MS = 60 * 60 * 1000;
/** Header holding the request's time in milliseconds since the epoch. */
export const DINGTALK_TIMESTAMP_HEADER = "timestamp";
/** Header holding the signature (base64 of the HMAC-SHA256). */
export const DINGTALK_SIGN_HEADER = "sign";

/**
 * Why a request was refused:
 * - `dingtalk_headers_missing`: no `timestamp` or no `sign` header;
 * - `dingtalk_timestamp_invalid`: the timestamp is not a whole number of milliseconds;
 * - `dingtalk_request_stale`: the timestamp is more than 1 hour in the past (a replay, or a slow clock);
 * - `dingtalk_request_from_future`: the timestamp is more than 1 hour in the future;
 * - `dingtalk_sign_malformed`: the sign is not base64 of 32 bytes;
 * - `dingtalk_sign_invalid`: well-formed, but not the HMAC of this timestamp under our secret;
 * - `dingtalk_request_replayed`: a valid (timestamp, sign) pair already used by an earlier request
 *   (the sign does not cover the body, so a captured pair must not carry a second body).
 */
export type DingTalkVerifyErrorCode =
  | "dingtalk_headers_missing"
  | "dingtalk_timestamp_invalid"
  | "dingtalk_request_stale"
  | "dingtalk_request_from_future"
  | "dingtalk_sign_malformed"
  | "dingtalk_sign_invalid"
  | "dingtalk_request_replayed";

/** A refused DingTalk request: HTTP 401 with one of the `DingTalkVerifyErrorCode` codes. */
export class DingTalkVerifyError extends HttpError {
  declare readonly code: DingTalkVerifyErrorCode;
  constructor(code: DingTalkVerifyErrorCode, message: string) {
    super(401, code, message);
    this.name = "DingTalkVerifyError";
  }
}

/**
 * How long a used (timestamp, sign) pair is remembered: 2 hours, so that a pair is remembered for as
 * long as it is valid (its timestamp may be up to 1 hour ahead of the clock and is accepted until
 * 1 hour after it).
 */
export const DINGTALK_USED_SIGN_TTL_MS = 2 * DINGTALK_TIMESTAMP_WINDOW_MS;

/**
 * The key under which a verified request's (timestamp, sign) pair is remembered. The sign is a
 * function of the timestamp under our secret, so a verified timestamp names its pair.
 */
export function usedSignKey(timestamp: number): string {
  return `dingtalk-sign:${timestamp}`;
}

/** The refusal of a request whose (timestamp, sign) pair was used before. */
export function replayedRequest(): DingTalkVerifyError {
  return new DingTalkVerifyError(
    "dingtalk_request_replayed",
    "This timestamp and sign were already used by an earlier request; a signed request is accepted once.",
  );
}

/** Request headers as Node gives them (lower-case names); other casings are found too. */
export type DingTalkRequestHeaders = RequestHeaders;

/** Input of `verifyDingTalkRequest`. */
export interface DingTalkVerifyInput {
  /** The robot's AppSecret (DINGTALK_APP_SECRET). */
  appSecret: string;
  /** The request's headers (`timestamp`, `sign`). */
  headers: DingTalkRequestHeaders;
  /** The current time in milliseconds since the epoch (`Date.now` in production; a fixed clock in tests). */
  now: () => number;
}

/** The outcome: the verified timestamp (ms), or the reason for refusing the request. */
export type DingTalkVerification =
  | { ok: true; timestamp: number }
  | { ok: false; error: DingTalkVerifyError };

/** The sign DingTalk computes for `timestamp` (ms, as sent): base64(HMAC-SHA256(appSecret, `${timestamp}\n${appSecret}`)). */
export function dingTalkSign(timestamp: string | number, appSecret: string): string {
  return createHmac("sha256", appSecret).update(`${timestamp}\n${appSecret}`, "utf8").digest("base64");
}

/** Checks a DingTalk callback's `timestamp` and `sign` headers. Pure and total: it never throws. */
export function verifyDingTalkRequest(input: DingTalkVerifyInput): DingTalkVerification {
  const fail = (code: DingTalkVerifyErrorCode, message: string): DingTalkVerification => ({
    ok: false,
    error: new DingTalkVerifyError(code, message),
  });
  const rawSign = singleHeader(input.headers, DINGTALK_SIGN_HEADER);
  const rawTimestamp = singleHeader(input.headers, DINGTALK_TIMESTAMP_HEADER);
  if (rawSign === undefined || rawTimestamp === undefined) {
    return fail(
      "dingtalk_headers_missing",
      "The request is not signed: the timestamp and sign headers are required. Only DingTalk may call this endpoint.",
    );
  }
  const ts = rawTimestamp.trim();
  if (!/^\d{1,16}$/.test(ts)) {
    return fail("dingtalk_timestamp_invalid", "The timestamp header must be a whole number of milliseconds.");
  }
  const timestamp = Number(ts);
  const skewMs = timestamp - input.now();
  const skew = timestampSkew(skewMs, DINGTALK_TIMESTAMP_WINDOW_MS);
  if (skew === "invalid") {
    return fail("dingtalk_timestamp_invalid", "The request's timestamp or the server clock is not a number.");
  }
  if (skew === "stale") {
    return fail(
      "dingtalk_request_stale",
      "The request's timestamp is more than 1 hour old; it may be a replay. Check the sender's clock.",
    );
  }
  if (skew === "future") {
    return fail(
      "dingtalk_request_from_future",
      "The request's timestamp is more than 1 hour in the future. Check the sender's and the server's clocks.",
    );
  }
  let sign = rawSign.trim();
  if (/%[0-9A-Fa-f]{2}/.test(sign)) {
    try {
      sign = decodeURIComponent(sign);
    } catch {
      return fail("dingtalk_sign_malformed", "The sign header is not valid percent-encoding.");
    }
  }
  if (!/^[A-Za-z0-9+/]{43}=$/.test(sign)) {
    return fail(
      "dingtalk_sign_malformed",
      "The sign header must be the base64 of an HMAC-SHA256 (44 characters).",
    );
  }
  if (input.appSecret === "") {
    return fail("dingtalk_sign_invalid", "No AppSecret is configured; no sign can be valid.");
  }
  const given = Buffer.from(sign, "base64");
  const expected = createHmac("sha256", input.appSecret).update(`${ts}\n${input.appSecret}`, "utf8").digest();
  if (!bytesEqual(given, expected)) {
    return fail(
      "dingtalk_sign_invalid",
      "The request's sign does not match. Check DINGTALK_APP_SECRET against the robot's AppSecret.",
    );
  }
  return { ok: true, timestamp };
}
