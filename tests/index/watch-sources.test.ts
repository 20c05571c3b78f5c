/** The sources watch: debounced changes, a folder that disappears and comes back. */
import { mkdirSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type SourcesWatch, watchSources } from "../../src/index/watch-sources.js";
import { tempDirs } from "../helpers/temp.js";

const temp = tempDirs("watch");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await sleep(20);
  }
}

let watch: SourcesWatch | undefined;
afterEach(() => watch?.close());

describe("watchSources", () => {
  it("reports a burst of additions, changes and deletions once, after it settles", async () => {
    const dir = temp();
    const changes: string[] = [];
    watch = watchSources(dir, (r) => changes.push(r), { debounceMs: 150 });
    writeFileSync(join(dir, "a.txt"), "一、总体要求");
    writeFileSync(join(dir, "b.txt"), "二、主要任务");
    writeFileSync(join(dir, "a.txt"), "一、总体要求（修订）");
    unlinkSync(join(dir, "b.txt"));
    await until(() => changes.length > 0);
    await sleep(300);
    expect(changes).toEqual(["the sources changed"]);
    writeFileSync(join(dir, "c.txt"), "三、保障措施");
    await until(() => changes.length > 1);
    expect(changes).toHaveLength(2);
  });

  it("says once that the folder disappeared, and reports it when it is back", async () => {
    const dir = join(temp(), "sources");
    mkdirSync(dir);
    writeFileSync(join(dir, "a.txt"), "一、总体要求");
    const changes: string[] = [];
    let gone = 0;
    watch = watchSources(dir, (r) => changes.push(r), { debounceMs: 50, pollMs: 50, onGone: () => gone++ });
    rmSync(dir, { recursive: true });
    await until(() => gone === 1);
    await sleep(200);
    expect(changes).toEqual([]);
    expect(gone).toBe(1);
    mkdirSync(dir);
    await until(() => changes.length === 1);
    expect(changes).toEqual(["the sources folder is back"]);
    writeFileSync(join(dir, "b.txt"), "二、主要任务");
    await until(() => changes.length === 2);
  });

  it("waits for a folder that does not exist yet", async () => {
    const dir = join(temp(), "later");
    const changes: string[] = [];
    let gone = 0;
    watch = watchSources(dir, (r) => changes.push(r), { debounceMs: 50, pollMs: 50, onGone: () => gone++ });
    expect(gone).toBe(1);
    mkdirSync(dir);
    await until(() => changes.length === 1);
  });
});
