/**
 * The WeCom channel end to end: callbacks encrypted and signed with `@wecom/crypto` (as WeCom makes
 * them) sent to the running service, replies captured by a local stand-in of the WeCom API;
 * refused callbacks never reach the engine.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { decideWeComMessage, parseWeComXml } from "../../src/channels/wecom.js";
import { fakeEngine, waitFor } from "../helpers/slack.js";
import {
  AGENT_ID,
  CORP_ID,
  type FakeWeComApi,
  newMsgId,
  outerXml,
  SECRET,
  sealed,
  startFakeWeComApi,
  startWeComService,
  TOKEN,
  textMessageXml,
  type WeComService,
} from "../helpers/wecom.js";

let api: FakeWeComApi;
let service: WeComService;
let engine: ReturnType<typeof fakeEngine>;

beforeAll(async () => {
  api = await startFakeWeComApi();
  engine = fakeEngine();
  service = await startWeComService({ engine: engine.engine, apiUrl: api.url, mentionNames: ["政策助手"] });
});
afterAll(async () => {
  await service.close();
  await api.close();
});
beforeEach(() => {
  engine.calls.length = 0;
  api.sends.length = 0;
});

async function deliver(plain: string, o = {}): Promise<Response> {
  const res = await service.postMessage(plain, o);
  await service.channel.idle();
  return res;
}

/** A wrong key yields garbage: refused as undecryptable, or (when it happens to decode) for its receive id. */
const WRONG_KEY = ["wecom_decrypt_failed", "wecom_receive_id_mismatch"];

async function expectRefused(res: Response, status: number, code: string | string[]): Promise<void> {
  expect(res.status).toBe(status);
  const got = ((await res.json()) as { error: { code: string } }).error.code;
  expect(Array.isArray(code) ? code : [code]).toContain(got);
  await service.channel.idle();
  expect(engine.calls).toEqual([]);
  expect(api.sends).toEqual([]);
}

const now = () => Math.floor(Date.now() / 1000);

describe("WeCom callback: URL verification", () => {
  it("answers the decrypted echostr as text/plain", async () => {
    const res = await service.verifyUrl("1616140317555161061");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await res.text()).toBe("1616140317555161061");
  });

  it("refuses a wrong signature, a wrong receive id, a stale request and missing parameters", async () => {
    await expectRefused(await service.verifyUrl("123", { token: "other" }), 401, "wecom_signature_invalid");
    await expectRefused(
      await service.verifyUrl("123", { receiveId: "wwother" }),
      401,
      "wecom_receive_id_mismatch",
    );
    await expectRefused(
      await service.verifyUrl("123", { timestamp: now() - 600 }),
      401,
      "wecom_request_stale",
    );
    const res = await fetch(`${service.base}/api/wecom/events?echostr=abc`);
    await expectRefused(res, 401, "wecom_params_missing");
  });

  it("answers 405 to other methods", async () => {
    const res = await fetch(`${service.base}/api/wecom/events`, { method: "PUT" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, POST");
  });
});

describe("WeCom callback: answering", () => {
  it("acknowledges at once with an empty 200 and sends the answer as markdown with citations", async () => {
    const started = Date.now();
    const res = await service.postMessage(textMessageXml({ content: "第17项措施由谁牵头?", from: "lisi" }));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    expect(Date.now() - started).toBeLessThan(5000);
    await service.channel.idle();

    expect(engine.calls).toEqual([
      { question: "第17项措施由谁牵头?", conversation: `wecom:${CORP_ID}:agent${AGENT_ID}:dm:lisi` },
    ]);
    const sent = api.delivered();
    expect(sent).toHaveLength(1);
    const { body } = sent[0]!;
    expect(body.touser).toBe("lisi");
    expect(body.msgtype).toBe("markdown");
    expect(body.agentid).toBe(Number(AGENT_ID));
    expect(body.markdown.content).toContain("第17项措施由**市经济信息化委**牵头 [1]，市商务委配合 [2]。");
    expect(body.markdown.content).toContain("**来源：**\n- [1] 大连市对标上海工作方案 — 二、下一步工作措施");
    expect(api.tokenCalls.at(-1)).toEqual({ corpid: CORP_ID, corpsecret: SECRET });
  });

  it("caches the access token across messages", async () => {
    const before = api.tokenCalls.length;
    await deliver(textMessageXml({ content: "第18项呢" }));
    await deliver(textMessageXml({ content: "第19项呢" }));
    expect(api.delivered()).toHaveLength(2);
    expect(api.tokenCalls.length - before).toBeLessThanOrEqual(1);
    expect(api.delivered()[0]!.accessToken).toBe(api.delivered()[1]!.accessToken);
  });

  it("gets a new token once when WeCom answers errcode 42001 (expired), and sends again", async () => {
    await deliver(textMessageXml({ content: "预热" }));
    api.sends.length = 0;
    const before = api.tokenCalls.length;
    api.expireTokens();
    await deliver(textMessageXml({ content: "第17项措施由谁牵头?" }));
    expect(api.tokenCalls.length - before).toBe(1);
    expect(api.sends).toHaveLength(2);
    expect(api.sends[0]!.accessToken).not.toBe(api.sends[1]!.accessToken);
    expect(api.delivered()).toEqual([api.sends[1]]);
  });

  it("answers a replayed message (same MsgId) once", async () => {
    const msgId = newMsgId();
    const plain = textMessageXml({ content: "第17项措施由谁牵头?", msgId });
    const first = await deliver(plain);
    const again = await deliver(plain, { nonce: "another-nonce" });
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(engine.calls).toHaveLength(1);
    expect(api.delivered()).toHaveLength(1);
  });

  it("answers in a group chat only after /policy or an @mention of the app, to the asker", async () => {
    await deliver(textMessageXml({ content: "第17项措施由谁牵头?", chatId: "wrGroup1" }));
    expect(engine.calls).toEqual([]);
    await deliver(
      textMessageXml({ content: "/policy 第17项措施由谁牵头?", chatId: "wrGroup1", from: "wangwu" }),
    );
    await deliver(
      textMessageXml({ content: "@政策助手 第18项由谁牵头", chatId: "wrGroup1", from: "wangwu" }),
    );
    expect(engine.calls).toEqual([
      { question: "第17项措施由谁牵头?", conversation: `wecom:${CORP_ID}:wrGroup1:thread:wangwu` },
      { question: "第18项由谁牵头", conversation: `wecom:${CORP_ID}:wrGroup1:thread:wangwu` },
    ]);
    expect(api.delivered().map((s) => s.body.touser)).toEqual(["wangwu", "wangwu"]);
  });

  it("acknowledges but ignores events and other message types", async () => {
    const event =
      `<xml><ToUserName><![CDATA[${CORP_ID}]]></ToUserName><FromUserName><![CDATA[zhangsan]]></FromUserName>` +
      `<CreateTime>1</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[enter_agent]]></Event>` +
      `<AgentID>${AGENT_ID}</AgentID></xml>`;
    const res = await deliver(event);
    expect(res.status).toBe(200);
    expect(engine.calls).toEqual([]);
    expect(api.sends).toEqual([]);
  });

  it("acknowledges first; the reply follows in the background", async () => {
    const res = await service.postMessage(textMessageXml({ content: "第20项呢" }));
    expect(res.status).toBe(200);
    await waitFor(() => api.delivered().length === 1);
  });
});

describe("WeCom callback: refused", () => {
  const plain = () => textMessageXml({ content: "第17项措施由谁牵头?" });

  it("refuses a wrong signature", async () => {
    await expectRefused(
      await service.postMessage(plain(), { token: "not-our-token" }),
      401,
      "wecom_signature_invalid",
    );
    const forged = createHash("sha1").update("forged").digest("hex");
    await expectRefused(
      await service.postMessage(plain(), { signature: forged }),
      401,
      "wecom_signature_invalid",
    );
    await expectRefused(
      await service.postMessage(plain(), { signature: "xyz" }),
      401,
      "wecom_signature_malformed",
    );
  });

  it("refuses expired and future timestamps (more than 5 minutes either way)", async () => {
    await expectRefused(
      await service.postMessage(plain(), { timestamp: now() - 301 }),
      401,
      "wecom_request_stale",
    );
    await expectRefused(
      await service.postMessage(plain(), { timestamp: now() + 301 }),
      401,
      "wecom_request_from_future",
    );
  });

  it("refuses bad ciphertext (correctly signed)", async () => {
    const garbage = Buffer.alloc(64, 1).toString("base64");
    await expectRefused(await service.postMessage(plain(), { ciphertext: garbage }), 401, WRONG_KEY);
    await expectRefused(
      await service.postMessage(plain(), { ciphertext: "not*base64" }),
      401,
      "wecom_decrypt_failed",
    );
    await expectRefused(
      await service.postMessage(plain(), { ciphertext: "QUJD" }),
      401,
      "wecom_decrypt_failed",
    );
  });

  it("refuses a message for another corp id, or encrypted with another key", async () => {
    await expectRefused(
      await service.postMessage(plain(), { receiveId: "wwanothercorp" }),
      401,
      "wecom_receive_id_mismatch",
    );
    const otherKey = Buffer.alloc(32, 9).toString("base64").slice(0, 43);
    await expectRefused(await service.postMessage(plain(), { aesKey: otherKey }), 401, WRONG_KEY);
  });

  it("refuses malformed XML bodies and a malformed decrypted message", async () => {
    const { query, encrypt } = sealed(plain());
    await expectRefused(await service.postRaw("<xml><Encrypt>abc", query), 400, "invalid_request");
    await expectRefused(await service.postRaw(`{"Encrypt":"${encrypt}"}`, query), 400, "invalid_request");
    await expectRefused(
      await service.postRaw("<xml><ToUserName>x</ToUserName></xml>", query),
      400,
      "invalid_request",
    );
    await expectRefused(
      await service.postRaw(
        `<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaa">]><xml><Encrypt>${encrypt}</Encrypt></xml>`,
        query,
      ),
      400,
      "invalid_request",
    );
    await expectRefused(await service.postMessage("this is not xml <"), 400, "invalid_request");
    // The outer XML is fine, the query is missing.
    await expectRefused(await service.postRaw(outerXml(encrypt), ""), 401, "wecom_params_missing");
  });

  it("refuses a body over the limit with 413", async () => {
    const { query } = sealed(plain());
    const res = await service.postRaw(`<xml><Encrypt>${"A".repeat(70 * 1024)}</Encrypt></xml>`, query);
    expect(res.status).toBe(413);
    expect(engine.calls).toEqual([]);
  });

  it("still serves after refusals", async () => {
    const res = await service.verifyUrl("still-alive");
    expect(await res.text()).toBe("still-alive");
    expect(TOKEN).not.toBe("");
  });
});

describe("WeCom messages (pure)", () => {
  it("parses WeCom's XML and refuses other shapes", () => {
    expect(parseWeComXml("<xml><A><![CDATA[x <y> & z]]></A><B>12345678901234567890</B></xml>")).toEqual({
      A: "x <y> & z",
      B: "12345678901234567890",
    });
    expect(parseWeComXml("<xml><A>1</A><A>2</A></xml>")).toBeUndefined();
    expect(parseWeComXml("<xml><A><B>1</B></A></xml>")).toBeUndefined();
    expect(parseWeComXml("<root><A>1</A></root>")).toBeUndefined();
    expect(parseWeComXml("<xml><A>1</A>")).toBeUndefined();
  });

  it("ignores messages for another application", () => {
    const fields = { MsgType: "text", FromUserName: "u", MsgId: "1", Content: "hi", AgentID: "999" };
    expect(decideWeComMessage(fields, { corpId: CORP_ID, agentId: AGENT_ID })).toEqual({
      ignore: "another application (AgentID 999)",
    });
  });
});
