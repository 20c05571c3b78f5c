import { describe, expect, it } from "vitest";
import { conversationKey, questionOf, shouldAnswer } from "../../src/channels/group-chat.js";

describe("group-chat behaviour", () => {
  it("answers when mentioned, in a direct chat, or after /policy — and not otherwise", () => {
    expect(shouldAnswer({ text: "第17项由谁牵头?", direct: false, mentioned: true })).toBe(true);
    expect(shouldAnswer({ text: "第17项由谁牵头?", direct: true, mentioned: false })).toBe(true);
    expect(shouldAnswer({ text: "/policy 第17项由谁牵头?", direct: false, mentioned: false })).toBe(true);
    expect(shouldAnswer({ text: "第17项由谁牵头?", direct: false, mentioned: false })).toBe(false);
    expect(shouldAnswer({ text: "/policyx", direct: false, mentioned: false })).toBe(false);
  });

  it("strips mentions and the prefix, keeping the commands", () => {
    expect(questionOf("<@U0BOT> 第17项由谁牵头?")).toBe("第17项由谁牵头?");
    expect(questionOf("<at>policybot</at> who leads measure 17")).toBe("who leads measure 17");
    expect(questionOf("@_user_1 花梅负责哪些工作")).toBe("花梅负责哪些工作");
    expect(questionOf("/policy 第17项由谁牵头?")).toBe("第17项由谁牵头?");
    expect(questionOf("/policy help")).toBe("/policy help");
    expect(questionOf("/policy")).toBe("/policy");
  });

  it("keeps one conversation per thread and per direct chat", () => {
    const base = { channel: "slack", workspace: "T1", chat: "C1", user: "U1", direct: false };
    expect(conversationKey({ ...base, thread: "100.1" })).not.toBe(
      conversationKey({ ...base, thread: "200.2" }),
    );
    expect(conversationKey({ ...base, thread: "100.1" })).toBe(
      conversationKey({ ...base, user: "U2", thread: "100.1" }),
    );
    expect(conversationKey({ ...base, direct: true, thread: "" })).toContain(":dm:U1");
  });
});
