/**
 * `npm start` in LLM mode, as users run it: with OPENAI_API_KEY and OPENAI_BASE_URL pointing at
 * the local stand-in, POST /api/ask answers a summary worded by the model (grounded), and a
 * who-leads question from the extracted measures without asking the model.
 */
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Answer } from "../../src/types.js";
import { CORPUS_DIR } from "../helpers/fixtures.js";
import { type OpenAiStandIn, startOpenAiStandIn } from "../helpers/openai-stand-in.js";
import { type ServiceProcess, startService } from "../helpers/service-process.js";
import { tempDirs } from "../helpers/temp.js";

const newDir = tempDirs("llm-mode");
let standIn: OpenAiStandIn;
let service: ServiceProcess;

beforeAll(async () => {
  standIn = await startOpenAiStandIn();
  const dir = newDir();
  const sources = newDir();
  const file = "pudong-2021-supervision-work-points.txt";
  copyFileSync(join(CORPUS_DIR, file), join(sources, file));
  service = await startService({
    SOURCES_DIR: sources,
    OPENAI_API_KEY: "test-key",
    OPENAI_BASE_URL: standIn.url,
    OPENAI_MODEL: "stand-in-model",
    OPENAI_TIMEOUT_MS: "3000",
    INDEX_DIR: join(dir, "index"),
    STATE_DIR: join(dir, "state"),
  });
}, 90_000);
afterAll(async () => {
  service?.stop();
  await standIn?.close();
});

async function ask(question: string): Promise<Answer> {
  const res = await fetch(`${service.url}/api/ask`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ question }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Answer;
}

describe("npm start with OPENAI_API_KEY", () => {
  it("words a summary through the endpoint, grounded", async () => {
    const a = await ask("总结一下浦东第十九项措施");
    expect(standIn.chats()).toHaveLength(1);
    expect(standIn.chats()[0]!.body.model).toBe("stand-in-model");
    expect(a.answer).toContain("智慧安监");
    expect(a.answer).not.toContain("[99]");
    expect(a.answer).toMatch(/- 责任：.*唐林芳/);
  });

  it("answers who leads from the extracted measures without the model", async () => {
    standIn.requests.length = 0;
    const a = await ask("浦东第十七项由谁牵头?");
    expect(a.answer).toContain("花梅");
    expect(standIn.chats()).toHaveLength(0);
  });
});
