/** Rendering answers for Slack: mrkdwn, a context block of sources, Slack's limits, decisions on events. */
import { describe, expect, it } from "vitest";
import { decideSlackEvent } from "../../src/channels/slack-events.js";
import {
  MAX_SLACK_MESSAGES,
  renderSlackMessages,
  SLACK_SECTION_LIMIT,
  splitMrkdwn,
  toSlackMrkdwn,
} from "../../src/channels/slack-render.js";
import type { Answer } from "../../src/types.js";
import { BOT_USER, citation, directMessage, eventEnvelope, FAKE_ANSWER, mention } from "../helpers/slack.js";

const ZWSP = "\u200b";

describe("toSlackMrkdwn", () => {
  it("turns **bold** into *bold*, keeps [n] markers, escapes &, <, >", () => {
    expect(toSlackMrkdwn("由**市经济信息化委**牵头 [1]")).toBe(`由${ZWSP}*市经济信息化委*${ZWSP}牵头 [1]`);
    expect(toSlackMrkdwn("led by **Hua Mei** [2].")).toBe("led by *Hua Mei* [2].");
    expect(toSlackMrkdwn("a < b & c > d")).toBe("a &lt; b &amp; c &gt; d");
    expect(toSlackMrkdwn("<script>")).toBe("&lt;script&gt;");
    expect(toSlackMrkdwn("*italic* and [site](https://example.org/a?b=1)")).toBe(
      "_italic_ and <https://example.org/a?b=1|site>",
    );
    expect(toSlackMrkdwn("## 保障措施\n- 一\n- 二 [3]")).toBe("*保障措施*\n• 一\n• 二 [3]");
    expect(toSlackMrkdwn("- 第18项：\n  > 18.学习上海 > 经验")).toBe("• 第18项：\n>18.学习上海 &gt; 经验");
  });
});

describe("splitMrkdwn", () => {
  it("keeps short text whole and splits long text at line boundaries within the limit", () => {
    expect(splitMrkdwn("a\nb", 10)).toEqual(["a\nb"]);
    const lines = Array.from({ length: 50 }, (_, i) => `第${i + 1}项措施由某单位牵头 [${i + 1}]。`);
    const parts = splitMrkdwn(lines.join("\n"), 100);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(100);
    expect(parts.join("\n")).toBe(lines.join("\n"));
  });

  it("cuts a line longer than the limit after a sentence, never inside or before a [n] marker", () => {
    const line = `${"甲".repeat(20)}[12]。${"乙".repeat(20)}[13]${"丙".repeat(30)}`;
    for (let limit = 5; limit < line.length; limit++) {
      const parts = splitMrkdwn(line, limit);
      for (const p of parts) {
        expect(p.length).toBeLessThanOrEqual(limit);
        expect(p).not.toMatch(/^\d*\]|\[\d*$/);
        expect(p).not.toMatch(/^\s*\[\d+\]/);
      }
      expect(parts.join("")).toBe(line);
    }
  });
});

describe("renderSlackMessages", () => {
  it("renders a section in mrkdwn and a context block with '[n] title › section', and a text fallback", () => {
    const [message, ...rest] = renderSlackMessages(FAKE_ANSWER);
    expect(rest).toEqual([]);
    expect(message!.blocks[0]).toEqual({
      type: "section",
      text: {
        type: "mrkdwn",
        text: `第17项措施由${ZWSP}*市经济信息化委*${ZWSP}牵头 [1]，市商务委配合 [2]。`,
      },
    });
    expect(message!.blocks[1]).toEqual({
      type: "context",
      elements: [
        {
          type: "mrkdwn",
          text: "[1] 大连市对标上海工作方案 › 二、下一步工作措施 › (三)注重实效 › 17\n[2] 青岛市工作要点 › 一、重点工作 › 17",
        },
      ],
    });
    expect(message!.text).toContain("市经济信息化委");
    expect(message!.text).toContain("[1] 大连市对标上海工作方案");
  });

  it("splits a long answer into several messages within Slack's limits, each with the sources it cites", () => {
    const lines = Array.from(
      { length: 120 },
      (_, i) => `- 第${i + 1}项：**单位${i + 1}**牵头负责${"相关工作".repeat(10)} [${i + 1}]`,
    );
    const answer: Answer = {
      ...FAKE_ANSWER,
      answer: lines.join("\n"),
      citations: lines.map((_, i) => citation(i + 1, `文件${i + 1}`, `一、总则 > ${i + 1}`)),
    };
    const messages = renderSlackMessages(answer);
    expect(messages.length).toBeGreaterThan(1);
    expect(messages.length).toBeLessThanOrEqual(MAX_SLACK_MESSAGES);
    const seen = new Set<number>();
    for (const m of messages) {
      expect(m.blocks.length).toBeLessThanOrEqual(50);
      expect(m.text.length).toBeLessThanOrEqual(4000);
      const section = m.blocks[0]!;
      if (section.type !== "section") throw new Error("first block must be a section");
      expect(section.text.text.length).toBeLessThanOrEqual(SLACK_SECTION_LIMIT);
      const context = m.blocks.find((b) => b.type === "context");
      if (context === undefined || context.type !== "context") throw new Error("every part cites sources");
      expect(context.elements.length).toBeLessThanOrEqual(10);
      for (const e of context.elements) expect(e.text.length).toBeLessThanOrEqual(SLACK_SECTION_LIMIT);
      // Every marker in the part is listed in its own context block.
      for (const [, n] of section.text.text.matchAll(/\[(\d+)\]/g)) {
        expect(context.elements.map((e) => e.text).join("\n")).toContain(`[${n}] 文件${n} ›`);
        seen.add(Number(n));
      }
    }
    expect(seen.size).toBe(120);
  });

  it("shortens an answer beyond the message limit with a note", () => {
    const answer: Answer = { ...FAKE_ANSWER, answer: "很长的一行。\n".repeat(20 * MAX_SLACK_MESSAGES * 300) };
    const messages = renderSlackMessages(answer);
    expect(messages).toHaveLength(MAX_SLACK_MESSAGES);
    expect(JSON.stringify(messages.at(-1)!.blocks)).toContain("回答过长");
  });
});

describe("decideSlackEvent", () => {
  const decide = (envelope: Record<string, unknown>) => decideSlackEvent(envelope);

  it("answers a mention in the question's thread and a direct message at the top level", () => {
    const top = decide(mention("第17项由谁牵头?", { ts: "100.1" }));
    expect("answer" in top && top.answer.replyThreadTs).toBe("100.1");
    const inThread = decide(mention("那第18项呢", { ts: "100.9", thread_ts: "100.1" }));
    expect("answer" in inThread && inThread.answer.replyThreadTs).toBe("100.1");
    const dm = decide(directMessage("第17项由谁牵头?"));
    expect("answer" in dm && dm.answer.replyThreadTs).toBeUndefined();
    expect("answer" in dm && dm.answer.message.direct).toBe(true);
  });

  it("ignores channel chatter, bots, our own messages, edits and other subtypes", () => {
    const ignored = [
      eventEnvelope({ type: "message", text: "第17项由谁牵头?" }),
      eventEnvelope({ type: "message", channel_type: "im", text: "hi", bot_id: "B1" }),
      eventEnvelope({ type: "message", channel_type: "im", text: "hi", subtype: "bot_message" }),
      eventEnvelope({ type: "message", channel_type: "im", text: "hi", user: BOT_USER }),
      eventEnvelope({ type: "message", channel_type: "im", text: "hi", subtype: "message_changed" }),
      eventEnvelope({ type: "app_mention", text: `<@${BOT_USER}> hi`, bot_id: "B2" }),
      { type: "event_callback", event: { type: "reaction_added", user: "U1" } },
      { type: "event_callback" },
    ];
    for (const e of ignored) expect(decide(e), JSON.stringify(e)).toHaveProperty("ignore");
    // The /policy prefix addresses the bot without a mention.
    expect(decide(eventEnvelope({ type: "message", text: "/policy help" }))).toHaveProperty("answer");
  });
});
