/**
 * Issue 14, findings 1–3 together: a hostile sources folder — a link to a secrets file outside it,
 * a dangling link, a 100 KB page whose head holds a long inline script, a .docx that inflates to
 * 150 MB — leaves the service ready within 90 s, answering from the good files, serving and
 * quoting none of the linked file, and each bad file reported. The engine is built as `npm start`
 * builds it (served-engine.ts: the worker, then a load-only main thread) inside a LiveEngine.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_WORKER_LIMITS } from "../../src/index/build-in-worker.js";
import { LiveEngine } from "../../src/service/live-engine.js";
import { createLogger } from "../../src/service/logger.js";
import { buildServedEngine, type ServedEngine } from "../../src/service/served-engine.js";
import { docxWith } from "../helpers/docx-bomb.js";
import { CORPUS, CORPUS_DIR } from "../helpers/fixtures.js";
import { tempDirs } from "../helpers/temp.js";

const temp = tempDirs("hostile");
const SECRET = "SLACK_BOT_TOKEN=xoxb-123-secret";

/** A ~100 KB page: a minified script of 95 KB in its head, then a real document, a paragraph a line. */
function pageWithLongScript(): string {
  const script = "var a=1;function f(b){return b+a}".repeat(3000);
  const body = readFileSync(join(CORPUS_DIR, CORPUS.pudong), "utf8")
    .split("\n")
    .map((line) => (line.trim() ? `<p>${line.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</p>` : ""))
    .join("\n");
  return `<!doctype html><html><head><title>浦东</title><script>${script}</script></head><body>${body}</body></html>`;
}

async function hostileFolder(): Promise<{ sources: string; indexDir: string }> {
  const root = temp();
  const sources = join(root, "sources");
  mkdirSync(sources);
  mkdirSync(join(root, "private"));
  writeFileSync(join(root, "private", ".env"), `${SECRET}\n`);
  copyFileSync(join(CORPUS_DIR, CORPUS.qingdao), join(sources, CORPUS.qingdao));
  symlinkSync(join(root, "private", ".env"), join(sources, "secrets.txt"));
  symlinkSync("/etc/passwd", join(sources, "passwd.md"));
  symlinkSync(join(root, "private", "missing.txt"), join(sources, "dangling.txt"));
  writeFileSync(join(sources, "pudong.html"), pageWithLongScript());
  writeFileSync(join(sources, "bomb.docx"), await docxWith(["第一条 炸弹。"], 150 * 1024 * 1024));
  return { sources, indexDir: join(root, "index") };
}

function live(sources: string, indexDir: string, limits = {}): LiveEngine<ServedEngine> {
  return new LiveEngine({
    build: () =>
      buildServedEngine({
        sourcesDir: sources,
        indexDir,
        openai: { timeoutMs: 6000, maxRetries: 0 },
        workerLimits: limits,
      }),
    sourcesDir: sources,
    log: createLogger({ level: "silent" }),
  });
}

describe("a hostile sources folder", () => {
  it("is ready within 90 s, answers from the good files, never quotes a linked file and reports each bad one", {
    timeout: 240_000,
  }, async () => {
    const { sources, indexDir } = await hostileFolder();
    const engine = live(sources, indexDir);
    const t0 = performance.now();
    const served = await engine.start();
    const seconds = (performance.now() - t0) / 1000;
    expect(engine.ready()).toBe(true);
    expect(seconds).toBeLessThan(90);
    expect(served.built.docs.map((d) => d.source).sort()).toEqual(["pudong.html", CORPUS.qingdao]);
    expect(served.built.problems.map((p) => [p.source, p.code])).toEqual([
      ["bomb.docx", "over-budget"],
      ["dangling.txt", "link"],
      ["passwd.md", "link"],
      ["secrets.txt", "link"],
    ]);
    // The page is read whole, as its text version is (tests/ingest/html.test.ts).
    const page = served.built.docs.find((d) => d.source === "pudong.html")!;
    expect(page.measures).toHaveLength(25);
    expect(page.measures[12]!.leads.map((l) => l.name)).toEqual(["邱继刚", "花梅", "蔡叶罡", "胡冬吉"]);
    expect((await engine.ask("浦东应急2021年工作要点第17项由谁牵头?")).answer).toContain("贾德荣");
    for (const q of [
      "SLACK_BOT_TOKEN是什么?",
      "What is the SLACK_BOT_TOKEN?",
      "root:x:0:0",
      "/policy sources",
    ]) {
      const a = await engine.ask(q);
      const said = `${a.answer}\n${a.citations.map((c) => `${c.source} ${c.quote}`).join("\n")}`;
      expect(said, q).not.toMatch(/xoxb|root:x:0|secrets\.txt.*SLACK/);
      expect(
        a.citations.every((c) => c.source !== "secrets.txt" && c.source !== "passwd.md"),
        q,
      ).toBe(true);
    }
    // The source view serves only indexed documents: never the linked file.
    expect(() => served.kb.source("secrets.txt")).toThrow();
    // A reload (the watched folder changed) keeps serving; the hostile files stay skipped.
    expect(await engine.reload("test")).toMatchObject({ status: "swapped", documents: 2 });
  });

  it("keeps the last good index when a build fails, and never builds in the main thread", {
    timeout: 120_000,
  }, async () => {
    const root = temp();
    const sources = join(root, "sources");
    mkdirSync(sources);
    copyFileSync(join(CORPUS_DIR, CORPUS.pudong), join(sources, CORPUS.pudong));
    // A build that cannot finish in its time: the worker is stopped and nothing runs here instead.
    const failing = live(sources, join(root, "index"), { ...DEFAULT_WORKER_LIMITS, buildTimeoutMs: 50 });
    await expect(failing.start()).rejects.toThrow(/index worker could not build the index: .*longer than/);
    expect(failing.ready()).toBe(false);
    expect(failing.lastFailure).toMatch(/longer than/);
    expect(existsSync(join(root, "index"))).toBe(false);
  });
});
