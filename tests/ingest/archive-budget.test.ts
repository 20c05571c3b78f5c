/**
 * Finding 2 of issue 14: a small .docx whose word/document.xml inflates to 150 MB is refused from
 * its ZIP directory before anything is inflated, with a problem that says why; one that lies about
 * its sizes is refused by the ZIP reader; an ordinary .docx is still read.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { extractDocx } from "../../src/ingest/docx.js";
import { readSources } from "../../src/ingest/read-sources.js";
import { checkArchiveBudget, zipEntries } from "../../src/ingest/zip-budget.js";
import { docxWith } from "../helpers/docx-bomb.js";
import { tempDirs } from "../helpers/temp.js";

const temp = tempDirs("archive");
const RULE = "第一条 本办法由市财政局负责解释。";
let bomb: Buffer;

beforeAll(async () => {
  bomb = await docxWith([RULE], 150 * 1024 * 1024);
}, 120_000);

describe("archive budget (finding 2)", () => {
  it("refuses a .docx that would inflate to 150 MB before parsing it", async () => {
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(zipEntries(bomb).find((e) => e.name === "word/document.xml")?.uncompressed).toBe(
      150 * 1024 * 1024,
    );
    const t0 = performance.now();
    await expect(extractDocx(bomb)).rejects.toMatchObject({
      code: "over-budget",
      message: expect.stringMatching(/word\/document\.xml would inflate \d+ times \(150 MB\)/),
    });
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it("reports the bomb as a problem of the folder and reads the rest", async () => {
    const dir = temp();
    writeFileSync(join(dir, "bomb.docx"), bomb);
    writeFileSync(join(dir, "ok.docx"), await docxWith([RULE]));
    const { sources, problems } = await readSources(dir);
    expect(sources.map((s) => [s.source, s.text])).toEqual([["ok.docx", `${RULE}\n`]]);
    expect(problems).toMatchObject([{ source: "bomb.docx", code: "over-budget" }]);
  });

  it("refuses a total over the budget, and a .docx that lies about its sizes", async () => {
    const small = await docxWith([RULE], 2 * 1024 * 1024);
    expect(() =>
      checkArchiveBudget(small, { maxUncompressedBytes: 1024 * 1024, maxRatio: 1e9, maxEntries: 100 }),
    ).toThrow(/would inflate to 2 MB \(at most 1 MB is read\)/);
    const liar = await docxWith([RULE], 20 * 1024 * 1024, true);
    await expect(extractDocx(liar)).rejects.toMatchObject({ code: "corrupt" });
  }, 60_000);
});
