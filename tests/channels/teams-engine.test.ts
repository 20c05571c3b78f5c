/** The Teams channel over the real engine: a follow-up continues its own thread's measure, not another's. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CORPUS, engineOver } from "../answer/engine-helpers.js";
import {
  activity,
  type FakeBotFramework,
  startFakeBotFramework,
  startTeamsService,
  type TeamsService,
} from "../helpers/teams.js";

let bf: FakeBotFramework;
let service: TeamsService;

beforeAll(async () => {
  bf = await startFakeBotFramework();
  service = await startTeamsService({ engine: await engineOver(CORPUS), bf });
});
afterAll(async () => {
  await service.close();
  await bf.close();
});

/** Mentions the bot in the channel thread `root` and returns the text of the replies. */
async function ask(text: string, root: string): Promise<string> {
  const before = bf.replies.length;
  const res = await service.post(
    activity({
      text,
      serviceUrl: bf.serviceUrl,
      conversationType: "channel",
      conversationId: `19:channel@thread.tacv2;messageid=${root}`,
      mention: true,
    }),
  );
  expect(res.status).toBe(202);
  await service.channel.idle();
  const replies = bf.replies.slice(before);
  expect(replies.length).toBeGreaterThan(0);
  for (const r of replies) expect(r.path).toContain(`;messageid=${root}/activities/`);
  return replies.map((r) => r.body.text).join("\n");
}

describe("Teams threads are conversations", () => {
  it("continues the previous measure in the same thread, and not in another", async () => {
    const first = await ask("第17项由谁牵头", "1111");
    expect(first).toContain("第17项");
    expect(first).toContain("**办公室**");
    expect(first).toMatch(/\n- \[1\] /);

    const followUp = await ask("那第18项呢", "1111");
    expect(followUp).toContain("含有第18项");
    expect(followUp).toContain("安全生产考试中心");

    const elsewhere = await ask("那第18项呢", "2222");
    expect(elsewhere).not.toContain("含有第18项");
  });
});
