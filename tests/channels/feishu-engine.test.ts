/** The Feishu channel over the real engine: a follow-up in the same chat continues its measure. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CORPUS, engineOver } from "../answer/engine-helpers.js";
import {
  type FakeFeishuApi,
  type FeishuService,
  messageEvent,
  startFakeFeishuApi,
  startFeishuService,
} from "../helpers/feishu.js";

let api: FakeFeishuApi;
let service: FeishuService;

beforeAll(async () => {
  api = await startFakeFeishuApi();
  service = await startFeishuService({ engine: await engineOver(CORPUS), apiUrl: api.url });
});
afterAll(async () => {
  await service.close();
  await api.close();
});

async function ask(text: string, chatId: string): Promise<string> {
  const before = api.replies().length;
  const res = await service.send(
    messageEvent({ text: `@_user_1 ${text}`, chatType: "group", chatId, mentions: ["bot"] }),
  );
  expect(res.status).toBe(200);
  await service.channel.idle();
  const replies = api.replies().slice(before);
  expect(replies.length).toBeGreaterThan(0);
  return replies.map((r) => r.markdown).join("\n");
}

describe("Feishu chats are conversations", () => {
  it("continues the previous measure in the same chat, and not in another", async () => {
    const first = await ask("第17项由谁牵头", "oc_chat_a");
    expect(first).toContain("第17项");
    expect(first).toContain("**办公室**");
    expect(first).toMatch(/\n- \[1\] /);

    const followUp = await ask("那第18项呢", "oc_chat_a");
    expect(followUp).toContain("含有第18项");
    expect(followUp).toContain("安全生产考试中心");

    const elsewhere = await ask("那第18项呢", "oc_chat_b");
    expect(elsewhere).not.toContain("含有第18项");
  });
});
