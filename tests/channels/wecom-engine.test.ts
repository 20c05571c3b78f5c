/** The WeCom channel over the real engine: a follow-up in the same single chat continues its measure. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CORPUS, engineOver } from "../answer/engine-helpers.js";
import {
  type FakeWeComApi,
  startFakeWeComApi,
  startWeComService,
  textMessageXml,
  type WeComService,
} from "../helpers/wecom.js";

let api: FakeWeComApi;
let service: WeComService;

beforeAll(async () => {
  api = await startFakeWeComApi();
  service = await startWeComService({ engine: await engineOver(CORPUS), apiUrl: api.url });
});
afterAll(async () => {
  await service.close();
  await api.close();
});

/** Sends a single-chat message from `user` and returns the markdown replies sent for it. */
async function ask(text: string, user: string): Promise<string> {
  const before = api.delivered().length;
  const res = await service.postMessage(textMessageXml({ content: text, from: user }));
  expect(res.status).toBe(200);
  await service.channel.idle();
  const sent = api.delivered().slice(before);
  expect(sent.every((s) => s.body.touser === user)).toBe(true);
  return sent.map((s) => s.body.markdown.content).join("\n");
}

describe("WeCom single chats are conversations", () => {
  it("continues the previous measure in the same chat, and not in another user's", async () => {
    const first = await ask("第17项由谁牵头", "zhangsan");
    expect(first).toContain("第17项");
    expect(first).toContain("**办公室**");
    expect(first).toMatch(/\*\*来源：\*\*\n- \[1\] /);

    const followUp = await ask("那第18项呢", "zhangsan");
    expect(followUp).toContain("含有第18项");
    expect(followUp).toContain("**安全生产考试中心**");

    const elsewhere = await ask("那第18项呢", "lisi");
    expect(elsewhere).not.toContain("含有第18项");
  });
});
