/**
 * The Feishu channel end to end: events encrypted and signed as Feishu does, sent to the running
 * service over HTTP, replies captured at a local stand-in of the open platform; refused requests
 * never reach the engine.
 */
import { AESCipher } from "@larksuiteoapi/node-sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  challengePayload,
  encrypt,
  type FakeFeishuApi,
  type FeishuService,
  larkSignature,
  messageEvent,
  signedRequest,
  startFakeFeishuApi,
  startFeishuService,
  TEST_ENCRYPT_KEY,
  TEST_TENANT_TOKEN,
} from "../helpers/feishu.js";
import { fakeEngine } from "../helpers/slack.js";

let api: FakeFeishuApi;
let service: FeishuService;
let engine: ReturnType<typeof fakeEngine>;

beforeAll(async () => {
  api = await startFakeFeishuApi();
  engine = fakeEngine();
  service = await startFeishuService({ engine: engine.engine, apiUrl: api.url, maxBodyBytes: 64 * 1024 });
});
afterAll(async () => {
  await service.close();
  await api.close();
});
beforeEach(() => {
  engine.calls.length = 0;
  api.calls.length = 0;
});

async function deliver(payload: unknown): Promise<Response> {
  const res = await service.send(payload);
  await service.channel.idle();
  return res;
}

async function refused(res: Response, status: number, code: string): Promise<void> {
  expect(res.status).toBe(status);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
  await service.channel.idle();
  expect(engine.calls).toEqual([]);
  expect(api.replies()).toEqual([]);
}

describe("Feishu: the test's encryption is Feishu's", () => {
  it("is decrypted by the SDK's own AESCipher", () => {
    const plain = JSON.stringify(challengePayload("挑战-123"));
    expect(new AESCipher(TEST_ENCRYPT_KEY).decrypt(encrypt(plain))).toBe(plain);
  });
});

describe("Feishu: URL verification", () => {
  it("answers the encrypted, unsigned challenge carrying our verification token", async () => {
    const body = JSON.stringify({ encrypt: encrypt(JSON.stringify(challengePayload("ajls384kdjx98XX"))) });
    const res = await service.post(body, { "content-type": "application/json" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: "ajls384kdjx98XX" });
  });

  it("refuses a challenge with a wrong verification token (401)", async () => {
    const body = JSON.stringify({ encrypt: encrypt(JSON.stringify(challengePayload("x", "wrong-token"))) });
    await refused(
      await service.post(body, { "content-type": "application/json" }),
      401,
      "feishu_token_invalid",
    );
  });

  it("refuses a challenge encrypted with another key (401)", async () => {
    const body = JSON.stringify({ encrypt: encrypt(JSON.stringify(challengePayload("x")), "another-key") });
    await refused(
      await service.post(body, { "content-type": "application/json" }),
      401,
      "feishu_decrypt_failed",
    );
  });

  it("refuses a challenge in clear text (400: an encrypt key is required)", async () => {
    const body = JSON.stringify(challengePayload("x"));
    await refused(
      await service.post(body, { "content-type": "application/json" }),
      400,
      "feishu_body_invalid",
    );
  });
});

describe("Feishu: answering messages", () => {
  it("answers a signed single-chat message with a post holding the answer and its sources", async () => {
    const event = messageEvent({ text: "第17项措施由谁牵头?" });
    const started = Date.now();
    const res = await service.send(event);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    expect(Date.now() - started).toBeLessThan(3000);
    await service.channel.idle();

    expect(engine.calls).toEqual([
      { question: "第17项措施由谁牵头?", conversation: "feishu:tenant0key:oc_p2p:dm:ou_asker" },
    ]);
    const replies = api.replies();
    expect(replies).toHaveLength(1);
    const reply = replies[0]!;
    expect(reply.messageId).toBe((event.event.message as { message_id: string }).message_id);
    expect(reply.msgType).toBe("post");
    expect(reply.authorization).toBe(`Bearer ${TEST_TENANT_TOKEN}`);
    expect(reply.markdown).toContain("第17项措施由**市经济信息化委**牵头 [1]，市商务委配合 [2]。");
    expect(reply.markdown).toContain("**来源：**\n- [1] 大连市对标上海工作方案 — 二、下一步工作措施");
    expect(reply.markdown).toContain("- [2] 青岛市工作要点 — 一、重点工作 > 17");
  });

  it("caches the tenant access token", async () => {
    await deliver(messageEvent({ text: "第17项" }));
    await deliver(messageEvent({ text: "第18项" }));
    expect(api.replies()).toHaveLength(2);
    expect(api.tokenCalls().length).toBeLessThanOrEqual(1);
  });

  it("ignores a group message without a mention", async () => {
    const res = await deliver(messageEvent({ text: "第17项措施由谁牵头?", chatType: "group" }));
    expect(res.status).toBe(200);
    expect(engine.calls).toEqual([]);
    expect(api.replies()).toEqual([]);
  });

  it("ignores a group message mentioning someone else only", async () => {
    await deliver(
      messageEvent({ text: "@_user_1 第17项措施由谁牵头?", chatType: "group", mentions: ["ou_other"] }),
    );
    expect(engine.calls).toEqual([]);
    expect(api.replies()).toEqual([]);
  });

  it("answers a group message that mentions the bot, with @_user_1 stripped", async () => {
    await deliver(
      messageEvent({
        text: "@_user_2 @_user_1 第17项措施由谁牵头?",
        chatType: "group",
        mentions: ["bot", "ou_x"],
      }),
    );
    expect(engine.calls).toEqual([
      { question: "第17项措施由谁牵头?", conversation: "feishu:tenant0key:oc_group:thread:" },
    ]);
    expect(api.replies()).toHaveLength(1);
  });

  it("answers a group message starting with /policy", async () => {
    await deliver(messageEvent({ text: "/policy 第17项措施由谁牵头?", chatType: "group" }));
    expect(engine.calls.map((c) => c.question)).toEqual(["第17项措施由谁牵头?"]);
  });

  it("ignores other message types", async () => {
    await deliver(messageEvent({ text: "x", messageType: "image" }));
    expect(engine.calls).toEqual([]);
  });

  it("answers a duplicate event (same event id) and a re-delivered message once", async () => {
    const event = messageEvent({ text: "第17项措施由谁牵头?" });
    expect((await deliver(event)).status).toBe(200);
    expect((await deliver(event)).status).toBe(200);
    const again = messageEvent({ text: "第17项措施由谁牵头?" });
    (again.event.message as { message_id: string }).message_id = (
      event.event.message as { message_id: string }
    ).message_id;
    expect((await deliver(again)).status).toBe(200);
    expect(engine.calls).toHaveLength(1);
    expect(api.replies()).toHaveLength(1);
  });
});

describe("Feishu: refused requests never reach the engine", () => {
  it("refuses a wrong signature (401)", async () => {
    const r = signedRequest(messageEvent({ text: "第17项" }), { signKey: "not-the-key" });
    await refused(await service.post(r.body, r.headers), 401, "feishu_signature_invalid");
  });

  it("refuses a body changed after signing (401)", async () => {
    const r = signedRequest(messageEvent({ text: "第17项" }));
    const other = signedRequest(messageEvent({ text: "第18项" }));
    await refused(await service.post(other.body, r.headers), 401, "feishu_signature_invalid");
  });

  it("refuses an expired timestamp (401)", async () => {
    const r = signedRequest(messageEvent({ text: "第17项" }), {
      timestamp: Math.floor(Date.now() / 1000) - 301,
    });
    await refused(await service.post(r.body, r.headers), 401, "feishu_request_stale");
  });

  it("refuses a timestamp in the future (401)", async () => {
    const r = signedRequest(messageEvent({ text: "第17项" }), {
      timestamp: Math.floor(Date.now() / 1000) + 301,
    });
    await refused(await service.post(r.body, r.headers), 401, "feishu_request_from_future");
  });

  it("refuses a replayed request once it is out of the window (401)", async () => {
    const r = signedRequest(messageEvent({ text: "第17项" }), {
      timestamp: Math.floor(Date.now() / 1000) - 3600,
    });
    await refused(await service.post(r.body, r.headers), 401, "feishu_request_stale");
  });

  it("refuses an unsigned event (401)", async () => {
    const r = signedRequest(messageEvent({ text: "第17项" }));
    await refused(
      await service.post(r.body, { "content-type": "application/json" }),
      401,
      "feishu_headers_missing",
    );
  });

  it("refuses bad ciphertext, correctly signed (401)", async () => {
    const body = JSON.stringify({ encrypt: Buffer.alloc(48, 7).toString("base64") });
    const r = signedRequest({});
    const ts = r.headers["x-lark-request-timestamp"]!;
    const nonce = r.headers["x-lark-request-nonce"]!;
    const headers = { ...r.headers, "x-lark-signature": larkSignature(ts, nonce, body) };
    await refused(await service.post(body, headers), 401, "feishu_decrypt_failed");
  });

  it("refuses an event encrypted with another key, correctly signed (401)", async () => {
    const r = signedRequest(messageEvent({ text: "第17项" }), {
      encryptKey: "other-key",
      signKey: TEST_ENCRYPT_KEY,
    });
    await refused(await service.post(r.body, r.headers), 401, "feishu_decrypt_failed");
  });

  it("refuses a wrong verification token (401)", async () => {
    await refused(
      await service.send(messageEvent({ text: "第17项", token: "wrong" })),
      401,
      "feishu_token_invalid",
    );
  });

  it("refuses malformed bodies (400)", async () => {
    for (const body of [
      "{not json",
      "[]",
      JSON.stringify({ encrypt: 5 }),
      JSON.stringify({ schema: "2.0" }),
    ]) {
      const ts = String(Math.floor(Date.now() / 1000));
      const headers = {
        "content-type": "application/json",
        "x-lark-request-timestamp": ts,
        "x-lark-request-nonce": "n1",
        "x-lark-signature": larkSignature(ts, "n1", body),
      };
      await refused(await service.post(body, headers), 400, "feishu_body_invalid");
    }
  });

  it("refuses a body over the limit (413) and other methods (405)", async () => {
    const r = signedRequest({ pad: "x".repeat(70 * 1024) });
    const res = await service.post(r.body, r.headers);
    expect(res.status).toBe(413);
    const get = await fetch(`${service.base}/api/feishu/events`);
    expect(get.status).toBe(405);
    expect(engine.calls).toEqual([]);
  });
});
