/**
 * LLM mode in Feishu: an answer being written is replied as an interactive card and PATCHed as it
 * grows; the final, rendered answer (with its sources) is the card's last update. Engines that
 * cannot stream still get the post reply.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { StreamingAnswerEngine } from "../../src/answer/streaming.js";
import { createFeishuResponder } from "../../src/channels/feishu.js";
import {
  type FakeFeishuApi,
  messageEvent,
  sdkEvent,
  startFakeFeishuApi,
  TEST_APP_ID,
  TEST_APP_SECRET,
} from "../helpers/feishu.js";
import { FAKE_ANSWER, fakeEngine } from "../helpers/slack.js";

let api: FakeFeishuApi;
beforeAll(async () => {
  api = await startFakeFeishuApi();
});
beforeEach(() => {
  api.calls.length = 0;
  delete api.refusePatch;
});
afterAll(() => api.close());

const STEPS = [
  "第17项措施由",
  "第17项措施由**市经济信息化委**牵头 [1]",
  "第17项措施由**市经济信息化委**牵头 [1]，市商务委",
];

/**
 * An engine that writes its answer in `steps` (as LLM mode streams), each step once the card shows
 * the one before (or after 2 s: a refused update never shows), so that a loaded machine cannot
 * merge the steps into one update.
 */
function streaming(steps: string[]): StreamingAnswerEngine {
  return {
    ask: (question) => Promise.resolve({ ...FAKE_ANSWER, question }),
    async askStreaming(question, _conversation, onPartial) {
      for (const [i, text] of steps.entries()) {
        onPartial(text);
        const shown = Date.now() + 2000;
        await new Promise((r) => setTimeout(r, 40));
        while (api.cardCalls().length < i + 1 && Date.now() < shown)
          await new Promise((r) => setTimeout(r, 10));
      }
      return { ...FAKE_ANSWER, question };
    },
  };
}

function responder(engine: StreamingAnswerEngine | ReturnType<typeof fakeEngine>["engine"]) {
  return createFeishuResponder({
    engine,
    appId: TEST_APP_ID,
    appSecret: TEST_APP_SECRET,
    apiUrl: api.url,
    partialIntervalMs: 30,
  });
}

describe("Feishu streaming", () => {
  it("replies a card as the answer is written, patches it, and finishes with the cited answer", async () => {
    const r = responder(streaming(STEPS));
    r.dispatch(sdkEvent(messageEvent({ text: "第17项措施由谁牵头?", messageId: "om_question" })));
    await r.idle();
    const cards = api.cardCalls();
    expect(cards[0]!.method).toBe("POST");
    expect(cards[0]!.messageId).toBe("om_question");
    expect(cards[0]!.updateMulti).toBe(true);
    expect(cards[0]!.markdown).toMatch(/ …$/);
    expect(cards.filter((c) => c.method === "POST")).toHaveLength(1);
    const patches = cards.filter((c) => c.method === "PATCH");
    expect(patches.length).toBeGreaterThanOrEqual(2);
    // Every update goes to the card the reply created, and the text only grows.
    const replyId = patches[0]!.messageId;
    expect(replyId).toMatch(/^om_reply_/);
    expect(patches.every((p) => p.messageId === replyId)).toBe(true);
    const lengths = cards.slice(0, -1).map((c) => c.markdown.length);
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
    const final = cards.at(-1)!;
    expect(final.method).toBe("PATCH");
    expect(final.markdown).toContain("市经济信息化委");
    expect(final.markdown).not.toMatch(/ …$/);
    expect(final.markdown).toMatch(/\n- \[1\] /);
    expect(final.markdown).toContain("大连市对标上海工作方案");
    expect(api.replies()).toHaveLength(0);
  });

  it("posts the final answer when the card cannot be updated", async () => {
    api.refusePatch = 429;
    const r = responder(streaming(STEPS));
    r.dispatch(sdkEvent(messageEvent({ text: "第17项措施由谁牵头?" })));
    await r.idle();
    expect(api.cardCalls()[0]!.method).toBe("POST");
    const replies = api.replies();
    expect(replies).toHaveLength(1);
    expect(replies[0]!.msgType).toBe("post");
    expect(replies[0]!.markdown).toContain("大连市对标上海工作方案");
  });

  it("posts the answer as today when the engine streams nothing", async () => {
    const r = responder(streaming([]));
    r.dispatch(sdkEvent(messageEvent({ text: "第17项措施由谁牵头?" })));
    await r.idle();
    expect(api.cardCalls()).toHaveLength(0);
    expect(api.replies()).toHaveLength(1);
    expect(api.replies()[0]!.markdown).toMatch(/\n- \[1\] /);
  });

  it("keeps the post reply for an engine that cannot stream", async () => {
    const r = responder(fakeEngine().engine);
    r.dispatch(sdkEvent(messageEvent({ text: "第17项措施由谁牵头?" })));
    await r.idle();
    expect(api.cardCalls()).toHaveLength(0);
    const replies = api.replies();
    expect(replies).toHaveLength(1);
    expect(replies[0]!.msgType).toBe("post");
    expect(replies[0]!.markdown).toContain("市经济信息化委");
  });
});
