/** The engine the command-line tools use: settings from the environment (and `.env`). */
import "dotenv/config";
import { createEngine } from "../answer/engine.js";
import { embeddingOptionsOf, withLlm } from "../answer/llm/from-config.js";
import { loadConfig } from "../config.js";
import { createLogger } from "../service/logger.js";

/** Creates the engine for SOURCES_DIR / INDEX_DIR (in LLM mode when OPENAI_API_KEY is set); problems go to stderr. */
export async function engineFromEnv() {
  const config = loadConfig(process.env);
  const engine = await createEngine({
    sourcesDir: config.sourcesDir,
    indexDir: config.indexDir,
    log: (m) => process.stderr.write(`${m}\n`),
    ...embeddingOptionsOf(config.openai),
  });
  // LLM mode logs (tokens, latency, cost) go to stderr, so that answers on stdout stay clean.
  const log = createLogger({ level: config.logLevel, write: (line) => process.stderr.write(`${line}\n`) });
  return withLlm(engine, config.openai, log.child({ component: "llm" }));
}
