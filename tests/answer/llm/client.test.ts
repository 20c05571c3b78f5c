/**
 * The chat model through the real `openai` client against the local stand-in: streaming and
 * usage, bounded retries of 429 and 5xx, no retry of a refusal, and the time budget ending a
 * hanging call.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { backoffMs, isRetryable, LlmError, OpenAiChatModel } from "../../../src/answer/llm/client.js";
import { llmSettingsOf } from "../../../src/answer/llm/settings.js";
import { type OpenAiStandIn, startOpenAiStandIn } from "../../helpers/openai-stand-in.js";

let standIn: OpenAiStandIn;
beforeAll(async () => {
  standIn = await startOpenAiStandIn(() => ({ text: "平台建成[1]。" }));
});
afterAll(() => standIn.close());
beforeEach(() => {
  standIn.requests.length = 0;
  standIn.script.length = 0;
});

const model = (timeoutMs = 1500, maxRetries = 2) =>
  new OpenAiChatModel(
    llmSettingsOf({ apiKey: "test-key", baseUrl: standIn.url, model: "gpt-4o-mini", timeoutMs, maxRetries })!,
  );
const hello = [{ role: "user" as const, content: "你好" }];

describe("OpenAiChatModel", () => {
  it("sends the messages to the endpoint and reports tokens, latency and cost", async () => {
    const c = await model().complete([{ role: "system", content: "S" }, ...hello]);
    expect(c.text).toBe("平台建成[1]。");
    const req = standIn.chats()[0]!;
    expect(req.headers.authorization).toBe("Bearer test-key");
    expect(req.body.messages).toEqual([
      { role: "system", content: "S" },
      { role: "user", content: "你好" },
    ]);
    expect(c.usage.inputTokens).toBeGreaterThan(0);
    expect(c.usage.outputTokens).toBeGreaterThan(0);
    expect(c.usage.costUsd).toBeGreaterThan(0); // gpt-4o-mini's list price
    expect(c.usage.attempts).toBe(1);
  });

  it("streams the text as it is written, with usage", async () => {
    const text = "第十七项要求2021年底前建成全区安全生产监管平台[1]。";
    standIn.script.push({ text });
    const seen: string[] = [];
    const c = await model().complete(hello, { onText: (t) => seen.push(t) });
    expect(standIn.chats()[0]!.body.stream).toBe(true);
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.every((s, i) => i === 0 || s.startsWith(seen[i - 1]!))).toBe(true);
    expect(seen.at(-1)).toBe(text);
    expect(c.usage.outputTokens).toBeGreaterThan(0);
  });

  it("retries 429 and 5xx, then answers", async () => {
    standIn.script.push({ status: 503 }, { status: 429, headers: { "retry-after": "0" } });
    const c = await model().complete(hello);
    expect(c.text).toBe("平台建成[1]。");
    expect(standIn.chats()).toHaveLength(3);
    expect(c.usage.attempts).toBe(3);
  });

  it("gives up after its retries", async () => {
    standIn.script.push({ status: 500 }, { status: 502 }, { status: 503 }, { status: 500 });
    await expect(model(3000, 2).complete(hello)).rejects.toMatchObject({ code: "unavailable", attempts: 3 });
    expect(standIn.chats()).toHaveLength(3);
  });

  it("does not retry a refusal (401)", async () => {
    standIn.script.push({ status: 401, message: "bad key" });
    await expect(model().complete(hello)).rejects.toMatchObject({ code: "refused", attempts: 1 });
  });

  it("ends a hanging call when the budget runs out", async () => {
    standIn.script.push({ hang: true });
    const t0 = Date.now();
    const err = await model(800)
      .complete(hello)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlmError);
    expect((err as LlmError).code).toBe("timeout");
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it("ends a slow stream when the budget runs out", async () => {
    standIn.script.push({ delayMs: 3000, reply: { text: "late" } });
    const t0 = Date.now();
    await expect(model(600).complete(hello, { onText: () => {} })).rejects.toMatchObject({ code: "timeout" });
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});

describe("retry rules", () => {
  it("retries 429, 5xx and lost connections, not 4xx or an abort", () => {
    expect(isRetryable({ status: 429 })).toBe(true);
    expect(isRetryable({ status: 503 })).toBe(true);
    expect(isRetryable({ status: 400 })).toBe(false);
    expect(isRetryable(new Error("Connection error."))).toBe(true);
    expect(isRetryable(Object.assign(new Error("aborted"), { name: "AbortError" }))).toBe(false);
  });
  it("backs off briefly, honours Retry-After, and never past the budget", () => {
    expect(backoffMs(0, {}, 5000)).toBe(200);
    expect(backoffMs(2, {}, 5000)).toBe(800);
    expect(backoffMs(0, { headers: new Headers({ "retry-after": "1" }) }, 5000)).toBe(1000);
    expect(backoffMs(0, { headers: new Headers({ "retry-after": "30" }) }, 700)).toBe(650);
  });
});
