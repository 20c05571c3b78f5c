/**
 * POST /api/export over the real engine (the corpus): the digest and table answers as files with
 * the right Content-Type and Content-Disposition, read back; and the same checks as /api/ask.
 */
import type http from "node:http";
import type { AddressInfo } from "node:net";
import mammoth from "mammoth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BuiltEngine } from "../../src/answer/engine.js";
import { createServer, type ServerOptions } from "../../src/service/http.js";
import { CORPUS, engineOver } from "../answer/engine-helpers.js";
import { parseCsv } from "../helpers/csv.js";

const DALIAN = "dalian-2017-benchmark-shanghai.txt";
let engine: BuiltEngine;
const servers: http.Server[] = [];

beforeAll(async () => {
  engine = await engineOver(CORPUS);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

async function start(options: Partial<ServerOptions> = {}): Promise<string> {
  const { server } = createServer({ engine, ready: () => true, ...options });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function post(base: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${base}/api/export`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

describe("POST /api/export", () => {
  it("sends a digest as CSV with a BOM, holding every measure and lead", async () => {
    const base = await start();
    const res = await post(base, { question: "/policy digest 大连", format: "csv" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const disposition = res.headers.get("content-disposition")!;
    expect(disposition).toMatch(/^attachment; filename="policybot-digest\.csv"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("''")[1]!)).toBe(`${engine.kb.doc(DALIAN)!.title}-摘要.csv`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(bytes.toString("utf8").slice(1));
    const doc = engine.kb.doc(DALIAN)!;
    expect(rows.slice(1).map((r) => r[0])).toEqual(doc.measures.map((m) => String(m.number)));
    for (const m of doc.measures) {
      const row = rows.find((r) => r[0] === String(m.number))!;
      for (const lead of m.leads) expect(row[2]).toContain(lead.name);
      expect(row[5]).toContain(engine.kb.source(DALIAN).text.slice(m.start, m.end));
    }
  });

  it("sends a responsibility table as Word and as Markdown", async () => {
    const base = await start();
    const docx = await post(base, { question: "列出浦东各同志牵头的工作", format: "docx" });
    expect(docx.status).toBe(200);
    expect(docx.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    );
    const { value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(await docx.arrayBuffer()) });
    expect(html).toContain("<h1>浦东新区应急管理局2021年安全生产监督管理工作要点</h1>");
    for (const name of ["唐林芳", "邱继刚", "花梅", "蔡叶罡", "胡冬吉", "贾德荣"])
      expect(html).toContain(name);
    expect(html).toContain("13（分别牵头负责）");
    const md = await post(base, { question: "/policy table 大连", format: "md", conversation: "x1" });
    expect(md.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(await md.text()).toContain(
      "| 规划科技处 | 19、20、21、22、23、24、34 | 7 | [19] [20] [21] [22] [23] [24] [34] |",
    );
  });

  it("refuses what it cannot export with a clear error, like /api/ask", async () => {
    const base = await start({ apiToken: "s3cret", rateLimitPerMinute: 3 });
    const auth = { Authorization: "Bearer s3cret" };
    expect((await post(base, { question: "/policy digest 大连", format: "csv" })).status).toBe(401);
    const notTable = await post(base, { question: "第17项措施由谁牵头?", format: "csv" }, auth);
    expect(notTable.status).toBe(422);
    expect(((await notTable.json()) as { error: { code: string } }).error.code).toBe("not_exportable");
    const badFormat = await post(base, { question: "/policy digest 大连", format: "pdf" }, auth);
    expect(badFormat.status).toBe(400);
    expect(((await badFormat.json()) as { error: { message: string } }).error.message).toContain(
      '"md", "csv", "docx"',
    );
    expect((await post(base, { format: "md" }, auth)).status).toBe(400);
    expect((await post(base, "{", auth)).status).toBe(400);
    const wrongType = await fetch(`${base}/api/export`, { method: "POST", headers: auth, body: "x" });
    expect(wrongType.status).toBe(415);
    expect((await fetch(`${base}/api/export`, { headers: auth })).status).toBe(405);
    // The rate limit (3 a minute here) counts valid requests: one above, two more pass, the next waits.
    for (let i = 0; i < 2; i++) {
      expect((await post(base, { question: "/policy digest 大连", format: "md" }, auth)).status).toBe(200);
    }
    const limited = await post(base, { question: "/policy digest 大连", format: "md" }, auth);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
  });
});
