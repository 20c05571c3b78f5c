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
  it("reads an AI card template with its content key (default content) and reports bad ones", () => {
    const keys = { DINGTALK_APP_KEY: "k", DINGTALK_APP_SECRET: "s" };
    expect(loadDingTalkConfig({ ...keys, DINGTALK_CARD_TEMPLATE_ID: "abc-123.schema" }).config).toMatchObject(
      {
        cardTemplateId: "abc-123.schema",
        cardContentKey: "content",
      },
    );
    expect(
      loadDingTalkConfig({ ...keys, DINGTALK_CARD_TEMPLATE_ID: "t1", DINGTALK_CARD_CONTENT_KEY: "msg" })
        .config?.cardContentKey,
    ).toBe("msg");
    expect(loadDingTalkConfig(keys).config).not.toHaveProperty("cardTemplateId");
    expect(loadDingTalkConfig({ ...keys, DINGTALK_CARD_TEMPLATE_ID: "a b/<c>" }).problems).toHaveLength(1);
    expect(
      loadDingTalkConfig({ ...keys, DINGTALK_CARD_TEMPLATE_ID: "t1", DINGTALK_CARD_CONTENT_KEY: "1-x" })
        .problems,
    ).toHaveLength(1);
    expect(loadDingTalkConfig({ DINGTALK_CARD_TEMPLATE_ID: "t1" }).problems).toEqual([
      "DINGTALK_CARD_TEMPLATE_ID is set but DINGTALK_APP_KEY and DINGTALK_APP_SECRET are not.",
    ]);
  });
});
