/**
 * Finding 8 of issue 14 (rate limit part): the web chat's user ids are chosen by the client, so a
 * fresh id for every question got 20 answers out of 20 with RATE_LIMIT_PER_MINUTE=5. The limit
 * now holds per client address too, over the websocket, its webhook and POST /api/ask together.
 */
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import type { AnswerEngine } from "../../src/answer/engine-interface.js";
import { WEB_CHAT_SOCKET_PATH, WEB_CHAT_WEBHOOK_PATH } from "../../src/channels/web-chat.js";
import { LiveEngine } from "../../src/service/live-engine.js";
import type { Answer } from "../../src/types.js";
import { startWebService, type WebService } from "../helpers/browser.js";
import { tempDirs } from "../helpers/temp.js";

const newDir = tempDirs("web-chat-rate-limit");

function countingEngine(): AnswerEngine & { asked: () => number } {
  let asked = 0;
  return {
    asked: () => asked,
    ask: (question: string): Promise<Answer> => {
      asked++;
      return Promise.resolve({
        question,
        language: "zh",
        intent: "other",
        found: false,
        answer: "无",
        citations: [],
      });
    },
  };
}

let svc: WebService | undefined;
afterEach(async () => {
  await svc?.close();
  svc = undefined;
});

/** Asks once over a new websocket with a fresh user id; resolves with the reply's type and text. */
function askOverSocket(url: string): Promise<{ type: string; text: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace(/^http/, "ws")}${WEB_CHAT_SOCKET_PATH}`);
    ws.once("error", reject);
    ws.once("open", () =>
      ws.send(JSON.stringify({ type: "message", text: "第17项由谁牵头？", user: randomUUID() })),
    );
    ws.on("message", (data) => {
      const reply = JSON.parse(String(data)) as {
        type: string;
        text?: string;
        message?: string;
        code?: string;
      };
      if (reply.type === "partial") return;
      ws.close();
      resolve({
        type: reply.type === "error" ? `error:${reply.code}` : reply.type,
        text: reply.text ?? reply.message ?? "",
      });
    });
  });
}

describe("web chat rate limit per client address (finding 8)", () => {
  it("answers 5 of 20 websocket questions with fresh ids at 5 a minute, the rest politely refused", async () => {
    const engine = countingEngine();
    // The per-user limit too, as in the service: it alone let fresh ids through.
    const live = new LiveEngine({
      build: async () => Object.assign(engine, { documentCount: 0 }),
      sourcesDir: newDir(),
      rateLimitPerMinute: 5,
    });
    await live.start();
    svc = await startWebService({
      engine: live,
      texts: new Map(),
      stateDir: join(newDir(), "s"),
      rateLimitPerMinute: 5,
    });
    const replies = [];
    for (let i = 0; i < 20; i++) replies.push(await askOverSocket(svc.url));
    expect(replies.filter((r) => r.type === "message")).toHaveLength(5);
    const refused = replies.filter((r) => r.type === "error:rate_limited");
    expect(refused).toHaveLength(15);
    expect(refused[0]!.text).toMatch(/您提问有点频繁，请 \d+ 秒后再问/);
    expect(engine.asked()).toBe(5);
  });

  it("counts the webhook fallback and POST /api/ask against the same address", async () => {
    const engine = countingEngine();
    svc = await startWebService({
      engine,
      texts: new Map(),
      stateDir: join(newDir(), "s"),
      rateLimitPerMinute: 5,
    });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${svc.url}${WEB_CHAT_WEBHOOK_PATH}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ type: "message", text: "who leads measure 17?", user: randomUUID() }),
      });
      statuses.push(res.status);
      await res.text();
    }
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${svc.url}/api/ask`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ question: "who leads measure 17?", conversation: randomUUID() }),
      });
      statuses.push(res.status);
      await res.text();
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
  });
});
