/**
 * Source files that are empty, binary, GBK-encoded or very large: each is indexed or skipped with
 * a clear problem, and the rest of the folder is answered as usual.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/answer/engine.js";
import { looksBinary } from "../../src/ingest/binary.js";
import { readSources } from "../../src/ingest/read-sources.js";
import { CORPUS, CORPUS_DIR } from "../helpers/fixtures.js";
import { tempDirs } from "../helpers/temp.js";

const temp = tempDirs("bad-sources");

/** Bytes of a small PNG-like binary: a header, NULs and every byte value. */
function binaryBytes(): Buffer {
  const body = Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 131) % 256));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), body]);
}

const GBK_PLAN = [
  "某县2023年消防安全工作方案",
  "一、重点任务",
  "1.开展电动自行车火灾隐患整治。(县消防救援大队、县住建局)",
  "2.加强高层建筑消防设施检查。(县应急管理局)",
].join("\n");

describe("bad source files", () => {
  it("skips an empty and a binary file with a clear problem, and answers from a GBK file", async () => {
    const dir = temp();
    writeFileSync(join(dir, "empty.txt"), "");
    writeFileSync(join(dir, "blank.md"), " \n\t\n");
    writeFileSync(join(dir, "image.txt"), binaryBytes());
    writeFileSync(join(dir, "gbk.txt"), iconv.encode(GBK_PLAN, "gbk"));
    const { sources, problems } = await readSources(dir);
    expect(sources.map((s) => [s.source, s.encoding])).toEqual([["gbk.txt", "gb18030"]]);
    expect(problems).toEqual([
      { source: "blank.md", code: "empty", message: "skipped: the file has no text" },
      { source: "empty.txt", code: "empty", message: "skipped: the file has no text" },
      { source: "image.txt", code: "binary", message: "skipped: the file is binary, not text" },
    ]);
    const e = await createEngine({ sourcesDir: dir, indexDir: join(temp(), "index") });
    const a = await e.ask("某县消防方案第2项由谁牵头?");
    expect(a.found).toBe(true);
    expect(a.answer).toContain("县应急管理局");
    for (const c of a.citations) expect(c.quote).toBe(GBK_PLAN.slice(c.start, c.end));
  });

  it("does not take real documents, UTF-16 or a few stray control characters for binary", () => {
    for (const file of Object.values(CORPUS)) {
      expect(looksBinary(readFileSync(join(CORPUS_DIR, file), "utf8")), file).toBe(false);
    }
    expect(looksBinary(`一、总则\f\u0007${"正文".repeat(200)}`)).toBe(false);
    expect(looksBinary("")).toBe(false);
    expect(looksBinary(`正文\u0000正文`)).toBe(true);
  });

  it("indexes a 5 MB document and answers from it", { timeout: 120_000 }, async () => {
    const dir = temp();
    const base = readFileSync(join(CORPUS_DIR, CORPUS.dalian), "utf8");
    const copies = Math.ceil((5 * 1024 * 1024) / Buffer.byteLength(base));
    writeFileSync(join(dir, "big.txt"), `${base}\n`.repeat(copies));
    const e = await createEngine({ sourcesDir: dir, indexDir: join(temp(), "index") });
    expect(e.built.problems).toEqual([]);
    expect(e.kb.source("big.txt").text.length).toBeGreaterThan(1_500_000);
    const a = await e.ask("第17项由谁牵头?");
    expect(a.found).toBe(true);
    expect(a.answer).toContain("办公室");
  });
});
