/**
 * Issue 14, finding 4: DingTalk's HTTP callback signs only the timestamp, not the body. A captured
 * (timestamp, sign) pair with a new body naming an admin's `senderStaffId` ran `/policy reload`.
 * Now a used pair is refused (401 `dingtalk_request_replayed`), and a callback's sender id never
 * counts for ADMIN_USERS; a stream-mode message (an authenticated connection) still does.
 */
import type { DWClientDownStream } from "dingtalk-stream";
import { TOPIC_ROBOT } from "dingtalk-stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDingTalkResponder } from "../../src/channels/dingtalk.js";
import { handleDingTalkStreamMessage } from "../../src/channels/dingtalk-stream.js";
import { LiveEngine, type SwappableEngine } from "../../src/service/live-engine.js";
import type { Answer } from "../../src/types.js";
import {
  type DingTalkService,
  type FakeDingTalk,
  robotMessage,
  signedHeaders,
  startDingTalkService,
  startFakeDingTalk,
} from "../helpers/dingtalk.js";

const ADMIN = "admin0001";
let builds = 0;
let api: FakeDingTalk;
let service: DingTalkService;
let live: LiveEngine<SwappableEngine>;

beforeAll(async () => {
  api = await startFakeDingTalk();
  live = new LiveEngine({
    build: async () => {
      builds += 1;
      return {
        documentCount: 1,
        ask: async (question: string): Promise<Answer> => ({
          question,
          language: "zh",
          intent: "lookup",
          found: true,
          answer: "答复",
          citations: [],
        }),
      };
    },
    sourcesDir: ".",
    admins: [ADMIN],
  });
  await live.start();
  service = await startDingTalkService({ engine: live, apiUrl: api.url });
});
afterAll(async () => {
  await service.close();
  await api.close();
});
beforeEach(() => {
  api.calls.length = 0;
  builds = 0;
});

const replies = () => api.calls.map((c) => String(c.body.markdown?.text ?? ""));

describe("forged DingTalk admins (finding 4)", () => {
  it("refuses a captured (timestamp, sign) pair carrying a second body: no reload", async () => {
    const captured = signedHeaders();
    const first = await service.post(
      robotMessage({ text: "第17项措施由谁牵头?", sessionWebhook: api.webhook() }),
      captured,
    );
    expect(first.status).toBe(200);
    const forged = robotMessage({
      text: "/policy reload",
      senderStaffId: ADMIN,
      sessionWebhook: api.webhook(),
    });
    const res = await service.post(forged, captured);
    await service.channel.idle();
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("dingtalk_request_replayed");
    expect(builds).toBe(0);
    expect(replies()).toHaveLength(1); // only the first, legitimate message was answered
  });

  it("never lets a callback's sender id reload, even with a fresh valid sign (the body is unsigned)", async () => {
    const res = await service.post(
      robotMessage({ text: "/policy reload", senderStaffId: ADMIN, sessionWebhook: api.webhook() }),
    );
    await service.channel.idle();
    expect(res.status).toBe(200);
    expect(builds).toBe(0);
    expect(replies()).toEqual([expect.stringMatching(/Only administrators/)]);
  });

  it("still lets an admin reload over stream mode, whose connection DingTalk authenticates", async () => {
    const responder = createDingTalkResponder({ engine: live, apiUrl: api.url });
    const downstream: DWClientDownStream = {
      specVersion: "1.0",
      type: "CALLBACK",
      headers: {
        appId: "app-test",
        connectionId: "conn-test",
        contentType: "application/json",
        messageId: "stream-admin-1",
        time: String(Date.now()),
        topic: TOPIC_ROBOT,
      },
      data: JSON.stringify(
        robotMessage({ text: "/policy reload", senderStaffId: ADMIN, sessionWebhook: api.webhook() }),
      ),
    };
    handleDingTalkStreamMessage(downstream, responder, () => {});
    await responder.idle();
    expect(builds).toBe(1);
    expect(replies()).toHaveLength(1);
    expect(replies()[0]).not.toMatch(/Only administrators/);
  });
});
