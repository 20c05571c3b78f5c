/** DingTalk settings: on only with both keys; partial or bad settings are reported. */
import { describe, expect, it } from "vitest";
import { loadDingTalkConfig } from "../../src/channels/dingtalk-config.js";

describe("loadDingTalkConfig", () => {
  it("leaves the channel off when no key is set (empty values count as unset)", () => {
    expect(loadDingTalkConfig({})).toEqual({ problems: [] });
    expect(loadDingTalkConfig({ DINGTALK_APP_KEY: "", DINGTALK_APP_SECRET: " " })).toEqual({ problems: [] });
  });

  it("turns the channel on with both keys, at the public API by default", () => {
    expect(loadDingTalkConfig({ DINGTALK_APP_KEY: "k", DINGTALK_APP_SECRET: "s" })).toEqual({
      config: { appKey: "k", appSecret: "s", apiUrl: "https://api.dingtalk.com", stream: false },
      problems: [],
    });
    expect(
      loadDingTalkConfig({
        DINGTALK_APP_KEY: "k",
        DINGTALK_APP_SECRET: "s",
        DINGTALK_API_URL: "http://127.0.0.1:9999/",
        DINGTALK_STREAM: "1",
      }).config,
    ).toEqual({ appKey: "k", appSecret: "s", apiUrl: "http://127.0.0.1:9999", stream: true });
  });

  it("reports one key without the other, a bad URL, a bad stream flag, and stream mode without keys", () => {
    expect(loadDingTalkConfig({ DINGTALK_APP_KEY: "k" }).problems).toEqual([
      "DINGTALK_APP_KEY is set but DINGTALK_APP_SECRET is not.",
    ]);
    expect(loadDingTalkConfig({ DINGTALK_APP_SECRET: "s" }).config).toBeUndefined();
    const bad = loadDingTalkConfig({
      DINGTALK_APP_KEY: "k",
      DINGTALK_APP_SECRET: "s",
      DINGTALK_API_URL: "ftp://x",
      DINGTALK_STREAM: "maybe",
    });
    expect(bad.config).toBeUndefined();
    expect(bad.problems).toHaveLength(2);
    expect(loadDingTalkConfig({ DINGTALK_STREAM: "1" }).problems).toHaveLength(1);
  });
});
