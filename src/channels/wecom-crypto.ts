/**
 * Verification and decryption of WeCom (企业微信) callbacks (pure: no I/O, the clock is injected).
 *
 * WeCom signs every callback with `msg_signature` = SHA1 (hex) of the sorted strings
 * [Token, timestamp, nonce, ciphertext] concatenated — the ciphertext being `echostr` for the URL
 * verification (GET) and the `<Encrypt>` element for messages (POST). We check, in order: the
 * parameters present (each once), the timestamp a whole number of seconds within 5 minutes of now
 * in either direction, the signature well-formed and equal to ours (constant-time compare); then
 * decrypt with the EncodingAESKey (AES-256-CBC, `@wecom/crypto`'s `decrypt`) and check the receive
 * id equals our CorpID — the library does not throw on a wrong key or a foreign ciphertext, it
 * returns garbage, so the receive id is what proves the message is for us. Nothing here throws:
 * a failed check is returned as a coded `WeComVerifyError` (an `HttpError` with status 401).
 */
import { createHash } from "node:crypto";
import { decrypt } from "@wecom/crypto";
import { HttpError } from "../service/errors.js";
import { bytesEqual, digestEquals, timestampSkew } from "../service/request-checks.js";

/** How far a callback's timestamp may be from now, either way: 5 minutes, in milliseconds. */
export const WECOM_TIMESTAMP_WINDOW_MS = 5 * 60 * 1000;

/**
 * Why a callback was refused:
 * - `wecom_params_missing`: no (or a repeated) `msg_signature`, `timestamp`, `nonce` or ciphertext;
 * - `wecom_timestamp_invalid`: the timestamp is not a whole number of seconds;
 * - `wecom_request_stale`: the timestamp is more than 5 minutes in the past (a replay, or a slow clock);
 * - `wecom_request_from_future`: the timestamp is more than 5 minutes in the future;
 * - `wecom_signature_malformed`: `msg_signature` is not 40 hex digits;
 * - `wecom_signature_invalid`: well-formed, but not the signature of this ciphertext under our Token;
 * - `wecom_decrypt_failed`: the ciphertext does not decrypt with our EncodingAESKey;
 * - `wecom_receive_id_mismatch`: it decrypts, but for another receive id (another corp, or a wrong key).
 */
export type WeComVerifyErrorCode =
  | "wecom_params_missing"
  | "wecom_timestamp_invalid"
  | "wecom_request_stale"
  | "wecom_request_from_future"
  | "wecom_signature_malformed"
  | "wecom_signature_invalid"
  | "wecom_decrypt_failed"
  | "wecom_receive_id_mismatch";

/** A refused WeCom callback: HTTP 401 with one of the `WeComVerifyErrorCode` codes. */
export class WeComVerifyError extends HttpError {
  declare readonly code: WeComVerifyErrorCode;
  constructor(code: WeComVerifyErrorCode, message: string) {
    super(401, code, message);
    this.name = "WeComVerifyError";
  }
}

/** `msg_signature` of a ciphertext: SHA1 (hex) of the sorted [token, timestamp, nonce, encrypt], concatenated. */
export function wecomSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash("sha1").update([token, timestamp, nonce, encrypt].sort().join(""), "utf8").digest("hex");
}

/** Input of `verifyWeComCallback`. */
export interface WeComVerifyInput {
  /** The callback Token (WECOM_TOKEN). Must not be empty. */
  token: string;
  /** The EncodingAESKey (WECOM_ENCODING_AES_KEY). */
  encodingAesKey: string;
  /** Our CorpID (WECOM_CORP_ID): the receive id every ciphertext must carry. */
  corpId: string;
  /** The query's `msg_signature`, `timestamp` and `nonce` (undefined when absent or repeated). */
  signature: string | undefined;
  timestamp: string | undefined;
  nonce: string | undefined;
  /** The ciphertext: `echostr` (URL verification) or the `<Encrypt>` element (messages). */
  encrypt: string | undefined;
  /** The current time in milliseconds since the epoch. */
  now: () => number;
}

/** The outcome: the decrypted plain text, or the reason for refusing the callback. */
export type WeComVerification = { ok: true; message: string } | { ok: false; error: WeComVerifyError };

/** Checks a WeCom callback's signature and timestamp, decrypts it and checks its receive id. Never throws. */
export function verifyWeComCallback(input: WeComVerifyInput): WeComVerification {
  const fail = (code: WeComVerifyErrorCode, message: string): WeComVerification => ({
    ok: false,
    error: new WeComVerifyError(code, message),
  });
  const { signature, timestamp: ts, nonce, encrypt } = input;
  if (
    signature === undefined ||
    ts === undefined ||
    nonce === undefined ||
    encrypt === undefined ||
    signature === "" ||
    ts === "" ||
    encrypt === ""
  ) {
    return fail(
      "wecom_params_missing",
      "The callback is not signed: msg_signature, timestamp, nonce and the ciphertext are required, once each. " +
        "Only WeCom may call this endpoint.",
    );
  }
  if (!/^\d{1,15}$/.test(ts)) {
    return fail("wecom_timestamp_invalid", "timestamp must be a whole number of seconds since the epoch.");
  }
  const skewMs = Number(ts) * 1000 - input.now();
  const skew = timestampSkew(skewMs, WECOM_TIMESTAMP_WINDOW_MS);
  if (skew === "invalid") {
    return fail("wecom_timestamp_invalid", "The callback's timestamp or the server clock is not a number.");
  }
  if (skew === "stale") {
    return fail(
      "wecom_request_stale",
      "The callback's timestamp is more than 5 minutes old; it may be a replay. Check the server's clock.",
    );
  }
  if (skew === "future") {
    return fail(
      "wecom_request_from_future",
      "The callback's timestamp is more than 5 minutes in the future. Check the server's clock.",
    );
  }
  if (!/^[0-9a-fA-F]{40}$/.test(signature)) {
    return fail("wecom_signature_malformed", "msg_signature must be 40 hex digits (a SHA1).");
  }
  if (input.token === "") {
    return fail("wecom_signature_invalid", "No WeCom Token is configured; no signature can be valid.");
  }
  const given = Buffer.from(signature, "hex");
  const expected = Buffer.from(wecomSignature(input.token, ts, nonce, encrypt), "hex");
  if (!bytesEqual(given, expected)) {
    return fail(
      "wecom_signature_invalid",
      "msg_signature does not match the ciphertext. Check WECOM_TOKEN against the app's 接收消息 settings.",
    );
  }
  const decrypted = decryptWeCom(input.encodingAesKey, encrypt);
  if (decrypted === undefined) {
    return fail(
      "wecom_decrypt_failed",
      "The ciphertext could not be decrypted. Check WECOM_ENCODING_AES_KEY against the app's 接收消息 settings.",
    );
  }
  if (!digestEquals(decrypted.id, input.corpId)) {
    return fail(
      "wecom_receive_id_mismatch",
      "The ciphertext is not for this enterprise (its receive id is not WECOM_CORP_ID), or the EncodingAESKey is wrong.",
    );
  }
  return { ok: true, message: decrypted.message };
}

/**
 * Decrypts a WeCom ciphertext with `@wecom/crypto`; undefined when it is not base64 of whole AES
 * blocks, the library throws, or the plain text is not UTF-8. A wrong key does NOT fail here
 * (check the receive id).
 */
export function decryptWeCom(
  encodingAesKey: string,
  encrypt: string,
): { message: string; id: string } | undefined {
  const b64 = encrypt.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(b64, "base64").length;
  if (bytes < 32 || bytes % 16 !== 0) return undefined;
  try {
    const { message, id } = decrypt(encodingAesKey, b64);
    if (message.includes("\uFFFD") || id.includes("\uFFFD")) return undefined;
    return { message, id };
  } catch {
    return undefined;
  }
}
