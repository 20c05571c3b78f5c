/** The Teams channel end to end: Bot Framework activities posted to the running service, replies captured at a local serviceUrl. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  decideTeamsActivity,
  isAllowedServiceUrl,
  mountTeams,
  renderTeamsMessages,
} from "../../src/channels/teams.js";
import { loadConfig } from "../../src/config.js";
import { createServer } from "../../src/service/http.js";
import { FAKE_ANSWER, fakeEngine, waitFor } from "../helpers/slack.js";
import {
  activity,
  BOT_ID,
  type FakeBotFramework,
  OTHER_KEY,
  signToken,
  startFakeBotFramework,
  startTeamsService,
  TEST_APP_ID,
  TEST_APP_PASSWORD,
  type TeamsService,
} from "../helpers/teams.js";

let bf: FakeBotFramework;
let service: TeamsService;
const fake = fakeEngine();

beforeAll(async () => {
  bf = await startFakeBotFramework();
  service = await startTeamsService({ engine: fake.engine, bf });
});
afterAll(async () => {
  await service.close();
  await bf.close();
});
beforeEach(() => {
  fake.calls.length = 0;
  bf.replies.length = 0;
});

/** Posts an activity with a valid token, waits for the answers, returns the replies. */
async function send(body: Record<string, unknown>) {
  const res = await service.post(body);
  expect(res.status).toBe(202);
  await service.channel.idle();
  return [...bf.replies];
}

describe("Teams: answering", () => {
  it("answers a personal message at the serviceUrl, as Markdown with its citations (accepted token)", async () => {
    const a = activity({ text: "第17项措施由谁牵头?", serviceUrl: bf.serviceUrl });
    const replies = await send(a);
    expect(fake.calls).toEqual([
      { question: "第17项措施由谁牵头?", conversation: "teams:tenant-1:a:1personalchat:dm:29:asker" },
    ]);
    expect(replies).toHaveLength(1);
    const r = replies[0]!;
    expect(r.path).toBe(`/v3/conversations/a:1personalchat/activities/${a.id}`);
    expect(r.authorization).toBe("Bearer test-access-token");
    expect(r.body.type).toBe("message");
    expect(r.body.textFormat).toBe("markdown");
    expect(r.body.replyToId).toBe(a.id);
    expect(r.body.text).toContain("**市经济信息化委**");
    expect(r.body.text).toContain("来源：");
    expect(r.body.text).toContain("[1] 大连市对标上海工作方案");
    expect(r.body.text).toContain("[2] 青岛市工作要点");
    expect(bf.tokenRequests.at(-1)).toMatchObject({
      grant_type: "client_credentials",
      client_id: TEST_APP_ID,
      client_secret: TEST_APP_PASSWORD,
      scope: "https://api.botframework.com/.default",
    });
  });

  it("ignores a channel message without a mention", async () => {
    const replies = await send(
      activity({ text: "第17项措施由谁牵头?", serviceUrl: bf.serviceUrl, conversationType: "channel" }),
    );
    expect(fake.calls).toEqual([]);
    expect(replies).toEqual([]);
  });

  it("answers a channel message that mentions the bot, with the mention stripped, in its thread", async () => {
    const a = activity({
      text: "第17项措施由谁牵头?",
      serviceUrl: bf.serviceUrl,
      conversationType: "channel",
      conversationId: "19:channel@thread.tacv2;messageid=1699999999999",
      mention: true,
    });
    const replies = await send(a);
    expect(fake.calls).toEqual([
      {
        question: "第17项措施由谁牵头?",
        conversation: "teams:tenant-1:19:channel@thread.tacv2:thread:1699999999999",
      },
    ]);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.path).toBe(
      `/v3/conversations/19:channel@thread.tacv2;messageid=1699999999999/activities/${a.id}`,
    );
    expect(replies[0]!.body.text).toContain("[1]");
  });

  it("answers /policy in a channel without a mention", async () => {
    await send(
      activity({ text: "/policy 第17项由谁牵头", serviceUrl: bf.serviceUrl, conversationType: "groupChat" }),
    );
    expect(fake.calls.map((c) => c.question)).toEqual(["第17项由谁牵头"]);
  });

  it("answers an activity once (dedupe by id), ignores the bot's own messages and other activity types", async () => {
    const a = activity({ text: "第17项?", serviceUrl: bf.serviceUrl });
    await send(a);
    await send(a);
    await send(activity({ text: "echo", serviceUrl: bf.serviceUrl, fromId: BOT_ID }));
    await send({ ...activity({ text: "", serviceUrl: bf.serviceUrl }), type: "conversationUpdate" });
    expect(fake.calls).toHaveLength(1);
    expect(bf.replies).toHaveLength(1);
  });

  it("never calls a serviceUrl that is not https (unless loopback is explicitly allowed)", async () => {
    const strict = await startTeamsService({ engine: fake.engine, bf, allowLoopbackServiceUrl: false });
    try {
      const res = await strict.post(activity({ text: "第17项?", serviceUrl: bf.serviceUrl }));
      expect(res.status).toBe(202);
      await strict.channel.idle();
      expect(bf.replies).toEqual([]);
      expect(fake.calls).toEqual([]);
    } finally {
      await strict.close();
    }
    expect(isAllowedServiceUrl("https://smba.trafficmanager.net/amer/")).toBe(true);
    expect(isAllowedServiceUrl("http://smba.trafficmanager.net/amer/")).toBe(false);
    expect(isAllowedServiceUrl("http://127.0.0.1:9/", false)).toBe(false);
    expect(isAllowedServiceUrl("http://127.0.0.1:9/", true)).toBe(true);
    expect(isAllowedServiceUrl("http://10.0.0.1/", true)).toBe(false);
    expect(isAllowedServiceUrl("file:///etc/passwd", true)).toBe(false);
    expect(isAllowedServiceUrl("https://user:pw@example.com/")).toBe(false);
  });

  it("survives an engine that throws: answers with an apology", async () => {
    const failing = await startTeamsService({
      engine: { ask: () => Promise.reject(new Error("boom")) },
      bf,
    });
    try {
      await failing.post(activity({ text: "第17项?", serviceUrl: bf.serviceUrl }));
      await waitFor(() => bf.replies.length === 1);
      expect(bf.replies[0]!.body.text).toContain("抱歉");
    } finally {
      await failing.close();
    }
  });
});

describe("Teams: JWT verification before anything reaches the engine", () => {
  const cases: [string, (serviceUrl: string) => string | null][] = [
    ["no token", () => null],
    ["a token that is not a JWT", () => "not-a-jwt"],
    ["a token signed by another key", (serviceUrl) => signToken({ serviceUrl, key: OTHER_KEY })],
    [
      "an expired token",
      (serviceUrl) => signToken({ serviceUrl, exp: Math.floor(Date.now() / 1000) - 3600 }),
    ],
    ["a token for another audience", (serviceUrl) => signToken({ serviceUrl, aud: "another-app" })],
    ["a token from another issuer", (serviceUrl) => signToken({ serviceUrl, iss: "https://evil.example" })],
    ["a token for another serviceUrl", () => signToken({ serviceUrl: "https://elsewhere.example/" })],
  ];
  for (const [name, token] of cases) {
    it(`refuses ${name} with 401 and our error body`, async () => {
      const res = await service.post(
        activity({ text: "第17项?", serviceUrl: bf.serviceUrl }),
        token(bf.serviceUrl),
      );
      expect(res.status).toBe(401);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toMatch(/^teams_token_(missing|invalid)$/);
      expect(body.error.message.length).toBeGreaterThan(10);
      await service.channel.idle();
      expect(fake.calls).toEqual([]);
      expect(bf.replies).toEqual([]);
    });
  }

  it("answers 503 (engine not called) when the signing keys cannot be fetched", async () => {
    const { app, server } = createServer({ engine: fake.engine, ready: () => true });
    mountTeams(app, {
      engine: fake.engine,
      appId: TEST_APP_ID,
      appPassword: TEST_APP_PASSWORD,
      openIdMetadataUrl: `${bf.tokenUrl}/missing-metadata`,
      allowLoopbackServiceUrl: true,
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as { port: number };
      const res = await fetch(`http://127.0.0.1:${port}/api/teams/messages`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${signToken({ serviceUrl: bf.serviceUrl })}`,
        },
        body: JSON.stringify(activity({ text: "第17项?", serviceUrl: bf.serviceUrl })),
      });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("teams_auth_unavailable");
      expect(fake.calls).toEqual([]);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("refuses malformed bodies and other channels with 400, other methods with 405", async () => {
    const bad = await service.post("{not json", signToken({ serviceUrl: bf.serviceUrl }));
    expect(bad.status).toBe(400);
    const other = await service.post({
      ...activity({ text: "x", serviceUrl: bf.serviceUrl }),
      channelId: "directlinease",
    });
    expect(other.status).toBe(400);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe(
      "teams_channel_unsupported",
    );
    const get = await fetch(`${service.base}/api/teams/messages`);
    expect(get.status).toBe(405);
    expect(fake.calls).toEqual([]);
  });
});

describe("Teams: pieces", () => {
  it("refuses to mount without an app id or password", () => {
    const { app } = createServer({ engine: fake.engine, ready: () => true });
    expect(() => mountTeams(app, { engine: fake.engine, appId: "", appPassword: "x" })).toThrow(/app id/);
    expect(() => mountTeams(app, { engine: fake.engine, appId: "x", appPassword: " " })).toThrow(/password/);
  });

  it("decides: mention entity for the bot, /policy, personal chats", () => {
    const base = activity({ text: "hi", serviceUrl: "https://x/", conversationType: "channel" });
    expect(decideTeamsActivity(base, TEST_APP_ID)).toEqual({ ignore: "not addressed to the bot" });
    const otherMention = {
      ...base,
      entities: [{ type: "mention", mentioned: { id: "29:someone" }, text: "<at>someone</at>" }],
    };
    expect("ignore" in decideTeamsActivity(otherMention, TEST_APP_ID)).toBe(true);
    const mentioned = activity({
      text: "hi",
      serviceUrl: "https://x/",
      conversationType: "channel",
      mention: true,
    });
    expect("answer" in decideTeamsActivity(mentioned, TEST_APP_ID)).toBe(true);
  });

  it("splits a long answer without cutting a citation", () => {
    const answer = {
      ...FAKE_ANSWER,
      answer: Array.from({ length: 400 }, (_, i) => `第${i}句话 [1]。`).join("\n"),
    };
    const pieces = renderTeamsMessages(answer, 500);
    expect(pieces.length).toBeLessThanOrEqual(4);
    for (const p of pieces) expect(p.length).toBeLessThanOrEqual(600);
    expect(pieces.at(-1)).toContain("截断");
  });

  it("config: Teams is on only with TEAMS_APP_ID and TEAMS_APP_PASSWORD", () => {
    expect(loadConfig({}).teams).toBeUndefined();
    expect(loadConfig({ TEAMS_APP_ID: "id", TEAMS_APP_PASSWORD: "pw" }).teams).toEqual({
      appId: "id",
      appPassword: "pw",
    });
    expect(loadConfig({ TEAMS_APP_ID: "id", TEAMS_APP_PASSWORD: "pw", TEAMS_TENANT_ID: "t" }).teams).toEqual({
      appId: "id",
      appPassword: "pw",
      tenantId: "t",
    });
    expect(() => loadConfig({ TEAMS_APP_ID: "id" })).toThrow(/TEAMS_APP_PASSWORD/);
    expect(() => loadConfig({ TEAMS_APP_PASSWORD: "pw" })).toThrow(/TEAMS_APP_ID/);
    expect(() => loadConfig({ TEAMS_TENANT_ID: "t" })).toThrow(/TEAMS_TENANT_ID/);
  });
});
