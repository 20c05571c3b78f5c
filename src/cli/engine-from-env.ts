/** The engine the command-line tools use: settings from the environment (and `.env`). */
import "dotenv/config";
import { createEngine } from "../answer/engine.js";
import { loadConfig } from "../config.js";

/** Creates the engine for SOURCES_DIR / INDEX_DIR; problems with sources go to stderr. */
export async function engineFromEnv() {
  const config = loadConfig(process.env);
  return createEngine({
    sourcesDir: config.sourcesDir,
    indexDir: config.indexDir,
    log: (m) => process.stderr.write(`${m}\n`),
  });
}
