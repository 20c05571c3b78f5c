/** Feishu verification and settings (pure). */
import { createHash } from "node:crypto";
import { AESCipher } from "@larksuiteoapi/node-sdk";
import { describe, expect, it } from "vitest";
import { renderFeishuMessages } from "../../src/channels/feishu.js";
import { loadFeishuConfig } from "../../src/channels/feishu-config.js";
import { decryptFeishu, FeishuVerifyError, verifyFeishuSignature } from "../../src/channels/feishu-verify.js";
import { FAKE_ANSWER } from "../helpers/slack.js";

const KEY = "test-key";
const NOW = 1_700_000_000_000;

function sign(ts: string, nonce: string, body: string, key = KEY): string {
  return createHash("sha256")
    .update(ts + nonce + key + body)
    .digest("hex");
}

describe("decryptFeishu", () => {
  it("decrypts the example of Feishu's documentation, as the SDK's AESCipher does", () => {
    const example = "P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=";
    expect(new AESCipher("test key").decrypt(example)).toBe("hello world");
    expect(decryptFeishu("test key", example)).toBe("hello world");
  });

  it("throws a 401 FeishuVerifyError on a wrong key, bad base64 or short input", () => {
    for (const [key, c] of [
      ["other key", "P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk="],
      ["test key", "not base64!"],
      ["test key", "AAAA"],
    ] as const) {
      let err: unknown;
      try {
        decryptFeishu(key, c);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(FeishuVerifyError);
      expect((err as FeishuVerifyError).status).toBe(401);
    }
  });
});

describe("verifyFeishuSignature", () => {
  const body = '{"encrypt":"abc"}';
  const ts = String(NOW / 1000);
  const headers = (over: Record<string, string> = {}) => ({
    "x-lark-request-timestamp": ts,
    "x-lark-request-nonce": "n0nce",
    "x-lark-signature": sign(ts, "n0nce", body),
    ...over,
  });
  const check = (h: Record<string, string>, now = NOW, b = body) =>
    verifyFeishuSignature({ encryptKey: KEY, body: Buffer.from(b), headers: h, now: () => now });

  it("accepts a correct signature within the window", () => {
    expect(check(headers())).toEqual({ ok: true, timestamp: NOW / 1000 });
    expect(check(headers(), NOW + 299_000).ok).toBe(true);
    expect(check(headers(), NOW - 299_000).ok).toBe(true);
  });

  it("refuses with coded errors", () => {
    const code = (v: ReturnType<typeof check>) => (v.ok ? "ok" : v.error.code);
    expect(code(check({}))).toBe("feishu_headers_missing");
    expect(code(check(headers({ "x-lark-request-timestamp": "12a" })))).toBe("feishu_timestamp_invalid");
    expect(code(check(headers(), NOW + 301_000))).toBe("feishu_request_stale");
    expect(code(check(headers(), NOW - 301_000))).toBe("feishu_request_from_future");
    expect(code(check(headers({ "x-lark-signature": "00" })))).toBe("feishu_signature_invalid");
    expect(code(check(headers({ "x-lark-signature": sign(ts, "n0nce", body, "other") })))).toBe(
      "feishu_signature_invalid",
    );
    expect(code(check(headers(), NOW, `${body} `))).toBe("feishu_signature_invalid");
  });
});

describe("loadFeishuConfig", () => {
  const all = {
    FEISHU_APP_ID: "cli_x",
    FEISHU_APP_SECRET: "s",
    FEISHU_VERIFICATION_TOKEN: "v",
    FEISHU_ENCRYPT_KEY: "e",
  };

  it("is off without keys (empty values count as unset)", () => {
    expect(loadFeishuConfig({})).toEqual({ problems: [] });
    expect(loadFeishuConfig({ FEISHU_APP_ID: " ", FEISHU_ENCRYPT_KEY: "" })).toEqual({ problems: [] });
  });

  it("is on with the four keys, with the default API URL", () => {
    expect(loadFeishuConfig(all)).toEqual({
      config: {
        appId: "cli_x",
        appSecret: "s",
        verificationToken: "v",
        encryptKey: "e",
        apiUrl: "https://open.feishu.cn",
        longConnection: false,
      },
      problems: [],
    });
    const lark = loadFeishuConfig({
      ...all,
      FEISHU_API_URL: "https://open.larksuite.com/",
      FEISHU_LONG_CONNECTION: "1",
    });
    expect(lark.config?.apiUrl).toBe("https://open.larksuite.com");
    expect(lark.config?.longConnection).toBe(true);
  });

  it("refuses to start without an encrypt key", () => {
    const r = loadFeishuConfig({ ...all, FEISHU_ENCRYPT_KEY: "" });
    expect(r.config).toBeUndefined();
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toContain("FEISHU_ENCRYPT_KEY");
  });

  it("reports partial keys and bad values", () => {
    expect(loadFeishuConfig({ FEISHU_APP_ID: "cli_x", FEISHU_ENCRYPT_KEY: "e" }).problems[0]).toContain(
      "FEISHU_APP_SECRET, FEISHU_VERIFICATION_TOKEN",
    );
    expect(loadFeishuConfig({ ...all, FEISHU_API_URL: "ftp://x" }).problems).toHaveLength(1);
    expect(loadFeishuConfig({ ...all, FEISHU_LONG_CONNECTION: "maybe" }).problems).toHaveLength(1);
    expect(loadFeishuConfig({ FEISHU_LONG_CONNECTION: "1" }).problems).toHaveLength(1);
  });
});

describe("renderFeishuMessages", () => {
  it("splits a long answer at line boundaries, never inside a [n] marker", () => {
    const long = {
      ...FAKE_ANSWER,
      answer: Array.from({ length: 60 }, (_, i) => `第${i}行内容 [1] [2]`).join("\n"),
    };
    const parts = renderFeishuMessages(long, 200);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.length).toBeLessThanOrEqual(4);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(200 + 20);
      expect(p).not.toMatch(/\[\d*$|^\d*\]/);
    }
    expect(parts.at(-1)).toContain("已截断");
  });
});
