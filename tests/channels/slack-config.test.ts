/** Slack settings: the channel is on only with its keys; partial settings are reported. */
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

const problems = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
};

describe("Slack settings", () => {
  it("leaves the channel off when no SLACK_ key is set (empty values count as unset)", () => {
    expect(loadConfig({}).slack).toBeUndefined();
    expect(
      loadConfig({ SLACK_SIGNING_SECRET: "", SLACK_BOT_TOKEN: " ", SLACK_APP_TOKEN: "" }).slack,
    ).toBeUndefined();
  });

  it("turns the Events API on with the signing secret and the bot token, at the public API by default", () => {
    expect(loadConfig({ SLACK_SIGNING_SECRET: "s", SLACK_BOT_TOKEN: "xoxb-1" }).slack).toEqual({
      signingSecret: "s",
      botToken: "xoxb-1",
      apiUrl: "https://slack.com/api/",
    });
    expect(
      loadConfig({
        SLACK_BOT_TOKEN: "xoxb-1",
        SLACK_APP_TOKEN: "xapp-1",
        SLACK_API_URL: "http://127.0.0.1:9/api/",
      }).slack,
    ).toEqual({ botToken: "xoxb-1", appToken: "xapp-1", apiUrl: "http://127.0.0.1:9/api/" });
  });

  it("reports partial settings and a bad API URL instead of starting without a secret", () => {
    expect(problems({ SLACK_SIGNING_SECRET: "s" }).join("\n")).toMatch(/SLACK_BOT_TOKEN/);
    expect(problems({ SLACK_BOT_TOKEN: "xoxb-1" }).join("\n")).toMatch(/SLACK_SIGNING_SECRET/);
    expect(
      problems({ SLACK_SIGNING_SECRET: "s", SLACK_BOT_TOKEN: "x", SLACK_API_URL: "slack.com" }).join("\n"),
    ).toMatch(/SLACK_API_URL/);
  });
});
