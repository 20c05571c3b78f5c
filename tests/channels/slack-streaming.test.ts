/**
 * LLM mode in Slack: an answer being written is posted once (chat.postMessage) and edited
 * (chat.update) as it grows; the final, grounded answer replaces it with its blocks of sources.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StreamingAnswerEngine } from "../../src/answer/streaming.js";
import type { SlackEnvelope } from "../../src/channels/slack-events.js";
import { createSlackResponder } from "../../src/channels/slack-responder.js";
import {
  FAKE_ANSWER,
  type FakeSlackApi,
  mention,
  startFakeSlackApi,
  TEST_BOT_TOKEN,
} from "../helpers/slack.js";

let api: FakeSlackApi;
beforeAll(async () => {
  api = await startFakeSlackApi();
});
afterAll(() => api.close());

/** An engine that writes its answer in three steps, 40 ms apart (as LLM mode streams). */
const streaming: StreamingAnswerEngine = {
  ask: (question) => Promise.resolve({ ...FAKE_ANSWER, question }),
  async askStreaming(question, _conversation, onPartial) {
    for (const text of [
      "第17项措施由",
      "第17项措施由**市经济信息化委**牵头 [1]",
      "第17项措施由**市经济信息化委**牵头 [1]，市商务委",
    ]) {
      onPartial(text);
      await new Promise((r) => setTimeout(r, 40));
    }
    return { ...FAKE_ANSWER, question };
  },
};

describe("Slack streaming", () => {
  it("posts the answer as it is written, edits it, and finishes with the rendered answer", async () => {
    const responder = createSlackResponder({
      engine: streaming,
      botToken: TEST_BOT_TOKEN,
      apiUrl: api.url,
      partialIntervalMs: 30,
    });
    responder.dispatch(mention("第17项措施由谁牵头?") as unknown as SlackEnvelope);
    await responder.idle();
    const methods = api.calls.map((c) => c.method);
    expect(methods[0]).toBe("chat.postMessage");
    expect(methods.filter((m) => m === "chat.postMessage")).toHaveLength(1);
    expect(methods.filter((m) => m === "chat.update").length).toBeGreaterThanOrEqual(2);
    expect(api.calls[0]!.params.text).toMatch(/ …$/);
    const final = api.calls.at(-1)!;
    expect(final.method).toBe("chat.update");
    expect(final.params.ts).toBeDefined();
    expect(JSON.stringify(final.blocks)).toContain("市经济信息化委");
    expect(final.blocks.some((b) => b.type === "context")).toBe(true);
  });
});
