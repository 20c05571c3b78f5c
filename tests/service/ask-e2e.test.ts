/** The real engine behind the real server: POST /api/ask answers with cited, verbatim quotes. */
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer } from "../../src/service/http.js";
import type { Answer } from "../../src/types.js";
import { CORPUS, engineOver } from "../answer/engine-helpers.js";

let base = "";
let close: () => void = () => {};
let text: (source: string) => string;

beforeAll(async () => {
  const engine = await engineOver(CORPUS);
  text = (source) => engine.kb.source(source).text;
  const { server } = createServer({ engine, ready: () => true });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());

const ask = (body: unknown) =>
  fetch(`${base}/api/ask`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("POST /api/ask with the real engine", () => {
  it("answers who leads measure 17, with verbatim citations, and keeps the conversation", async () => {
    const res = await ask({ question: "浦东第十七项由谁牵头?", conversation: "e2e" });
    expect(res.status).toBe(200);
    const a = (await res.json()) as Answer;
    expect(a.found).toBe(true);
    expect(a.answer).toContain("贾德荣");
    for (const c of a.citations) expect(c.quote).toBe(text(c.source).slice(c.start, c.end));
    const next = (await (await ask({ question: "那第十八项呢?", conversation: "e2e" })).json()) as Answer;
    expect(next.citations.map((c) => c.number)).toEqual([18]);
  });

  it("says found: false for a document it does not hold", async () => {
    const a = (await (await ask({ question: "北京市2020年安全生产工作要点第5项谁负责?" })).json()) as Answer;
    expect(a.found).toBe(false);
  });
});
