/**
 * Issue 14, finding 5: `/api/ask`'s `conversation` accepted any string, so "slack:T1:C1:thread:…"
 * read a Slack user's follow-up context and `/policy use` rescoped a Slack channel. API
 * conversations now live in their own namespace ("api:…"); web chat ids are namespaced too.
 */
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { channelOf, MemoryConversationStore } from "../../src/answer/conversation.js";
import { createEngine } from "../../src/answer/engine.js";
import { conversationKeyFromActivity } from "../../src/channels/controller.js";
import { checkWebMessage } from "../../src/channels/web-chat-socket.js";
import { createServer } from "../../src/service/http.js";
import type { Answer } from "../../src/types.js";
import { CORPUS, tempDir } from "../answer/engine-helpers.js";

const SLACK_THREAD = "slack:T1:C1:thread:171.2";
let base = "";
let close: () => void = () => {};
let store: MemoryConversationStore;
let engine: Awaited<ReturnType<typeof createEngine>>;

beforeAll(async () => {
  store = new MemoryConversationStore();
  engine = await createEngine({
    sourcesDir: CORPUS,
    indexDir: `${tempDir("index")}/index`,
    conversations: store,
  });
  const { server } = createServer({ engine, ready: () => true });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());

async function ask(body: unknown): Promise<Answer> {
  const res = await fetch(`${base}/api/ask`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Answer;
}

const sources = (a: Answer) => [...new Set(a.citations.map((c) => c.source))].sort();

describe("/api/ask cannot reach chat conversations (finding 5)", () => {
  it("does not continue a Slack thread's follow-up context, nor overwrite it", async () => {
    await engine.ask("浦东第十七项由谁牵头?", SLACK_THREAD);
    const slackState = await store.get(SLACK_THREAD);
    expect(slackState?.question).toBe("浦东第十七项由谁牵头?");

    const viaApi = await ask({ question: "那第十八项呢?", conversation: SLACK_THREAD });
    const fresh = await ask({ question: "那第十八项呢?", conversation: "someone-else" });
    // Asked through the API under the Slack id, the follow-up knows nothing of the Slack thread.
    expect(sources(viaApi)).toEqual(sources(fresh));
    // The Slack thread's own state is untouched by the API's question.
    expect((await store.get(SLACK_THREAD))?.question).toBe("浦东第十七项由谁牵头?");
  });

  it("cannot scope a Slack channel with /policy use", async () => {
    const set = await ask({ question: "/policy use 浦东", conversation: "slack:T1:C1:thread:9.9" });
    expect(set.found).toBe(true); // it scoped the API's own channel ("api:slack:T1:C1")
    expect(await store.getChannel("slack:T1:C1")).toEqual({});
    expect((await store.getChannel("api:slack:T1:C1")).scope).toBeDefined();
  });

  it("keeps web chat ids in their own namespace: no web user can name a chat conversation", () => {
    expect(checkWebMessage({ type: "message", text: "q", user: "slack:T1:C1:thread:1" }).ok).toBe(false);
    const checked = checkWebMessage({ type: "message", text: "q", user: "abcdefgh-1234" });
    expect(checked.ok).toBe(true);
    const user = checked.ok ? checked.message.user : "";
    const key = conversationKeyFromActivity({
      channelId: "websocket",
      conversation: { id: user } as never,
      from: { id: user } as never,
    });
    expect(key).toBe("websocket:web:abcdefgh-1234:web:abcdefgh-1234");
    expect(channelOf(key).startsWith("slack:")).toBe(false);
  });
});
