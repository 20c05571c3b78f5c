/**
 * The service as users run it (`src/main.ts` in a child process), under faults:
 * - a build killed with SIGKILL while it writes a generation leaves the previous index serving,
 *   and the next build (a source added, picked up by the watch) replaces it and clears the debris;
 * - `/policy reload` by the token holder; a sources folder that disappears and comes back;
 * - a body over the limit gets 413 on every route;
 * - logs are JSON lines with request ids, and hold neither secrets nor question text at info level;
 * - SIGTERM lets a reply in flight finish, saves the state and exits 0.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readCurrent } from "../../src/index/store.js";
import type { Answer } from "../../src/types.js";
import { CORPUS, CORPUS_DIR } from "../helpers/fixtures.js";
import { type ServiceProcess, startService } from "../helpers/service-process.js";
import { tempDirs } from "../helpers/temp.js";

const temp = tempDirs("reliability");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  ms = 30_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const API_TOKEN = "tok-SECRET-api-7f3a9c";
const SECRETS: Record<string, string> = {
  API_TOKEN,
  SLACK_SIGNING_SECRET: "slack-SECRET-signing-0001",
  SLACK_BOT_TOKEN: "xoxb-SECRET-bot-0002",
  DINGTALK_APP_KEY: "dingkey0003",
  DINGTALK_APP_SECRET: "ding-SECRET-0004",
  TEAMS_APP_ID: "00000000-0000-0000-0000-000000000005",
  TEAMS_APP_PASSWORD: "teams-SECRET-0006",
  WECOM_CORP_ID: "ww0007",
  WECOM_AGENT_ID: "1000002",
  WECOM_SECRET: "wecom-SECRET-0008",
  WECOM_TOKEN: "wecomTOKEN0009",
  WECOM_ENCODING_AES_KEY: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
  FEISHU_APP_ID: "cli_0010",
  FEISHU_APP_SECRET: "feishu-SECRET-0011",
  FEISHU_VERIFICATION_TOKEN: "feishu-VERIFY-0012",
  FEISHU_ENCRYPT_KEY: "feishu-ENCRYPT-0013",
};
/** Values that must never appear in the logs. */
const NEVER_LOGGED = [
  API_TOKEN,
  "slack-SECRET-signing-0001",
  "xoxb-SECRET-bot-0002",
  "ding-SECRET-0004",
  "teams-SECRET-0006",
  "wecom-SECRET-0008",
  "wecomTOKEN0009",
  "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
  "feishu-SECRET-0011",
  "feishu-VERIFY-0012",
  "feishu-ENCRYPT-0013",
];
/** Questions asked below; their text must not appear in the logs at info level. */
const QUESTIONS = {
  pudong: "浦东要点第十九项由谁牵头负责?",
  qingdao: "青岛2017年安全生产工作十大要点第三项讲什么?",
  inflight: "浦东要点第二十项的完成时限是什么时候?",
};

let sources = "";
let indexDir = "";
let stateDir = "";
let service: ServiceProcess;

beforeAll(async () => {
  sources = join(temp(), "sources");
  mkdirSync(sources);
  for (const file of [CORPUS.pudong, CORPUS.shanghaiSix])
    copyFileSync(join(CORPUS_DIR, file), join(sources, file));
  indexDir = join(temp(), "index");
  stateDir = temp();
  const dead = "http://127.0.0.1:9";
  service = await startService({
    ...SECRETS,
    SOURCES_DIR: sources,
    INDEX_DIR: indexDir,
    STATE_DIR: stateDir,
    RATE_LIMIT_PER_MINUTE: "1000",
    SLACK_API_URL: dead,
    DINGTALK_API_URL: dead,
    WECOM_API_URL: dead,
    FEISHU_API_URL: dead,
  });
}, 90_000);
afterAll(() => {
  if (service.child.exitCode === null) service.child.kill("SIGKILL");
});

async function ask(question: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${service.url}/api/ask`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${API_TOKEN}`, ...headers },
    body: JSON.stringify({ question }),
  });
}
async function answer(question: string): Promise<Answer> {
  const res = await ask(question);
  expect(res.status).toBe(200);
  return (await res.json()) as Answer;
}

/** Slack's signature headers over `body`, made now. */
function slackSigned(body: string, secret: string): Record<string, string> {
  const ts = Math.floor(Date.now() / 1000);
  const mac = createHmac("sha256", secret).update(`v0:${ts}:${body}`).digest("hex");
  return { "x-slack-request-timestamp": String(ts), "x-slack-signature": `v0=${mac}` };
}

/** DingTalk's `timestamp`/`sign` headers, made now. */
function dingSigned(secret: string): Record<string, string> {
  const ts = Date.now();
  const sign = createHmac("sha256", secret).update(`${ts}\n${secret}`).digest("base64");
  return { timestamp: String(ts), sign };
}

function generations(): string[] {
  return readdirSync(indexDir).filter((f) => f.startsWith("gen-"));
}

describe("the service under faults", () => {
  it("answers 413 to a body over the limit on every route that takes one", async () => {
    // 2 MB: over every route's limit (64 KiB for questions, up to 1 MiB for Slack's events).
    const big = JSON.stringify({ question: "问".repeat(700_000) });
    const bearer = { authorization: `Bearer ${API_TOKEN}` };
    // Channels that check their signature headers before reading a body get correct ones.
    const routes: [string, Record<string, string>][] = [
      ["/api/ask", bearer],
      ["/api/chat/messages", bearer],
      ["/api/feedback", bearer],
      ["/login", {}],
      ["/api/slack/events", slackSigned(big, SECRETS.SLACK_SIGNING_SECRET!)],
      ["/api/teams/messages", { authorization: "Bearer not-checked-before-the-body-is-read" }],
      ["/api/dingtalk/events", dingSigned(SECRETS.DINGTALK_APP_SECRET!)],
      ["/api/wecom/events", {}],
      ["/api/feishu/events", {}],
    ];
    for (const [route, headers] of routes) {
      const res = await fetch(`${service.url}${route}`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: big,
      });
      expect(res.status, route).toBe(413);
      expect(((await res.json()) as { error: { code: string } }).error.code, route).toBe("payload_too_large");
    }
  });

  it("keeps answering from the previous index when a build is killed mid-write, then rebuilds", async () => {
    const before = readCurrent(indexDir);
    expect(before).not.toBeNull();
    const builder: ChildProcess = spawn(
      process.execPath,
      ["--import", "tsx", "tests/helpers/build-until-killed.ts", sources, indexDir],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    builder.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
    });
    const exited = new Promise<NodeJS.Signals | null>((r) =>
      builder.on("exit", (_code, signal) => r(signal)),
    );
    await until("the builder to write", () => out.includes("WRITING"), 60_000);
    const partial = generations().filter((g) => existsSync(join(indexDir, g, ".building")));
    expect(partial).toHaveLength(1);
    expect(readFileSync(join(indexDir, partial[0]!, ".building"), "utf8").trim()).toBe(String(builder.pid));
    builder.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");

    // The previous generation is still CURRENT and whole; the service answers as before.
    expect(readCurrent(indexDir)?.path).toBe(before!.path);
    expect(out).not.toContain("FINISHED");
    const a = await answer(QUESTIONS.pudong);
    expect(a.found).toBe(true);
    expect(a.citations.map((c) => c.number)).toEqual([19]);
    expect((await answer(QUESTIONS.qingdao)).found).toBe(false);

    // A source added while the service runs: the watch rebuilds in the background and swaps.
    copyFileSync(join(CORPUS_DIR, CORPUS.qingdao), join(sources, CORPUS.qingdao));
    const q = await until("the new document to be answered", async () => {
      const r = await answer(QUESTIONS.qingdao);
      return r.found ? r : undefined;
    });
    expect(q.citations[0]!.source).toBe(CORPUS.qingdao);
    const after = readCurrent(indexDir);
    expect(after?.path).not.toBe(before!.path);
    expect(Object.keys(after!.manifest.sources)).toContain(CORPUS.qingdao);
    // The killed build's folder is cleared by the next switch.
    expect(generations()).toEqual([after!.path.split("/").pop()]);
  });

  it("reloads on /policy reload from the token holder, answering other requests meanwhile", async () => {
    // Changed bytes force a real build (not a load) of one document.
    const file = join(sources, CORPUS.shanghaiSix);
    writeFileSync(file, `${readFileSync(file, "utf8")}\n`);
    let done = false;
    const reload = answer("/policy reload").finally(() => {
      done = true;
    });
    const waits: number[] = [];
    while (!done) {
      const started = performance.now();
      expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
      waits.push(performance.now() - started);
      await sleep(20);
    }
    const a = await reload;
    expect(a).toMatchObject({ intent: "reload", found: true });
    expect(a.answer).toMatch(/^Reloaded the documents: 3 indexed/);
    // The build ran in a worker thread: the service answered throughout.
    expect(waits.length).toBeGreaterThan(3);
    expect(Math.max(...waits)).toBeLessThan(1500);
    expect(service.output()).not.toContain("index worker:");
  });

  it("keeps the last good index when the sources folder disappears, and picks it up when it is back", async () => {
    const away = `${sources}-away`;
    renameSync(sources, away);
    await until("the log line", () => service.output().includes("has disappeared; still answering"));
    expect((await answer(QUESTIONS.qingdao)).found).toBe(true);
    const reload = await answer("/policy reload");
    expect(reload.found).toBe(false);
    expect(reload.answer).toContain("still answering from the previous index");
    renameSync(away, sources);
    await until("the reload", () => service.output().includes("index reloaded (the sources folder is back)"));
    expect((await answer(QUESTIONS.pudong)).found).toBe(true);
  });

  it("logs JSON lines with request ids, and no secrets or question text", async () => {
    const res = await ask(QUESTIONS.pudong, { "x-request-id": "trace-me-123" });
    expect(res.headers.get("x-request-id")).toBe("trace-me-123");
    await sleep(100);
    const log = service.output();
    for (const secret of NEVER_LOGGED) expect(log, secret).not.toContain(secret);
    for (const question of Object.values(QUESTIONS)) expect(log).not.toContain(question);
    const records = log
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.length).toBeGreaterThan(5);
    const answered = records.filter((r) => r.msg === "question answered");
    expect(answered.length).toBeGreaterThan(3);
    for (const r of answered) expect(r.requestId).toEqual(expect.any(String));
    expect(answered.some((r) => r.requestId === "trace-me-123")).toBe(true);
  });

  it("on SIGTERM lets the reply in flight finish, saves the state, and exits 0", async () => {
    const { port } = new URL(service.url);
    const exit = new Promise<number | null>((r) => service.child.on("exit", (code) => r(code)));
    const body = JSON.stringify({ question: QUESTIONS.inflight, conversation: "inflight-conversation-1" });
    const reply = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request({
        host: "127.0.0.1",
        port: Number(port),
        method: "POST",
        path: "/api/ask",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${API_TOKEN}`,
          "content-length": String(Buffer.byteLength(body)),
        },
      });
      req.on("response", (res) => {
        let text = "";
        res.on("data", (d: Buffer) => {
          text += d.toString();
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on("error", reject);
      // Half the body now; the rest after SIGTERM has arrived.
      const bytes = Buffer.from(body);
      req.write(bytes.subarray(0, 20));
      void until("shutdown to begin", () => service.output().includes("SIGTERM: shutting down")).then(
        async () => {
          await sleep(300);
          expect(service.child.exitCode).toBeNull();
          req.end(bytes.subarray(20));
        },
      );
    });
    await sleep(200);
    service.child.kill("SIGTERM");
    const { status, text } = await reply;
    expect(status).toBe(200);
    const a = JSON.parse(text) as Answer;
    expect(a.question).toBe(QUESTIONS.inflight);
    expect(a.found).toBe(true);
    expect(await exit).toBe(0);
    expect(service.output()).toContain("stopped: every reply in flight was sent and the state is saved");
    expect(readFileSync(join(stateDir, "state.json"), "utf8")).toContain("inflight-conversation-1");
  });
});
