/** Engines over temp index folders, shared by the answer tests. */
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEngine } from "../../src/answer/engine.js";
import { CORPUS_DIR, DEV_SET, MORE_SOURCES_DIR } from "../helpers/fixtures.js";
import { placeFile } from "../helpers/temp.js";

export const CORPUS = CORPUS_DIR;
export const MORE_SOURCES = MORE_SOURCES_DIR;
export { DEV_SET };

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `policybot-${prefix}-`));
}

/**
 * A folder holding the corpus and the more-sources documents as hard links (read in place, not
 * copied where the file system allows; the sources folder never follows symbolic links).
 */
export function combinedSources(): string {
  const dir = tempDir("sources");
  for (const folder of [CORPUS, MORE_SOURCES]) {
    for (const f of readdirSync(folder)) placeFile(join(folder, f), join(dir, f));
  }
  return dir;
}

export function engineOver(sourcesDir: string) {
  return createEngine({ sourcesDir, indexDir: join(tempDir("index"), "index") });
}
