import http from "node:http";
import type { AddressInfo } from "node:net";
import net from "node:net";
import { type Activity, type BotAdapter, TestAdapter, type TurnContext } from "botbuilder";
import type { Botkit } from "botkit";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { AnswerEngine } from "../../src/answer/engine-interface.js";
import {
  conversationKeyFromActivity,
  createController,
  renderAnswerMarkdown,
} from "../../src/channels/controller.js";
import { createServer } from "../../src/service/http.js";
import type { Answer, Citation } from "../../src/types.js";

function citation(id: number, title: string, section: string): Citation {
  return { id, source: `doc${id}.txt`, title, section, quote: "……", start: 0, end: 2 };
}

const ANSWER: Answer = {
  question: "第17项措施由谁牵头?",
  language: "zh",
  intent: "lead_of_measure",
  found: true,
  answer: "第17项措施由**市经济信息化委**牵头 [1]，市商务委配合 [2]。",
  citations: [
    citation(2, "青岛市工作要点", "一、… > 17"),
    citation(1, "大连市对标上海工作方案", "二、下一步工作措施 > (三)注重实效 > 17"),
  ],
};

function fakeEngine() {
  const calls: { question: string; conversation: string | undefined }[] = [];
  const state = { fail: false };
  const engine: AnswerEngine = {
    ask(question, conversation) {
      calls.push({ question, conversation });
      return state.fail ? Promise.reject(new Error("engine down")) : Promise.resolve({ ...ANSWER, question });
    },
  };
  return { engine, calls, state };
}

const servers: http.Server[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen(server: http.Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Whether something accepts connections on 127.0.0.1:port. */
function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("createController", () => {
  it("neither listens (port 3000 or any) nor exits the process", async () => {
    const before = await isListening(3000);
    const listenSpy = vi.spyOn(http.Server.prototype, "listen");
    const exitSpy = vi.spyOn(process, "exit").mockImplementation(() => undefined as never);
    const { app } = createServer({ engine: fakeEngine().engine, ready: () => true });
    const controller = createController({ app, engine: fakeEngine().engine });
    expect(listenSpy).not.toHaveBeenCalled();
    expect(exitSpy).not.toHaveBeenCalled();
    expect(controller.http).toBeUndefined();
    expect(controller.webserver).toBe(app);
    expect(await isListening(3000)).toBe(before);
  });

  it("does not expose POST /api/messages without a channel adapter: 404 like any unknown route", async () => {
    const fake = fakeEngine();
    const { app, server } = createServer({ engine: fake.engine, ready: () => true });
    const controller = createController({ app, engine: fake.engine });
    const processActivity = vi.spyOn(
      controller.adapter as BotAdapter & { processActivity: () => Promise<void> },
      "processActivity",
    );
    const base = await listen(server);

    // A Bot Framework activity that the default (unauthenticated) adapter would accept.
    const activity = {
      type: "message",
      text: "第17项措施由谁牵头?",
      id: "1",
      channelId: "emulator",
      serviceUrl: "http://127.0.0.1:9/",
      from: { id: "u" },
      recipient: { id: "b" },
      conversation: { id: "c" },
    };
    const res = await fetch(`${base}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(activity),
      signal: AbortSignal.timeout(5000),
    });
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("not_found");
    const unknown = (await (await fetch(`${base}/api/nothing`, { method: "POST" })).json()) as typeof body;
    expect(body.error.message).toBe(unknown.error.message.replace("/api/nothing", "/api/messages"));
    expect(processActivity).not.toHaveBeenCalled();
    expect(fake.calls).toEqual([]);
  });

  it("routes POST /api/messages to a configured adapter, with the body read under the byte limit", async () => {
    const seen: { body: unknown; rawBody: unknown }[] = [];
    const adapter = {
      processActivity: async (
        req: { body: unknown; rawBody?: unknown },
        res: { status: (n: number) => { end: () => void } },
      ) => {
        seen.push({ body: req.body, rawBody: req.rawBody });
        res.status(200).end();
      },
    } as unknown as BotAdapter;
    const fake = fakeEngine();
    const { app, server } = createServer({ engine: fake.engine, ready: () => true });
    createController({ app, engine: fake.engine, adapter, maxBodyBytes: 200 });
    const base = await listen(server);

    const raw = JSON.stringify({ type: "message", text: "hi" });
    const ok = await fetch(`${base}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: raw,
    });
    expect(ok.status).toBe(200);
    expect(seen).toEqual([{ body: { type: "message", text: "hi" }, rawBody: raw }]);

    const big = await fetch(`${base}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "x".repeat(500) }),
    });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { code: string } }).error.code).toBe("payload_too_large");
    const bad = await fetch(`${base}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{nope",
    });
    expect(bad.status).toBe(400);
    expect(seen).toHaveLength(1);
  });

  it("answers a chat message through the engine with the rendered Answer", async () => {
    const fake = fakeEngine();
    const { app } = createServer({ engine: fake.engine, ready: () => true });
    let controller: Botkit | undefined;
    const adapter = new TestAdapter(async (context: TurnContext) => {
      await controller!.handleTurn(context);
    });
    controller = createController({ app, engine: fake.engine, adapter });

    await adapter
      .send("  第17项措施由谁牵头?  ")
      .assertReply((reply: Partial<Activity>) => {
        expect(reply.text).toBe(renderAnswerMarkdown({ ...ANSWER, question: "第17项措施由谁牵头?" }));
      })
      .send("那第18项呢?")
      .assertReply((reply: Partial<Activity>) => {
        expect(reply.text).toContain("来源：");
      });
    expect(fake.calls).toEqual([
      { question: "第17项措施由谁牵头?", conversation: "test:Convo1:user1" },
      { question: "那第18项呢?", conversation: "test:Convo1:user1" },
    ]);
  });

  it("replies with an apology when the engine throws, and keeps answering", async () => {
    const fake = fakeEngine();
    const { app } = createServer({ engine: fake.engine, ready: () => true });
    let controller: Botkit | undefined;
    const adapter = new TestAdapter(async (context: TurnContext) => {
      await controller!.handleTurn(context);
    });
    controller = createController({ app, engine: fake.engine, adapter });
    fake.state.fail = true;
    await adapter.send("第17项措施由谁牵头?").assertReply((reply: Partial<Activity>) => {
      expect(reply.text).toMatch(/抱歉/);
      expect(reply.text).not.toMatch(/engine down/);
    });
    fake.state.fail = false;
    await adapter.send("who leads measure 17").assertReply((reply: Partial<Activity>) => {
      expect(reply.text).toContain("[1] 大连市对标上海工作方案");
    });
  });
});

describe("conversationKeyFromActivity", () => {
  it("combines channel, conversation and user", () => {
    expect(
      conversationKeyFromActivity({
        channelId: "slack",
        conversation: { id: "C1" },
        from: { id: "U1" },
      } as Activity),
    ).toBe("slack:C1:U1");
    expect(
      conversationKeyFromActivity({
        channelId: "slack",
        conversation: { id: "C1" },
        from: { id: "U2" },
      } as Activity),
    ).not.toBe("slack:C1:U1");
    expect(conversationKeyFromActivity(undefined)).toBe("unknown::");
  });
});

describe("renderAnswerMarkdown", () => {
  it("lists the citations in marker order under the answer, with title and section", () => {
    expect(renderAnswerMarkdown(ANSWER)).toBe(
      [
        "第17项措施由**市经济信息化委**牵头 [1]，市商务委配合 [2]。",
        "",
        "**来源：**",
        "- [1] 大连市对标上海工作方案 — 二、下一步工作措施 > (三)注重实效 > 17",
        "- [2] 青岛市工作要点 — 一、… > 17",
      ].join("\n"),
    );
  });

  it("uses an English heading for an English answer, collapses whitespace and falls back to the file name", () => {
    const text = renderAnswerMarkdown({
      ...ANSWER,
      language: "en",
      answer: "Measure 17 is led by 市经济信息化委 [1].\n",
      citations: [
        { ...citation(1, "大连市\n对标上海  方案", "二、 >\n 17"), source: "dalian.txt" },
        { ...citation(2, "", ""), source: "qingdao.txt" },
      ],
    });
    expect(text).toBe(
      "Measure 17 is led by 市经济信息化委 [1].\n\n**Sources:**\n- [1] 大连市 对标上海 方案 — 二、 > 17\n- [2] qingdao.txt",
    );
  });

  it("says the page of a citation of a PDF, in the answer's language", () => {
    const pdf = { ...citation(1, "大连市对标上海工作方案", "二、 > 17"), source: "dalian.pdf", page: 3 };
    expect(renderAnswerMarkdown({ ...ANSWER, citations: [pdf] })).toContain(
      "- [1] 大连市对标上海工作方案 — 二、 > 17，第3页",
    );
    expect(renderAnswerMarkdown({ ...ANSWER, language: "en", citations: [pdf] })).toContain(
      "- [1] 大连市对标上海工作方案 — 二、 > 17, p. 3",
    );
  });

  it("renders just the answer when there are no citations", () => {
    expect(
      renderAnswerMarkdown({ ...ANSWER, found: false, answer: "文件中没有第99项措施。", citations: [] }),
    ).toBe("文件中没有第99项措施。");
  });
});
