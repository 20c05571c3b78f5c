/**
 * Finding 7 of issue 14: mention stripping ran over the whole message, and its pattern was
 * quadratic — one 250 KB DingTalk message of "<@A|" repeated froze the service for 27.6 s. Chat
 * text is now cut to a few question lengths first, and the mention patterns are linear.
 */
import { describe, expect, it } from "vitest";
import type { AnswerEngine } from "../../src/answer/engine-interface.js";
import { boundChatText, MAX_CHAT_TEXT_CHARS } from "../../src/channels/bounded-text.js";
import { askChat, questionOf, shouldAnswer } from "../../src/channels/group-chat.js";
import { wecomMentions } from "../../src/channels/wecom.js";

const SIZE = 250_000;
const fill = (unit: string): string => unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);

/** 250 KB of each platform's mention syntax, unterminated or repeated. */
const ADVERSARIAL: Record<string, string> = {
  "Slack <@U…|…": fill("<@U0ABC|"),
  "DingTalk/Feishu <@A|": fill("<@A|"),
  "Slack <@U… unterminated then text": `<@U${"A".repeat(SIZE)}`,
  "Teams <at>…</at>": fill("<at>policybot</at"),
  "Teams <at> without end": `<at>${"x".repeat(SIZE)}`,
  "Feishu @_user_1": fill("@_user_1"),
  "Feishu @_user_ digits": `@_user_${"1".repeat(SIZE)}`,
  "plain @name": fill("@policybot "),
  "WeCom @name repeated": fill("@政策助手"),
};

/** The median of three timings of `run`, in milliseconds. */
function medianMs(run: () => void): number {
  const times = [0, 1, 2].map(() => {
    const t = performance.now();
    run();
    return performance.now() - t;
  });
  return times.sort((a, b) => a - b)[1]!;
}

describe("chat text is bounded before any pattern (finding 7)", () => {
  for (const [name, text] of Object.entries(ADVERSARIAL)) {
    it(`strips mentions from 250 KB of ${name} in under 50 ms`, () => {
      const patterns = wecomMentions(["政策助手", "policybot"]);
      const ms = medianMs(() => {
        questionOf(text);
        questionOf(text, patterns);
        shouldAnswer({ text, direct: false, mentioned: false });
      });
      expect(ms).toBeLessThan(50);
    });
  }

  it("still strips every platform's mention markup", () => {
    expect(questionOf("<@U0BOT|policybot> 第17项由谁牵头?")).toBe("第17项由谁牵头?");
    expect(questionOf("<@A|<@U0BOT> 谁牵头")).toBe("<@A| 谁牵头");
    expect(questionOf("<at>Policy Bot</at> who leads")).toBe("who leads");
    expect(questionOf("@_user_12 花梅负责哪些工作")).toBe("花梅负责哪些工作");
  });

  it("answers a 250 KB message with the 'too long' notice, without asking the engine", async () => {
    let asked = 0;
    const engine = {
      ask: async () => {
        asked++;
        throw new Error("not expected");
      },
    } as unknown as AnswerEngine;
    const message = {
      channel: "dingtalk",
      workspace: "",
      chat: "c1",
      thread: "",
      user: "u1",
      text: fill("<@A|问"),
      direct: true,
      mentioned: false,
      signed: true,
    };
    const t = performance.now();
    const reply = await askChat(engine, message, () => {});
    expect(performance.now() - t).toBeLessThan(200);
    expect(reply).toEqual({ notice: expect.stringContaining("问题太长了") });
    expect(asked).toBe(0);
  });

  it("cuts text to a few question lengths, never inside a character", () => {
    expect(boundChatText("短问题")).toBe("短问题");
    expect(boundChatText("x".repeat(SIZE))).toHaveLength(MAX_CHAT_TEXT_CHARS);
    const emoji = `${"x".repeat(MAX_CHAT_TEXT_CHARS - 1)}😀`;
    expect(boundChatText(emoji)).toBe("x".repeat(MAX_CHAT_TEXT_CHARS - 1));
  });
});
