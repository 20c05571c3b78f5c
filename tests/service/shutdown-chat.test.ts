/**
 * SIGTERM while a chat answer is still being posted: the channel acknowledged the event at once and
 * replies afterwards; the service waits for that reply to be delivered before it exits 0.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { startService } from "../helpers/service-process.js";
import { mention, signedHeaders, TEST_BOT_TOKEN, TEST_SECRET } from "../helpers/slack.js";

const SLOW_MS = 1500;

/** A Slack Web API stand-in whose chat.postMessage answers only after SLOW_MS. */
async function slowSlackApi() {
  const posts: { started: number; delivered: boolean; text: string }[] = [];
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => {
      raw += c.toString();
    });
    req.on("end", () => {
      res.setHeader("content-type", "application/json");
      if (!(req.url ?? "").includes("chat.postMessage")) {
        res.end(JSON.stringify({ ok: true, user_id: "U0BOT" }));
        return;
      }
      const post = { started: Date.now(), delivered: false, text: raw };
      posts.push(post);
      res.on("finish", () => {
        post.delivered = !res.socket?.destroyed;
      });
      setTimeout(() => {
        if (!res.socket?.destroyed) res.end(JSON.stringify({ ok: true, channel: "C0CHAN", ts: "1.2" }));
      }, SLOW_MS);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`,
    posts,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

const closers: (() => void)[] = [];
afterAll(() => {
  for (const close of closers) close();
});

describe("graceful shutdown of a chat reply", () => {
  it("posts the answer being sent when SIGTERM arrives, then exits 0", { timeout: 90_000 }, async () => {
    const api = await slowSlackApi();
    closers.push(api.close);
    const service = await startService({
      SLACK_SIGNING_SECRET: TEST_SECRET,
      SLACK_BOT_TOKEN: TEST_BOT_TOKEN,
      SLACK_API_URL: api.url,
    });
    closers.push(() => service.child.kill("SIGKILL"));
    const exit = new Promise<number | null>((r) => service.child.on("exit", (code) => r(code)));
    const body = JSON.stringify(mention("浦东第17项由谁牵头?"));
    const ack = await fetch(`${service.url}/api/slack/events`, {
      method: "POST",
      headers: signedHeaders(body),
      body,
    });
    expect(ack.status).toBe(200);
    // The reply is on its way (the stand-in holds it) when SIGTERM arrives.
    const started = Date.now();
    while (api.posts.length === 0) {
      if (Date.now() - started > 20_000) throw new Error("no reply was posted");
      await new Promise((r) => setTimeout(r, 20));
    }
    service.child.kill("SIGTERM");
    const sigterm = Date.now();
    expect(await exit).toBe(0);
    expect(Date.now() - sigterm).toBeGreaterThanOrEqual(SLOW_MS - 500);
    expect(api.posts).toHaveLength(1);
    expect(api.posts[0]!.delivered).toBe(true);
    expect(decodeURIComponent(api.posts[0]!.text)).toContain("贾德荣");
    expect(service.output()).toContain("stopped: every reply in flight was sent");
  });
});
