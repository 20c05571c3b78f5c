/** Socket Mode: the same events over a WebSocket from a local stand-in, acknowledged and answered once. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SlackSocketMode, startSlackSocketMode } from "../../src/channels/slack-socket.js";
import {
  directMessage,
  type FakeSlackApi,
  fakeEngine,
  mention,
  newTs,
  startFakeSlackApi,
  TEST_BOT_TOKEN,
  waitFor,
} from "../helpers/slack.js";

const APP_TOKEN = "xapp-test-token";

let api: FakeSlackApi;
let socketMode: SlackSocketMode;
const engine = fakeEngine();

beforeAll(async () => {
  api = await startFakeSlackApi();
  socketMode = await startSlackSocketMode({
    engine: engine.engine,
    appToken: APP_TOKEN,
    botToken: TEST_BOT_TOKEN,
    apiUrl: api.url,
    retries: 0,
    autoReconnect: false,
  });
});
afterAll(async () => {
  await socketMode.stop();
  await api.close();
});

describe("Slack Socket Mode", () => {
  it("opens the connection with the app token", () => {
    const open = api.calls.find((c) => c.method === "apps.connections.open");
    expect(open?.authorization).toBe(`Bearer ${APP_TOKEN}`);
  });

  it("acknowledges an events_api envelope and answers it in the thread, once per event_id", async () => {
    const ts = newTs();
    const payload = mention("第17项措施由谁牵头?", { ts });
    api.socketSend({
      envelope_id: "env-1",
      type: "events_api",
      payload,
      retry_attempt: 0,
      accepts_response_payload: false,
    });
    await waitFor(
      () => api.posts().length === 1 && api.socketReceived.some((m) => m.envelope_id === "env-1"),
    );
    await socketMode.idle();
    expect(engine.calls).toEqual([
      { question: "第17项措施由谁牵头?", conversation: `slack:T0TEAM:C0CHAN:thread:${ts}` },
    ]);
    const post = api.posts()[0]!;
    expect(post.authorization).toBe(`Bearer ${TEST_BOT_TOKEN}`);
    expect(post.params.thread_ts).toBe(ts);

    // Slack re-sends the same event (a retry): acknowledged, not answered again.
    api.socketSend({
      envelope_id: "env-2",
      type: "events_api",
      payload,
      retry_attempt: 1,
      retry_reason: "timeout",
    });
    await waitFor(() => api.socketReceived.some((m) => m.envelope_id === "env-2"));
    await socketMode.idle();
    expect(api.posts()).toHaveLength(1);
  });

  it("answers a direct message and ignores what is not an event", async () => {
    api.socketSend({ envelope_id: "env-3", type: "slash_commands", payload: { command: "/x" } });
    api.socketSend({ envelope_id: "env-4", type: "events_api", payload: directMessage("花梅负责哪些工作") });
    await waitFor(() => api.posts().length === 2);
    await socketMode.idle();
    expect(engine.calls.at(-1)).toEqual({
      question: "花梅负责哪些工作",
      conversation: "slack:T0TEAM:D0DIRECT:dm:U0ASKER",
    });
    expect(api.socketReceived.map((m) => m.envelope_id)).toEqual(["env-1", "env-2", "env-3", "env-4"]);
  });
});
