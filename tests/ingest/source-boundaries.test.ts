/**
 * Finding 3 of issue 14: a symbolic link in the sources folder — to a secrets file outside it, or
 * dangling — is never followed: it is reported as a problem and skipped, and the rest is read.
 */
import { copyFileSync, mkdirSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readSources } from "../../src/ingest/read-sources.js";
import { pathInside, readSourceFile } from "../../src/ingest/source-files.js";
import { CORPUS, CORPUS_DIR } from "../helpers/fixtures.js";
import { tempDirs } from "../helpers/temp.js";

const temp = tempDirs("boundaries");

/** A sources folder with one document, a link to a secrets file outside and a dangling link. */
function folderWithLinks(): { dir: string; outside: string } {
  const root = temp();
  const outside = join(root, "outside");
  const dir = join(root, "sources");
  mkdirSync(outside);
  mkdirSync(dir);
  writeFileSync(join(outside, ".env"), "SLACK_BOT_TOKEN=xoxb-very-secret\n");
  copyFileSync(join(CORPUS_DIR, CORPUS.pudong), join(dir, CORPUS.pudong));
  symlinkSync(join(outside, ".env"), join(dir, "env.txt"));
  symlinkSync("../outside/.env", join(dir, "relative.md"));
  symlinkSync(join(outside, "gone.txt"), join(dir, "dangling.txt"));
  return { dir, outside };
}

describe("sources folder boundaries (finding 3)", () => {
  it("reports links (to a secret outside the folder, dangling) as problems and reads the rest", async () => {
    const { dir } = folderWithLinks();
    const { sources, problems } = await readSources(dir);
    expect(sources.map((s) => s.source)).toEqual([CORPUS.pudong]);
    expect(sources.some((s) => s.text.includes("xoxb"))).toBe(false);
    expect(problems.map((p) => [p.source, p.code])).toEqual([
      ["dangling.txt", "link"],
      ["env.txt", "link"],
      ["relative.md", "link"],
    ]);
    expect(problems[0]!.message).toMatch(/symbolic link.*not followed/);
  });

  it("does not follow a file swapped for a link after the folder was listed", () => {
    const { dir, outside } = folderWithLinks();
    writeFileSync(join(dir, "swap.txt"), "正文");
    renameSync(join(dir, "swap.txt"), join(outside, "swap.txt"));
    symlinkSync(join(outside, ".env"), join(dir, "swap.txt"));
    expect(() => readSourceFile(dir, "swap.txt", 1024)).toThrow(/symbolic link/);
    expect(() => readSourceFile(dir, "../outside/.env", 1024)).toThrow(/inside the sources folder/);
  });

  it("accepts only plain names inside the folder", () => {
    expect(pathInside("/srv/sources", "plan.txt")).toBe("/srv/sources/plan.txt");
    for (const bad of ["../etc/passwd", "/etc/passwd", "a/b.txt", "..", ".", "", "a\0.txt", "..\\x.txt"]) {
      expect(pathInside("/srv/sources", bad), bad).toBeUndefined();
    }
  });
});
