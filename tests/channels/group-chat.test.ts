import { describe, expect, it } from "vitest";
import {
  askChat,
  askQuestion,
  conversationKey,
  questionOf,
  shouldAnswer,
} from "../../src/channels/group-chat.js";
import { LiveEngine } from "../../src/service/live-engine.js";
import type { Answer } from "../../src/types.js";

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

describe("per-user rate limit and /policy reload in every chat channel", () => {
  const answer = (question: string): Answer => ({
    question,
    language: "zh",
    intent: "lookup",
    found: true,
    answer: "ok",
    citations: [],
  });
  function engine(perMinute: number) {
    const asked: string[] = [];
    const live = new LiveEngine({
      build: async () => ({
        documentCount: 1,
        ask: async (q: string) => {
          asked.push(q);
          return answer(q);
        },
      }),
      sourcesDir: ".",
      rateLimitPerMinute: perMinute,
      admins: ["UADMIN"],
    });
    return { live, asked };
  }
  const message = (user: string, text: string, signed = true) => ({
    channel: "slack",
    workspace: "T1",
    chat: "C1",
    thread: "1.1",
    user,
    text,
    direct: true,
    mentioned: false,
    signed,
  });
  const fail = () => {
    throw new Error("no engine failure expected");
  };

  it("answers a user up to the limit, then politely in their language; other users are not affected", async () => {
    const { live, asked } = engine(2);
    await live.start();
    expect(await askChat(live, message("U1", "第17项由谁牵头?"), fail)).toHaveProperty("answer");
    expect(await askChat(live, message("U1", "第18项呢?"), fail)).toHaveProperty("answer");
    const zh = await askChat(live, message("U1", "第19项呢?"), fail);
    expect(zh).toEqual({ notice: "您提问有点频繁，请 60 秒后再问，谢谢！" });
    const en = await askChat(live, message("U1", "who leads measure 20"), fail);
    expect("notice" in en && en.notice).toMatch(
      /^You are asking questions faster .* wait 60 s and ask again/,
    );
    expect(await askChat(live, message("U2", "第19项呢?"), fail)).toHaveProperty("answer");
    expect(asked).toEqual(["第17项由谁牵头?", "第18项呢?", "第19项呢?"]);
  });

  it("is off with 0, and askQuestion without an asker is never limited", async () => {
    const { live } = engine(0);
    await live.start();
    for (let i = 0; i < 20; i++)
      expect(await askChat(live, message("U1", "第1项"), fail)).toHaveProperty("answer");
    const { live: limited } = engine(1);
    await limited.start();
    for (let i = 0; i < 3; i++)
      expect(await askQuestion(limited, "第1项", "c", fail)).toHaveProperty("answer");
  });

  it("passes /policy reload through to the engine with the asker, so only admins reload", async () => {
    const { live, asked } = engine(0);
    await live.start();
    expect(questionOf("<@U0BOT> /policy reload")).toBe("/policy reload");
    const refused = await askChat(live, message("U1", "/policy reload"), fail);
    expect("answer" in refused && refused.answer.answer).toMatch(/Only administrators/);
    const done = await askChat(live, message("UADMIN", "/policy reload"), fail);
    expect("answer" in done && done.answer.found).toBe(true);
    expect(asked).toEqual([]);
  });

  it("never lets a sender id the platform did not sign (DingTalk callback, Teams) reload, even an admin's", async () => {
    const { live } = engine(0);
    await live.start();
    const forged = await askChat(live, message("UADMIN", "/policy reload", false), fail);
    expect("answer" in forged && forged.answer.answer).toMatch(/Only administrators/);
  });
});
