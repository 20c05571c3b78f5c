/**
 * Issue 14, finding 8 (feedback part): `POST /api/feedback` stored 1,000 × 64 KB records in 1.4 s,
 * without limit. Now votes are rate limited per address and overall, records are capped in size,
 * and the file is rotated, keeping a few old files.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnswerEngine } from "../../src/answer/engine-interface.js";
import type { Feedback } from "../../src/service/feedback.js";
import { capFeedback, FeedbackLog, MAX_FEEDBACK_RECORD_BYTES } from "../../src/service/feedback-log.js";
import type { Answer } from "../../src/types.js";
import { startWebService, type WebService } from "../helpers/browser.js";
import { tempDirs } from "../helpers/temp.js";

const newDir = tempDirs("feedback-limits");
const BIG_ANSWER = "答".repeat(20_000); // 60 KB of UTF-8: the largest answer the validation lets through
const vote = (answer = "办公室 [1]"): Feedback => ({ question: "第17项措施由谁牵头？", answer, vote: "up" });

describe("feedback cannot fill the disk (finding 8)", () => {
  let svc: WebService;
  let stateDir: string;
  beforeAll(async () => {
    stateDir = join(newDir(), "state");
    const engine: AnswerEngine = { ask: async (question) => ({ question }) as Answer };
    svc = await startWebService({ engine, texts: new Map(), stateDir, socket: false });
  });
  afterAll(() => svc.close());

  it("refuses a flood of 64 KB votes from one address with 429, storing only a few capped records", async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 60; i++) {
      const res = await fetch(`${svc.url}/api/feedback`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(vote(BIG_ANSWER)),
      });
      statuses.push(res.status);
      if (res.status === 429) {
        retryAfter = res.headers.get("retry-after");
        expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
          /Too many votes/,
        );
      } else await res.arrayBuffer();
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(20);
    expect(statuses.filter((s) => s === 429)).toHaveLength(40);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    const file = join(stateDir, "feedback.jsonl");
    expect(statSync(file).size).toBeLessThanOrEqual(20 * MAX_FEEDBACK_RECORD_BYTES);
    const first = JSON.parse(readFileSync(file, "utf8").split("\n")[0]!) as Record<string, unknown>;
    expect(first.answerTruncated).toBe(true);
    expect(String(first.answer).startsWith("答答答")).toBe(true);
  });
});

describe("the feedback log", () => {
  it("limits all addresses together too", async () => {
    const log = new FeedbackLog({ dir: newDir(), perClientPerMinute: 100, perMinute: 5 });
    for (let i = 0; i < 5; i++) await log.append(`10.0.0.${i}`, vote());
    await expect(log.append("10.0.0.99", vote())).rejects.toMatchObject({ status: 429 });
  });

  it("caps a record's size by shortening its answer, and leaves a small one as it is", () => {
    const capped = capFeedback(vote(BIG_ANSWER));
    expect(
      Buffer.byteLength(JSON.stringify({ time: new Date().toISOString(), ...capped })),
    ).toBeLessThanOrEqual(MAX_FEEDBACK_RECORD_BYTES);
    expect(capped.answerTruncated).toBe(true);
    expect(capped.answer.endsWith("…")).toBe(true);
    expect(capFeedback(vote())).toEqual(vote());
  });

  it("rotates the file past its size, keeping a few old files", async () => {
    const dir = newDir();
    const log = new FeedbackLog({
      dir,
      perClientPerMinute: 0,
      perMinute: 0,
      rotateBytes: 2000,
      keepFiles: 2,
    });
    for (let i = 0; i < 60; i++) await log.append("127.0.0.1", vote(`回答 ${i} ${"x".repeat(100)}`));
    expect(readdirSync(dir).sort()).toEqual(["feedback.jsonl", "feedback.jsonl.1", "feedback.jsonl.2"]);
    for (const f of readdirSync(dir)) expect(statSync(join(dir, f)).size).toBeLessThanOrEqual(2000);
    expect(readFileSync(join(dir, "feedback.jsonl"), "utf8")).toContain("回答 59 ");
    expect(existsSync(join(dir, "feedback.jsonl.3"))).toBe(false);
  });
});
