/**
 * Findings 9 and 10 (hosts) of issue 14: oversized and slow requests, crowding connections, and
 * requests for a host the service does not answer to.
 */
import http from "node:http";
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { AnswerEngine } from "../../src/answer/engine-interface.js";
import { createServer, type ServerOptions } from "../../src/service/http.js";
import { DEFAULT_LIMITS } from "../../src/service/limits.js";
import { createLogger } from "../../src/service/logger.js";

const engine: AnswerEngine = {
  ask: async (question) => ({
    question,
    language: "zh",
    intent: "other",
    found: false,
    answer: "无",
    citations: [],
  }),
};

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function start(overrides: Partial<ServerOptions> = {}) {
  const lines: string[] = [];
  const { server } = createServer({
    engine,
    ready: () => true,
    log: createLogger({ level: "debug", write: (line) => lines.push(line) }),
    ...overrides,
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as net.AddressInfo;
  return { port, base: `http://127.0.0.1:${port}`, lines };
}

/** POSTs `size` bytes with node's http client; resolves with the status and body it read. */
function postBig(port: number, size: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        path: "/api/ask",
        method: "POST",
        headers: { "content-type": "application/json", "content-length": size },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const write = () => {
      while (sent < size) {
        sent += chunk.length;
        if (!req.write(sent > size ? chunk.subarray(0, size - (sent - chunk.length)) : chunk)) {
          req.once("drain", write);
          return;
        }
      }
      req.end();
    };
    write();
  });
}

describe("oversized bodies (finding 9)", () => {
  it("answers 413 to a 10 MB body that node's http client reads every time (10 runs)", async () => {
    const { port } = await start();
    const results: number[] = [];
    for (let i = 0; i < 10; i++) results.push((await postBig(port, 10 * 1024 * 1024)).status);
    expect(results).toEqual(Array(10).fill(413));
  });

  it("answers 413 to a 10 MB body that fetch reads every time (10 runs)", async () => {
    const { base } = await start();
    const body = Buffer.alloc(10 * 1024 * 1024, 0x20);
    for (let i = 0; i < 10; i++) {
      const res = await fetch(`${base}/api/ask`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      expect(res.status).toBe(413);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("payload_too_large");
    }
  });

  it("answers 413 to a 10 MB body sent whole before reading, without resetting the connection (10 runs)", async () => {
    const { port } = await start();
    const size = 10 * 1024 * 1024;
    for (let i = 0; i < 10; i++) {
      const outcome = await new Promise<string>((resolve) => {
        const socket = net.connect(port, "127.0.0.1");
        let reply = "";
        socket.on("data", (d) => {
          reply += d.toString();
        });
        socket.on("error", (e: NodeJS.ErrnoException) => resolve(`${e.code}: ${reply.slice(0, 12)}`));
        socket.on("close", () => resolve(reply.slice(0, 12)));
        socket.write(
          `POST /api/ask HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${size}\r\n\r\n`,
        );
        socket.end(Buffer.alloc(size, 0x20));
      });
      expect(outcome).toBe("HTTP/1.1 413");
    }
  });

  it("answers 413 to a 10 MB chunked body (no declared length)", async () => {
    const { base } = await start();
    const big = Buffer.alloc(10 * 1024 * 1024, 0x20);
    const stream = new ReadableStream({
      start(controller) {
        for (let at = 0; at < big.length; at += 256 * 1024)
          controller.enqueue(big.subarray(at, at + 256 * 1024));
        controller.close();
      },
    });
    const res = await fetch(`${base}/api/ask`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
  });
});

/** Opens a raw connection and sends `text`; resolves with what the server sent and when it closed. */
function rawExchange(port: number, text: string): Promise<{ reply: string; closedAfterMs: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(port, "127.0.0.1", () => socket.write(text));
    let reply = "";
    socket.on("data", (d) => {
      reply += d.toString();
    });
    socket.on("error", () => {});
    socket.on("close", () => resolve({ reply, closedAfterMs: Date.now() - started }));
  });
}

describe("slow clients (finding 9)", () => {
  it("drops a client that stalls mid-body with 408 once the body timeout passes", async () => {
    const { port, lines } = await start({ limits: { bodyTimeoutMs: 500 } });
    const { reply, closedAfterMs } = await rawExchange(
      port,
      'POST /api/ask HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"question":',
    );
    expect(reply).toMatch(/^HTTP\/1\.1 408/);
    expect(reply).toContain("request_timeout");
    expect(closedAfterMs).toBeGreaterThanOrEqual(450);
    expect(closedAfterMs).toBeLessThan(5000);
    expect(lines.join("\n")).toContain("did not arrive in time");
  });

  it("drops a client that never finishes its headers", async () => {
    const { port } = await start({ limits: { headersTimeoutMs: 300 } });
    const { closedAfterMs } = await rawExchange(port, "POST /api/ask HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    expect(closedAfterMs).toBeLessThan(5000);
  });

  it("gives a body 15 s by default, and headers 10 s", () => {
    expect(DEFAULT_LIMITS.bodyTimeoutMs).toBe(15_000);
    expect(DEFAULT_LIMITS.headersTimeoutMs).toBe(10_000);
  });

  it("caps the connections one address may hold open, and frees the slot when one closes", async () => {
    const { port } = await start({ limits: { maxConnectionsPerAddress: 3 } });
    const open = await Promise.all(
      [0, 1, 2].map(
        () =>
          new Promise<net.Socket>((resolve) => {
            const s = net.connect(port, "127.0.0.1", () => resolve(s));
          }),
      ),
    );
    await new Promise((r) => setTimeout(r, 50));
    const refused = await rawExchange(port, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    expect(refused.reply).toMatch(/^HTTP\/1\.1 503/);
    expect(refused.reply).toContain("too_many_connections");
    open[0]!.destroy();
    await new Promise((r) => setTimeout(r, 100));
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
    for (const s of open) s.destroy();
  });
});

describe("allowed hosts (finding 10)", () => {
  it("refuses a host not allowed with 421 and says how to allow it", async () => {
    const { port } = await start();
    const { reply } = await rawExchange(
      port,
      "GET /healthz HTTP/1.1\r\nHost: attacker.example:80\r\nConnection: close\r\n\r\n",
    );
    expect(reply).toMatch(/^HTTP\/1\.1 421/);
    expect(reply).toContain("ALLOWED_HOSTS");
  });

  it("answers localhost and the loopback addresses by default", async () => {
    const { port } = await start();
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, "localhost"]) {
      const { reply } = await rawExchange(
        port,
        `GET /healthz HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
      );
      expect(reply, host).toMatch(/^HTTP\/1\.1 200/);
    }
  });

  it("answers the hosts listed, subdomains of a '.domain' entry, and any host with '*'", async () => {
    const listed = await start({ allowedHosts: ["policy.example.com", ".corp.example"] });
    for (const [host, status] of [
      ["policy.example.com", 200],
      ["POLICY.example.com:443", 200],
      ["a.corp.example", 200],
      ["localhost", 421],
      ["evil.example.com", 421],
    ] as const) {
      const { reply } = await rawExchange(
        listed.port,
        `GET /healthz HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
      );
      expect(reply, host).toMatch(new RegExp(`^HTTP/1\\.1 ${status}`));
    }
    const any = await start({ allowedHosts: "any" });
    const { reply } = await rawExchange(
      any.port,
      "GET /healthz HTTP/1.1\r\nHost: whatever.example\r\nConnection: close\r\n\r\n",
    );
    expect(reply).toMatch(/^HTTP\/1\.1 200/);
  });

  it("refuses a websocket upgrade for a host not allowed, before any upgrade listener sees it", async () => {
    const lines: string[] = [];
    const { server } = createServer({
      engine,
      ready: () => true,
      log: createLogger({ write: (l) => lines.push(l) }),
    });
    servers.push(server);
    const upgraded: string[] = [];
    // Stands for the web chat's websocket server, attached after createServer.
    server.on("upgrade", (req: http.IncomingMessage, socket: net.Socket) => {
      upgraded.push(req.headers.host ?? "");
      socket.end("HTTP/1.1 101 Switching Protocols\r\n\r\n");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as net.AddressInfo;
    const upgrade = (host: string) =>
      rawExchange(
        port,
        `GET /api/chat/socket HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
      );
    expect((await upgrade("rebind.example")).reply).toMatch(/^HTTP\/1\.1 421/);
    expect(upgraded).toEqual([]);
    expect((await upgrade(`127.0.0.1:${port}`)).reply).toMatch(/^HTTP\/1\.1 101/);
    expect(upgraded).toEqual([`127.0.0.1:${port}`]);
  });
});
