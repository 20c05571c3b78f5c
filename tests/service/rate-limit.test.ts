import { describe, expect, it } from "vitest";
import { RateLimiter } from "../../src/service/rate-limit.js";

describe("rate limit", () => {
  it("allows N questions a minute per user, then says when to retry", () => {
    let now = 0;
    const limit = new RateLimiter(2, () => now);
    expect(limit.take("u1").allowed).toBe(true);
    now = 10_000;
    expect(limit.take("u1").allowed).toBe(true);
    now = 20_000;
    expect(limit.take("u1")).toEqual({ allowed: false, retryAfterSeconds: 40 });
    expect(limit.take("u2").allowed).toBe(true);
    now = 60_001;
    expect(limit.take("u1").allowed).toBe(true);
  });

  it("is off at 0 and refuses a negative limit", () => {
    const off = new RateLimiter(0);
    for (let i = 0; i < 1000; i++) expect(off.take("u").allowed).toBe(true);
    expect(() => new RateLimiter(-1)).toThrow(RangeError);
  });
});

describe("POST /api/ask with RATE_LIMIT_PER_MINUTE", () => {
  it("answers 429 with Retry-After past the limit, without asking the engine", async () => {
    const { createServer } = await import("../../src/service/http.js");
    let calls = 0;
    const engine = {
      ask: async (question: string) => {
        calls++;
        return {
          question,
          language: "zh" as const,
          intent: "help",
          found: true,
          answer: "ok",
          citations: [],
        };
      },
    };
    const { server } = createServer({ engine, ready: () => true, rateLimitPerMinute: 2 });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as { port: number };
    const ask = () =>
      fetch(`http://127.0.0.1:${port}/api/ask`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ question: "第17项由谁牵头?" }),
      });
    expect((await ask()).status).toBe(200);
    expect((await ask()).status).toBe(200);
    const third = await ask();
    expect(third.status).toBe(429);
    expect(third.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(((await third.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
    expect(calls).toBe(2);
    server.close();
  });
});
