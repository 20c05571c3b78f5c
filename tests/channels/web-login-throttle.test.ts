/**
 * Finding 10 of issue 14: `/login` took 2,000 wrong guesses in 1.6 s, unthrottled and unlogged.
 * Now an address gets 5 wrong tokens a minute; then 429 until the minute is over, each logged.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnswerEngine } from "../../src/answer/engine-interface.js";
import { mountWebChat } from "../../src/channels/web-chat.js";
import { createServer } from "../../src/service/http.js";
import { createLogger } from "../../src/service/logger.js";
import { tempDirs } from "../helpers/temp.js";

const newDir = tempDirs("web-login-throttle");
const TOKEN = "login-throttle-token-0123456789";

describe("login throttle (finding 10)", () => {
  const lines: string[] = [];
  let url = "";
  let close = async () => {};
  beforeAll(async () => {
    const engine = { ask: async () => ({}) } as unknown as AnswerEngine;
    const log = createLogger({ level: "info", write: (line) => lines.push(line) });
    const { app, server } = createServer({ engine, ready: () => true, apiToken: TOKEN, log });
    mountWebChat(app, {
      engine,
      sourceText: () => undefined,
      sources: () => [],
      stateDir: join(newDir(), "s"),
      apiToken: TOKEN,
      log,
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    close = () => new Promise((r) => server.close(() => r()));
  });
  afterAll(() => close());

  const tryToken = (token: string) =>
    fetch(`${url}/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token }).toString(),
      redirect: "manual",
    });

  it("refuses guesses past 5 a minute with 429, even the right token then, and logs each", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 50; i++) {
      const res = await tryToken(`guess-${i}`);
      statuses.push(res.status);
      await res.text();
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(new Set(statuses.slice(5))).toEqual(new Set([429]));
    const blocked = await tryToken(TOKEN);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await blocked.text()).toContain("Too many tries");
    const getGuess = await fetch(`${url}/login?token=guess`, { redirect: "manual" });
    expect(getGuess.status).toBe(429);
    const log = lines.join("\n");
    expect(log.match(/login failed: wrong token/g)).toHaveLength(5);
    expect(log).toContain("login refused: too many wrong tokens");
    expect(log).toContain("127.0.0.1");
    expect(log).not.toContain("guess-1");
  });
});
