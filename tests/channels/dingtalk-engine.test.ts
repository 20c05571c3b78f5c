/** The DingTalk channel over the real engine: a follow-up continues its own conversation's measure. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CORPUS, engineOver } from "../answer/engine-helpers.js";
import {
  type DingTalkService,
  type FakeDingTalk,
  robotMessage,
  startDingTalkService,
  startFakeDingTalk,
} from "../helpers/dingtalk.js";

let api: FakeDingTalk;
let service: DingTalkService;

beforeAll(async () => {
  api = await startFakeDingTalk();
  service = await startDingTalkService({ engine: await engineOver(CORPUS), apiUrl: api.url });
});
afterAll(async () => {
  await service.close();
  await api.close();
});

/** Asks in the single chat of `staff` and returns the replies' Markdown. */
async function ask(text: string, staff: string): Promise<string> {
  const before = api.calls.length;
  const res = await service.post(robotMessage({ text, senderStaffId: staff, sessionWebhook: api.webhook() }));
  expect(res.status).toBe(200);
  await service.channel.idle();
  const replies = api.calls.slice(before);
  expect(replies.length).toBeGreaterThan(0);
  for (const r of replies) expect(r.body.msgtype).toBe("markdown");
  return replies.map((r) => r.body.markdown.text).join("\n");
}

describe("DingTalk single chats are conversations", () => {
  it("continues the previous measure in the same chat, and not in another", async () => {
    const first = await ask("第17项由谁牵头", "staffA");
    expect(first).toContain("第17项");
    expect(first).toContain("**办公室**");
    expect(first).toMatch(/\n- \[1\] /);

    const followUp = await ask("那第18项呢", "staffA");
    expect(followUp).toContain("含有第18项");
    expect(followUp).toContain("安全生产考试中心");

    const elsewhere = await ask("那第18项呢", "staffB");
    expect(elsewhere).not.toContain("含有第18项");
  });
});
