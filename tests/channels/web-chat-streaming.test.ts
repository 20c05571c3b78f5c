/**
 * LLM mode in the web chat: over the websocket the answer arrives as `{type: "partial", text}`
 * messages while the model writes it (markers that point at no evidence already removed), then
 * the final, grounded Answer.
 */
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createEngine } from "../../src/answer/engine.js";
import { OpenAiChatModel } from "../../src/answer/llm/client.js";
import { LlmEngine } from "../../src/answer/llm/llm-engine.js";
import { partialUpdates } from "../../src/channels/partial-updates.js";
import { WEB_CHAT_SOCKET_PATH } from "../../src/channels/web-chat.js";
import type { Answer } from "../../src/types.js";
import { startWebService, type WebService } from "../helpers/browser.js";
import { CORPUS_DIR } from "../helpers/fixtures.js";
import { type OpenAiStandIn, startOpenAiStandIn } from "../helpers/openai-stand-in.js";
import { tempDirs } from "../helpers/temp.js";

const newDir = tempDirs("web-chat-streaming");
const USER = "5d1c2a4e-1b2c-4d5e-8f90-a1b2c3d4e5f6";
let standIn: OpenAiStandIn;
let svc: WebService;

beforeAll(async () => {
  standIn = await startOpenAiStandIn();
  standIn.chunkDelayMs = 15;
  const sources = newDir();
  const file = "shanghai-reform-pilot-six-measures.txt";
  copyFileSync(join(CORPUS_DIR, file), join(sources, file));
  const base = await createEngine({ sourcesDir: sources, indexDir: join(newDir(), "index") });
  const model = new OpenAiChatModel({
    apiKey: "k",
    baseUrl: standIn.url,
    model: "m",
    timeoutMs: 5000,
    maxRetries: 0,
  });
  const engine = new LlmEngine(base, model, { budgetMs: 5000 });
  svc = await startWebService({ engine, texts: new Map(), stateDir: join(newDir(), "state") });
}, 30_000);
afterAll(async () => {
  await svc.close();
  await standIn.close();
});

describe("web chat streaming", () => {
  it("shows the answer as it is written, then the grounded Answer", async () => {
    const ws = await new Promise<WebSocket>((resolve, reject) => {
      const s = new WebSocket(`${svc.url.replace(/^http/, "ws")}${WEB_CHAT_SOCKET_PATH}`);
      s.once("open", () => resolve(s));
      s.once("error", reject);
    });
    const received: Record<string, unknown>[] = [];
    const done = new Promise<void>((resolve) => {
      ws.on("message", (data) => {
        const m = JSON.parse(String(data)) as Record<string, unknown>;
        received.push(m);
        if (m.type !== "partial") resolve();
      });
    });
    ws.send(
      JSON.stringify({ type: "message", text: "上海列入行政审批事项目录的审改措施有多少项?", user: USER }),
    );
    await done;
    ws.close();
    const partials = received.filter((m) => m.type === "partial").map((m) => String(m.text));
    const final = received.at(-1)!;
    expect(partials.length).toBeGreaterThan(0);
    for (const p of partials) expect(p).not.toMatch(/\[99/);
    expect(final.type).toBe("message");
    const answer = final.answer as Answer;
    expect(answer.answer).toContain("36");
    expect(answer.answer).not.toContain("[99]");
    expect(answer.citations.length).toBeGreaterThan(0);
    expect(partials.at(-1)!.length).toBeGreaterThan(10);
  });
});

describe("partialUpdates", () => {
  it("sends the latest text at most once per interval and nothing after finish", async () => {
    const sent: string[] = [];
    const p = partialUpdates(async (t) => void sent.push(t), 50);
    for (let i = 1; i <= 20; i++) p.push("x".repeat(i));
    await new Promise((r) => setTimeout(r, 80));
    p.push("y");
    await p.finish();
    p.push("z");
    await new Promise((r) => setTimeout(r, 80));
    expect(sent[0]).toBe("x".repeat(20));
    expect(sent.length).toBeLessThanOrEqual(2);
    expect(sent).not.toContain("z");
  });
});
