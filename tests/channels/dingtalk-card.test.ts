/**
 * LLM mode in DingTalk with an AI card template: the answer is streamed into a card delivered to
 * the group or single chat, the card's text grows, and its last update is the final answer with
 * its sources. A failing card call falls back to the sessionWebhook reply; without a template id
 * (or a streaming engine) the reply is as before.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { StreamingAnswerEngine } from "../../src/answer/streaming.js";
import { createDingTalkResponder, type DingTalkAnswerOptions } from "../../src/channels/dingtalk.js";
import { dingTalkCardSpaceFields } from "../../src/channels/dingtalk-card.js";
import {
  type FakeDingTalk,
  robotMessage,
  startFakeDingTalk,
  TEST_ACCESS_TOKEN,
  TEST_APP_KEY,
  TEST_APP_SECRET,
} from "../helpers/dingtalk.js";
import { FAKE_ANSWER, fakeEngine } from "../helpers/slack.js";

let api: FakeDingTalk;
beforeAll(async () => {
  api = await startFakeDingTalk();
});
beforeEach(() => {
  api.calls.length = 0;
  api.cardCalls.length = 0;
  api.refuseCard = undefined;
});
afterAll(() => api.close());

const TEMPLATE = "11111111-2222-3333-4444-555555555555.schema";
const STEPS = [
  "第17项措施由",
  "第17项措施由**市经济信息化委**牵头 [1]",
  "第17项措施由**市经济信息化委**牵头 [1]，市商务委",
];

/** An engine that writes its answer in `steps`, 40 ms apart (as LLM mode streams). */
function streaming(steps: string[]): StreamingAnswerEngine {
  return {
    ask: (question) => Promise.resolve({ ...FAKE_ANSWER, question }),
    async askStreaming(question, _conversation, onPartial) {
      for (const text of steps) {
        onPartial(text);
        await new Promise((r) => setTimeout(r, 40));
      }
      return { ...FAKE_ANSWER, question };
    },
  };
}

function responder(engine: DingTalkAnswerOptions["engine"], card: Partial<DingTalkAnswerOptions> = {}) {
  return createDingTalkResponder({
    engine,
    apiUrl: api.url,
    appKey: TEST_APP_KEY,
    appSecret: TEST_APP_SECRET,
    cardTemplateId: TEMPLATE,
    partialIntervalMs: 30,
    ...card,
  });
}

const creates = () => api.cardCalls.filter((c) => c.path === "/v1.0/card/instances/createAndDeliver");
const updates = () => api.cardCalls.filter((c) => c.path === "/v1.0/card/streaming");

describe("DingTalk AI card streaming", () => {
  it("streams a group answer into a card that grows and ends with the cited answer", async () => {
    const r = responder(streaming(STEPS));
    r.dispatch(
      robotMessage({
        text: "@政策助手 第17项措施由谁牵头?",
        conversationType: "2",
        conversationId: "cidGROUPcard==",
        atRobot: true,
        sessionWebhook: api.webhook(),
      }),
    );
    await r.idle();
    const tokens = api.cardCalls.filter((c) => c.path === "/v1.0/oauth2/accessToken");
    expect(tokens).toHaveLength(1);
    expect(tokens[0]!.body).toEqual({ appKey: TEST_APP_KEY, appSecret: TEST_APP_SECRET });
    expect(creates()).toHaveLength(1);
    const create = creates()[0]!;
    expect(create.token).toBe(TEST_ACCESS_TOKEN);
    expect(create.body).toMatchObject({
      cardTemplateId: TEMPLATE,
      openSpaceId: "dtv1.card//IM_GROUP.cidGROUPcard==",
      imGroupOpenDeliverModel: { robotCode: TEST_APP_KEY },
      cardData: { cardParamMap: { content: "" } },
      callbackType: "STREAM",
    });
    const trackId = create.body.outTrackId;
    expect(typeof trackId).toBe("string");

    const ups = updates();
    expect(ups.length).toBeGreaterThanOrEqual(2);
    expect(ups.every((u) => u.method === "PUT" && u.token === TEST_ACCESS_TOKEN)).toBe(true);
    expect(ups.every((u) => u.body.outTrackId === trackId && u.body.key === "content")).toBe(true);
    expect(ups.every((u) => u.body.isFull === true && u.body.isError === false)).toBe(true);
    expect(new Set(ups.map((u) => u.body.guid)).size).toBe(ups.length);
    const lengths = ups.map((u) => String(u.body.content).length);
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
    expect(ups.slice(0, -1).every((u) => u.body.isFinalize === false)).toBe(true);
    const final = ups.at(-1)!;
    expect(final.body.isFinalize).toBe(true);
    expect(final.body.content).toContain("市经济信息化委");
    expect(final.body.content).toMatch(/\n- \[1\] /);
    expect(final.body.content).toContain("大连市对标上海工作方案");
    expect(api.calls).toHaveLength(0);
  });

  it("delivers a single chat's card to the sender, under the configured content key, with one token for two answers", async () => {
    const r = responder(streaming(STEPS), { cardContentKey: "markdown" });
    for (const text of ["第17项措施由谁牵头?", "第18项措施呢?"]) {
      r.dispatch(robotMessage({ text, senderStaffId: "staff042", sessionWebhook: api.webhook() }));
      await r.idle();
    }
    expect(api.cardCalls.filter((c) => c.path === "/v1.0/oauth2/accessToken")).toHaveLength(1);
    expect(creates()).toHaveLength(2);
    expect(creates()[0]!.body).toMatchObject({
      openSpaceId: "dtv1.card//IM_ROBOT.staff042",
      imRobotOpenDeliverModel: { spaceType: "IM_ROBOT" },
      cardData: { cardParamMap: { markdown: "" } },
    });
    expect(creates()[0]!.body.outTrackId).not.toBe(creates()[1]!.body.outTrackId);
    expect(updates().every((u) => u.body.key === "markdown")).toBe(true);
    expect(updates().filter((u) => u.body.isFinalize === true)).toHaveLength(2);
    expect(api.calls).toHaveLength(0);
  });

  for (const refuse of ["token", "create", "streaming"] as const) {
    it(`falls back to the sessionWebhook reply when the ${refuse} call fails`, async () => {
      api.refuseCard = refuse;
      const r = responder(streaming(STEPS));
      r.dispatch(robotMessage({ text: "第17项措施由谁牵头?", sessionWebhook: api.webhook() }));
      await r.idle();
      // Nothing follows a refused token or card; a refused update still leaves the final one to try.
      expect(creates()).toHaveLength(refuse === "token" ? 0 : 1);
      if (refuse === "streaming") expect(updates().at(-1)!.body.isFinalize).toBe(true);
      else expect(updates()).toHaveLength(0);
      expect(api.calls).toHaveLength(1);
      expect(api.calls[0]!.body.msgtype).toBe("markdown");
      expect(api.calls[0]!.body.markdown.text).toMatch(/\n- \[1\] /);
      expect(api.calls[0]!.body.markdown.text).toContain("大连市对标上海工作方案");
    });
  }

  it("replies at the webhook as before without a template id, or with an engine that cannot stream", async () => {
    for (const r of [
      responder(streaming(STEPS), { cardTemplateId: undefined }),
      responder(fakeEngine().engine),
    ]) {
      r.dispatch(robotMessage({ text: "第17项措施由谁牵头?", sessionWebhook: api.webhook() }));
      await r.idle();
    }
    expect(api.cardCalls).toHaveLength(0);
    expect(api.calls).toHaveLength(2);
    expect(api.calls.every((c) => c.body.markdown.text.includes("市经济信息化委"))).toBe(true);
  });

  it("builds the delivery fields for a group and for a single chat", () => {
    expect(dingTalkCardSpaceFields({ group: "cidX==" }, "robot1")).toMatchObject({
      openSpaceId: "dtv1.card//IM_GROUP.cidX==",
      imGroupOpenDeliverModel: { robotCode: "robot1" },
    });
    const single = dingTalkCardSpaceFields({ staffId: "u1" }, "robot1");
    expect(single).toMatchObject({
      openSpaceId: "dtv1.card//IM_ROBOT.u1",
      imRobotOpenDeliverModel: { spaceType: "IM_ROBOT" },
    });
    expect(single).not.toHaveProperty("imGroupOpenDeliverModel");
  });
});
