import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Answer } from "../../src/types.js";
import { CORPUS, engineOver } from "../answer/engine-helpers.js";
import { startWebService, type WebService } from "../helpers/browser.js";
import { tempDirs } from "../helpers/temp.js";

const newDir = tempDirs("web-chat-sources");

function unescapeHtml(html: string): string {
  return html
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

describe("source view over the corpus, with the real engine", () => {
  let svc: WebService;
  beforeAll(async () => {
    const engine = await engineOver(CORPUS);
    const texts = new Map(engine.built.docs.map((d) => [d.source, engine.kb.source(d.source).text]));
    svc = await startWebService({ engine, texts, stateDir: join(newDir(), "state") });
  });
  afterAll(() => svc.close());

  it("highlights exactly each citation's quote, at its offsets", async () => {
    const res = await fetch(`${svc.url}/api/ask`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ question: "第17项措施由谁牵头？" }),
    });
    const answer = (await res.json()) as Answer;
    expect(answer.citations.length).toBeGreaterThan(1);
    for (const c of answer.citations) {
      const page = await fetch(
        `${svc.url}/sources/${encodeURIComponent(c.source)}?start=${c.start}&end=${c.end}`,
      );
      expect(page.status).toBe(200);
      const html = await page.text();
      const m = /<pre class="source-text">([\s\S]*?)<mark id="quote">([\s\S]*?)<\/mark>/.exec(html);
      expect(m, c.source).not.toBeNull();
      expect(unescapeHtml(m![2]!)).toBe(c.quote);
      expect(unescapeHtml(m![1]!).length).toBe(c.start);
    }
  });
});
