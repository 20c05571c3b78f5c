/** WeCom settings and rendering (pure). */
import { describe, expect, it } from "vitest";
import {
  DEFAULT_WECOM_API_URL,
  loadWeComConfig,
  renderWeComMessages,
  splitWeComMarkdown,
  WECOM_MARKDOWN_LIMIT_BYTES,
} from "../../src/channels/wecom.js";
import { citation } from "../helpers/slack.js";
import { AES_KEY } from "../helpers/wecom.js";

const FULL = {
  WECOM_CORP_ID: "ww0123",
  WECOM_AGENT_ID: "1000002",
  WECOM_SECRET: "s",
  WECOM_TOKEN: "t",
  WECOM_ENCODING_AES_KEY: AES_KEY,
};

describe("loadWeComConfig", () => {
  it("is off without keys, with no problem", () => {
    expect(loadWeComConfig({})).toEqual({ problems: [] });
    expect(loadWeComConfig({ WECOM_CORP_ID: " " })).toEqual({ problems: [] });
  });

  it("is on with all five keys, the API URL defaulted or trimmed of its slash", () => {
    expect(loadWeComConfig(FULL)).toEqual({
      config: {
        corpId: "ww0123",
        agentId: "1000002",
        secret: "s",
        token: "t",
        encodingAesKey: AES_KEY,
        apiUrl: DEFAULT_WECOM_API_URL,
      },
      problems: [],
    });
    expect(loadWeComConfig({ ...FULL, WECOM_API_URL: "http://127.0.0.1:9/" }).config?.apiUrl).toBe(
      "http://127.0.0.1:9",
    );
  });

  it("reports a partial set, naming what is missing", () => {
    const { config, problems } = loadWeComConfig({ WECOM_CORP_ID: "ww0123", WECOM_TOKEN: "t" });
    expect(config).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain("WECOM_AGENT_ID, WECOM_SECRET, WECOM_ENCODING_AES_KEY are not");
  });

  it("reports an invalid agent id, EncodingAESKey or API URL", () => {
    expect(loadWeComConfig({ ...FULL, WECOM_AGENT_ID: "abc" }).problems[0]).toContain("WECOM_AGENT_ID");
    expect(loadWeComConfig({ ...FULL, WECOM_ENCODING_AES_KEY: "short" }).problems[0]).toContain(
      "WECOM_ENCODING_AES_KEY",
    );
    const bad = loadWeComConfig({ ...FULL, WECOM_API_URL: "ftp://x" });
    expect(bad.config).toBeUndefined();
    expect(bad.problems[0]).toContain("WECOM_API_URL");
  });
});

describe("WeCom markdown", () => {
  const bytes = (s: string) => Buffer.byteLength(s, "utf8");

  it("splits under the 4,096-byte limit without cutting a [n] marker", () => {
    const line = `${"政策措施".repeat(300)} [12] ${"落实".repeat(200)} [3]`;
    const pieces = splitWeComMarkdown(`${line}\n${line}\n${line}`);
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) {
      expect(bytes(p)).toBeLessThanOrEqual(WECOM_MARKDOWN_LIMIT_BYTES);
      expect(p).not.toMatch(/\[\d*$|^\d*\]/);
    }
    expect(pieces.join("").replace(/\s/g, "")).toBe(`${line}${line}${line}`.replace(/\s/g, ""));
  });

  it("keeps a short answer in one message with its sources, and shortens a very long one", () => {
    const answer = {
      question: "q",
      language: "zh" as const,
      intent: "x",
      found: true,
      answer: "由**办公室**牵头 [1]。",
      citations: [citation(1, "标题", "一、 > 17")],
    };
    expect(renderWeComMessages(answer as never)).toEqual([
      "由**办公室**牵头 [1]。\n\n**来源：**\n- [1] 标题 — 一、 > 17",
    ]);
    const long = renderWeComMessages({ ...answer, answer: "很长的回答。\n".repeat(3000) } as never);
    expect(long).toHaveLength(4);
    expect(long[3]).toContain("（回答过长，已截断。）");
    for (const p of long) expect(bytes(p)).toBeLessThanOrEqual(WECOM_MARKDOWN_LIMIT_BYTES);
  });
});
