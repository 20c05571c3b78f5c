/** Engines over temp index folders, shared by the answer tests. */
import { mkdtempSync, readdirSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createEngine } from "../../src/answer/engine.js";

export const CORPUS = resolve("index-data/sources");
export const MORE_SOURCES = resolve("../shared/more-sources");
export const DEV_SET = resolve("../shared/eval/dev.jsonl");

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `policybot-${prefix}-`));
}

/** A folder linking the corpus and the more-sources documents (read in place, never copied). */
export function combinedSources(): string {
  const dir = tempDir("sources");
  for (const folder of [CORPUS, MORE_SOURCES]) {
    for (const f of readdirSync(folder)) symlinkSync(join(folder, f), join(dir, f));
  }
  return dir;
}

export function engineOver(sourcesDir: string) {
  return createEngine({ sourcesDir, indexDir: join(tempDir("index"), "index") });
}
