/** The engine the command-line tools use: settings from the environment (and `.env`). */
import "dotenv/config";
import { createEngineWithEmbeddings, withLlm } from "../answer/llm/from-config.js";
import { loadConfig } from "../config.js";
import { createLogger } from "../service/logger.js";

/** Creates the engine for SOURCES_DIR / INDEX_DIR (in LLM mode when OPENAI_API_KEY is set); problems go to stderr. */
export async function engineFromEnv() {
  return (await enginesFromEnv()).engine;
}

/** The engine as `engineFromEnv` makes it, with the rule-based engine underneath (for `--explain`). */
export async function enginesFromEnv() {
  const config = loadConfig(process.env);
  const warn = (m: string) => process.stderr.write(`${m}\n`);
  const engine = await createEngineWithEmbeddings(
    { sourcesDir: config.sourcesDir, indexDir: config.indexDir, log: warn },
    config.openai,
    warn,
  );
  // LLM mode logs (tokens, latency, cost) go to stderr, so that answers on stdout stay clean.
  const log = createLogger({ level: config.logLevel, write: (line) => process.stderr.write(`${line}\n`) });
  return { base: engine, engine: withLlm(engine, config.openai, log.child({ component: "llm" })) };
}
