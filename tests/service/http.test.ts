import type http from "node:http";
import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { AnswerEngine } from "../../src/answer/engine-interface.js";
import { createServer, type ServerOptions } from "../../src/service/http.js";
import { createLogger } from "../../src/service/logger.js";
import type { Answer } from "../../src/types.js";

/** A fake engine that records every call; `fail` makes it throw (async) or `failSync` (sync). */
function fakeEngine() {
  const calls: { question: string; conversation: string | undefined }[] = [];
  const state = { fail: false, failSync: false };
  const engine: AnswerEngine = {
    ask(question, conversation) {
      calls.push({ question, conversation });
      if (state.failSync) throw new Error("secret internal detail (sync)");
      if (state.fail) return Promise.reject(new Error("secret internal detail"));
      return Promise.resolve(sampleAnswer(question));
    },
  };
  return { engine, calls, state };
}

function sampleAnswer(question: string): Answer {
  return {
    question,
    language: "zh",
    intent: "lead_of_measure",
    found: true,
    answer: "第17项措施由市经济信息化委牵头 [1]。",
    citations: [
      {
        id: 1,
        source: "dalian-2017-benchmark-shanghai.txt",
        title: "大连市对标上海工作方案",
        section: "二、… > (三)… > 17",
        number: 17,
        quote: "17.……(市经济信息化委牵头)",
        start: 100,
        end: 120,
      },
    ],
  };
}

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function start(overrides: Partial<ServerOptions> = {}) {
  const fake = fakeEngine();
  let ready = true;
  const lines: string[] = [];
  const { server } = createServer({
    engine: fake.engine,
    ready: () => ready,
    log: createLogger({ level: "debug", write: (line) => lines.push(line) }),
    ...overrides,
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    ...fake,
    base,
    lines,
    setReady: (value: boolean) => {
      ready = value;
    },
  };
}

function postJson(base: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`${base}/api/ask`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
}

async function expectError(res: Response, status: number, code: string): Promise<string> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(Object.keys(body)).toEqual(["error"]);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe("string");
  expect(body.error.message.length).toBeGreaterThan(10);
  return body.error.message;
}

describe("POST /api/ask", () => {
  it("answers a valid question with the engine's Answer as JSON", async () => {
    const t = await start();
    const res = await postJson(
      t.base,
      JSON.stringify({ question: "  第17项措施由谁牵头?  ", conversation: "c1" }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await res.json()).toEqual(sampleAnswer("第17项措施由谁牵头?"));
    expect(t.calls).toEqual([{ question: "第17项措施由谁牵头?", conversation: "api:c1" }]);
  });

  it("ignores unknown fields and passes no conversation when none is sent", async () => {
    const t = await start();
    const res = await postJson(t.base, JSON.stringify({ question: "who leads measure 17", extra: [1, 2] }));
    expect(res.status).toBe(200);
    expect(t.calls).toEqual([{ question: "who leads measure 17", conversation: undefined }]);
  });

  it("accepts a charset parameter and a UTF-8 BOM", async () => {
    const t = await start();
    const body = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(JSON.stringify({ question: "问" })),
    ]);
    const res = await fetch(`${t.base}/api/ask`, {
      method: "POST",
      headers: { "content-type": "application/json; charset=UTF-8" },
      body,
    });
    expect(res.status).toBe(200);
    expect(t.calls.map((c) => c.question)).toEqual(["问"]);
  });

  const rejected: [string, string, number, string, RegExp][] = [
    ["an empty question", JSON.stringify({ question: "" }), 400, "invalid_request", /question.*empty/],
    ["a whitespace-only question", JSON.stringify({ question: " \n\t　" }), 400, "invalid_request", /empty/],
    [
      "a non-string question",
      JSON.stringify({ question: 17 }),
      400,
      "invalid_request",
      /question.*string.*number/,
    ],
    ["a missing question", JSON.stringify({ q: "x" }), 400, "invalid_request", /question.*missing/],
    ["an array body", JSON.stringify([{ question: "x" }]), 400, "invalid_request", /JSON object.*array/],
    ["a string body", JSON.stringify("第17项"), 400, "invalid_request", /JSON object/],
    ["a JSON null body", "null", 400, "invalid_request", /JSON object.*null/],
    [
      "a too-long question",
      JSON.stringify({ question: "问".repeat(2001) }),
      400,
      "invalid_request",
      /2001.*2000/,
    ],
    [
      "a non-string conversation",
      JSON.stringify({ question: "x", conversation: 5 }),
      400,
      "invalid_request",
      /conversation/,
    ],
    [
      "a too-long conversation",
      JSON.stringify({ question: "x", conversation: "c".repeat(201) }),
      400,
      "invalid_request",
      /conversation.*200/,
    ],
    ["malformed JSON", '{"question": "x",}', 400, "invalid_json", /not valid JSON/],
    ["an empty body", "", 400, "invalid_json", /empty/],
  ];
  for (const [what, body, status, code, message] of rejected) {
    it(`refuses ${what} with ${status} ${code} and never calls the engine`, async () => {
      const t = await start();
      const text = await expectError(await postJson(t.base, body), status, code);
      expect(text).toMatch(message);
      expect(t.calls).toEqual([]);
    });
  }

  it("refuses a body that is not UTF-8", async () => {
    const t = await start();
    const body = Buffer.from([0x7b, 0x22, 0x71, 0xff, 0xfe, 0x7d]);
    const res = await fetch(`${t.base}/api/ask`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(await expectError(res, 400, "invalid_json")).toMatch(/UTF-8/);
    expect(t.calls).toEqual([]);
  });

  it("refuses a body over the limit with 413 (declared length)", async () => {
    const t = await start();
    const res = await postJson(t.base, JSON.stringify({ question: "x".repeat(100 * 1024) }));
    await expectError(res, 413, "payload_too_large");
    expect(t.calls).toEqual([]);
  });

  it("refuses a chunked body over a custom limit with 413 (counted while reading)", async () => {
    const t = await start({ maxBodyBytes: 1000 });
    const chunk = new TextEncoder().encode(`{"question": "${"x".repeat(600)}`);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(chunk);
        controller.enqueue(chunk);
        controller.enqueue(new TextEncoder().encode('"}'));
        controller.close();
      },
    });
    const res = await fetch(`${t.base}/api/ask`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(res.headers.get("content-length")).not.toBeNull();
    await expectError(res, 413, "payload_too_large");
    expect(t.calls).toEqual([]);
    // the server still answers on a new request
    expect((await postJson(t.base, JSON.stringify({ question: "ok" }))).status).toBe(200);
  });

  it("answers a huge declared body at once with 413 and closes the connection", async () => {
    const t = await start();
    const { port } = new URL(t.base);
    const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = request({
        host: "127.0.0.1",
        port: Number(port),
        method: "POST",
        path: "/api/ask",
        headers: { "content-type": "application/json", "content-length": String(50 * 1024 * 1024) },
      });
      req.on("response", (res) => {
        resolve(res);
        req.destroy();
      });
      req.on("error", reject);
      req.write('{"question": "'); // and never the other 50 MiB
    });
    expect(response.statusCode).toBe(413);
    expect(response.headers.connection).toBe("close");
    expect(t.calls).toEqual([]);
  });

  it("accepts a body just under a custom limit", async () => {
    const t = await start({ maxBodyBytes: 100 });
    const body = JSON.stringify({ question: "x".repeat(80) });
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(100);
    expect((await postJson(t.base, body)).status).toBe(200);
    await expectError(
      await postJson(t.base, JSON.stringify({ question: "x".repeat(100) })),
      413,
      "payload_too_large",
    );
  });

  it("refuses a missing or wrong content type with 415", async () => {
    const t = await start();
    const body = JSON.stringify({ question: "x" });
    const noType = await fetch(`${t.base}/api/ask`, { method: "POST", body: new Blob([body]) });
    expect(await expectError(noType, 415, "unsupported_media_type")).toMatch(
      /Content-Type: application\/json/,
    );
    const text = await fetch(`${t.base}/api/ask`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body,
    });
    expect(await expectError(text, 415, "unsupported_media_type")).toMatch(/text\/plain/);
    const latin1 = await postJson(t.base, body, { "content-type": "application/json; charset=latin1" });
    await expectError(latin1, 415, "unsupported_media_type");
    expect(t.calls).toEqual([]);
  });

  it("answers GET /api/ask with 405 and an Allow header", async () => {
    const t = await start();
    const res = await fetch(`${t.base}/api/ask?question=x`);
    expect(res.headers.get("allow")).toBe("POST");
    expect(await expectError(res, 405, "method_not_allowed")).toMatch(/POST/);
    const put = await fetch(`${t.base}/api/ask`, { method: "PUT", body: "{}" });
    await expectError(put, 405, "method_not_allowed");
    expect(t.calls).toEqual([]);
  });

  it("turns an engine failure into 500 internal_error without leaking it, and keeps serving", async () => {
    const t = await start();
    t.state.fail = true;
    const res = await postJson(t.base, JSON.stringify({ question: "boom" }));
    const message = await expectError(res, 500, "internal_error");
    expect(message).not.toMatch(/secret|at .*\.ts/);
    t.state.fail = false;
    t.state.failSync = true;
    await expectError(await postJson(t.base, JSON.stringify({ question: "boom" })), 500, "internal_error");
    t.state.failSync = false;
    const ok = await postJson(t.base, JSON.stringify({ question: "again" }));
    expect(ok.status).toBe(200);
    expect(t.calls.map((c) => c.question)).toEqual(["boom", "boom", "again"]);
    const logged = t.lines.map((l) => JSON.parse(l) as { level: string; err?: { message: string } });
    expect(logged.filter((l) => l.level === "error").map((l) => l.err?.message)).toEqual([
      "secret internal detail",
      "secret internal detail (sync)",
    ]);
  });

  it("answers 503 not_ready while the index loads, without calling the engine", async () => {
    const t = await start();
    t.setReady(false);
    const res = await postJson(t.base, JSON.stringify({ question: "x" }));
    expect(res.headers.get("retry-after")).toBe("5");
    await expectError(res, 503, "not_ready");
    expect(t.calls).toEqual([]);
  });

  it("requires the bearer token when apiToken is set", async () => {
    const t = await start({ apiToken: "s3cret-token" });
    const body = JSON.stringify({ question: "x" });
    const none = await postJson(t.base, body);
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(await expectError(none, 401, "unauthorized")).toMatch(/Authorization: Bearer/);
    await expectError(await postJson(t.base, body, { authorization: "Bearer wrong" }), 401, "unauthorized");
    await expectError(await postJson(t.base, body, { authorization: "s3cret-token" }), 401, "unauthorized");
    expect(t.calls).toEqual([]);
    const ok = await postJson(t.base, body, { authorization: "Bearer s3cret-token" });
    expect(ok.status).toBe(200);
    expect(t.calls).toHaveLength(1);
  });
});

describe("health, readiness, unknown routes", () => {
  it("GET /healthz is 200 {status: ok}, also with HEAD; POST is 405", async () => {
    const t = await start();
    const res = await fetch(`${t.base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
    expect((await fetch(`${t.base}/healthz`, { method: "HEAD" })).status).toBe(200);
    await expectError(await fetch(`${t.base}/healthz`, { method: "POST" }), 405, "method_not_allowed");
  });

  it("GET /readyz follows ready()", async () => {
    const t = await start();
    const ok = await fetch(`${t.base}/readyz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: "ready" });
    t.setReady(false);
    await expectError(await fetch(`${t.base}/readyz`), 503, "not_ready");
    t.setReady(true);
    expect((await fetch(`${t.base}/readyz`)).status).toBe(200);
  });

  it("GET /readyz is 503 when ready() throws", async () => {
    const t = await start({
      ready: () => {
        throw new Error("index exploded");
      },
    });
    await expectError(await fetch(`${t.base}/readyz`), 503, "not_ready");
  });

  it("answers an unknown route with 404 not_found", async () => {
    const t = await start();
    const message = await expectError(await fetch(`${t.base}/nope?x=1`), 404, "not_found");
    expect(message).toMatch(/GET \/nope/);
    expect(message).toMatch(/POST \/api\/ask/);
    await expectError(
      await fetch(`${t.base}/api/ask/more`, { method: "POST", body: "{}" }),
      404,
      "not_found",
    );
    expect(t.calls).toEqual([]);
  });

  it("sends security headers on every response, and no X-Powered-By", async () => {
    const t = await start();
    for (const res of [await fetch(`${t.base}/healthz`), await fetch(`${t.base}/nope`)]) {
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(res.headers.get("x-powered-by")).toBeNull();
    }
  });

  it("routes added to the app after createServer are matched before the 404 fallback", async () => {
    const fake = fakeEngine();
    const { app, server } = createServer({ engine: fake.engine, ready: () => true });
    servers.push(server);
    app.get("/late", (_req, res) => {
      res.json({ late: true });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect(await (await fetch(`${base}/late`)).json()).toEqual({ late: true });
  });

  it("rejects a non-positive maxBodyBytes", () => {
    expect(() => createServer({ engine: fakeEngine().engine, ready: () => true, maxBodyBytes: 0 })).toThrow(
      /maxBodyBytes/,
    );
  });
});
