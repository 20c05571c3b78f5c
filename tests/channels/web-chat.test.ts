import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnswerEngine } from "../../src/answer/engine-interface.js";
import { escapeHtml, parseQuoteRange } from "../../src/service/source-view.js";
import type { Answer } from "../../src/types.js";
import { startWebService, type WebService } from "../helpers/browser.js";
import { tempDirs } from "../helpers/temp.js";

const newDir = tempDirs("web-chat");

/** A text with every character that must be escaped, and a quote in the middle. */
const TRICKY = `标题 <script>window.__x=1</script> & "quotes" 'single'\n第17项：<b>加强</b>监管（办公室）。\n结尾 </pre><img src=x onerror=alert(1)>`;
const QUOTE = "第17项：<b>加强</b>监管（办公室）。";
const START = TRICKY.indexOf(QUOTE);
const END = START + QUOTE.length;

const texts = new Map([
  ["tricky.txt", TRICKY],
  ["道路交通方案.txt", "道路交通安全工作方案\n一、总体要求"],
]);

function fakeEngine(): AnswerEngine {
  return {
    ask: (question: string): Promise<Answer> =>
      Promise.resolve({
        question,
        language: "zh",
        intent: "lead_of_measure",
        found: true,
        answer: "第17项由**办公室**负责[1]。",
        citations: [
          { id: 1, source: "tricky.txt", title: "t", section: "s", quote: QUOTE, start: START, end: END },
        ],
      }),
  };
}

function unescapeHtml(html: string): string {
  return html
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

describe("web chat without API_TOKEN", () => {
  let svc: WebService;
  let stateDir: string;
  beforeAll(async () => {
    stateDir = join(newDir(), "state");
    svc = await startWebService({ engine: fakeEngine(), texts, stateDir });
  });
  afterAll(() => svc.close());

  it("serves the page with its own strict CSP and no inline script", async () => {
    const res = await fetch(`${svc.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("unsafe-eval");
    const html = await res.text();
    expect(html).toContain('<script src="/web/chat.js"');
    expect(html).not.toMatch(/<script>|<script[^>]*>[^<]+<\/script>|\son\w+=/i);
  });

  it("serves the assets, and 404 for anything else under /web/", async () => {
    const js = await fetch(`${svc.url}/web/chat.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toMatch(/^text\/javascript/);
    const source = await js.text();
    expect(source).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/);
    expect((await fetch(`${svc.url}/web/chat.css`)).status).toBe(200);
    for (const bad of ["index.html", "..%2Fweb-chat.ts", "constructor", "__proto__"]) {
      expect((await fetch(`${svc.url}/web/${bad}`)).status).toBe(404);
    }
  });

  it("shows a source with every character escaped and the quote marked at the citation's offsets", async () => {
    const res = await fetch(`${svc.url}/sources/tricky.txt?start=${START}&end=${END}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).not.toContain("<script>window");
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("<b>");
    expect(html).toContain(
      "&lt;script&gt;window.__x=1&lt;/script&gt; &amp; &quot;quotes&quot; &#39;single&#39;",
    );
    const pre = /<pre class="source-text">([\s\S]*)<\/pre>\n<\/body>/.exec(html)?.[1] ?? "";
    const marked = /^([\s\S]*)<mark id="quote">([\s\S]*)<\/mark>([\s\S]*)$/.exec(pre);
    expect(marked).not.toBeNull();
    const [, before, quote, after] = marked!;
    expect(unescapeHtml(quote!)).toBe(QUOTE);
    expect(unescapeHtml(before!).length).toBe(START);
    expect(unescapeHtml(before!) + unescapeHtml(quote!) + unescapeHtml(after!)).toBe(TRICKY);
  });

  it("shows a source without offsets unmarked, and a Chinese file name by its encoded path", async () => {
    const plain = await fetch(`${svc.url}/sources/tricky.txt`);
    expect(plain.status).toBe(200);
    expect(await plain.text()).not.toContain("<mark");
    const zh = await fetch(`${svc.url}/sources/${encodeURIComponent("道路交通方案.txt")}?start=0&end=4`);
    expect(zh.status).toBe(200);
    expect(await zh.text()).toContain('<mark id="quote">道路交通</mark>');
  });

  it("refuses files outside the indexed sources (404 with the error body)", async () => {
    for (const path of [
      "..%2F..%2Fpackage.json",
      "%2Fetc%2Fpasswd",
      "../package.json",
      "tricky.txt%00",
      "TRICKY.txt",
      "tricky.txt%2F",
      "%E0%A4%A",
      "nope.txt",
    ]) {
      const res = await fetch(`${svc.url}/sources/${path}`);
      expect(res.status, path).toBe(404);
      const body = (await res.json()) as { error: { code: string } };
      expect(body.error.code).toBe("not_found");
    }
  });

  it("answers 400 for bad offsets", async () => {
    const len = TRICKY.length;
    for (const q of [
      "start=1",
      "end=5",
      "start=-1&end=5",
      "start=5&end=5",
      "start=6&end=5",
      `start=0&end=${len + 1}`,
      "start=1.5&end=3",
      "start=a&end=3",
      "start=1&start=2&end=5",
      "start=&end=",
      "start=0x1&end=3",
    ]) {
      const res = await fetch(`${svc.url}/sources/tricky.txt?${q}`);
      expect(res.status, q).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
    }
    expect((await fetch(`${svc.url}/sources/tricky.txt?start=0&end=${len}`)).status).toBe(200);
  });

  it("stores feedback as JSON lines and validates it", async () => {
    const post = (body: unknown, type = "application/json") =>
      fetch(`${svc.url}/api/feedback`, {
        method: "POST",
        headers: { "content-type": type },
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
    const good = { question: "第17项措施由谁牵头？", answer: "办公室 [1]", conversation: "c-1", vote: "up" };
    expect((await post(good)).status).toBe(201);
    expect((await post({ ...good, vote: "down", conversation: undefined })).status).toBe(201);
    for (const bad of [
      { ...good, vote: "meh" },
      { ...good, question: "" },
      { ...good, answer: 3 },
      { ...good, question: "x".repeat(2001) },
      { ...good, conversation: 5 },
      { ...good, extra: 1 },
      [good],
      "null",
      "{not json",
      "",
    ]) {
      const res = await post(bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
    }
    expect((await post(good, "text/plain")).status).toBe(415);
    expect((await fetch(`${svc.url}/api/feedback`)).status).toBe(405);
    const lines = readFileSync(join(stateDir, "feedback.jsonl"), "utf8").trim().split("\n");
    expect(lines).toHaveLength(2);
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records[0]).toMatchObject(good);
    expect(records[1]).toMatchObject({ question: good.question, answer: good.answer, vote: "down" });
    expect(records[1]!.conversation).toBeUndefined();
    expect(Number.isNaN(Date.parse(String(records[0]!.time)))).toBe(false);
  });

  it("sends /login home when no token is configured", async () => {
    const res = await fetch(`${svc.url}/login?token=x`, { redirect: "manual" });
    expect(res.status).toBe(303);
    expect(res.headers.get("set-cookie")).toBeNull();
  });
});

describe("web chat with API_TOKEN", () => {
  const token = "s3cret-token";
  let svc: WebService;
  beforeAll(async () => {
    svc = await startWebService({
      engine: fakeEngine(),
      texts,
      stateDir: join(newDir(), "state"),
      apiToken: token,
    });
  });
  afterAll(() => svc.close());

  const feedback = (headers: Record<string, string>) =>
    fetch(`${svc.url}/api/feedback`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ question: "q", answer: "a", vote: "up" }),
    });
  const ask = (headers: Record<string, string>) =>
    fetch(`${svc.url}/api/ask`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ question: "第17项措施由谁牵头？" }),
    });

  it("refuses the page, the sources, feedback and /api/ask without it", async () => {
    const page = await fetch(`${svc.url}/`);
    expect(page.status).toBe(401);
    const html = await page.text();
    expect(html).toContain('action="/login"');
    expect(html).not.toContain("chat.js");
    expect((await fetch(`${svc.url}/sources/tricky.txt`)).status).toBe(401);
    expect((await feedback({})).status).toBe(401);
    expect((await ask({})).status).toBe(401);
    const wrong = { authorization: "Bearer nope", cookie: "policybot_login=nope" };
    expect((await fetch(`${svc.url}/`, { headers: wrong })).status).toBe(401);
    expect((await fetch(`${svc.url}/sources/tricky.txt`, { headers: wrong })).status).toBe(401);
    expect((await feedback(wrong)).status).toBe(401);
    expect((await ask(wrong)).status).toBe(401);
  });

  it("accepts the bearer header everywhere", async () => {
    const auth = { authorization: `Bearer ${token}` };
    expect((await fetch(`${svc.url}/`, { headers: auth })).status).toBe(200);
    expect((await fetch(`${svc.url}/sources/tricky.txt`, { headers: auth })).status).toBe(200);
    expect((await feedback(auth)).status).toBe(201);
    expect((await ask(auth)).status).toBe(200);
  });

  it("logs in with the token: an HttpOnly, SameSite=Strict cookie that is not the token itself", async () => {
    const bad = await fetch(`${svc.url}/login?token=wrong`, { redirect: "manual" });
    expect(bad.status).toBe(401);
    expect(bad.headers.get("set-cookie")).toBeNull();
    const form = await fetch(`${svc.url}/login`);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('name="token"');

    const res = await fetch(`${svc.url}/login?token=${token}`, { redirect: "manual" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/");
    const setCookie = res.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toContain(token);
    const cookie = { cookie: setCookie.split(";")[0]! };
    expect((await fetch(`${svc.url}/`, { headers: cookie })).status).toBe(200);
    expect((await fetch(`${svc.url}/sources/tricky.txt`, { headers: cookie })).status).toBe(200);
    expect((await feedback(cookie)).status).toBe(201);
    expect((await ask(cookie)).status).toBe(200);

    const posted = await fetch(`${svc.url}/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `token=${encodeURIComponent(token)}`,
      redirect: "manual",
    });
    expect(posted.status).toBe(303);
    expect(posted.headers.get("set-cookie")).toBe(setCookie);
  });
});

describe("source view helpers", () => {
  it("escapes the five HTML characters", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });

  it("parses ranges strictly", () => {
    expect(parseQuoteRange({}, 10)).toBeNull();
    expect(parseQuoteRange({ start: "0", end: "10" }, 10)).toEqual({ start: 0, end: 10 });
    expect(() => parseQuoteRange({ start: "0", end: "11" }, 10)).toThrow(/start < end/);
    expect(() => parseQuoteRange({ start: ["1"], end: "2" }, 10)).toThrow(/whole numbers/);
  });
});
