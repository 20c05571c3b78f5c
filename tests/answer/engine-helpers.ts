/** Engines over temp index folders, shared by the answer tests. */
import { mkdtempSync, readdirSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEngine } from "../../src/answer/engine.js";
import { CORPUS_DIR, DEV_SET, MORE_SOURCES_DIR } from "../helpers/fixtures.js";

export const CORPUS = CORPUS_DIR;
export const MORE_SOURCES = MORE_SOURCES_DIR;
export { DEV_SET };

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
