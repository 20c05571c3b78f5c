/** The Slack channel over the real engine: a follow-up continues its own thread's measure, not another's. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CORPUS, engineOver } from "../answer/engine-helpers.js";
import {
  type ApiCall,
  type FakeSlackApi,
  mention,
  newTs,
  type SlackService,
  startFakeSlackApi,
  startSlackService,
} from "../helpers/slack.js";

let api: FakeSlackApi;
let service: SlackService;

beforeAll(async () => {
  api = await startFakeSlackApi();
  service = await startSlackService({ engine: await engineOver(CORPUS), apiUrl: api.url });
});
afterAll(async () => {
  await service.close();
  await api.close();
});

/** Mentions the bot (in `thread`, when given) and returns the replies posted for it. */
async function ask(text: string, thread?: string): Promise<ApiCall[]> {
  const before = api.posts().length;
  const ts = newTs();
  const res = await service.post(mention(text, thread === undefined ? { ts } : { ts, thread_ts: thread }));
  expect(res.status).toBe(200);
  await service.channel.idle();
  return api.posts().slice(before);
}

const all = (calls: ApiCall[]) => calls.map((c) => JSON.stringify(c.blocks)).join("\n");

describe("Slack threads are conversations", () => {
  it("continues the previous measure in the same thread, and not in another", async () => {
    const first = await ask("第17项由谁牵头");
    expect(first.length).toBeGreaterThan(0);
    const thread = first[0]!.params.thread_ts!;
    expect(all(first)).toContain("第17项");
    expect(all(first)).toContain("*办公室*");
    expect(all(first)).toMatch(/"type":"context".*\[1\] /);

    // Same thread: "那第18项呢" asks who leads measure 18 (the previous question's intent).
    const followUp = await ask("那第18项呢", thread);
    expect(followUp.every((c) => c.params.thread_ts === thread)).toBe(true);
    expect(all(followUp)).toContain("含有第18项");
    expect(all(followUp)).toContain("*安全生产考试中心*");

    // Another thread: no previous question, so not the "who leads" follow-up.
    const elsewhere = await ask("那第18项呢");
    expect(elsewhere[0]!.params.thread_ts).not.toBe(thread);
    expect(all(elsewhere)).not.toContain("含有第18项");
  });
});
