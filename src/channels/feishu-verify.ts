/**
 * Verification of Feishu/Lark event requests (pure: no I/O, the clock is injected).
 *
 * With an encrypt key set, Feishu sends every event as `{"encrypt": "<base64>"}` — AES-256-CBC,
 * key = SHA-256(encrypt key), IV = the first 16 bytes of the decoded ciphertext — and signs it:
 * `X-Lark-Signature` = hex SHA-256 of `timestamp + nonce + encryptKey + rawBody`, with
 * `X-Lark-Request-Timestamp` and `X-Lark-Request-Nonce`. We check the headers, the timestamp
 * (within 5 minutes either way) and the signature over the raw body BYTES in constant time after a
 * length check — the SDK compares in variable time, checks no timestamp and skips everything
 * without an encrypt key. The decrypted event's `token` must then equal the verification token
 * (compared in constant time). Nothing here throws for any input: failures are coded
 * `FeishuVerifyError`s (HTTP 401, or 400 for a malformed body).
 */
import { createDecipheriv, createHash } from "node:crypto";
import { HttpError } from "../service/errors.js";
import {
  bytesEqual,
  digestEquals,
  type RequestHeaders,
  singleHeader,
  timestampSkew,
} from "../service/request-checks.js";

/** How far a request's timestamp may be from now, either way: 5 minutes, in milliseconds. */
export const FEISHU_TIMESTAMP_WINDOW_MS = 5 * 60 * 1000;
export const FEISHU_SIGNATURE_HEADER = "x-lark-signature";
export const FEISHU_TIMESTAMP_HEADER = "x-lark-request-timestamp";
export const FEISHU_NONCE_HEADER = "x-lark-request-nonce";

/** Why a request was refused. */
export type FeishuVerifyErrorCode =
  | "feishu_headers_missing"
  | "feishu_timestamp_invalid"
  | "feishu_request_stale"
  | "feishu_request_from_future"
  | "feishu_signature_invalid"
  | "feishu_decrypt_failed"
  | "feishu_token_invalid"
  | "feishu_body_invalid";

/** A refused Feishu request: 401 (400 for `feishu_body_invalid`). */
export class FeishuVerifyError extends HttpError {
  declare readonly code: FeishuVerifyErrorCode;
  constructor(code: FeishuVerifyErrorCode, message: string) {
    super(code === "feishu_body_invalid" ? 400 : 401, code, message);
    this.name = "FeishuVerifyError";
  }
}

/** Request headers as Node gives them (lower-case names); other casings are found too. */
export type FeishuRequestHeaders = RequestHeaders;

/** True when the request carries any of the three signature headers. */
export function hasFeishuSignature(headers: FeishuRequestHeaders): boolean {
  return [FEISHU_SIGNATURE_HEADER, FEISHU_TIMESTAMP_HEADER, FEISHU_NONCE_HEADER].some(
    (h) => header(headers, h) !== undefined,
  );
}

/** Input of `verifyFeishuSignature`. */
export interface FeishuSignatureInput {
  encryptKey: string;
  /** The request body exactly as received. */
  body: Buffer;
  headers: FeishuRequestHeaders;
  /** Current time in ms since the epoch. */
  now: () => number;
}

export type FeishuVerification = { ok: true; timestamp: number } | { ok: false; error: FeishuVerifyError };

/** Checks the headers, the timestamp window and the signature. Pure and total: never throws. */
export function verifyFeishuSignature(input: FeishuSignatureInput): FeishuVerification {
  const fail = (code: FeishuVerifyErrorCode, message: string): FeishuVerification => ({
    ok: false,
    error: new FeishuVerifyError(code, message),
  });
  const signature = header(input.headers, FEISHU_SIGNATURE_HEADER);
  const rawTimestamp = header(input.headers, FEISHU_TIMESTAMP_HEADER);
  const nonce = header(input.headers, FEISHU_NONCE_HEADER);
  if (signature === undefined || rawTimestamp === undefined || nonce === undefined) {
    return fail(
      "feishu_headers_missing",
      "The request is not signed: X-Lark-Signature, X-Lark-Request-Timestamp and X-Lark-Request-Nonce are " +
        "required. Only Feishu's event subscription (with an encrypt key) may call this endpoint.",
    );
  }
  if (!/^\d{1,15}$/.test(rawTimestamp)) {
    return fail("feishu_timestamp_invalid", "X-Lark-Request-Timestamp must be a whole number of seconds.");
  }
  const timestamp = Number(rawTimestamp);
  const skewMs = timestamp * 1000 - input.now();
  const skew = timestampSkew(skewMs, FEISHU_TIMESTAMP_WINDOW_MS);
  if (skew === "invalid") {
    return fail("feishu_timestamp_invalid", "The request's timestamp or the server clock is not a number.");
  }
  if (skew === "stale") {
    return fail(
      "feishu_request_stale",
      "The request's timestamp is more than 5 minutes old; it may be a replay. Check the server's clock.",
    );
  }
  if (skew === "future") {
    return fail(
      "feishu_request_from_future",
      "The request's timestamp is more than 5 minutes in the future. Check the server's clock.",
    );
  }
  if (input.encryptKey === "") {
    return fail("feishu_signature_invalid", "No encrypt key is configured; no signature can be valid.");
  }
  const given = /^[0-9a-fA-F]{64}$/.test(signature.trim())
    ? Buffer.from(signature.trim(), "hex")
    : Buffer.alloc(0);
  const expected = createHash("sha256")
    .update(`${rawTimestamp}${nonce}${input.encryptKey}`, "utf8")
    .update(input.body)
    .digest();
  if (!bytesEqual(given, expected)) {
    return fail(
      "feishu_signature_invalid",
      "The request's X-Lark-Signature does not match its body. Check FEISHU_ENCRYPT_KEY against the app's " +
        "Events & Callbacks → Encryption Strategy.",
    );
  }
  return { ok: true, timestamp };
}

/**
 * Decrypts an `encrypt` field: AES-256-CBC with key SHA-256(encryptKey) and the IV in the first 16
 * bytes; the plaintext must be UTF-8. Throws a `FeishuVerifyError` (401, `feishu_decrypt_failed`).
 */
export function decryptFeishu(encryptKey: string, encrypted: string): string {
  const failed = () =>
    new FeishuVerifyError(
      "feishu_decrypt_failed",
      "The event could not be decrypted with FEISHU_ENCRYPT_KEY. Check the key against the app's Encryption Strategy.",
    );
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encrypted)) throw failed();
  const data = Buffer.from(encrypted, "base64");
  if (data.length < 32 || data.length % 16 !== 0) throw failed();
  try {
    const key = createHash("sha256").update(encryptKey, "utf8").digest();
    const decipher = createDecipheriv("aes-256-cbc", key, data.subarray(0, 16));
    const plain = Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]);
    return new TextDecoder("utf-8", { fatal: true }).decode(plain);
  } catch {
    throw failed();
  }
}

/** Constant-time equality of the event's token and ours (digests, so lengths do not leak). */
export function tokenMatches(given: unknown, expected: string): boolean {
  if (typeof given !== "string" || expected === "") return false;
  return digestEquals(given, expected);
}

/** A single-valued header, trimmed; undefined when absent, blank or repeated. */
function header(headers: RequestHeaders, name: string): string | undefined {
  const v = singleHeader(headers, name)?.trim();
  return v === undefined || v === "" ? undefined : v;
}
