/**
 * The web chat in a real browser: playwright-core driving Debian's Chromium against the service
 * with the real engine over the corpus. Screenshots go to tests/artifacts/ (gitignored).
 * Skipped, with a message, only when /usr/bin/chromium is missing (`.ci/run` installs it).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import mammoth from "mammoth";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BuiltEngine } from "../../src/answer/engine.js";
import { CORPUS, engineOver } from "../answer/engine-helpers.js";
import {
  ARTIFACTS_DIR,
  CHROMIUM_PATH,
  hasChromium,
  launchChromium,
  startWebService,
  type WebService,
} from "../helpers/browser.js";
import { parseCsv } from "../helpers/csv.js";
import { startService } from "../helpers/service-process.js";
import { tempDirs } from "../helpers/temp.js";

const newDir = tempDirs("browser");
const QUESTION = "第17项措施由谁牵头？";
/** Read in the page (the tests are compiled without the DOM library, so page code is a string). */
const CONVERSATION = "sessionStorage.getItem('policybot.conversation')";
const XSS = '<img src=x onerror="window.__xss=1">第17项措施由谁牵头？';

if (!hasChromium) {
  console.warn(
    `SKIPPED the browser test: ${CHROMIUM_PATH} does not exist. ` +
      "Install it with `apt-get install -y chromium fonts-noto-cjk` (.ci/run does this in CI).",
  );
}

describe.skipIf(!hasChromium)(`web chat in Chromium (needs ${CHROMIUM_PATH})`, () => {
  let engine: BuiltEngine;
  let svc: WebService;
  let stateDir: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    engine = await engineOver(CORPUS);
    stateDir = join(newDir(), "state");
    // The page as `npm start` serves it: src/main.ts in its own process.
    const service = await startService({
      SOURCES_DIR: CORPUS,
      INDEX_DIR: join(newDir(), "index"),
      STATE_DIR: stateDir,
    });
    svc = { url: service.url, close: async () => service.stop() };
    browser = await launchChromium();
    context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1100, height: 900 } });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await svc?.close();
  });

  const shot = (p: Page, name: string) => p.screenshot({ path: join(ARTIFACTS_DIR, name), fullPage: false });
  const botAnswers = () => page.locator(".msg.bot:not(.typing):not(.welcome)");

  it("opens with Chinese UI text and suggested questions", async () => {
    await page.goto(svc.url);
    await expect.poll(() => page.locator(".chip").count()).toBeGreaterThan(2);
    expect(await page.locator(".chip").first().textContent()).toBe(QUESTION);
    expect(await page.locator("#send").textContent()).toBe("发送");
    expect(await page.evaluate<string | null>(CONVERSATION)).toMatch(/^[0-9a-f-]{36}$/);
    await shot(page, "web-chat-open.png");
  });

  it("asks, shows the answer with a citation, and expands it", async () => {
    const expected = await engine.ask(QUESTION);
    await page.fill("#question", QUESTION);
    await page.click("#send");
    await botAnswers().first().waitFor();
    const answer = botAnswers().first();
    expect(await answer.locator(".answer").textContent()).toContain("办公室");
    const markers = answer.locator(".answer .cite");
    expect(await markers.count()).toBeGreaterThan(0);
    expect(await answer.locator(".answer strong").count()).toBeGreaterThan(0);
    // Asked over the web adapter's websocket, not POST /api/ask.
    expect(await answer.getAttribute("data-via")).toBe("socket");

    await markers.first().click();
    const open = answer.locator("details.citation[open]");
    await open.waitFor();
    const first = expected.citations[0]!;
    expect(await open.locator(".cite-quote").textContent()).toBe(first.quote);
    expect(await open.locator(".cite-doc").textContent()).toContain(first.title);
    expect(await open.locator(".cite-section").textContent()).toContain(first.section);
    await shot(page, "web-chat-answer.png");
  });

  it("opens the source view with the quote highlighted and scrolled into view", async () => {
    const first = (await engine.ask(QUESTION)).citations[0]!;
    const link = botAnswers().first().locator("details.citation[open] .cite-link");
    expect(await link.getAttribute("href")).toBe(
      `/sources/${encodeURIComponent(first.source)}?start=${first.start}&end=${first.end}#quote`,
    );
    const [source] = await Promise.all([context.waitForEvent("page"), link.click()]);
    await source.waitForLoadState("load");
    const mark = source.locator("mark#quote");
    expect(await mark.textContent()).toBe(first.quote);
    await expect
      .poll(() =>
        source.evaluate<boolean>(
          "(() => { const r = document.getElementById('quote').getBoundingClientRect(); " +
            "return r.top >= 0 && r.top < window.innerHeight; })()",
        ),
      )
      .toBe(true);
    const background = await source.evaluate<string>(
      "getComputedStyle(document.getElementById('quote')).backgroundColor",
    );
    expect(background).not.toBe("rgba(0, 0, 0, 0)");
    await shot(source, "web-chat-source.png");
    await source.close();
  });

  it("sends 👍 feedback, stored with the question and the answer", async () => {
    const answer = botAnswers().first();
    await answer.locator(".vote-up").click();
    await expect.poll(() => answer.locator(".feedback-status").textContent()).toBe("感谢反馈！");
    const lines = readFileSync(join(stateDir, "feedback.jsonl"), "utf8").trim().split("\n");
    const record = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
    expect(record).toMatchObject({ question: QUESTION, vote: "up" });
    expect(String(record.answer)).toContain("办公室");
    expect(record.conversation).toBe(await page.evaluate<string | null>(CONVERSATION));
  });

  it("shows a question with markup as text and runs no script", async () => {
    await page.fill("#question", XSS);
    await page.click("#send");
    await expect.poll(() => botAnswers().count()).toBe(2);
    expect(await page.evaluate<unknown>("window.__xss")).toBeUndefined();
    expect(await page.locator("#log img").count()).toBe(0);
    expect(await page.locator(".msg.user").last().textContent()).toBe(XSS);
    await page.locator(".msg.user").last().scrollIntoViewIfNeeded();
    await shot(page, "web-chat-xss.png");
  });

  it("falls back to POST /api/ask when there is no websocket", async () => {
    const texts = new Map(engine.built.docs.map((d) => [d.source, engine.kb.source(d.source).text]));
    const plain = await startWebService({ engine, texts, stateDir, socket: false });
    const other = await context.newPage();
    try {
      await other.goto(plain.url);
      await other.fill("#question", QUESTION);
      await other.click("#send");
      const answer = other.locator(".msg.bot:not(.typing):not(.welcome)").first();
      await answer.waitFor();
      expect(await answer.getAttribute("data-via")).toBe("http");
      expect(await answer.locator(".answer .cite").count()).toBeGreaterThan(0);
    } finally {
      await other.close();
      await plain.close();
    }
  });

  it("downloads a digest as CSV and Word, with every measure and lead, and shows tables", async () => {
    const digest = "/policy digest 大连";
    const expected = await engine.ask(digest);
    const doc = engine.kb.doc("dalian-2017-benchmark-shanghai.txt")!;
    await page.fill("#question", digest);
    await page.click("#send");
    await expect.poll(() => botAnswers().count()).toBe(3);
    const answer = botAnswers().nth(2);
    await answer.locator(".exports .export-csv").waitFor();
    await answer.locator(".exports").scrollIntoViewIfNeeded();
    await shot(page, "web-chat-digest.png");

    const [csvDownload] = await Promise.all([
      page.waitForEvent("download"),
      answer.locator(".export-csv").click(),
    ]);
    expect(csvDownload.suggestedFilename()).toBe(`${doc.title}-摘要.csv`);
    const csvBytes = readFileSync((await csvDownload.path())!);
    expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(csvBytes.toString("utf8").slice(1));
    expect(rows.slice(1).map((r) => r[0])).toEqual(doc.measures.map((m) => String(m.number)));
    for (const m of doc.measures) {
      const row = rows.find((r) => r[0] === String(m.number))!;
      for (const lead of m.leads) expect(row[2]).toContain(lead.name);
    }

    const [docxDownload] = await Promise.all([
      page.waitForEvent("download"),
      answer.locator(".export-docx").click(),
    ]);
    expect(docxDownload.suggestedFilename()).toBe(`${doc.title}-摘要.docx`);
    const buffer = readFileSync((await docxDownload.path())!);
    const { value: html } = await mammoth.convertToHtml({ buffer });
    expect(html).toContain(`<h1>${doc.title}</h1>`);
    const cells = [...html.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) =>
      [...m[1]!.matchAll(/<t[dh]>(.*?)<\/t[dh]>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, "")),
    );
    expect(cells.slice(1).map((r) => r[0])).toEqual(doc.measures.map((m) => String(m.number)));
    for (const m of doc.measures) {
      const row = cells.find((r) => r[0] === String(m.number))!;
      for (const lead of m.leads) expect(row[2]).toContain(lead.name);
    }
    // Every quote of the answer is in the Word file's sources section.
    const { value: text } = await mammoth.extractRawText({ buffer });
    for (const c of expected.citations) {
      for (const line of c.quote.split(/\r?\n/).filter((l) => l.trim())) expect(text).toContain(line);
    }

    // A responsibility table is shown as a table (text only, no markup from the answer).
    await page.fill("#question", "列出浦东各同志牵头的工作");
    await page.click("#send");
    await expect.poll(() => botAnswers().count()).toBe(4);
    const table = botAnswers().nth(3).locator(".answer table.md-table");
    await table.waitFor();
    expect(await table.locator("th").first().textContent()).toBe("责任方");
    expect(await table.locator("tr").count()).toBe(7);
    expect(await table.locator("tr").nth(5).locator("td").nth(1).textContent()).toBe(
      "13（分别牵头负责）；14、23（牵头负责）",
    );
    await table.scrollIntoViewIfNeeded();
    await shot(page, "web-chat-table.png");
  });
});
