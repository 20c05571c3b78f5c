/** verifySlackRequest: Slack's published example pinned, the 5-minute window both ways, every refusal coded. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { SLACK_TIMESTAMP_WINDOW_MS, verifySlackRequest } from "../../src/channels/slack-verify.js";
import { signature, TEST_SECRET } from "../helpers/slack.js";

/** The example of Slack's "Verifying requests from Slack" page (a slash command's form body). */
const SLACK_EXAMPLE = {
  secret: "8f742231b10e8888abcd99yyyzzz85a5",
  timestamp: 1531420618,
  body:
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&" +
    "channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&" +
    "response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&" +
    "trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c",
  signature: "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
};

function example(
  overrides: { headers?: Record<string, string | undefined>; body?: Buffer; now?: () => number } = {},
) {
  return verifySlackRequest({
    signingSecret: SLACK_EXAMPLE.secret,
    body: overrides.body ?? Buffer.from(SLACK_EXAMPLE.body),
    headers: overrides.headers ?? {
      "x-slack-signature": SLACK_EXAMPLE.signature,
      "x-slack-request-timestamp": String(SLACK_EXAMPLE.timestamp),
    },
    now: overrides.now ?? (() => SLACK_EXAMPLE.timestamp * 1000),
  });
}

function codeOf(result: ReturnType<typeof verifySlackRequest>): string {
  return result.ok ? "ok" : result.error.code;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("verifySlackRequest with Slack's published example", () => {
  it("accepts the example signature under an injected clock", () => {
    expect(example()).toEqual({ ok: true, timestamp: SLACK_EXAMPLE.timestamp });
    // Header names in any casing, as another framework may pass them.
    expect(
      example({
        headers: {
          "X-Slack-Signature": SLACK_EXAMPLE.signature,
          "X-Slack-Request-Timestamp": String(SLACK_EXAMPLE.timestamp),
        },
      }).ok,
    ).toBe(true);
  });

  it("refuses the same headers with a changed body, or under another secret", () => {
    expect(codeOf(example({ body: Buffer.from(SLACK_EXAMPLE.body.replace("text=&", "text=hi&")) }))).toBe(
      "slack_signature_invalid",
    );
    const other = verifySlackRequest({
      signingSecret: "another-secret",
      body: Buffer.from(SLACK_EXAMPLE.body),
      headers: { "x-slack-signature": SLACK_EXAMPLE.signature, "x-slack-request-timestamp": "1531420618" },
      now: () => SLACK_EXAMPLE.timestamp * 1000,
    });
    expect(codeOf(other)).toBe("slack_signature_invalid");
  });

  it("keeps a 5-minute window both ways, under fake timers", () => {
    vi.useFakeTimers();
    const at = (offsetMs: number) => {
      vi.setSystemTime(SLACK_EXAMPLE.timestamp * 1000 + offsetMs);
      return codeOf(example({ now: Date.now }));
    };
    expect(at(0)).toBe("ok");
    expect(at(SLACK_TIMESTAMP_WINDOW_MS)).toBe("ok");
    expect(at(SLACK_TIMESTAMP_WINDOW_MS + 1000)).toBe("slack_request_stale");
    expect(at(24 * 3600 * 1000)).toBe("slack_request_stale");
    expect(at(-SLACK_TIMESTAMP_WINDOW_MS)).toBe("ok");
    expect(at(-SLACK_TIMESTAMP_WINDOW_MS - 1000)).toBe("slack_request_from_future");
    expect(at(-365 * 24 * 3600 * 1000)).toBe("slack_request_from_future");
  });
});

describe("verifySlackRequest refusals", () => {
  const sig = SLACK_EXAMPLE.signature;
  const ts = String(SLACK_EXAMPLE.timestamp);

  it("refuses missing headers", () => {
    expect(codeOf(example({ headers: {} }))).toBe("slack_headers_missing");
    expect(codeOf(example({ headers: { "x-slack-signature": sig } }))).toBe("slack_headers_missing");
    expect(codeOf(example({ headers: { "x-slack-request-timestamp": ts } }))).toBe("slack_headers_missing");
    expect(codeOf(example({ headers: { "x-slack-signature": "", "x-slack-request-timestamp": ts } }))).toBe(
      "slack_headers_missing",
    );
  });

  it("refuses a timestamp that is not a whole number of seconds", () => {
    for (const bad of ["abc", "1531420618.5", "-1531420618", "1e9", "0x5B47A1CA", "99999999999999999999"]) {
      expect(
        codeOf(example({ headers: { "x-slack-signature": sig, "x-slack-request-timestamp": bad } })),
        bad,
      ).toBe("slack_timestamp_invalid");
    }
  });

  it("refuses malformed signatures without throwing (wrong length, not hex, other versions)", () => {
    const malformed = [
      "v0=",
      "v0=abc",
      `${sig}00`,
      sig.slice(0, -1),
      sig.replace("v0=", "v1="),
      sig.replace(/a/g, "g"),
      sig.slice(3),
      `v0=${"ä".repeat(64)}`,
      "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b50\u0000",
    ];
    for (const bad of malformed) {
      expect(() =>
        example({ headers: { "x-slack-signature": bad, "x-slack-request-timestamp": ts } }),
      ).not.toThrow();
      expect(
        codeOf(example({ headers: { "x-slack-signature": bad, "x-slack-request-timestamp": ts } })),
        bad,
      ).toBe("slack_signature_malformed");
    }
  });

  it("returns 401 errors with a code and an actionable message", () => {
    const result = example({ headers: {} });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.status).toBe(401);
    expect(result.error.message).toMatch(/X-Slack-Signature/);
  });

  it("signs the raw bytes: a Chinese body is verified byte for byte, and one changed byte is refused", () => {
    const body = Buffer.from(JSON.stringify({ event: { text: "第17项由谁牵头？那第18项呢" } }), "utf8");
    const now = 1_700_000_000;
    const headers = { "x-slack-signature": signature(body, now), "x-slack-request-timestamp": String(now) };
    const check = (b: Buffer) =>
      verifySlackRequest({ signingSecret: TEST_SECRET, body: b, headers, now: () => now * 1000 });
    expect(check(body).ok).toBe(true);
    // Re-assembled from chunks split inside a three-byte character: still the same bytes.
    const split = body.indexOf(Buffer.from("项")) + 1;
    expect(check(Buffer.concat([body.subarray(0, split), body.subarray(split)])).ok).toBe(true);
    // A lossy decode of the halves (what a string-concatenating reader does) changes the bytes.
    const lossy = Buffer.from(
      body.subarray(0, split).toString("utf8") + body.subarray(split).toString("utf8"),
    );
    expect(codeOf(check(lossy))).toBe("slack_signature_invalid");
    const flipped = Buffer.from(body);
    flipped[flipped.length - 3] = flipped[flipped.length - 3]! ^ 1;
    expect(codeOf(check(flipped))).toBe("slack_signature_invalid");
  });
});
