/** DingTalk callback verification: the sign pinned against an independent computation, every refusal coded. */
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  DINGTALK_TIMESTAMP_WINDOW_MS,
  DingTalkVerifyError,
  dingTalkSign,
  verifyDingTalkRequest,
} from "../../src/channels/dingtalk-verify.js";

const SECRET = "this is secret"; // the secret of DingTalk's own signing example
const NOW = 1_700_000_000_000;
const now = () => NOW;

/** Independent: HMAC-SHA256 keyed with the secret over `timestamp + "\n" + secret`, base64. */
function independentSign(timestamp: number | string, secret: string): string {
  return createHmac("sha256", Buffer.from(secret, "utf8"))
    .update(Buffer.from(`${timestamp}\n${secret}`, "utf8"))
    .digest()
    .toString("base64");
}

const verify = (headers: Record<string, string | string[] | undefined>, secret = SECRET) =>
  verifyDingTalkRequest({ appSecret: secret, headers, now });

const codeOf = (r: ReturnType<typeof verify>) => (r.ok ? "ok" : r.error.code);

describe("verifyDingTalkRequest", () => {
  it("computes the sign DingTalk computes (pinned value, from Python's hmac, and node:crypto)", () => {
    // python3: base64.b64encode(hmac.new(b"this is secret", b"1700000000000\nthis is secret", hashlib.sha256).digest())
    const pinned = "sSFWELbV2YwjdDQhWZwTcWlX5BWUx5J6TPpsZmuPii0=";
    expect(dingTalkSign(NOW, SECRET)).toBe(pinned);
    expect(independentSign(NOW, SECRET)).toBe(pinned);
    expect(verify({ timestamp: String(NOW), sign: pinned })).toEqual({ ok: true, timestamp: NOW });
  });

  it("accepts a sign at the edges of the one-hour window, and a percent-encoded sign", () => {
    for (const t of [NOW - DINGTALK_TIMESTAMP_WINDOW_MS, NOW + DINGTALK_TIMESTAMP_WINDOW_MS, NOW - 1234]) {
      expect(codeOf(verify({ timestamp: String(t), sign: independentSign(t, SECRET) }))).toBe("ok");
    }
    const s = independentSign(NOW, SECRET);
    expect(codeOf(verify({ timestamp: String(NOW), sign: encodeURIComponent(s) }))).toBe("ok");
    expect(codeOf(verify({ Timestamp: String(NOW), Sign: s }))).toBe("ok");
  });

  it("refuses missing, repeated or empty headers", () => {
    const s = independentSign(NOW, SECRET);
    expect(codeOf(verify({}))).toBe("dingtalk_headers_missing");
    expect(codeOf(verify({ timestamp: String(NOW) }))).toBe("dingtalk_headers_missing");
    expect(codeOf(verify({ sign: s }))).toBe("dingtalk_headers_missing");
    expect(codeOf(verify({ timestamp: "", sign: s }))).toBe("dingtalk_headers_missing");
    expect(codeOf(verify({ timestamp: [String(NOW), String(NOW)], sign: s }))).toBe(
      "dingtalk_headers_missing",
    );
  });

  it("refuses a non-numeric timestamp", () => {
    for (const t of ["abc", "1.7e12", "-1700000000000", "0x10", "17000000000001234567"]) {
      expect(codeOf(verify({ timestamp: t, sign: independentSign(t, SECRET) }))).toBe(
        "dingtalk_timestamp_invalid",
      );
    }
  });

  it("refuses a timestamp more than one hour away, in the past and in the future", () => {
    const old = NOW - DINGTALK_TIMESTAMP_WINDOW_MS - 1;
    const future = NOW + DINGTALK_TIMESTAMP_WINDOW_MS + 1;
    expect(codeOf(verify({ timestamp: String(old), sign: independentSign(old, SECRET) }))).toBe(
      "dingtalk_request_stale",
    );
    expect(codeOf(verify({ timestamp: String(future), sign: independentSign(future, SECRET) }))).toBe(
      "dingtalk_request_from_future",
    );
    // seconds instead of milliseconds: decades stale
    const secs = Math.floor(NOW / 1000);
    expect(codeOf(verify({ timestamp: String(secs), sign: independentSign(secs, SECRET) }))).toBe(
      "dingtalk_request_stale",
    );
  });

  it("refuses malformed and wrong signs with 401", () => {
    expect(codeOf(verify({ timestamp: String(NOW), sign: "not base64!" }))).toBe("dingtalk_sign_malformed");
    expect(codeOf(verify({ timestamp: String(NOW), sign: "QUJD" }))).toBe("dingtalk_sign_malformed");
    expect(codeOf(verify({ timestamp: String(NOW), sign: "%E0%A4%A" }))).toBe("dingtalk_sign_malformed");
    const wrongSecret = verify({ timestamp: String(NOW), sign: independentSign(NOW, "another secret") });
    expect(codeOf(wrongSecret)).toBe("dingtalk_sign_invalid");
    const otherTime = verify({ timestamp: String(NOW + 1), sign: independentSign(NOW, SECRET) });
    expect(codeOf(otherTime)).toBe("dingtalk_sign_invalid");
    expect(codeOf(verify({ timestamp: String(NOW), sign: independentSign(NOW, "") }, ""))).toBe(
      "dingtalk_sign_invalid",
    );
    if (wrongSecret.ok) throw new Error("unreachable");
    expect(wrongSecret.error).toBeInstanceOf(DingTalkVerifyError);
    expect(wrongSecret.error.status).toBe(401);
  });
});
